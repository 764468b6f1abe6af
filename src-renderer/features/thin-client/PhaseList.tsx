import { Spinner } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import { LOGON_PHASES, type LogonPhase, type LogonPhaseTiming } from '../../../src-main/contract/index.ts';
import { formatLogon, phaseName } from '../sessions/index.ts';

/** A phase this much slower than the whole logon's typical 30 s share is flagged. */
const SLOW_PHASE_S = 20;

/**
 * The connection phase by phase, as a thin client's progress and Director's
 * logon breakdown show it: done phases with their time, the running one with a
 * spinner and its time so far, the rest greyed. VM start is listed only when the
 * broker had to power the desktop on.
 */
export function PhaseList({ phases, testId, dark = false }: { phases: readonly LogonPhaseTiming[]; testId: string; dark?: boolean }) {
  const seen = new Map<LogonPhase, LogonPhaseTiming>(phases.map((p) => [p.phase, p]));
  const list = LOGON_PHASES.filter((p) => p !== 'vm-start' || seen.has(p));
  const total = phases.reduce((s, p) => s + p.seconds, 0);
  return (
    <div className={dark ? 'vdi-phases--dark' : undefined}>
      <ol className="vdi-phases" data-testid={testId}>
        {list.map((p) => {
          const t = seen.get(p);
          const status = !t ? 'pending' : t.running ? 'running' : 'done';
          return (
            <li key={p} data-status={status} data-slow={t && !t.running && t.seconds >= SLOW_PHASE_S ? 'true' : 'false'} data-testid={`${testId}-${p}`}>
              <span aria-hidden>
                {status === 'done' ? (
                  <CheckCircleIcon color="var(--pf-t--global--icon--color--status--success--default)" />
                ) : status === 'running' ? (
                  <Spinner size="sm" aria-label="In progress" />
                ) : (
                  '·'
                )}
              </span>
              <span>{phaseName(p)}</span>
              <span className="vdi-phases__time">{t ? formatLogon(t.seconds) : ''}</span>
            </li>
          );
        })}
      </ol>
      <div className="vdi-phases__total" data-testid={`${testId}-total`}>
        {phases.length > 0 ? `${phases.some((p) => p.running) ? 'So far' : 'Logon'}: ${formatLogon(total)}` : ''}
      </div>
    </div>
  );
}
