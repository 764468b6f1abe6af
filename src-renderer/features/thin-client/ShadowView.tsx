import { useState } from 'react';
import { Alert, Button, Content, EmptyState, EmptyStateActions, EmptyStateBody, EmptyStateFooter, Flex, FlexItem, PageSection } from '@patternfly/react-core';
import UserShieldIcon from '@patternfly/react-icons/dist/esm/icons/user-shield-icon';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import ExternalLinkAltIcon from '@patternfly/react-icons/dist/esm/icons/external-link-alt-icon';
import { navigate } from '../../router/hash-router.ts';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { useSessionActions, PROTOCOL_NAMES, deviceName } from '../sessions/index.ts';
import { openInOwnWindow } from './open-window.ts';
import { ThinClient } from './ThinClient.tsx';
import { useScreen } from './use-screen.ts';

/** Sessions whose user agreed in this console run (a reload does not ask again; another session does). */
const consented = new Set<string>();

/**
 * Shadow a session: the user's screen, read-only, with a banner (Horizon Help Desk: remote
 * assistance, view only). Horizon asks the user first; so does this console: the request reaches
 * the user's screen as a message, and the simulated user accepts it.
 */
export function ShadowView({ sessionId }: { sessionId: string }) {
  const [granted, setGranted] = useState(consented.has(sessionId));
  const ask = useAction();
  const { model, error, refresh } = useScreen(sessionId);
  const actions = useSessionActions(refresh);
  const target = model ? [{ id: sessionId, userName: model.user, userDisplayName: model.userDisplayName, desktopName: model.desktopName }] : [];
  const connected = model?.state === 'active' || model?.state === 'idle';
  const requestConsent = async () => {
    const res = await ask.run(() =>
      getClient().call('session-send-message', {
        ids: [sessionId],
        severity: 'info',
        title: 'Your administrator asks to view your screen',
        body: 'Remote assistance, view only: the administrator sees your screen but cannot type or click. You can end it at any time.',
      }),
    );
    if (res) {
      consented.add(sessionId);
      setGranted(true);
    }
  };
  return (
    <>
      <ViewHeader
        title={model ? `Shadowing ${model.userDisplayName}` : 'Shadow session'}
        crumbs={[{ label: 'Sessions', to: '/sessions' }, { label: 'Shadow' }]}
        description={
          model
            ? `${model.user} on ${model.desktopName} (${model.poolName}) · ${PROTOCOL_NAMES[model.protocol]} from ${deviceName(model.clientDevice)}`
            : 'The user’s screen, view only.'
        }
        actions={
          <Flex gap={{ default: 'gapSm' }}>
            <FlexItem>
              <Button variant="secondary" size="sm" onClick={() => actions.start('message', target)} isDisabled={!connected} data-testid="shadow-message">
                Send message…
              </Button>
            </FlexItem>
            <FlexItem>
              <Button variant="link" size="sm" onClick={() => navigate(`/helpdesk/${sessionId}`)} data-testid="shadow-helpdesk">
                Help Desk
              </Button>
            </FlexItem>
            <FlexItem>
              <Button
                variant="link"
                size="sm"
                icon={<ExternalLinkAltIcon />}
                iconPosition="end"
                onClick={() => void openInOwnWindow(`/shadow/${sessionId}`)}
                data-testid="shadow-popout"
              >
                Own window
              </Button>
            </FlexItem>
          </Flex>
        }
      />
      <PageSection hasBodyWrapper={false}>
        {granted ? (
          <div className="vdi-client-frame vdi-client-frame--shadow">
            <ThinClient model={model} error={error} mode="shadow" testId="shadow" />
          </div>
        ) : (
          <EmptyState titleText="Ask before you look" headingLevel="h2" icon={UserShieldIcon} data-testid="shadow-consent">
            <EmptyStateBody>
              <Content component="p">
                {model ? `${model.userDisplayName} (${model.user})` : 'The user'} gets a request on their screen to share it with you, view only. In this
                simulation the user accepts.
              </Content>
              {ask.error ? <ApiErrorAlert error={ask.error} title="The request did not reach the user" testId="shadow-consent-error" /> : null}
              {model && !connected ? (
                <Alert variant="info" isInline isPlain title="The session is not connected: there is no screen to share right now." />
              ) : null}
            </EmptyStateBody>
            <EmptyStateFooter>
              <EmptyStateActions>
                <Button onClick={() => void requestConsent()} isLoading={ask.busy} isDisabled={ask.busy || !connected} data-testid="shadow-consent-ask">
                  Ask to view the screen
                </Button>
                <Button variant="link" onClick={() => navigate('/sessions')}>
                  Back to sessions
                </Button>
              </EmptyStateActions>
            </EmptyStateFooter>
          </EmptyState>
        )}
      </PageSection>
      {actions.modal}
    </>
  );
}
