import { useEffect, useMemo } from 'react';
import { Button, Card, CardBody, CardTitle, EmptyState, EmptyStateBody, Grid, GridItem, Label, PageSection } from '@patternfly/react-core';
import { useApi } from '../../state/use-api.ts';
import { href, navigate } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatSimTime } from '../../components/format.ts';
import { sessionLive, useSessionActions, STATE_COLORS, STATE_NAMES, formatLogon, logonLevel, shortLogin } from '../sessions/index.ts';
import { SessionPanel } from './SessionPanel.tsx';
import { UserSearch } from '../../components/UserSearch.tsx';
import '../../styles/sessions.css';

/** Sessions are `sess-N`; anything else names a user. */
function isSessionId(target: string): boolean {
  return target.startsWith('sess-');
}

/**
 * Help Desk (Horizon Help Desk · Citrix Director): find a user, pick a session,
 * see how the logon went and why, how the session feels, and act. `/helpdesk`
 * lists the slowest logons; `/helpdesk/u-12` a user; `/helpdesk/sess-4` a session.
 */
export function HelpDeskView({ target }: { target: string | null }) {
  useEffect(() => sessionLive.retain(), []);
  const sessionId = target && isSessionId(target) ? target : null;
  const detail = useApi('session-get', { id: sessionId ?? '' }, { enabled: sessionId !== null, refreshOn: ['session'], minIntervalMs: 2000 });
  const userId = sessionId ? (detail.data?.session.userId ?? null) : target;
  const user = useApi('helpdesk-user', { userId: userId ?? '' }, { enabled: userId !== null, refreshOn: ['session'], minIntervalMs: 3000 });
  const actions = useSessionActions(detail.reload);

  // A user with exactly one current session: show it straight away. Only while this user's page is
  // still the one in the address bar: the admin may have gone elsewhere while the user loaded (the next
  // page's code loads on demand, and this view stays mounted until it has), and must not be pulled back.
  const only = user.data && !sessionId && user.data.current.length === 1 ? user.data.current[0] : undefined;
  useEffect(() => {
    if (only && target && location.hash === `#/helpdesk/${target}`) navigate(`/helpdesk/${only.id}`, { replace: true });
  }, [only, target]);

  const u = user.data?.user;
  return (
    <>
      <ViewHeader
        title={u ? `Help Desk: ${u.displayName}` : 'Help Desk'}
        crumbs={[
          { label: 'Sessions', to: '/sessions' },
          { label: 'Help Desk', to: target ? '/helpdesk' : undefined },
        ]}
        description={
          u
            ? `${u.login} · ${u.department} · ${u.workload} worker · ${u.email}`
            : 'Find a user: how their logon went and why, how their session feels, and what to do about it.'
        }
        extra={
          <div className="vdi-hd-search">
            <UserSearch onOpen={(p) => navigate(`/helpdesk/${p.id}`)} testId="helpdesk-search" placeholder="Find a user by login or name" />
          </div>
        }
      />
      <PageSection hasBodyWrapper={false}>
        {!target ? <SlowestLogons /> : null}
        {user.error ? <ApiErrorAlert error={user.error} title="Could not load the user" onRetry={user.reload} /> : null}
        {detail.error ? <ApiErrorAlert error={detail.error} title="Could not load the session" onRetry={detail.reload} /> : null}
        {user.data ? (
          <Card isCompact className="vdi-hd-user" data-testid="helpdesk-user">
            <CardBody>
              <div className="vdi-hd-sessions">
                <strong>Sessions:</strong>
                {user.data.current.length === 0 ? <span className="vdi-muted">none now</span> : null}
                {user.data.current.map((s) => (
                  <Button
                    key={s.id}
                    size="sm"
                    variant={s.id === sessionId ? 'primary' : 'secondary'}
                    onClick={() => navigate(`/helpdesk/${s.id}`)}
                    data-testid={`helpdesk-pick-${s.id}`}
                  >
                    {s.desktopName} · {s.poolName} · {STATE_NAMES[s.state]}
                  </Button>
                ))}
                <span className="vdi-muted">
                  Entitled to: {user.data.pools.map((p) => `${p.name}${p.enabled ? '' : ' (disabled)'}`).join(', ') || 'no pool'}
                </span>
              </div>
              {user.data.failures.length > 0 ? (
                <ul className="vdi-hd-events" data-testid="helpdesk-failures">
                  {user.data.failures.slice(0, 5).map((f) => (
                    <li key={`${f.at}-${f.reason}`}>
                      <Label isCompact color="red">
                        failed
                      </Label>
                      <span className="vdi-muted">{formatSimTime(f.at).slice(-5)}</span>
                      <span>{f.message}</span>
                    </li>
                  ))}
                </ul>
              ) : null}
            </CardBody>
          </Card>
        ) : null}
        {sessionId && detail.data ? (
          <SessionPanel detail={detail.data} onAction={actions.start} />
        ) : sessionId && !detail.error ? (
          <CenteredSpinner label="Loading the session" />
        ) : null}
        {!sessionId && user.data && user.data.current.length > 1 ? <p className="vdi-muted">Pick one of the sessions above.</p> : null}
        {!sessionId && user.data && user.data.current.length === 0 && user.data.recent.length > 0 ? (
          <Card isCompact data-testid="helpdesk-recent">
            <CardTitle>Recent sessions</CardTitle>
            <CardBody>
              <ul className="vdi-hd-events">
                {user.data.recent.slice(0, 10).map((r) => (
                  <li key={r.id}>
                    <span />
                    <span className="vdi-muted">{formatSimTime(r.startedAt).slice(-5)}</span>
                    <span>
                      {/* The ended session's own page: its logon, metrics and how it ended. */}
                      <a href={href(`/helpdesk/${r.id}`)} data-testid={`helpdesk-recent-${r.id}`}>
                        {r.desktopName}
                      </a>{' '}
                      · logon {formatLogon(r.logonSeconds)} · {r.endReason ?? 'ended'}
                      {r.endedAt ? <span className="vdi-muted"> at {formatSimTime(r.endedAt).slice(-5)}</span> : null}
                    </span>
                  </li>
                ))}
              </ul>
            </CardBody>
          </Card>
        ) : null}
      </PageSection>
      {actions.modal}
    </>
  );
}

/** Where a Monday-morning Help Desk starts: the slowest logons of the current sessions. */
function SlowestLogons() {
  const { data, error, reload } = useApi('session-list', {}, { refreshOn: ['session'], minIntervalMs: 5000 });
  const top = useMemo(
    () =>
      (data ?? [])
        .filter((s) => s.logonSeconds !== null)
        .sort((a, b) => (b.logonSeconds ?? 0) - (a.logonSeconds ?? 0))
        .slice(0, 10),
    [data],
  );
  if (error) return <ApiErrorAlert error={error} title="Could not load the sessions" onRetry={reload} />;
  return (
    <Grid hasGutter>
      <GridItem lg={7}>
        <Card isCompact data-testid="helpdesk-slowest">
          <CardTitle>Slowest logons now</CardTitle>
          <CardBody>
            {top.length === 0 ? (
              <EmptyState variant="xs" titleText="No measured logons yet" headingLevel="h3">
                <EmptyStateBody>Run or step the clock into the morning: logons are measured as users arrive.</EmptyStateBody>
              </EmptyState>
            ) : (
              <ul className="vdi-hd-events vdi-hd-slowest">
                {top.map((s) => (
                  <li key={s.id}>
                    <span />
                    <span
                      className={
                        logonLevel(s.logonSeconds) === 'critical' ? 'vdi-cell-slow' : logonLevel(s.logonSeconds) === 'warning' ? 'vdi-cell-warn' : undefined
                      }
                    >
                      {formatLogon(s.logonSeconds)}
                    </span>
                    <span>
                      <Button variant="link" isInline onClick={() => navigate(`/helpdesk/${s.id}`)} data-testid={`helpdesk-slow-${shortLogin(s.userName)}`}>
                        {s.userDisplayName}
                      </Button>{' '}
                      <span className="vdi-muted">
                        {s.desktopName} · {s.poolName} · {s.hostName ?? ''}
                      </span>{' '}
                      <Label isCompact color={STATE_COLORS[s.state]}>
                        {STATE_NAMES[s.state]}
                      </Label>
                    </span>
                  </li>
                ))}
              </ul>
            )}
          </CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}
