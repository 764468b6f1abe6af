import type { ReactNode } from 'react';
import { formatInt, formatNumber } from '../../../components/format.ts';
import type { CapacityDefinition } from '../model/definition.ts';
import {
  bandwidthGbps,
  hostFigures,
  launchRate,
  RULE_OF_FIVE,
  RULE_OF_TEN,
  sizingEstimate,
  steadyIops,
  usersPerVcpu,
} from '../../../../src-main/shared/capacity/rules-of-thumb.ts';

/**
 * The rules of thumb for the definition as it stands, beside every wizard step:
 * what a planner would work out on a napkin before trusting the run.
 */
export function HintsPanel({ def }: { def: CapacityDefinition }) {
  const h = hostFigures(def);
  const est = sizingEstimate(def);
  const single = def.sessionHost.kind === 'single-session';
  const upv = usersPerVcpu(def);
  const expected = Number.isFinite(est.expected) ? est.expected : est.byCpu;
  const iops = steadyIops(def, expected);
  const gbps = bandwidthGbps(def, expected) / Math.max(1, def.hosts.count);
  const rate = launchRate(def);
  const rows: { id: string; label: string; value: ReactNode; warn?: boolean }[] = [
    { id: 'cores', label: 'Physical cores', value: `${formatInt(h.totalCores)} (${def.hosts.count} × ${def.hosts.sockets} × ${def.hosts.coresPerSocket})` },
    single
      ? {
          id: 'rule',
          label: `Rule of five`,
          value: `≈ ${formatInt(h.totalCores)} cores × ${RULE_OF_FIVE} = ${formatInt(h.totalCores * RULE_OF_FIVE)} desktops`,
        }
      : { id: 'rule', label: `Rule of ten`, value: `≈ ${formatInt(h.totalCores)} cores × ${RULE_OF_TEN} = ${formatInt(h.totalCores * RULE_OF_TEN)} users` },
    single
      ? { id: 'memory', label: 'Memory', value: est.byMemoryText, warn: est.limitedBy === 'memory' }
      : { id: 'msft', label: 'Microsoft', value: `${formatNumber(upv, upv % 1 ? 1 : 0)} users per vCPU → ${formatInt(est.byCpu)} users`, warn: false },
    ...(single ? [] : [{ id: 'memory', label: 'Memory', value: est.byMemoryText, warn: est.limitedBy === 'memory' }]),
    { id: 'expected', label: 'Expect VSImax near', value: <strong>{formatInt(expected)}</strong>, warn: def.launch.sessions < expected },
    { id: 'storage', label: 'Storage', value: `≈ ${formatInt(iops)} IOPS steady of ${formatInt(def.storage.iops)}`, warn: iops > def.storage.iops * 0.7 },
    {
      id: 'network',
      label: 'Network',
      value: `≈ ${formatNumber(gbps, 2)} of ${formatNumber(def.network.nicGbps * def.network.nics, def.network.nicGbps < 1 ? 2 : 0)} Gbit/s per host`,
      warn: gbps > def.network.nicGbps * def.network.nics * 0.7,
    },
    { id: 'launch', label: 'Launch', value: `a logon every ${formatNumber(rate.everySec, 1)} s` },
  ];
  return (
    <aside className="vdi-cap-hints" data-testid="cap-hints" aria-label="Sizing rules of thumb">
      <h3 className="vdi-cap-hints__title">Rules of thumb</h3>
      <dl>
        {rows.map((r) => (
          <div key={r.id} className="vdi-cap-hints__row" data-warn={r.warn ? 'true' : undefined}>
            <dt>{r.label}</dt>
            <dd data-testid={`cap-hints-${r.id}`}>{r.value}</dd>
          </div>
        ))}
      </dl>
      <p className="vdi-cap-hints__note">Citrix's rule of five and ten, Microsoft's users per vCPU; the run measures the real knee.</p>
    </aside>
  );
}
