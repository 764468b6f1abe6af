import { Label, Tooltip } from '@patternfly/react-core';
import type { LogonBreakdown, LogonPhase, SessionDatastoreHealth, SessionHostHealth } from '../../../src-main/contract/index.ts';
import { formatLogon, logonWhy, phaseName, slowestPhase } from '../sessions/index.ts';

/** One colour per phase (PF palette via the chart variables), so the same phase always looks the same. */
const PHASE_COLORS: Record<LogonPhase, string> = {
  brokering: 'var(--vdi-chart-gray)',
  'vm-start': 'var(--vdi-chart-yellow)',
  protocol: 'var(--vdi-chart-teal)',
  authentication: 'var(--vdi-chart-blue)',
  gpo: 'var(--vdi-chart-purple)',
  'logon-scripts': 'var(--vdi-chart-green)',
  'profile-load': 'var(--vdi-chart-orange)',
  interactive: 'var(--vdi-chart-red)',
};

const RATING_COLOR = { fast: 'green', typical: 'blue', slow: 'orange', poor: 'red' } as const;

/**
 * Citrix Director's logon duration breakdown: one stacked bar, a segment per
 * phase in proportion to its time, the slowest phase outlined, and one line that
 * says why.
 */
export function LogonChart({ logon, host, datastore }: { logon: LogonBreakdown; host: SessionHostHealth | null; datastore: SessionDatastoreHealth | null }) {
  const total = logon.phases.reduce((s, p) => s + p.seconds, 0);
  const slow = slowestPhase(logon);
  const flagSlow = (logon.totalSeconds ?? total) > 30;
  return (
    <div data-testid="logon-chart" data-total={logon.totalSeconds ?? ''}>
      <div className="vdi-logon-head">
        <span className="vdi-logon-total" data-testid="logon-total">
          {logon.totalSeconds === null ? `In progress: ${formatLogon(total)} so far` : formatLogon(logon.totalSeconds)}
        </span>
        {logon.rating ? (
          <Label isCompact color={RATING_COLOR[logon.rating]} data-testid="logon-rating">
            {logon.rating}
          </Label>
        ) : null}
      </div>
      <div
        className="vdi-logon-bar"
        role="img"
        aria-label={`Logon phases: ${logon.phases.map((p) => `${phaseName(p.phase)} ${formatLogon(p.seconds)}`).join(', ')}`}
      >
        {logon.phases
          .filter((p) => p.seconds > 0)
          .map((p) => (
            <Tooltip key={p.phase} content={`${phaseName(p.phase)}: ${formatLogon(p.seconds)} (${total ? Math.round((p.seconds / total) * 100) : 0} %)`}>
              <span
                style={{ width: `${total ? (p.seconds / total) * 100 : 0}%`, background: PHASE_COLORS[p.phase] }}
                data-slow={flagSlow && slow?.phase === p.phase ? 'true' : 'false'}
                data-testid={`logon-seg-${p.phase}`}
              />
            </Tooltip>
          ))}
      </div>
      <div className="vdi-logon-legend">
        {logon.phases.map((p) => (
          <div key={p.phase} data-slow={flagSlow && slow?.phase === p.phase ? 'true' : 'false'} data-testid={`logon-phase-${p.phase}`}>
            <span className="vdi-legend__swatch" style={{ background: PHASE_COLORS[p.phase] }} aria-hidden />
            <span>{phaseName(p.phase)}</span>
            <span className="vdi-phases__time">{formatLogon(p.seconds)}</span>
          </div>
        ))}
      </div>
      <p className="vdi-logon-why" data-testid="logon-why">
        {logonWhy(logon, host, datastore)}
      </p>
    </div>
  );
}
