import { useState } from 'react';
import {
  Alert,
  Button,
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
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import type { Desktop } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatNumber } from '../../components/format.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { migrateTargets } from './migrate-targets.ts';
import { useClusterStatus } from './use-cluster.ts';
import './cluster.css';

const AUTO = '';

/**
 * Live-migrates one desktop (vMotion): pick the target host, see the pre-copy
 * plan (rounds, duration, switchover downtime) before starting. "Let DRS
 * choose" sends it to the host with the most room that keeps the rules. Hosts
 * that cannot take it (failed, off, in maintenance, its own) are listed greyed
 * out with the reason, as vCenter's compatibility check shows them.
 */
export function MigrateModal({ desktop, onClose }: { desktop: Desktop; onClose(): void }) {
  const hosts = useApi('host-list', {});
  const [to, setTo] = useState<string>(AUTO);
  const own = hosts.data?.find((h) => h.id === desktop.hostId);
  const ops = useClusterStatus(own?.clusterId ?? '');
  const targets = migrateTargets(hosts.data ?? [], desktop.hostId, ops.data?.hosts);
  const possible = targets.filter((t) => !t.reason);
  const chosen = targets.find((t) => t.id === to);
  // A host chosen while it could take the desktop that failed (or went into maintenance) since.
  const chosenGone = chosen?.reason ? chosen : null;
  const estimate = useApi(
    'vm-migrate-estimate',
    { desktopId: desktop.id, toHostId: to || (possible[0]?.id ?? desktop.hostId) },
    { enabled: to !== AUTO && !chosenGone },
  );
  const action = useAction();
  const e = to !== AUTO && !chosenGone ? estimate.data : undefined;
  const submit = async () => {
    const task = await action.run(() => getClient().call('vm-migrate', to ? { desktopIds: [desktop.id], toHostId: to } : { desktopIds: [desktop.id] }));
    if (task) {
      notifySuccess(`${desktop.name}: live migration started (${task.id})`);
      onClose();
    }
  };
  const cold = desktop.powerState !== 'poweredOn';
  return (
    <Modal isOpen onClose={onClose} variant="medium" aria-labelledby="migrate-title" data-testid="migrate-modal">
      <ModalHeader
        title={`Migrate ${desktop.name}`}
        labelId="migrate-title"
        description={
          cold
            ? 'The desktop is powered off: it is re-registered on the other host (cold migration, no downtime).'
            : 'Live migration (vMotion): memory is copied while the desktop runs; its sessions freeze only for the switchover.'
        }
      />
      <ModalBody>
        <Form onSubmit={(ev) => ev.preventDefault()}>
          <FormGroup label="Target host" fieldId="migrate-target">
            <FormSelect id="migrate-target" className="vdi-migrate-target" value={to} onChange={(_e, v) => setTo(v)} data-testid="migrate-target">
              <FormSelectOption value={AUTO} label="Let DRS choose (most room, rules kept)" />
              {targets.map((t) => (
                <FormSelectOption key={t.id} value={t.id} label={t.label} isDisabled={t.reason !== null} />
              ))}
            </FormSelect>
            {hosts.data && targets.some((t) => t.reason) ? (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem data-testid="migrate-target-help">
                    {possible.length === 0
                      ? 'No host of the cluster can take this desktop now: each is greyed out with the reason.'
                      : 'Greyed-out hosts cannot take the desktop; the reason follows the name.'}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            ) : null}
          </FormGroup>
        </Form>
        {chosenGone ? <Alert variant="warning" isInline isPlain title={`${chosenGone.label}: choose another host`} data-testid="migrate-target-gone" /> : null}
        {e ? (
          <div data-testid="migrate-estimate" style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}>
            {e.refusal ? (
              <Alert variant="danger" isInline isPlain title="This host would refuse the desktop" data-testid="migrate-refusal">
                {e.refusal}
              </Alert>
            ) : null}
            <p className="vdi-muted">
              {formatNumber(e.memoryMb / 1024, 1)} GB to copy · guest dirties {formatNumber(e.dirtyMBps, 0)} MB/s · link {formatNumber(e.linkMBps, 0)} MB/s
              (half the NIC) · λ = {e.lambda}
            </p>
            <Table variant="compact" aria-label="Pre-copy rounds" gridBreakPoint="">
              <Thead>
                <Tr>
                  <Th>Round</Th>
                  <Th className="vdi-num">Copied</Th>
                  <Th className="vdi-num">Time</Th>
                </Tr>
              </Thead>
              <Tbody>
                {e.rounds.map((r) => (
                  <Tr key={r.round}>
                    <Td>{r.round === 0 ? '0 (all memory)' : r.round}</Td>
                    <Td className="vdi-num">{formatNumber(r.copiedMb, 1)} MB</Td>
                    <Td className="vdi-num">{formatNumber(r.seconds, 2)} s</Td>
                  </Tr>
                ))}
                <Tr>
                  <Td>Switchover (stunned)</Td>
                  <Td className="vdi-num" />
                  <Td className="vdi-num" data-testid="migrate-downtime">
                    {formatNumber(e.downtimeMs, 0)} ms
                  </Td>
                </Tr>
              </Tbody>
            </Table>
            <p style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }} data-testid="migrate-duration">
              Expected duration <strong>{formatNumber(e.durationSec, 1)} s</strong>, downtime <strong>{formatNumber(e.downtimeMs, 0)} ms</strong>
              {e.converged ? '' : ' (did not converge: the guest dirties memory too fast)'}
            </p>
          </div>
        ) : null}
        {action.error ? <ApiErrorAlert error={action.error} title="The migration was refused" onClose={action.clearError} testId="migrate-error" /> : null}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          onClick={() => void submit()}
          isLoading={action.busy}
          isDisabled={action.busy || Boolean(e?.refusal) || Boolean(chosenGone)}
          data-testid="migrate-submit"
        >
          Migrate
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
