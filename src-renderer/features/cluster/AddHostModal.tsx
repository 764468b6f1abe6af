import { useState } from 'react';
import { Button, Checkbox, Form, FormGroup, FormSelect, FormSelectOption, Modal, ModalBody, ModalFooter, ModalHeader, TextInput } from '@patternfly/react-core';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction } from '../../state/use-api.ts';

const RAM = ['', '256', '512', '768', '1024', '1536', '2048'];
const NIC = ['', '1', '10', '25', '40', '100'] as const;

/** Adds an ESXi host to the cluster: the peers' design unless RAM or network is picked. */
export function AddHostModal({ clusterId, clusterName, onClose }: { clusterId: string; clusterName: string; onClose(): void }) {
  const [name, setName] = useState('');
  const [ram, setRam] = useState('');
  const [nic, setNic] = useState<(typeof NIC)[number]>('');
  const [maintenance, setMaintenance] = useState(false);
  const action = useAction();
  const submit = async () => {
    const design = { ...(ram ? { ramGb: Number(ram) } : {}), ...(nic ? { nicGbps: Number(nic) as 1 | 10 | 25 | 40 | 100 } : {}) };
    const task = await action.run(() =>
      getClient().call('host-add', {
        clusterId,
        maintenance,
        ...(name.trim() ? { name: name.trim() } : {}),
        ...(Object.keys(design).length ? { design } : {}),
      }),
    );
    if (task) {
      notifySuccess(`${task.objectName} added to ${clusterName}`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="add-host-title" data-testid="add-host-modal">
      <ModalHeader
        title={`Add host to ${clusterName}`}
        labelId="add-host-title"
        description="Same design as the cluster's other hosts, unless you change it here."
      />
      <ModalBody>
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Host name" fieldId="add-host-name">
            <TextInput
              id="add-host-name"
              value={name}
              onChange={(_e, v) => setName(v)}
              placeholder="next in the cluster's naming"
              data-testid="add-host-name"
            />
          </FormGroup>
          <FormGroup label="Memory" fieldId="add-host-ram">
            <FormSelect id="add-host-ram" value={ram} onChange={(_e, v) => setRam(v)}>
              {RAM.map((r) => (
                <FormSelectOption key={r} value={r} label={r ? `${r} GB` : 'As its peers'} />
              ))}
            </FormSelect>
          </FormGroup>
          <FormGroup label="Network" fieldId="add-host-nic">
            <FormSelect id="add-host-nic" value={nic} onChange={(_e, v) => setNic(v as (typeof NIC)[number])}>
              {NIC.map((n) => (
                <FormSelectOption key={n} value={n} label={n ? `${n} GbE` : 'As its peers'} />
              ))}
            </FormSelect>
          </FormGroup>
          <Checkbox id="add-host-maint" label="Join in maintenance mode" isChecked={maintenance} onChange={(_e, v) => setMaintenance(v)} />
        </Form>
        {action.error ? <ApiErrorAlert error={action.error} title="The host was not added" onClose={action.clearError} testId="add-host-error" /> : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={() => void submit()} isLoading={action.busy} isDisabled={action.busy} data-testid="add-host-submit">
          Add host
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
