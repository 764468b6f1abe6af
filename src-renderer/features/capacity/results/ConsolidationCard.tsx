import { useEffect, useMemo, useState } from 'react';
import { Card, CardBody, CardTitle, ExpandableSection, FormGroup, Grid, GridItem, HelperText, HelperTextItem, TextInput } from '@patternfly/react-core';
import type { ApiError } from '../../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../../components/ApiErrorAlert.tsx';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { toApiError } from '../../../state/use-api.ts';
import { capCall } from '../capacity-api.ts';
import type { ConsolidationAssumptions, ConsolidationReport, ConsolidationSide } from '../model/contract-types.ts';
import { CapNumber } from '../wizard/fields.tsx';

type NumKey = Exclude<keyof ConsolidationAssumptions, 'currency'>;

/** The assumptions a planner edits, with units and steps. */
const FIELDS: { key: NumKey; label: string; unit?: string; step: number }[] = [
  { key: 'targetUsers', label: 'Users to carry', step: 100 },
  { key: 'serversBefore', label: 'Physical servers / PCs today', step: 10 },
  { key: 'utilizationBeforePct', label: 'Their utilization', unit: '%', step: 1 },
  { key: 'idleWattsBefore', label: 'Idle power each', unit: 'W', step: 5 },
  { key: 'peakWattsBefore', label: 'Peak power each', unit: 'W', step: 5 },
  { key: 'rackUnitsBefore', label: 'Rack units each', unit: 'U', step: 1 },
  { key: 'yearlyCostPerServerBefore', label: 'Yearly cost per server today', step: 100 },
  { key: 'yearlyCostPerHostAfter', label: 'Yearly cost per new host', step: 100 },
  { key: 'hostPrice', label: 'Price of a new host', step: 1000 },
  { key: 'kwhPrice', label: 'Electricity per kWh', step: 0.01 },
  { key: 'pue', label: 'PUE (cooling overhead)', step: 0.1 },
];

/** Wait this long after the last keystroke before asking for a new report. */
const DEBOUNCE_MS = 350;

function money(v: number, currency: string): string {
  return `${formatInt(v)} ${currency}`;
}

function rows(c: string): { label: string; get(s: ConsolidationSide): string; testId: string }[] {
  return [
    { label: 'Servers', get: (s) => formatInt(s.servers), testId: 'servers' },
    { label: 'Utilization', get: (s) => `${formatNumber(s.utilizationPct, 0)} %`, testId: 'utilization' },
    { label: 'Power draw', get: (s) => `${formatNumber(s.watts / 1000, 1)} kW`, testId: 'power' },
    { label: 'Energy per year', get: (s) => `${formatInt(s.kwhPerYear)} kWh`, testId: 'energy' },
    { label: 'Energy cost per year', get: (s) => money(s.energyCostPerYear, c), testId: 'energy-cost' },
    { label: 'Rack space', get: (s) => `${formatInt(s.rackUnits)} U`, testId: 'rack' },
    { label: 'Running cost per year', get: (s) => money(s.yearlyCost, c), testId: 'cost' },
  ];
}

/**
 * The consolidation report for a run (DOMAIN.md "Consolidation arithmetic"):
 * before and after side by side, every assumption shown and editable; the host
 * recomputes it as they change.
 */
export function ConsolidationCard({ runId, targetUsers, onTargetUsers }: { runId: string; targetUsers: number; onTargetUsers(v: number): void }) {
  const [own, setAssumptions] = useState<Partial<ConsolidationAssumptions>>({});
  // The users to carry are the recommendations' target: one number for both answers.
  const assumptions = useMemo(() => ({ ...own, targetUsers }), [own, targetUsers]);
  const [report, setReport] = useState<ConsolidationReport | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [expanded, setExpanded] = useState(false);

  useEffect(() => {
    let live = true;
    const t = setTimeout(() => {
      capCall('capacity-consolidation', { runId, assumptions }).then(
        (r) => {
          if (!live) return;
          setReport(r);
          setError(null);
        },
        (e: unknown) => live && setError(toApiError(e)),
      );
    }, DEBOUNCE_MS);
    return () => {
      live = false;
      clearTimeout(t);
    };
  }, [runId, assumptions]);

  const a = report?.assumptions;
  const c = a?.currency ?? '';
  const errorField = error?.path && error.path[0] === 'assumptions' ? String(error.path[1]) : null;
  return (
    <Card isCompact data-testid="cap-consolidation">
      <CardTitle>Consolidation report</CardTitle>
      <CardBody>
        {error && !errorField ? <ApiErrorAlert error={error} title="Could not compute the consolidation report" testId="cap-consolidation-error" /> : null}
        {report ? (
          <div className="vdi-cap-cons">
            <table className="vdi-cap-cons-table">
              <thead>
                <tr>
                  <th />
                  <th>Before</th>
                  <th>After</th>
                </tr>
              </thead>
              <tbody>
                {rows(c).map((r) => (
                  <tr key={r.label}>
                    <th scope="row">{r.label}</th>
                    <td data-testid={`cap-cons-before-${r.testId}`}>{r.get(report.before)}</td>
                    <td data-testid={`cap-cons-after-${r.testId}`}>{r.get(report.after)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
            <div className="vdi-cap-cons-side">
              <div className="vdi-cap-cons-big" data-testid="cap-cons-summary">
                <div>
                  <span className="vdi-cap-cons-big__value" data-testid="cap-cons-ratio">
                    {formatNumber(report.consolidationRatio, 1)} : 1
                  </span>
                  <span className="vdi-cap-cons-big__label">consolidation</span>
                </div>
                <div>
                  <span className="vdi-cap-cons-big__value">{money(report.savingsPerYear, c)}</span>
                  <span className="vdi-cap-cons-big__label">saved a year</span>
                </div>
                <div>
                  <span className="vdi-cap-cons-big__value">{money(report.capex, c)}</span>
                  <span className="vdi-cap-cons-big__label">for the new hosts</span>
                </div>
                <div>
                  <span className="vdi-cap-cons-big__value">{report.paybackYears !== null ? `${formatNumber(report.paybackYears, 1)} years` : 'never'}</span>
                  <span className="vdi-cap-cons-big__label">{report.paybackYears !== null ? 'to pay back' : 'on running costs alone'}</span>
                </div>
              </div>
              {report.notes.length > 0 ? (
                <ul className="vdi-cap-notes">
                  {report.notes.map((n) => (
                    <li key={n}>{n}</li>
                  ))}
                </ul>
              ) : null}
            </div>
          </div>
        ) : null}
        {a ? (
          <ExpandableSection
            toggleText={expanded ? 'Hide the assumptions' : 'Edit the assumptions'}
            isExpanded={expanded}
            onToggle={(_e, v) => setExpanded(v)}
            data-testid="cap-cons-assumptions"
          >
            <Grid hasGutter md={6}>
              {FIELDS.map((f) => (
                <GridItem key={f.key}>
                  <FormGroup label={f.label} fieldId={`cap-field-cons-${f.key}`}>
                    <CapNumber
                      field={`cons.${f.key}`}
                      value={assumptions[f.key] ?? a[f.key]}
                      step={f.step}
                      min={0}
                      unit={f.unit ?? (f.key.toLowerCase().includes('cost') || f.key === 'hostPrice' || f.key === 'kwhPrice' ? c : undefined)}
                      onChange={(v) => (f.key === 'targetUsers' ? onTargetUsers(v) : setAssumptions((x) => ({ ...x, [f.key]: v })))}
                      error={errorField === f.key}
                      width={8}
                    />
                    {errorField === f.key && error ? (
                      <HelperText>
                        <HelperTextItem variant="error" data-testid={`cap-error-cons-${f.key}`}>
                          {error.message}
                        </HelperTextItem>
                      </HelperText>
                    ) : null}
                  </FormGroup>
                </GridItem>
              ))}
              <GridItem>
                <FormGroup label="Currency" fieldId="cap-field-cons-currency">
                  <TextInput
                    id="cap-field-cons-currency"
                    value={assumptions.currency ?? a.currency}
                    onChange={(_e, v) => setAssumptions((x) => ({ ...x, currency: v }))}
                    aria-label="Currency"
                  />
                </FormGroup>
              </GridItem>
            </Grid>
          </ExpandableSection>
        ) : null}
      </CardBody>
    </Card>
  );
}
