import { useMemo, useState } from 'react';
import { Button, Content, Flex, Form, List, ListItem } from '@patternfly/react-core';
import UserIcon from '@patternfly/react-icons/dist/esm/icons/user-icon';
import UsersIcon from '@patternfly/react-icons/dist/esm/icons/users-icon';
import { Field } from '../../../components/form-fields.tsx';
import { PrincipalPicker, type Principal } from '../PrincipalPicker.tsx';
import type { StepProps } from './steps-a.tsx';

/** Step 6: who may use the pool (Horizon: entitlements · Citrix: delivery group users · AVD: app group assignment). */
export function EntitlementsStep({ form, set, errors }: StepProps) {
  const [picked, setPicked] = useState<Principal | null>(null);
  const exclude = useMemo(() => new Set(form.entitlements.map((e) => `${e.principalType}:${e.principalId}`)), [form.entitlements]);
  const add = () => {
    if (!picked) return;
    set({ entitlements: [...form.entitlements, { principalType: picked.type, principalId: picked.id, name: picked.name }] });
    setPicked(null);
  };
  return (
    <Form data-testid="wizard-step-entitlements" isWidthLimited onSubmit={(e) => e.preventDefault()}>
      <Content component="p" className="vdi-muted">
        Users and groups who may connect to this pool. You can skip this and entitle people later on the pool page: until then nobody can use it.
      </Content>
      <Field id="entitlements" label="Add a user or group" error={errors.entitlements} limits="up to 200 entries">
        <Flex gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsFlexStart' }}>
          <PrincipalPicker exclude={exclude} onPick={setPicked} picked={picked} />
          <Button variant="secondary" onClick={add} isDisabled={!picked} data-testid="wizard-entitle-add">
            Add
          </Button>
        </Flex>
      </Field>
      {form.entitlements.length ? (
        <List isPlain data-testid="wizard-entitlements-list" aria-label="Entitled users and groups">
          {form.entitlements.map((e) => (
            <ListItem key={`${e.principalType}:${e.principalId}`} icon={e.principalType === 'group' ? <UsersIcon /> : <UserIcon />}>
              <span data-testid={`wizard-entitled-${e.principalId}`}>{e.name}</span>{' '}
              <Button
                variant="link"
                isInline
                isDanger
                size="sm"
                aria-label={`Remove ${e.name}`}
                onClick={() =>
                  set({ entitlements: form.entitlements.filter((x) => !(x.principalType === e.principalType && x.principalId === e.principalId)) })
                }
              >
                Remove
              </Button>
            </ListItem>
          ))}
        </List>
      ) : (
        <Content component="p" className="vdi-small" data-testid="wizard-entitlements-empty">
          Nobody is entitled yet.
        </Content>
      )}
    </Form>
  );
}
