import { Card, CardBody, CardTitle, Form, FormGroup } from '@patternfly/react-core';
import { formatInt, formatNumber } from '../../../components/format.ts';
import type { CapacityResult } from '../model/contract-types.ts';
import { metricName, plan, type PlanningInput } from '../../../../src-main/shared/capacity/planning.ts';
import { CapNumber } from '../wizard/fields.tsx';

/** Users per host and per core at VSImax and at the safety margin; hosts for a target with N+1. */
export function RecommendationsCard({
  result,
  input,
  onChange,
}: {
  result: CapacityResult;
  input: PlanningInput;
  onChange(patch: Partial<PlanningInput>): void;
}) {
  const base = result.recommendations;
  const r = plan(result, input);
  const metric = metricName(result.definition);
  const ge = r.lowerBound ? '≥ ' : '';
  const set = onChange;
  const finite = r.hostsForTarget > 0;
  // The run's notes explain its own planning figures; once the planner changes them, say what the new ones mean.
  const asRun = input.targetUsers === base.targetUsers && input.safetyMarginPct === base.safetyMarginPct && input.haSpareHosts === base.haSpareHosts;
  const notes = asRun
    ? base.notes
    : [
        `Safe figure: ${formatInt(input.safetyMarginPct)} % below ${metric === 'VSImax' ? 'VSImax' : `the users at ${metric}`}, the headroom kept for logon storms, patch days and growth.`,
        input.haSpareHosts > 0
          ? `N+${formatInt(input.haSpareHosts)}: the users still fit with ${input.haSpareHosts === 1 ? 'a host' : `${formatInt(input.haSpareHosts)} hosts`} down.`
          : 'No failover spare: a host failure drops users.',
      ];
  return (
    <Card isCompact data-testid="cap-recommendations">
      <CardTitle>Recommendations</CardTitle>
      <CardBody>
        <table className="vdi-cap-rec-table">
          <thead>
            <tr>
              <th />
              <th>At {metric}</th>
              <th>With {formatInt(input.safetyMarginPct)} % headroom</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">Users per host</th>
              <td data-testid="cap-rec-host-vsimax">
                {ge}
                {formatNumber(r.usersPerHostAtVsimax, r.usersPerHostAtVsimax % 1 ? 1 : 0)}
              </td>
              <td data-testid="cap-rec-host-safe">
                <strong>
                  {ge}
                  {formatInt(r.usersPerHostSafe)}
                </strong>
              </td>
            </tr>
            <tr>
              <th scope="row">Users per core</th>
              <td data-testid="cap-rec-core-vsimax">
                {ge}
                {formatNumber(r.usersPerCoreAtVsimax, 2)}
              </td>
              <td data-testid="cap-rec-core-safe">
                {ge}
                {formatNumber(r.usersPerCoreSafe, 2)}
              </td>
            </tr>
          </tbody>
        </table>
        <Form className="vdi-cap-rec-form" onSubmit={(e) => e.preventDefault()}>
          <div className="vdi-cap-rec-inputs">
            <div>
              <FormGroup label="Target users" fieldId="cap-field-planning-targetUsers">
                <CapNumber field="planning.targetUsers" value={input.targetUsers} step={100} min={1} onChange={(v) => set({ targetUsers: v })} width={6} />
              </FormGroup>
            </div>
            <div>
              <FormGroup label="Headroom" fieldId="cap-field-planning-safetyMarginPct">
                <CapNumber
                  field="planning.safetyMarginPct"
                  value={input.safetyMarginPct}
                  step={5}
                  min={0}
                  max={90}
                  unit="%"
                  onChange={(v) => set({ safetyMarginPct: v })}
                  width={3}
                />
              </FormGroup>
            </div>
            <div>
              <FormGroup label="Spare hosts" fieldId="cap-field-planning-haSpareHosts">
                <CapNumber field="planning.haSpareHosts" value={input.haSpareHosts} min={0} max={16} onChange={(v) => set({ haSpareHosts: v })} width={3} />
              </FormGroup>
            </div>
          </div>
        </Form>
        <p className="vdi-cap-hosts" data-testid="cap-hosts-needed">
          {finite ? (
            <>
              <strong data-testid="cap-hosts-with-ha">{formatInt(r.hostsWithHa)}</strong> hosts for {formatInt(input.targetUsers)} users:{' '}
              {formatInt(r.hostsForTarget)} to carry them at {formatInt(r.usersPerHostSafe)} per host
              {input.haSpareHosts > 0 ? ` + ${formatInt(input.haSpareHosts)} for failover (N+${formatInt(input.haSpareHosts)})` : ', no failover spare'}
              {r.lowerBound ? ` — at most: ${metric} was not reached` : ''}.
            </>
          ) : (
            <>These hosts carry no user at this headroom.</>
          )}
        </p>
        {notes.length > 0 ? (
          <ul className="vdi-cap-notes" data-testid="cap-rec-notes">
            {notes.map((n) => (
              <li key={n}>{n}</li>
            ))}
          </ul>
        ) : null}
      </CardBody>
    </Card>
  );
}
