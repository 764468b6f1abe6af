import { memo, useState } from 'react';
import { Button, Form, FormGroup, Label, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant, TextInput } from '@patternfly/react-core';
import { LazyTooltip } from '../../components/LazyTooltip.tsx';
import KeyIcon from '@patternfly/react-icons/dist/esm/icons/key-icon';
import SignOutAltIcon from '@patternfly/react-icons/dist/esm/icons/sign-out-alt-icon';
import UserIcon from '@patternfly/react-icons/dist/esm/icons/user-icon';
import { PASSWORD_PARAMS, type Role } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useWhoami } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { signOut } from './LoginPage.tsx';

/** Short role names (the tooltip has Horizon's full name and the permissions). */
const ROLE_SHORT: Record<Role, string> = { administrators: 'Administrator', 'help-desk': 'Help Desk', 'read-only': 'Read-only', instructor: 'Instructor' };

/** The sidebar's "who am I": name and role; a signed-in account may change its password and sign out. */
export const UserMenu = memo(function UserMenu() {
  const me = useWhoami((s) => s.me);
  const [changing, setChanging] = useState(false);
  if (!me) return null;
  return (
    <span className="vdi-user" data-testid="signed-in-user" data-role={me.role}>
      <LazyTooltip content={`${me.user} · ${me.roleLabel} · permissions: ${me.permissions.join(', ')}`}>
        <span className="vdi-user__who" tabIndex={0}>
          <UserIcon className="vdi-user__icon" aria-hidden />
          <span className="vdi-user__name">{me.user}</span>
          <Label isCompact color={me.role === 'administrators' ? 'blue' : 'purple'} data-testid="signed-in-role">
            {ROLE_SHORT[me.role]}
          </Label>
          {me.tenant ? (
            <Label isCompact color="orange" data-testid="signed-in-tenant">
              {me.tenant.name}
            </Label>
          ) : null}
        </span>
      </LazyTooltip>
      {me.accountId ? (
        <span>
          <LazyTooltip content="Change my password">
            <Button variant="plain" aria-label="Change my password" onClick={() => setChanging(true)} data-testid="change-password" icon={<KeyIcon />} />
          </LazyTooltip>
          {!window.vdi ? (
            <LazyTooltip content="Sign out">
              <Button variant="plain" aria-label="Sign out" onClick={() => void signOut()} data-testid="sign-out" icon={<SignOutAltIcon />} />
            </LazyTooltip>
          ) : null}
        </span>
      ) : null}
      {changing ? <ChangePasswordModal onClose={() => setChanging(false)} /> : null}
    </span>
  );
});

function ChangePasswordModal({ onClose }: { onClose(): void }) {
  const [current, setCurrent] = useState('');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('account-change-password', { current, password }));
    if (r) {
      notifySuccess('Your password was changed');
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="change-password-title" data-testid="change-password-modal">
      <ModalHeader title="Change my password" labelId="change-password-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        <Form id="change-password-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
          <FormGroup label="Current password" isRequired fieldId="current-password">
            <TextInput id="current-password" type="password" value={current} onChange={(_e, v) => setCurrent(v)} autoComplete="current-password" />
          </FormGroup>
          <FormGroup label={`New password (at least ${PASSWORD_PARAMS.minLength} characters)`} isRequired fieldId="new-password">
            <TextInput id="new-password" type="password" value={password} onChange={(_e, v) => setPassword(v)} autoComplete="new-password" />
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="change-password-form" isLoading={action.busy} isDisabled={action.busy || !current || !password}>
          Change password
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
