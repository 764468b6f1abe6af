import { Button, Flex, FlexItem, PageSection } from '@patternfly/react-core';
import ExternalLinkAltIcon from '@patternfly/react-icons/dist/esm/icons/external-link-alt-icon';
import { navigate } from '../../router/hash-router.ts';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { useSessionActions, PROTOCOL_NAMES, deviceName } from '../sessions/index.ts';
import { openInOwnWindow } from './open-window.ts';
import { ThinClient } from './ThinClient.tsx';
import { useScreen } from './use-screen.ts';

/** Shadow a session: the user's screen, read-only, with a banner (Horizon Help Desk: remote assistance, view only). */
export function ShadowView({ sessionId }: { sessionId: string }) {
  const { model, error, refresh } = useScreen(sessionId);
  const actions = useSessionActions(refresh);
  const target = model ? [{ id: sessionId, userName: model.user, userDisplayName: model.userDisplayName, desktopName: model.desktopName }] : [];
  const connected = model?.state === 'active' || model?.state === 'idle';
  return (
    <>
      <ViewHeader
        title={model ? `Shadowing ${model.userDisplayName}` : 'Shadow session'}
        crumbs={[{ label: 'Sessions', to: '/sessions' }, { label: 'Shadow' }]}
        description={
          model
            ? `${model.user} on ${model.desktopName} (${model.poolName}) · ${PROTOCOL_NAMES[model.protocol]} from a ${deviceName(model.clientDevice).toLowerCase()}`
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
        <div className="vdi-client-frame vdi-client-frame--shadow">
          <ThinClient model={model} error={error} mode="shadow" testId="shadow" />
        </div>
      </PageSection>
      {actions.modal}
    </>
  );
}
