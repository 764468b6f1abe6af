import { Alert, AlertActionLink } from '@patternfly/react-core';
import { formatSimTime, formatInt } from '../../components/format.ts';
import { useApi } from '../../state/use-api.ts';
import { navigate } from '../../router/hash-router.ts';

const SHOWN = 4;

/**
 * The dashboard's alarm line: red with the critical alarms named (a pool with no desktop, failed
 * connections, a host not responding) while any is active, orange for warnings only, nothing when
 * all is well. Refreshed with every change the host pushes, so a storm shows within the minute it is judged.
 */
export function AlarmsBanner() {
  const { data } = useApi('alarm-list', { state: 'active', limit: SHOWN }, { refreshOn: ['lab', 'events'], minIntervalMs: 1000 });
  if (!data || data.counts.warning + data.counts.critical === 0) return null;
  const { critical, warning, unacknowledged } = data.counts;
  const worst = data.rows.filter((a) => (critical > 0 ? a.severity === 'critical' : true));
  const title =
    critical > 0
      ? `${formatInt(critical)} critical alarm${critical === 1 ? '' : 's'}${warning ? `, ${formatInt(warning)} warning` : ''}`
      : `${formatInt(warning)} warning alarm${warning === 1 ? '' : 's'}`;
  return (
    <Alert
      variant={critical > 0 ? 'danger' : 'warning'}
      isInline
      title={`${title} · ${formatInt(unacknowledged)} not acknowledged`}
      data-testid="dashboard-alarms"
      data-severity={critical > 0 ? 'critical' : 'warning'}
      className="vdi-dash-alarms"
      actionLinks={<AlertActionLink onClick={() => navigate('/alarms')}>Open alarms</AlertActionLink>}
    >
      <ul className="vdi-alarm-lines">
        {worst.map((a) => (
          <li key={a.id} data-testid={`dashboard-alarm-${a.id}`}>
            <strong>{a.objectName}</strong> — {a.definitionName}
            {a.unit === 'condition' ? '' : `: ${a.value}${a.unit === 'state' ? '' : ` ${a.unit}`}`}{' '}
            <span className="vdi-muted">since {formatSimTime(a.triggeredAt)}</span>
            {a.state === 'acknowledged' ? <span className="vdi-muted"> · acknowledged by {a.acknowledgedBy}</span> : null}
          </li>
        ))}
        {data.total > worst.length ? <li className="vdi-muted">and {formatInt(data.total - worst.length)} more</li> : null}
      </ul>
    </Alert>
  );
}
