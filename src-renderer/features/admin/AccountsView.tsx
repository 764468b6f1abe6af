import { useState } from 'react';
import {
  Button,
  Flex,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Label,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  PageSection,
  TextInput,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { PASSWORD_PARAMS, ROLE_LABELS, ROLE_PERMISSIONS, ROLES, type AdminAccount, type Role } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useWhoami } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner, NothingHere } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatRealTime } from '../../components/format.ts';

/** What each role may do, in words (roles.ts has the table). */
const ROLE_HELP: Record<Role, string> = {
  administrators: 'Everything, including accounts and the audit trail.',
  'help-desk': 'Read everything; log off, disconnect, reset and restart sessions, send messages, acknowledge events. No configuration.',
  'read-only': 'Read everything, including the audit trail. No change of any kind.',
  instructor: 'Read everything; run the training lab: clock, steps, checkpoints, lab reset, injected failures, connect as a user.',
};

type Dialog = { kind: 'create' } | { kind: 'password' | 'delete'; account: AdminAccount } | null;

/**
 * Admin accounts (route /accounts): who may sign in to this console and with which role. The first
 * account switches browser mode to a sign-in page; the host keeps at least one enabled
 * Administrator (deleting, demoting or disabling the last one is refused).
 */
export function AccountsView() {
  const list = useApi('account-list', {}, { refreshOn: ['lab'] });
  const me = useWhoami((s) => s.me);
  const [dialog, setDialog] = useState<Dialog>(null);
  const action = useAction();

  const setRole = async (a: AdminAccount, role: Role) => {
    const r = await action.run(() => getClient().call('account-set-role', { id: a.id, role }));
    if (r) notifySuccess(`${a.name} is now in ${ROLE_LABELS[role]}`);
    list.reload();
  };
  // Issue 19: an account scoped to a tenant administers that tenant's pools, desktops and sessions only.
  const tenants = useApi('tenant-list', {}, { refreshOn: ['lab'] });
  const setTenant = async (a: AdminAccount, tenantId: string | null) => {
    const r = await action.run(() => getClient().call('account-set-tenant', { id: a.id, tenantId }));
    if (r)
      notifySuccess(
        tenantId ? `${a.name} is scoped to ${tenants.data?.find((t) => t.id === tenantId)?.name ?? tenantId}` : `${a.name} administers the whole estate`,
      );
    list.reload();
  };
  const hasTenants = (tenants.data?.length ?? 0) > 0;
  const setDisabled = async (a: AdminAccount, disabled: boolean) => {
    const r = await action.run(() => getClient().call('account-set-disabled', { id: a.id, disabled }));
    if (r) notifySuccess(`${a.name} ${disabled ? 'disabled' : 'enabled'}`);
    list.reload();
  };

  return (
    <>
      {dialog?.kind === 'create' ? <CreateAccountModal onClose={() => (setDialog(null), list.reload())} /> : null}
      {dialog?.kind === 'password' ? <PasswordModal account={dialog.account} onClose={() => setDialog(null)} /> : null}
      {dialog?.kind === 'delete' ? <DeleteModal account={dialog.account} onClose={() => (setDialog(null), list.reload())} /> : null}
      <ViewHeader
        title="Admin accounts"
        titleTestId="accounts-title"
        description={
          list.data && list.data.length === 0
            ? 'No accounts yet: the desktop app, the CLI and the console token act as the local administrator. The first account makes browser mode ask for a sign-in.'
            : 'Who may sign in to this console, and with which role. Changes apply to signed-in accounts at their next request.'
        }
        actions={
          <Button onClick={() => setDialog({ kind: 'create' })} data-testid="account-create-button">
            Create account
          </Button>
        }
      />
      <PageSection>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        {list.error ? <ApiErrorAlert error={list.error} onRetry={list.reload} /> : null}
        {!list.data ? (
          list.error ? null : (
            <CenteredSpinner label="Loading accounts" />
          )
        ) : list.data.length === 0 ? (
          <NothingHere title="No admin accounts" body="Create one for each person who administers this console, with the role their job needs." />
        ) : (
          <Table aria-label="Admin accounts" variant="compact" data-testid="accounts-table">
            <Thead>
              <Tr>
                <Th>Name</Th>
                <Th>Role</Th>
                {hasTenants ? <Th info={{ tooltip: 'An account scoped to a tenant administers only its pools, desktops and sessions' }}>Scope</Th> : null}
                <Th>Status</Th>
                <Th>Last sign-in</Th>
                <Th>Created</Th>
                <Th screenReaderText="Actions" />
              </Tr>
            </Thead>
            <Tbody>
              {list.data.map((a) => (
                <Tr key={a.id} data-testid={`account-${a.name}`}>
                  <Td dataLabel="Name">
                    <strong>{a.name}</strong> {me?.accountId === a.id ? <Label isCompact>you</Label> : null}
                  </Td>
                  <Td dataLabel="Role">
                    <FormSelect
                      value={a.role}
                      aria-label={`Role of ${a.name}`}
                      data-testid={`account-${a.name}-role`}
                      className="vdi-account-role"
                      onChange={(_e, v) => void setRole(a, v as Role)}
                      isDisabled={action.busy}
                    >
                      {ROLES.map((r) => (
                        <FormSelectOption key={r} value={r} label={ROLE_LABELS[r]} />
                      ))}
                    </FormSelect>
                  </Td>
                  {hasTenants ? (
                    <Td dataLabel="Scope">
                      <FormSelect
                        value={a.tenantId ?? ''}
                        aria-label={`Scope of ${a.name}`}
                        data-testid={`account-${a.name}-tenant`}
                        className="vdi-account-scope"
                        onChange={(_e, v) => void setTenant(a, v || null)}
                        isDisabled={action.busy}
                      >
                        <FormSelectOption value="" label="Whole estate" />
                        {(tenants.data ?? []).map((t) => (
                          <FormSelectOption key={t.id} value={t.id} label={`Tenant ${t.name}`} />
                        ))}
                      </FormSelect>
                    </Td>
                  ) : null}
                  <Td dataLabel="Status">
                    {a.disabled ? (
                      <Label color="grey" data-testid={`account-${a.name}-status`}>
                        Disabled
                      </Label>
                    ) : (
                      <Label color="green" data-testid={`account-${a.name}-status`}>
                        Enabled
                      </Label>
                    )}
                  </Td>
                  <Td dataLabel="Last sign-in">{a.lastLoginAt ? formatRealTime(a.lastLoginAt) : 'never'}</Td>
                  <Td dataLabel="Created">{formatRealTime(a.createdAt)}</Td>
                  <Td dataLabel="Actions" isActionCell>
                    <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
                      <Button
                        variant="secondary"
                        size="sm"
                        onClick={() => setDialog({ kind: 'password', account: a })}
                        data-testid={`account-${a.name}-password`}
                      >
                        Reset password
                      </Button>
                      <Button variant="secondary" size="sm" onClick={() => void setDisabled(a, !a.disabled)} data-testid={`account-${a.name}-disable`}>
                        {a.disabled ? 'Enable' : 'Disable'}
                      </Button>
                      <Button variant="danger" size="sm" onClick={() => setDialog({ kind: 'delete', account: a })} data-testid={`account-${a.name}-delete`}>
                        Delete
                      </Button>
                    </Flex>
                  </Td>
                </Tr>
              ))}
            </Tbody>
          </Table>
        )}
        <Title headingLevel="h2" size="lg" className="vdi-roles-heading">
          Roles
        </Title>
        <Table aria-label="Roles" variant="compact" className="vdi-roles-table" data-testid="roles-table">
          <Thead>
            <Tr>
              <Th width={25}>Role</Th>
              <Th>What it may do</Th>
              <Th width={30}>Permissions</Th>
            </Tr>
          </Thead>
          <Tbody>
            {ROLES.map((r) => (
              <Tr key={r}>
                <Td>{ROLE_LABELS[r]}</Td>
                <Td>{ROLE_HELP[r]}</Td>
                <Td>
                  <code>{ROLE_PERMISSIONS[r].join(', ')}</code>
                </Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      </PageSection>
    </>
  );
}

function PasswordField({ value, onChange, id }: { value: string; onChange(v: string): void; id: string }) {
  const short = value.length > 0 && value.length < PASSWORD_PARAMS.minLength;
  return (
    <FormGroup label="Password" isRequired fieldId={id}>
      <TextInput
        id={id}
        data-testid={id}
        type="password"
        value={value}
        onChange={(_e, v) => onChange(v)}
        autoComplete="new-password"
        validated={short ? 'error' : 'default'}
      />
      <FormHelperText>
        <HelperText>
          <HelperTextItem variant={short ? 'error' : 'default'}>At least {PASSWORD_PARAMS.minLength} characters (NIST SP 800-63B).</HelperTextItem>
        </HelperText>
      </FormHelperText>
    </FormGroup>
  );
}

function CreateAccountModal({ onClose }: { onClose(): void }) {
  const [name, setName] = useState('');
  const [role, setRole] = useState<Role>('help-desk');
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('account-create', { name, role, password }));
    if (r) {
      notifySuccess(`Account ${r.name} created (${ROLE_LABELS[r.role]})`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="account-create-title" data-testid="account-create-modal">
      <ModalHeader title="Create admin account" labelId="account-create-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        <Form id="account-create-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
          <FormGroup label="Name" isRequired fieldId="account-name">
            <TextInput id="account-name" data-testid="account-name" value={name} onChange={(_e, v) => setName(v)} autoComplete="off" />
          </FormGroup>
          <FormGroup label="Role" isRequired fieldId="account-role">
            <FormSelect id="account-role" data-testid="account-role" value={role} onChange={(_e, v) => setRole(v as Role)}>
              {ROLES.map((r) => (
                <FormSelectOption key={r} value={r} label={ROLE_LABELS[r]} />
              ))}
            </FormSelect>
            <FormHelperText>
              <HelperText>
                <HelperTextItem>{ROLE_HELP[role]}</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <PasswordField id="account-password" value={password} onChange={setPassword} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          type="submit"
          form="account-create-form"
          isLoading={action.busy}
          isDisabled={action.busy || !name || !password}
          data-testid="account-create-confirm"
        >
          Create
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function PasswordModal({ account, onClose }: { account: AdminAccount; onClose(): void }) {
  const [password, setPassword] = useState('');
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('account-reset-password', { id: account.id, password }));
    if (r) {
      notifySuccess(`Password of ${account.name} reset`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="account-password-title" data-testid="account-password-modal">
      <ModalHeader title={`Reset the password of ${account.name}`} labelId="account-password-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        <Form id="account-password-form" onSubmit={(e) => (e.preventDefault(), void submit())}>
          <PasswordField id="account-new-password" value={password} onChange={setPassword} />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button type="submit" form="account-password-form" isLoading={action.busy} isDisabled={action.busy || !password} data-testid="account-password-confirm">
          Reset password
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function DeleteModal({ account, onClose }: { account: AdminAccount; onClose(): void }) {
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('account-delete', { id: account.id }));
    if (r) {
      notifySuccess(`Account ${account.name} deleted`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="account-delete-title" data-testid="account-delete-modal">
      <ModalHeader title={`Delete the account ${account.name}?`} labelId="account-delete-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} onClose={action.clearError} /> : null}
        It can no longer sign in; its sessions end at their next request. Its rows on the audit trail stay.
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={() => void submit()} isLoading={action.busy} data-testid="account-delete-confirm">
          Delete
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
