import { useState } from 'react';
import {
  Button,
  Checkbox,
  Dropdown,
  DropdownItem,
  DropdownList,
  Divider,
  MenuToggle,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
} from '@patternfly/react-core';
import type { HostOpsState } from '../../../src-main/contract/cluster-entities.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useCan } from '../../state/whoami-store.ts';
import { useAction } from '../../state/use-api.ts';

type Op = 'enter' | 'exit' | 'power-on' | 'power-off' | 'fail-power' | 'fail-isolation' | 'repair' | 'remove';

const CONFIRM: Record<Op, { title: string; body: string; button: string; danger?: boolean }> = {
  enter: {
    title: 'Enter maintenance mode',
    body: 'The host is evacuated by live migration (powered-off VMs are re-registered elsewhere); no new VM or session is placed on it.',
    button: 'Enter maintenance mode',
  },
  exit: { title: 'Exit maintenance mode', body: 'The host takes VMs again. An evacuation under way stops.', button: 'Exit maintenance mode' },
  'power-on': { title: 'Power on', body: 'ESXi boots (about 3 minutes) and the host rejoins its cluster.', button: 'Power on' },
  'power-off': {
    title: 'Power off',
    body: 'Only a host without powered-on VMs (empty, or in maintenance mode) can be powered off.',
    button: 'Power off',
    danger: true,
  },
  'fail-power': {
    title: 'Fail host: power loss (training)',
    body: 'The host loses power now. Its sessions are lost; vSphere HA declares it dead and restarts its VMs on the other hosts, by priority, in batches of 32.',
    button: 'Cut the power',
    danger: true,
  },
  'fail-isolation': {
    title: 'Fail host: network isolation (training)',
    body: 'The host loses its management network. Its sessions drop; HA declares it isolated, powers its VMs off and restarts them elsewhere.',
    button: 'Isolate the host',
    danger: true,
  },
  repair: { title: 'Repair host', body: 'Power is restored (ESXi boots) or the network comes back; the host rejoins the cluster.', button: 'Repair' },
  remove: { title: 'Remove host', body: 'Only an empty host in maintenance mode can be removed from its cluster.', button: 'Remove', danger: true },
};

/** The host's actions menu (vCenter's host context menu), with a confirmation for each. */
export function HostActions({ host, testId }: { host: HostOpsState; testId?: string }) {
  const [open, setOpen] = useState(false);
  const [op, setOp] = useState<Op | null>(null);
  const [wait, setWait] = useState(false);
  const action = useAction();
  const id = host.hostId;
  // Maintenance, power and removal are configuration; failures and repairs are the instructor's (both hidden otherwise).
  const canConfigure = useCan('host-enter-maintenance');
  const canTrain = useCan('host-fail');
  const failed = host.status === 'failed' || host.status === 'isolated';
  const run = async () => {
    if (!op) return;
    const c = getClient();
    const task = await action.run(() => {
      switch (op) {
        case 'enter':
          return c.call('host-enter-maintenance', { hostId: id, wait });
        case 'exit':
          return c.call('host-exit-maintenance', { hostId: id });
        case 'power-on':
          return c.call('host-power', { hostId: id, action: 'on' });
        case 'power-off':
          return c.call('host-power', { hostId: id, action: 'off' });
        case 'fail-power':
          return c.call('host-fail', { hostId: id, mode: 'power-loss' });
        case 'fail-isolation':
          return c.call('host-fail', { hostId: id, mode: 'isolation' });
        case 'repair':
          return c.call('host-repair', { hostId: id });
        case 'remove':
          return c.call('host-remove', { hostId: id });
      }
    });
    if (task) {
      notifySuccess(`${host.hostName}: ${CONFIRM[op].title.toLowerCase()} (${task.id})`);
      setOp(null);
    }
  };
  const item = (o: Op, label: string, disabled: boolean) => (
    <DropdownItem key={o} value={o} isDisabled={disabled} isDanger={Boolean(CONFIRM[o].danger) && !disabled} data-testid={`host-action-${o}`}>
      {label}
    </DropdownItem>
  );
  const inMaint = host.status === 'maintenance' || (host.status === 'powered-off' && host.label.includes('maintenance'));
  if (!canConfigure && !canTrain) return null;
  return (
    <>
      <Dropdown
        isOpen={open}
        onOpenChange={setOpen}
        onSelect={(_e, v) => {
          setOpen(false);
          setWait(false);
          action.clearError();
          setOp(v as Op);
        }}
        popperProps={{ position: 'right' }}
        toggle={(ref) => (
          <MenuToggle ref={ref} onClick={() => setOpen(!open)} isExpanded={open} size="sm" data-testid={testId ?? `host-${host.hostName}-actions`}>
            Actions
          </MenuToggle>
        )}
      >
        <DropdownList>
          {canConfigure ? (
            <>
              {item('enter', 'Enter maintenance mode…', host.status !== 'connected')}
              {item('exit', 'Exit maintenance mode', host.status !== 'maintenance' && host.status !== 'entering-maintenance')}
              <Divider component="li" />
              {item('power-on', 'Power on', host.status !== 'powered-off')}
              {item('power-off', 'Power off', host.status === 'powered-off' || failed || host.vmsOn > 0)}
              <Divider component="li" />
            </>
          ) : null}
          {canTrain ? (
            <>
              {item('fail-power', 'Fail host: power loss (training)', failed || host.status === 'powered-off' || host.status === 'powering-on')}
              {item('fail-isolation', 'Fail host: network isolation (training)', failed || host.status === 'powered-off' || host.status === 'powering-on')}
              {item('repair', 'Repair host', !failed)}
            </>
          ) : null}
          {canConfigure ? (
            <>
              <Divider component="li" />
              {item('remove', 'Remove from cluster…', !inMaint)}
            </>
          ) : null}
        </DropdownList>
      </Dropdown>
      {op ? (
        <Modal isOpen variant="small" onClose={() => setOp(null)} aria-labelledby="host-op-title" data-testid="host-op-modal">
          <ModalHeader title={`${CONFIRM[op].title}: ${host.hostName}`} labelId="host-op-title" titleIconVariant={CONFIRM[op].danger ? 'warning' : undefined} />
          <ModalBody>
            <p>{CONFIRM[op].body}</p>
            {op === 'enter' ? (
              <div style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}>
                <Checkbox
                  id="maint-wait"
                  label="If some VMs have nowhere to go, wait for room instead of refusing"
                  isChecked={wait}
                  onChange={(_e, v) => setWait(v)}
                  data-testid="host-op-wait"
                />
              </div>
            ) : null}
            {action.error ? <ApiErrorAlert error={action.error} title="Refused" onClose={action.clearError} testId="host-op-error" /> : null}
          </ModalBody>
          <ModalFooter>
            <Button
              variant={CONFIRM[op].danger ? 'danger' : 'primary'}
              onClick={() => void run()}
              isLoading={action.busy}
              isDisabled={action.busy}
              data-testid="host-op-confirm"
            >
              {CONFIRM[op].button}
            </Button>
            <Button variant="link" onClick={() => setOp(null)}>
              Cancel
            </Button>
          </ModalFooter>
        </Modal>
      ) : null}
    </>
  );
}
