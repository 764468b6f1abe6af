import { useState, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormSelect,
  FormSelectOption,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  TextInput,
} from '@patternfly/react-core';
import type { ProtectionGroupView, SiteOverview } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';

// The three forms of the disaster-recovery page. The host checks everything again (a pool protected
// twice, a group across sites, a global entitlement within one site) and the refusal is shown here.

function FormModal({
  title,
  testId,
  onClose,
  onSubmit,
  canSubmit,
  busy,
  error,
  children,
}: {
  title: string;
  testId: string;
  onClose: (done: boolean) => void;
  onSubmit: () => void;
  canSubmit: boolean;
  busy: boolean;
  error: ReturnType<typeof useAction>['error'];
  children: ReactNode;
}) {
  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={() => onClose(false)} aria-labelledby={`${testId}-title`} data-testid={testId}>
      <ModalHeader title={title} labelId={`${testId}-title`} />
      <ModalBody>
        {error ? <ApiErrorAlert error={error} title="Refused" /> : null}
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            if (canSubmit) onSubmit();
          }}
        >
          {children}
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={onSubmit} isDisabled={!canSubmit || busy} isLoading={busy} data-testid={`${testId}-submit`}>
          Create
        </Button>
        <Button variant="link" onClick={() => onClose(false)}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

function PoolChecks({ sites, selected, onChange, only }: { sites: SiteOverview[]; selected: string[]; onChange: (ids: string[]) => void; only?: string }) {
  return (
    <>
      {sites
        .filter((s) => !only || s.id === only)
        .map((s) => (
          <FormGroup key={s.id} label={s.name} role="group" isStack>
            {s.pools.map((p) => (
              <Checkbox
                key={p.id}
                id={`pool-check-${p.id}`}
                label={`${p.name} (${p.machines} machines)`}
                isChecked={selected.includes(p.id)}
                onChange={(_e, on) => onChange(on ? [...selected, p.id] : selected.filter((x) => x !== p.id))}
                data-testid={`pool-check-${p.name}`}
              />
            ))}
          </FormGroup>
        ))}
    </>
  );
}

export function NewProtectionGroupModal({ sites, onClose }: { sites: SiteOverview[]; onClose: (done: boolean) => void }) {
  const [name, setName] = useState('');
  const [replication, setReplication] = useState<'array' | 'hypervisor'>('hypervisor');
  const [rpo, setRpo] = useState('15');
  const [from, setFrom] = useState(sites[0]?.id ?? '');
  const [to, setTo] = useState(sites[1]?.id ?? '');
  const [pools, setPools] = useState<string[]>([]);
  const action = useAction();
  const rpoN = Number(rpo);
  const rpoOk = Number.isInteger(rpoN) && rpoN >= 5 && rpoN <= 1440;
  const submit = async () => {
    const r = await action.run(() =>
      getClient().call('protection-group-create', { name: name.trim(), replication, rpoMinutes: rpoN, poolIds: pools, recoverySiteId: to }),
    );
    if (r) {
      notifySuccess(`Protection group ${r.name} replicates ${r.vms} VMs`);
      onClose(true);
    }
  };
  return (
    <FormModal
      title="New protection group"
      testId="pg-modal"
      onClose={onClose}
      onSubmit={() => void submit()}
      canSubmit={name.trim().length > 0 && rpoOk && pools.length > 0 && from !== to}
      busy={action.busy}
      error={action.error}
    >
      <FormGroup label="Name" isRequired fieldId="pg-name">
        <TextInput id="pg-name" value={name} onChange={(_e, v) => setName(v)} data-testid="pg-name" />
      </FormGroup>
      <FormGroup label="Replication" fieldId="pg-type">
        <FormSelect id="pg-type" value={replication} onChange={(_e, v) => setReplication(v as 'array' | 'hypervisor')} data-testid="pg-type">
          <FormSelectOption value="hypervisor" label="vSphere Replication (per VM)" />
          <FormSelectOption value="array" label="Array-based (per datastore)" />
        </FormSelect>
      </FormGroup>
      <FormGroup label="RPO target (minutes, 5–1,440)" fieldId="pg-rpo">
        <TextInput id="pg-rpo" value={rpo} onChange={(_e, v) => setRpo(v)} validated={rpoOk ? 'default' : 'error'} data-testid="pg-rpo" />
      </FormGroup>
      <FormGroup label="Protected site" fieldId="pg-from">
        <FormSelect
          id="pg-from"
          value={from}
          onChange={(_e, v) => {
            setFrom(v);
            setPools([]);
          }}
        >
          {sites.map((s) => (
            <FormSelectOption key={s.id} value={s.id} label={s.name} />
          ))}
        </FormSelect>
      </FormGroup>
      <FormGroup label="Recovery site" fieldId="pg-to">
        <FormSelect id="pg-to" value={to} onChange={(_e, v) => setTo(v)} validated={from !== to ? 'default' : 'error'}>
          {sites.map((s) => (
            <FormSelectOption key={s.id} value={s.id} label={s.name} />
          ))}
        </FormSelect>
      </FormGroup>
      <PoolChecks sites={sites} selected={pools} onChange={setPools} only={from} />
    </FormModal>
  );
}

export function NewPlanModal({ groups, onClose }: { groups: ProtectionGroupView[]; onClose: (done: boolean) => void }) {
  const [name, setName] = useState('');
  const [priority, setPriority] = useState<Record<string, number>>({});
  const action = useAction();
  const chosen = Object.entries(priority).filter(([, p]) => p > 0);
  const submit = async () => {
    const r = await action.run(() =>
      getClient().call('recovery-plan-create', { name: name.trim(), groups: chosen.map(([groupId, p]) => ({ groupId, priority: p })) }),
    );
    if (r) {
      notifySuccess(`Recovery plan ${r.name} created`);
      onClose(true);
    }
  };
  return (
    <FormModal
      title="New recovery plan"
      testId="plan-modal"
      onClose={onClose}
      onSubmit={() => void submit()}
      canSubmit={name.trim().length > 0 && chosen.length > 0}
      busy={action.busy}
      error={action.error}
    >
      <FormGroup label="Name" isRequired fieldId="plan-name">
        <TextInput id="plan-name" value={name} onChange={(_e, v) => setName(v)} data-testid="plan-name" />
      </FormGroup>
      {groups.map((g) => (
        <FormGroup key={g.id} label={`${g.name} (${g.vms} VMs)`} fieldId={`plan-prio-${g.id}`}>
          <FormSelect
            id={`plan-prio-${g.id}`}
            value={String(priority[g.id] ?? 0)}
            onChange={(_e, v) => setPriority({ ...priority, [g.id]: Number(v) })}
            data-testid={`plan-prio-${g.name}`}
          >
            <FormSelectOption value="0" label="Not in this plan" />
            {[1, 2, 3, 4, 5].map((p) => (
              <FormSelectOption key={p} value={String(p)} label={`Priority ${p}${p === 1 ? ' (first)' : ''}`} />
            ))}
          </FormSelect>
        </FormGroup>
      ))}
    </FormModal>
  );
}

export function NewGlobalEntitlementModal({ sites, onClose }: { sites: SiteOverview[]; onClose: (done: boolean) => void }) {
  const [name, setName] = useState('');
  const [pools, setPools] = useState<string[]>([]);
  const action = useAction();
  const submit = async () => {
    const r = await action.run(() => getClient().call('global-entitlement-create', { name: name.trim(), scope: 'any', poolIds: pools }));
    if (r) {
      notifySuccess(`Global entitlement ${r.name} spans ${r.pools.length} pools`);
      onClose(true);
    }
  };
  return (
    <FormModal
      title="New global entitlement"
      testId="ge-modal"
      onClose={onClose}
      onSubmit={() => void submit()}
      canSubmit={name.trim().length > 0 && pools.length >= 2}
      busy={action.busy}
      error={action.error}
    >
      <FormGroup label="Name" isRequired fieldId="ge-name">
        <TextInput id="ge-name" value={name} onChange={(_e, v) => setName(v)} data-testid="ge-name" />
      </FormGroup>
      <PoolChecks sites={sites} selected={pools} onChange={setPools} />
    </FormModal>
  );
}
