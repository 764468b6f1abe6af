import { memo } from 'react';
import { Button, Flex, FlexItem, Popover } from '@patternfly/react-core';
import type { ConnectFailureReason, SessionSummary } from '../../../src-main/contract/index.ts';
import { formatInt } from '../../components/format.ts';
import { formatLogon, logonLevel } from './session-format.ts';

export const FAILURE_NAMES: Record<ConnectFailureReason, string> = {
  'not-entitled': 'Not entitled',
  'pool-disabled': 'Pool disabled',
  'no-desktop': 'No desktop available',
  'power-on-failed': 'Desktop failed to power on',
  'agent-unreachable': 'Agent unreachable',
  'protocol-timeout': 'Protocol timeout',
  'broker-unavailable': 'Connection Server unavailable',
  'license-exhausted': 'Licence exhausted',
};

function Kpi({
  label,
  value,
  testId,
  level,
  onClick,
}: {
  label: string;
  value: string;
  testId: string;
  level?: 'ok' | 'warning' | 'critical';
  onClick?: () => void;
}) {
  const body = (
    <>
      <span className="vdi-sess-kpi__value" data-level={level ?? 'ok'} data-testid={testId}>
        {value}
      </span>
      <span className="vdi-sess-kpi__label">{label}</span>
    </>
  );
  return onClick ? (
    <button type="button" className="vdi-sess-kpi vdi-sess-kpi--link" onClick={onClick}>
      {body}
    </button>
  ) : (
    <div className="vdi-sess-kpi">{body}</div>
  );
}

/**
 * The morning at a glance, above the table: how many are connected and connecting, how
 * long logons take (average, p95, worst, over 60 s), and the failed connections of the
 * last hour by reason (Director's dashboard: "failures" and "logon duration").
 */
// Memoized: its Popover keeps a Popper that restyles the whole page on every render, and the view
// re-renders with every page of the list and every live update.
export const SessionsSummary = memo(function SessionsSummary({ summary, onSlow }: { summary: SessionSummary | undefined; onSlow(): void }) {
  if (!summary) return <div className="vdi-sess-summary" aria-busy="true" />;
  const s = summary;
  const reasons = (Object.entries(s.failures.byReason) as [ConnectFailureReason, number][]).filter(([, n]) => n > 0);
  return (
    <Flex className="vdi-sess-summary" gap={{ default: 'gapLg' }} alignItems={{ default: 'alignItemsCenter' }} data-testid="sessions-summary">
      <FlexItem>
        <Kpi label="sessions" value={formatInt(s.total)} testId="summary-total" />
      </FlexItem>
      <FlexItem>
        <Kpi label="active" value={formatInt(s.byState.active)} testId="summary-active" />
      </FlexItem>
      <FlexItem>
        <Kpi label="connecting" value={formatInt(s.byState.connecting + s.byState.reconnecting)} testId="summary-connecting" />
      </FlexItem>
      <FlexItem>
        <Kpi label="disconnected" value={formatInt(s.byState.disconnected)} testId="summary-disconnected" />
      </FlexItem>
      <FlexItem className="vdi-sess-summary__sep">
        <Kpi label="average logon" value={formatLogon(s.logon.avgSeconds)} level={logonLevel(s.logon.avgSeconds)} testId="summary-logon-avg" />
      </FlexItem>
      <FlexItem>
        <Kpi label="95th percentile" value={formatLogon(s.logon.p95Seconds)} level={logonLevel(s.logon.p95Seconds)} testId="summary-logon-p95" />
      </FlexItem>
      <FlexItem>
        <Kpi label="slowest" value={formatLogon(s.logon.maxSeconds)} level={logonLevel(s.logon.maxSeconds)} testId="summary-logon-max" />
      </FlexItem>
      <FlexItem>
        <Kpi
          label="logons over 60 s"
          value={formatInt(s.logon.over60)}
          level={s.logon.over60 > 0 ? 'critical' : 'ok'}
          testId="summary-over60"
          onClick={s.logon.over60 > 0 ? onSlow : undefined}
        />
      </FlexItem>
      <FlexItem className="vdi-sess-summary__sep">
        {reasons.length > 0 ? (
          <Popover
            headerContent="Failed connections, last hour"
            bodyContent={
              <ul className="vdi-hd-events" data-testid="summary-failure-reasons">
                {reasons.map(([r, n]) => (
                  <li key={r}>
                    <span />
                    <strong>{formatInt(n)}</strong>
                    <span>{FAILURE_NAMES[r]}</span>
                  </li>
                ))}
              </ul>
            }
          >
            <Button variant="plain" className="vdi-sess-kpi vdi-sess-kpi--link" data-testid="summary-failures-button">
              <span className="vdi-sess-kpi__value" data-level="critical" data-testid="summary-failures">
                {formatInt(s.failures.lastHour)}
              </span>
              <span className="vdi-sess-kpi__label">failed connections (1 h)</span>
            </Button>
          </Popover>
        ) : (
          <Kpi label="failed connections (1 h)" value="0" testId="summary-failures" />
        )}
      </FlexItem>
    </Flex>
  );
});
