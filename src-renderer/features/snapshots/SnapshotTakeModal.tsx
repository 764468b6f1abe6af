import { useState } from 'react';
import {
  Button,
  Checkbox,
  Form,
  FormGroup,
  FormHelperText,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
} from '@patternfly/react-core';
import { methods, type Desktop } from '../../../src-main/contract/index.ts';
import { TextField, textOk } from '../../components/form-fields.tsx';
import { fieldSchema } from '../../components/schema-check.ts';

const TAKE = methods['snapshot-take'].input;
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';

/** Take a snapshot: vSphere's dialog (name, description, memory, quiesce) with the rule spelled out before the host enforces it. */
export function SnapshotTakeModal({ desktop, onClose }: { desktop: Desktop; onClose(): void }) {
  const running = desktop.powerState === 'poweredOn';
  const [name, setName] = useState('Before change');
  const [description, setDescription] = useState('');
  const [memory, setMemory] = useState(running);
  const [quiesce, setQuiesce] = useState(false);
  const action = useAction();

  const take = async () => {
    const s = await action.run(() => getClient().call('snapshot-take', { desktopId: desktop.id, name, description, includeMemory: memory, quiesce }));
    if (s) {
      notifySuccess(`Snapshot "${s.name}" of ${desktop.name} taken${s.includeMemory ? ` with ${s.memoryGb} GB of memory` : ''}`);
      onClose();
    }
  };

  const diskOnlyRunning = running && !memory;
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="snapshot-take-title" data-testid="snapshot-take-modal">
      <ModalHeader title={`Take a snapshot of ${desktop.name}`} labelId="snapshot-take-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="No snapshot was taken" onClose={action.clearError} testId="snapshot-take-error" /> : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <TextField
            id="snapshot-name"
            label="Name"
            isRequired
            value={name}
            onChange={setName}
            schema={fieldSchema(TAKE, 'name')}
            testId="snapshot-name-input"
          />
          <TextField
            id="snapshot-description"
            label="Description"
            value={description}
            onChange={setDescription}
            schema={fieldSchema(TAKE, 'description')}
            multiline
          />
          <FormGroup fieldId="snapshot-memory" role="group" label="Options">
            <Checkbox
              id="snapshot-memory"
              label="Include the virtual machine's memory"
              description={
                running
                  ? `Writes ${desktop.ramGb} GB; a revert resumes the desktop running at this moment.`
                  : 'The desktop is not running: there is no memory to save.'
              }
              isChecked={memory && running}
              isDisabled={!running}
              onChange={(_e, v) => setMemory(v)}
              data-testid="snapshot-memory-checkbox"
            />
            <Checkbox
              id="snapshot-quiesce"
              label="Quiesce the guest file system"
              description="VMware Tools flush the guest (VSS) before the disk is frozen. Needed for a disk-only snapshot of a running desktop."
              isChecked={quiesce}
              onChange={(_e, v) => setQuiesce(v)}
              data-testid="snapshot-quiesce-checkbox"
            />
            {diskOnlyRunning && !quiesce ? (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="warning">
                    A disk-only snapshot of a running desktop is only crash-consistent: include memory or quiesce.
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            ) : null}
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          onClick={() => void take()}
          isLoading={action.busy}
          isDisabled={action.busy || !textOk(fieldSchema(TAKE, 'name'), name) || !textOk(fieldSchema(TAKE, 'description'), description)}
          data-testid="snapshot-take-confirm"
        >
          Take snapshot
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
