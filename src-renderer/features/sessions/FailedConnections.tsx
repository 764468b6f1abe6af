import { Button, ExpandableSection, Label } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { navigate } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatSimTimeSeconds, formatInt } from '../../components/format.ts';
import { FAILURE_NAMES } from './SessionsSummary.tsx';
import { DEVICE_SHORT, NETWORK_NAMES } from './session-format.ts';

/** How many recent failures the list shows. */
const SHOWN = 25;

/**
 * Connections the broker refused or that failed on the way (not entitled, pool
 * disabled, no desktop, power-on failed, agent unreachable, protocol timeout),
 * newest first; fetched only while the section is open.
 */
export function FailedConnections({ count, open, setOpen }: { count: number; open: boolean; setOpen(open: boolean): void }) {
  const { data, error, reload } = useApi('session-failures', { limit: SHOWN }, { enabled: open, refreshOn: ['session'], minIntervalMs: 3000 });
  return (
    <ExpandableSection
      className="vdi-failures"
      toggleText={`Failed connections in the last hour: ${formatInt(count)}`}
      isExpanded={open}
      onToggle={(_e, v) => setOpen(v)}
      data-testid="sessions-failures"
    >
      {error ? <ApiErrorAlert error={error} title="Could not load the failed connections" onRetry={reload} /> : null}
      {data && data.length === 0 ? <p className="vdi-muted">No failed connections.</p> : null}
      <ul className="vdi-hd-events vdi-failures__list">
        {(data ?? []).map((f) => (
          <li key={`${f.at}-${f.userId}-${f.reason}`}>
            <Label isCompact color="red">
              {FAILURE_NAMES[f.reason]}
            </Label>
            <span className="vdi-muted vdi-phases__time">{formatSimTimeSeconds(f.at).slice(-8)}</span>
            <span>
              {f.message}
              {f.clientDevice ? <span className="vdi-muted"> · {DEVICE_SHORT[f.clientDevice]}</span> : null}
              {f.network ? <span className="vdi-muted"> · {NETWORK_NAMES[f.network]}</span> : null}{' '}
              <Button variant="link" isInline size="sm" onClick={() => navigate(`/helpdesk/${f.userId}`)}>
                Help Desk
              </Button>
            </span>
          </li>
        ))}
      </ul>
    </ExpandableSection>
  );
}
