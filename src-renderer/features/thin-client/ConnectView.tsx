import { useEffect, useMemo, useState } from 'react';
import { Alert, Button, Flex, FlexItem, Grid, GridItem, PageSection } from '@patternfly/react-core';
import ExternalLinkAltIcon from '@patternfly/react-icons/dist/esm/icons/external-link-alt-icon';
import type { ApiError, SessionConnectResult } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { navigate, useRoute, withQuery } from '../../router/hash-router.ts';
import { useClock } from '../../state/clock-store.ts';
import { toApiError } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { PROTOCOL_NAMES, deviceName, NETWORK_NAMES } from '../sessions/index.ts';
import { ConnectForm } from './ConnectForm.tsx';
import { draftFromQuery, draftToQuery, toConnectInput, type ConnectDraft } from './connect-form.ts';
import { openInOwnWindow } from './open-window.ts';
import { ThinClient } from './ThinClient.tsx';
import { useScreen } from './use-screen.ts';

/**
 * "Connect as user": the admin stands in for a thin client. The settings and
 * the session live in the URL (`/connect?user=u-12&device=…&session=sess-4`), so a
 * reload, the wall and a pop-out window all show the same connection.
 */
export function ConnectView() {
  const route = useRoute();
  const draft = useMemo(() => draftFromQuery(route.query), [route.query]);
  const sessionId = route.query.get('session');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<ApiError | null>(null);
  const [problems, setProblems] = useState<string[]>([]);
  const [last, setLast] = useState<SessionConnectResult | null>(null);
  const screen = useScreen(sessionId);
  const paused = useClock((s) => !s.clock?.running || s.clock.speed === 'paused');

  const setDraft = (d: ConnectDraft) => navigate(withQuery('/connect', { ...draftToQuery(d), session: sessionId }), { replace: true });

  // Opened on a session (Help Desk's "user's view", a pop-out, the wall): the form shows how that session connected.
  const model0 = screen.model;
  useEffect(() => {
    if (!model0 || route.query.has('device')) return;
    navigate(
      withQuery('/connect', {
        // The user too: Reconnect on a session opened by its URL asked to "choose the user" (black-box round 6).
        ...draftToQuery({ ...draft, userId: draft.userId || model0.userId, device: model0.clientDevice, protocol: model0.protocol, network: model0.network }),
        session: sessionId,
      }),
      { replace: true },
    );
  }, [model0, route.query, draft, sessionId]);

  const connect = async () => {
    const req = toConnectInput(draft);
    if (!req.ok) {
      setProblems(req.errors);
      return;
    }
    setProblems([]);
    setError(null);
    setBusy(true);
    try {
      const res = await getClient().call('session-connect', req.input);
      setLast(res);
      navigate(withQuery('/connect', { ...draftToQuery(draft), session: res.sessionId }), { replace: true });
      screen.refresh();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const disconnect = async () => {
    if (!sessionId) return;
    setBusy(true);
    try {
      await getClient().call('session-disconnect', { ids: [sessionId], fromClient: true }); // the user closes the client
      screen.refresh();
    } catch (e) {
      setError(toApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const model = screen.model;
  const state = model?.state;
  const live = state === 'active' || state === 'idle';
  const clientActions =
    state === 'disconnected' ? (
      <Button variant="primary" onClick={() => void connect()} isLoading={busy} isDisabled={busy} data-testid="connect-reconnect">
        Reconnect
      </Button>
    ) : state === 'logged-off' ? (
      <Button variant="primary" onClick={() => void connect()} isLoading={busy} isDisabled={busy} data-testid="connect-again">
        Connect again
      </Button>
    ) : null;

  return (
    <>
      <ViewHeader
        title="Connect as user"
        crumbs={[{ label: 'Sessions', to: '/sessions' }, { label: 'Connect as user' }]}
        description="Stand in for a user's thin client: connect through the broker, watch the logon phase by phase, then the desktop as the user sees it."
      />
      <PageSection hasBodyWrapper={false}>
        <Grid hasGutter>
          <GridItem lg={4} xl={3}>
            <ConnectForm draft={draft} onChange={setDraft} onConnect={() => void connect()} busy={busy} problems={problems} />
          </GridItem>
          <GridItem lg={8} xl={9}>
            <Flex className="vdi-client-bar" alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }}>
              <FlexItem grow={{ default: 'grow' }} data-testid="connect-session-info">
                {model ? (
                  <>
                    <strong>{model.userDisplayName}</strong> on <strong data-testid="connect-desktop">{model.desktopName}</strong> · {model.poolName} ·{' '}
                    {PROTOCOL_NAMES[model.protocol]} · {deviceName(model.clientDevice)} · {NETWORK_NAMES[model.network]}
                  </>
                ) : (
                  <span className="vdi-muted">Not connected</span>
                )}
              </FlexItem>
              {live ? (
                <FlexItem>
                  <Button variant="secondary" size="sm" onClick={() => void disconnect()} isDisabled={busy} data-testid="connect-disconnect">
                    Disconnect
                  </Button>
                </FlexItem>
              ) : null}
              {sessionId ? (
                <>
                  <FlexItem>
                    <Button variant="link" size="sm" onClick={() => navigate(`/helpdesk/${sessionId}`)} data-testid="connect-helpdesk">
                      Help Desk
                    </Button>
                  </FlexItem>
                  <FlexItem>
                    <Button
                      variant="link"
                      size="sm"
                      icon={<ExternalLinkAltIcon />}
                      iconPosition="end"
                      onClick={() => void openInOwnWindow(route.full)}
                      data-testid="connect-popout"
                    >
                      Own window
                    </Button>
                  </FlexItem>
                </>
              ) : null}
            </Flex>
            {error ? <ApiErrorAlert error={error} title="The connection failed" onClose={() => setError(null)} testId="connect-error" /> : null}
            {last?.reconnected && sessionId === last.sessionId && live ? (
              <Alert
                variant="info"
                isInline
                isPlain
                title={`Reconnected to the same session on ${last.desktopName}: no logon, the apps are as they were.`}
                data-testid="connect-reconnected"
              />
            ) : null}
            {paused && (state === 'connecting' || state === 'reconnecting') ? (
              <Alert
                variant="info"
                isInline
                isPlain
                title={`The simulated clock is paused: the ${state === 'reconnecting' ? 'reconnect' : 'logon'} moves on when you run or step the clock.`}
                data-testid="connect-paused-hint"
              />
            ) : null}
            <div className="vdi-client-frame">
              {sessionId ? (
                <ThinClient model={model} error={screen.error} mode="user" testId="connect" actions={clientActions} />
              ) : (
                <div className="vdi-client-screen" data-testid="connect-idle">
                  <h2>VDI client</h2>
                  <div className="vdi-client-screen__sub">Choose a user, a client device, a protocol and a network, then Connect.</div>
                </div>
              )}
            </div>
          </GridItem>
        </Grid>
      </PageSection>
    </>
  );
}
