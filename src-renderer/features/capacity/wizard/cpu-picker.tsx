import { useState } from 'react';
import { Button, Label, SearchInput } from '@patternfly/react-core';
import { formatNumber } from '../../../components/format.ts';
import { findCpu, hostCpuFigures, searchCpus, type CpuModel } from '../../../../src-main/shared/capacity/cpu-index.ts';
import type { CapacityDefinition } from '../model/definition.ts';

const slug = (model: string) =>
  model
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/**
 * The host's CPU from the catalogue (shared/capacity/cpu-catalogue.ts): search by model or
 * generation, pick one, and the host takes its cores per socket and base clock; what the cores are
 * worth comes from SPECrate2017 per core, not GHz. "GHz only" keeps the clock and the legacy mapping.
 */
export function CpuPicker({ def, onPick, error }: { def: CapacityDefinition; onPick(cpu: CpuModel | null): void; error?: string }) {
  const [query, setQuery] = useState('');
  const current = def.hosts.cpuModel ? findCpu(def.hosts.cpuModel) : undefined;
  const figures = hostCpuFigures(def.hosts);
  const hits = query.trim() ? searchCpus(query, 8) : [];
  return (
    <div className="vdi-cap-cpu" data-testid="cap-cpu-picker">
      <div className="vdi-cap-cpu__current" data-testid="cap-cpu-current">
        {current ? (
          <>
            <strong>{current.model}</strong> <span className="vdi-muted">{current.generation}</span>{' '}
            {current.estimated ? (
              <Label isCompact color="orange">
                estimate
              </Label>
            ) : null}
          </>
        ) : def.hosts.cpuModel ? (
          <strong className="vdi-cap-cpu__unknown">{def.hosts.cpuModel} (not in the catalogue)</strong>
        ) : (
          <span>No model named: the clock stands for a Skylake / Cascade Lake core</span>
        )}
        {figures ? (
          <span className="vdi-muted" data-testid="cap-cpu-figures">
            {' '}
            · {formatNumber(figures.vixPerCore, 2)} vix per core
            {figures.specIntRatePerCore !== null ? ` (SPECrate2017 ${formatNumber(figures.specIntRatePerCore, 2)} per core)` : ''} ·{' '}
            {formatNumber(figures.hostVix, 0)} vix per host
          </span>
        ) : null}
        {def.hosts.cpuModel ? (
          <>
            {' '}
            <Button variant="link" isInline onClick={() => onPick(null)} data-testid="cap-cpu-clear">
              GHz only
            </Button>
          </>
        ) : null}
      </div>
      <SearchInput
        placeholder="Search the CPU catalogue: Gold 6442Y, EPYC 9354, Sapphire Rapids…"
        value={query}
        onChange={(_e, v) => setQuery(v)}
        onClear={() => setQuery('')}
        aria-label="Search the CPU catalogue"
        data-testid="cap-cpu-search"
      />
      {error ? (
        <p className="vdi-cap-cpu__error" data-testid="cap-error-hosts-cpuModel">
          {error}
        </p>
      ) : null}
      {hits.length > 0 ? (
        <div className="vdi-cap-cpu__scroll">
          <table className="vdi-cap-cpu__table" data-testid="cap-cpu-results">
            <thead>
              <tr>
                <th>Model</th>
                <th>Cores</th>
                <th>GHz</th>
                <th title="SPECrate2017_int_base per core (2-socket, SMT on), and the VDI index per core">SPEC · vix</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {hits.map((c) => (
                <tr key={c.model}>
                  <td>
                    {c.model.replace(/^Intel Xeon |^AMD /, '')}
                    <div className="vdi-muted vdi-cap-small">{c.generation}</div>
                  </td>
                  <td>{c.coresPerSocket}</td>
                  <td>{formatNumber(c.baseGhz, 2)}</td>
                  <td title={c.estimated ? c.source : `spec.org ${c.source} (median of ${c.specResults} results)`}>
                    {formatNumber(c.specIntRatePerCore, 2)}
                    {c.estimated ? ' (est.)' : ''} · {formatNumber(c.vixPerCore, 2)}
                  </td>
                  <td>
                    <Button
                      variant="secondary"
                      size="sm"
                      data-testid={`cap-cpu-option-${slug(c.model)}`}
                      aria-label={`Use ${c.model}`}
                      onClick={() => {
                        onPick(c);
                        setQuery('');
                      }}
                    >
                      Use
                    </Button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : query.trim() ? (
        <p className="vdi-muted" data-testid="cap-cpu-none">
          No CPU in the catalogue matches “{query}”.
        </p>
      ) : null}
    </div>
  );
}
