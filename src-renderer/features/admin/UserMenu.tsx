import { Button, Label, Tooltip } from '@patternfly/react-core';
import { useWhoami } from '../../state/whoami-store.ts';
import { signOut } from './LoginPage.tsx';

/** The masthead's "who am I": name and role, and a sign-out when signed in as an account in browser mode. */
export function UserMenu() {
  const me = useWhoami((s) => s.me);
  if (!me) return null;
  return (
    <span className="vdi-user" data-testid="masthead-user">
      <Tooltip content={`Permissions: ${me.permissions.join(', ')}`}>
        <span className="vdi-user__name">
          {me.user}{' '}
          <Label isCompact color={me.role === 'administrators' ? 'blue' : 'purple'} data-testid="masthead-role">
            {me.roleLabel}
          </Label>
        </span>
      </Tooltip>
      {me.accountId && !window.vdi ? (
        <Button variant="link" isInline onClick={() => void signOut()} data-testid="sign-out">
          Sign out
        </Button>
      ) : null}
    </span>
  );
}
