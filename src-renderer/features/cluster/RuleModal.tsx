import { useMemo, useState } from 'react';
import {
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import type { HostOpsState, RuleKind } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';

export const RULE_LABEL: Record<RuleKind, string> = {
  'vm-affinity': 'Keep virtual machines together',
  'vm-anti-affinity': 'Separate virtual machines',
  'vm-host-must': 'Virtual machines must run on hosts in group',
  'vm-host-should': 'Virtual machines should run on hosts in group',
  'vm-host-must-not': 'Virtual machines must not run on hosts in group',
  'vm-host-should-not': 'Virtual machines should not run on hosts in group',
};

/** A new DRS rule: VMs by name (as vCenter's rule dialog lists them), and for VM-host rules a host group. */
export function RuleModal({ clusterId, hosts, onClose }: { clusterId: string; hosts: HostOpsState[]; onClose(): void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<RuleKind>('vm-anti-affinity');
  const [vmText, setVmText] = useState('');
  const [group, setGroup] = useState('');
  const [groupHosts, setGroupHosts] = useState<string[]>([]);
  const desktops = useApi('desktop-list', { limit: 20000 });
  const action = useAction();
  const byName = useMemo(() => new Map((desktops.data?.rows ?? []).map((d) => [d.name.toUpperCase(), d.id])), [desktops.data]);
  const names = vmText
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !byName.has(n.toUpperCase()));
  const vmHost = kind.startsWith('vm-host');
  const submit = async () => {
    const desktopIds = names.map((n) => byName.get(n.toUpperCase()) ?? n);
    const rule = await action.run(() =>
      getClient().call('rule-create', {
        clusterId,
        name: name.trim(),
        kind,
        desktopIds,
        ...(vmHost ? { hostGroup: { name: group.trim() || 'Host group', hostIds: groupHosts } } : {}),
      }),
    );
    if (rule) {
      notifySuccess(`Rule "${rule.name}" created${rule.compliant ? '' : ': not met yet, see the DRS recommendations'}`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant="medium" onClose={onClose} aria-labelledby="rule-title" data-testid="rule-modal">
      <ModalHeader
        title="New DRS rule"
        labelId="rule-title"
        description="A rule that can never be met (more VMs kept apart than hosts, an empty host group) is refused."
      />
      <ModalBody>
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Name" fieldId="rule-name" isRequired>
            <TextInput id="rule-name" value={name} onChange={(_e, v) => setName(v)} data-testid="rule-name" />
          </FormGroup>
          <FormGroup label="Type" fieldId="rule-kind">
            <FormSelect id="rule-kind" value={kind} onChange={(_e, v) => setKind(v as RuleKind)} data-testid="rule-kind">
              {(Object.keys(RULE_LABEL) as RuleKind[]).map((k) => (
                <FormSelectOption key={k} value={k} label={RULE_LABEL[k]} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label="Virtual machines" fieldId="rule-vms" isRequired>
            <TextArea id="rule-vms" value={vmText} onChange={(_e, v) => setVmText(v)} rows={2} placeholder="KIOSK-01, KIOSK-02" data-testid="rule-vms" />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={unknown.length ? 'warning' : 'default'}>
                  {unknown.length ? `Unknown: ${unknown.slice(0, 5).join(', ')}` : `${names.length} VM(s), by name, separated by commas or spaces`}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          {vmHost ? (
            <FormGroup label="Host group" fieldId="rule-group" role="group">
              <TextInput
                id="rule-group"
                value={group}
                onChange={(_e, v) => setGroup(v)}
                placeholder="Host group name"
                aria-label="Host group name"
                data-testid="rule-group"
              />
              {hosts.map((h) => (
                <Checkbox
                  key={h.hostId}
                  id={`rule-host-${h.hostId}`}
                  label={h.hostName}
                  isChecked={groupHosts.includes(h.hostId)}
                  onChange={(_e, v) => setGroupHosts(v ? [...groupHosts, h.hostId] : groupHosts.filter((x) => x !== h.hostId))}
                  data-testid={`rule-host-${h.hostName}`}
                />
              ))}
            </FormGroup>
          ) : null}
        </Form>
        {action.error ? <ApiErrorAlert error={action.error} title="The rule was refused" onClose={action.clearError} testId="rule-error" /> : null}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          onClick={() => void submit()}
          isLoading={action.busy}
          isDisabled={action.busy || !name.trim() || names.length === 0}
          data-testid="rule-submit"
        >
          Create rule
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
