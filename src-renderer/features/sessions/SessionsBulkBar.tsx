import { Button, Flex, FlexItem } from '@patternfly/react-core';
import { navigate } from '../../router/hash-router.ts';
import { plural } from '../../components/format.ts';
import { SESSION_ACTIONS, rdsRefusal, type SessionActionKind, type SessionTarget } from './session-actions.ts';

/** Shown while sessions are selected: the bulk actions, plus shadow and Help Desk for exactly one. */
export function SessionsBulkBar({
  targets,
  rdsPools,
  onAction,
  onClear,
  busy,
}: {
  targets: readonly SessionTarget[];
  rdsPools: ReadonlySet<string>;
  onAction(kind: SessionActionKind | 'message'): void;
  onClear(): void;
  busy: boolean;
}) {
  if (targets.length === 0) return null;
  const one = targets.length === 1 ? targets[0] : undefined;
  return (
    <Flex className="vdi-bulkbar" alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} data-testid="sessions-bulkbar">
      <FlexItem>
        <strong data-testid="sessions-selected">{plural(targets.length, 'session')} selected</strong>
      </FlexItem>
      <FlexItem>
        <Button size="sm" variant="secondary" onClick={() => onAction('message')} isDisabled={busy} data-testid="bulk-message">
          Send message…
        </Button>
      </FlexItem>
      {(Object.keys(SESSION_ACTIONS) as SessionActionKind[]).map((k) => {
        const rdsWhy = rdsRefusal(k, targets, rdsPools);
        return (
          <FlexItem key={k}>
            <Button
              size="sm"
              variant={SESSION_ACTIONS[k].danger ? 'danger' : 'secondary'}
              isDanger={SESSION_ACTIONS[k].danger}
              onClick={() => onAction(k)}
              isDisabled={busy}
              // Focusable and hoverable (the reason is its title), but not an action: some sessions are on RDS hosts.
              isAriaDisabled={!busy && rdsWhy !== null}
              title={rdsWhy ?? undefined}
              data-testid={`bulk-${k}`}
            >
              {SESSION_ACTIONS[k].label}
              {SESSION_ACTIONS[k].loses ? '…' : ''}
            </Button>
          </FlexItem>
        );
      })}
      {one ? (
        <>
          <FlexItem>
            <Button size="sm" variant="link" onClick={() => navigate(`/shadow/${one.id}`)} data-testid="bulk-shadow">
              Shadow
            </Button>
          </FlexItem>
          <FlexItem>
            <Button size="sm" variant="link" onClick={() => navigate(`/helpdesk/${one.id}`)} data-testid="bulk-helpdesk">
              Help Desk
            </Button>
          </FlexItem>
        </>
      ) : null}
      <FlexItem align={{ default: 'alignRight' }}>
        <Button size="sm" variant="plain" onClick={onClear} data-testid="bulk-clear">
          Clear selection
        </Button>
      </FlexItem>
    </Flex>
  );
}
