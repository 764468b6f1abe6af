import { Button, Label, Tooltip } from '@patternfly/react-core';
import SignOutAltIcon from '@patternfly/react-icons/dist/esm/icons/sign-out-alt-icon';
import UserIcon from '@patternfly/react-icons/dist/esm/icons/user-icon';
import type { Role } from '../../../src-main/contract/index.ts';
import { useWhoami } from '../../state/whoami-store.ts';
import { signOut } from './LoginPage.tsx';

/** Short role names (the tooltip has Horizon's full name and the permissions). */
const ROLE_SHORT: Record<Role, string> = { administrators: 'Administrator', 'help-desk': 'Help Desk', 'read-only': 'Read-only', instructor: 'Instructor' };

/** The sidebar's "who am I": name and role, and a sign-out when signed in as an account in browser mode. */
export function UserMenu() {
  const me = useWhoami((s) => s.me);
  if (!me) return null;
  return (
    <span className="vdi-user" data-testid="masthead-user" data-role={me.role}>
      <Tooltip content={`${me.user} · ${me.roleLabel} · permissions: ${me.permissions.join(', ')}`}>
        <span className="vdi-user__who" tabIndex={0}>
          <UserIcon className="vdi-user__icon" aria-hidden />
          <span className="vdi-user__name">{me.user}</span>
          <Label isCompact color={me.role === 'administrators' ? 'blue' : 'purple'} data-testid="masthead-role">
            {ROLE_SHORT[me.role]}
          </Label>
        </span>
      </Tooltip>
      {me.accountId && !window.vdi ? (
        <Tooltip content="Sign out">
          <Button variant="plain" aria-label="Sign out" onClick={() => void signOut()} data-testid="sign-out" icon={<SignOutAltIcon />} />
        </Tooltip>
      ) : null}
    </span>
  );
}
