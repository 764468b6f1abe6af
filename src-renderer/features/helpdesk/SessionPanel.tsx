import { AlarmCountLabel, useAlarmCounts } from '../alarms/index.ts';
import { useMemo } from 'react';
import { Button, Card, CardBody, CardTitle, Content, Flex, FlexItem, Grid, GridItem, Label } from '@patternfly/react-core';
import type { SessionDetail } from '../../../src-main/contract/index.ts';
import { navigate, withQuery } from '../../router/hash-router.ts';
import { DetailCard } from '../../components/DetailCard.tsx';
import { SeverityIcon } from '../../components/SeverityIcon.tsx';
import { formatSimTime, formatSimTimeSeconds, formatNumber } from '../../components/format.ts';
import { LATENCY_ALARM_MS, READY_WARN_PCT } from '../../components/thresholds.ts';
import { formatKbps } from '../../components/format.ts';
import { LiveDuration } from '../../components/LiveDuration.tsx';
import { openInOwnWindow } from '../thin-client/index.ts';
import {
  MACHINE_ACTIONS,
  SESSION_ACTIONS,
  rdsRefusal,
  useRdsPools,
  type SessionActionKind,
  type SessionTarget,
  NETWORK_NAMES,
  PROTOCOL_NAMES,
  STATE_COLORS,
  STATE_NAMES,
  deviceName,
} from '../sessions/index.ts';
import { LogonChart } from './LogonChart.tsx';
import { SessionChart, type SessionChartSpec } from './SessionChart.tsx';

const CHARTS: SessionChartSpec[] = [
  {
    id: 'session-rtt',
    title: 'Round trip time',
    series: [{ field: 'rttMs', label: 'RTT', color: 'blue', format: (v) => `${Math.round(v)} ms` }],
    alarm: { value: 200, label: '200 ms poor' },
  },
  { id: 'session-fps', title: 'Frame rate', series: [{ field: 'fps', label: 'FPS', color: 'teal', format: (v) => v.toFixed(1) }] },
  { id: 'session-bw', title: 'Bandwidth', series: [{ field: 'bandwidthKbps', label: 'Bandwidth', color: 'purple', format: formatKbps }] },
  {
    id: 'session-loss',
    title: 'Packet loss',
    series: [{ field: 'lossPct', label: 'Loss', color: 'red', format: (v) => `${v.toFixed(1)} %` }],
    alarm: { value: 3, label: '3 %' },
  },
  {
    id: 'session-desktop',
    title: 'Desktop CPU and memory',
    max: 100,
    series: [
      { field: 'cpuPct', label: 'CPU', color: 'orange', format: (v) => `${formatNumber(v, 1)} %` },
      { field: 'memPct', label: 'Memory', color: 'green', format: (v) => `${formatNumber(v, 1)} %` },
    ],
  },
];

/** Help Desk for one session: who and where, actions, the logon breakdown, metrics over time, host and datastore health, events. */
export function SessionPanel({ detail, onAction }: { detail: SessionDetail; onAction(kind: SessionActionKind | 'message', targets: SessionTarget[]): void }) {
  const s = detail.session;
  const target: SessionTarget[] = useMemo(
    () => [{ id: s.id, userName: s.userName, userDisplayName: s.userDisplayName, desktopName: s.desktopName, poolId: s.poolId }],
    [s],
  );
  const rdsWhy = rdsRefusal('reset', target, useRdsPools());
  const connected = s.state !== 'disconnected' && s.state !== 'logged-off';
  const ended = s.state === 'logged-off';
  const now = detail.now;
  const alarms = useAlarmCounts();
  return (
    <Grid hasGutter>
      <GridItem span={12}>
        <Flex className="vdi-hd-actions" gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }} data-testid="helpdesk-actions">
          <FlexItem>
            <Label color={STATE_COLORS[s.state]} data-testid="helpdesk-state">
              {STATE_NAMES[s.state]}
            </Label>
          </FlexItem>
          <FlexItem>
            {/* The session's active alarms (RTT, loss, logon duration), linking to them. */}
            <AlarmCountLabel counts={alarms} kind="session" id={s.id} name={s.userName} testId="helpdesk-alarms" />
          </FlexItem>
          <FlexItem>
            <Button size="sm" variant="secondary" onClick={() => onAction('message', target)} isDisabled={!connected} data-testid="helpdesk-message">
              Send message…
            </Button>
          </FlexItem>
          {(Object.keys(SESSION_ACTIONS) as SessionActionKind[]).map((k) => (
            <FlexItem key={k}>
              <Button
                size="sm"
                variant={SESSION_ACTIONS[k].danger ? 'danger' : 'secondary'}
                onClick={() => onAction(k, target)}
                isDisabled={ended || (k === 'disconnect' && !connected)}
                // Focusable and hoverable (the reason is its title), but not an action: the session is on an RDS host.
                isAriaDisabled={!ended && MACHINE_ACTIONS.has(k) && rdsWhy !== null}
                title={MACHINE_ACTIONS.has(k) && rdsWhy !== null ? rdsWhy : undefined}
                data-testid={`helpdesk-${k}`}
              >
                {SESSION_ACTIONS[k].label}
                {SESSION_ACTIONS[k].loses ? '…' : ''}
              </Button>
            </FlexItem>
          ))}
          <FlexItem>
            <Button size="sm" variant="link" onClick={() => navigate(`/shadow/${s.id}`)} isDisabled={!connected} data-testid="helpdesk-shadow">
              Shadow
            </Button>
          </FlexItem>
          <FlexItem>
            <Button size="sm" variant="link" onClick={() => void openInOwnWindow(`/shadow/${s.id}`)} isDisabled={!connected}>
              Shadow in own window
            </Button>
          </FlexItem>
          <FlexItem>
            <Button
              size="sm"
              variant="link"
              onClick={() =>
                navigate(
                  withQuery('/connect', {
                    user: s.userId,
                    device: s.clientDevice,
                    protocol: s.protocol,
                    network: s.network === 'custom' ? 'lan' : s.network,
                    session: s.id,
                  }),
                )
              }
              data-testid="helpdesk-connect-view"
            >
              User’s view
            </Button>
          </FlexItem>
        </Flex>
      </GridItem>
      <GridItem md={6} xl={4}>
        <DetailCard
          title="Session"
          testId="helpdesk-session"
          fields={[
            { term: 'User', value: `${s.userDisplayName} (${s.userName})` },
            { term: 'Desktop', value: `${s.desktopName} · ${detail.desktop.vcpu} vCPU, ${detail.desktop.ramGb} GB`, testId: 'helpdesk-desktop' },
            { term: 'Pool', value: s.poolName },
            { term: 'Protocol', value: `${PROTOCOL_NAMES[s.protocol]}${now ? ` · ${now.encoder}` : ''}` },
            { term: 'Client', value: `${deviceName(s.clientDevice)} · ${NETWORK_NAMES[s.network]}` },
            {
              term: 'Started',
              value: (
                <>
                  {formatSimTime(detail.startedAt)} · <LiveDuration since={detail.startedAt} prefix="logged on for " testId="helpdesk-logged-on-for" />
                </>
              ),
            },
            {
              term: 'State',
              value: (
                <>
                  {STATE_NAMES[s.state]} for <LiveDuration since={s.stateSince} testId="helpdesk-state-for" />
                </>
              ),
            },
            { term: 'Reconnects', value: String(detail.reconnects) },
          ]}
        />
      </GridItem>
      <GridItem md={6} xl={8}>
        <Card isCompact isFullHeight data-testid="helpdesk-logon">
          <CardTitle>Logon duration</CardTitle>
          <CardBody>
            {detail.logon ? (
              <LogonChart logon={detail.logon} host={detail.host} datastore={detail.datastore} />
            ) : (
              <p className="vdi-muted">Not measured: the session started before the lab began, or was a reconnect.</p>
            )}
          </CardBody>
        </Card>
      </GridItem>
      <GridItem span={12}>
        <Card isCompact data-testid="helpdesk-metrics">
          <CardTitle>Session metrics, last hour</CardTitle>
          <CardBody>
            {ended && detail.series.length === 0 ? (
              // One line, not five empty charts each saying so: the figures of an ended session are not kept.
              <Content component="p" className="vdi-muted" data-testid="helpdesk-series-ended">
                The session has ended: its per-minute figures are kept only while it runs. Its logon breakdown and events are still shown here.
              </Content>
            ) : (
              <div className="vdi-hd-charts">
                {CHARTS.map((c) => (
                  <SessionChart key={c.id} spec={c} samples={detail.series} />
                ))}
              </div>
            )}
          </CardBody>
        </Card>
      </GridItem>
      <GridItem md={6} xl={4}>
        <DetailCard
          title={detail.host ? `Host ${detail.host.name}` : 'Host'}
          testId="helpdesk-host"
          fields={
            detail.host
              ? [
                  { term: 'State', value: detail.host.connectionState },
                  { term: 'CPU', value: `${formatNumber(detail.host.cpuPct, 1)} %` },
                  {
                    term: 'CPU ready',
                    value: (
                      <span className={detail.host.readyPct >= READY_WARN_PCT ? 'vdi-cell-slow' : undefined}>{formatNumber(detail.host.readyPct, 1)} %</span>
                    ),
                  },
                  {
                    term: 'Memory state',
                    value: (
                      <span className={detail.host.memState === 'hard' || detail.host.memState === 'low' ? 'vdi-cell-slow' : undefined}>
                        {detail.host.memState}
                      </span>
                    ),
                  },
                  { term: 'Ballooned / swapped', value: `${detail.host.balloonMb} MB / ${detail.host.swapMb} MB` },
                  { term: 'Sessions', value: String(detail.host.sessions) },
                ]
              : [{ term: 'Host', value: 'The desktop is not placed on a host.' }]
          }
        />
      </GridItem>
      <GridItem md={6} xl={4}>
        <DetailCard
          title={detail.datastore ? `Datastore ${detail.datastore.name}` : 'Datastore'}
          testId="helpdesk-datastore"
          fields={
            detail.datastore
              ? [
                  {
                    term: 'Latency',
                    value: (
                      <span className={detail.datastore.latencyMs > LATENCY_ALARM_MS ? 'vdi-cell-slow' : undefined}>
                        {formatNumber(detail.datastore.latencyMs, 1)} ms
                      </span>
                    ),
                    testId: 'helpdesk-ds-latency',
                  },
                  { term: 'Service time', value: `${formatNumber(detail.datastore.serviceTimeMs, 1)} ms` },
                  {
                    term: 'IOPS',
                    value: `${Math.round(detail.datastore.iops).toLocaleString('en-US')} of ${Math.round(detail.datastore.iopsCapacity).toLocaleString('en-US')}`,
                  },
                ]
              : [{ term: 'Datastore', value: '—' }]
          }
        />
      </GridItem>
      <GridItem md={12} xl={4}>
        <Card isCompact isFullHeight data-testid="helpdesk-events">
          <CardTitle>Recent events</CardTitle>
          <CardBody>
            {detail.events.length === 0 ? <p className="vdi-muted">No events for this user or desktop.</p> : null}
            <ul className="vdi-hd-events">
              {detail.events.slice(0, 12).map((e) => (
                <li key={e.id}>
                  <SeverityIcon severity={e.severity} />
                  <span className="vdi-muted vdi-phases__time">{formatSimTimeSeconds(e.simTime).slice(-8)}</span>
                  <span>{e.message}</span>
                </li>
              ))}
            </ul>
            {detail.messages.length > 0 ? (
              <>
                <strong className="vdi-small">Messages sent</strong>
                <ul className="vdi-hd-events" data-testid="helpdesk-messages">
                  {detail.messages.map((m) => (
                    <li key={m.id}>
                      <SeverityIcon severity={m.severity === 'error' ? 'error' : m.severity === 'warning' ? 'warning' : 'info'} />
                      <span className="vdi-muted vdi-phases__time">{formatSimTimeSeconds(m.at).slice(-8)}</span>
                      <span>
                        <strong>{m.title}</strong> {m.body}
                      </span>
                    </li>
                  ))}
                </ul>
              </>
            ) : null}
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}
