import { useState } from 'react';
import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import { methods, type GoldenImage } from '../../../src-main/contract/index.ts';
import { fieldSchema, fieldMessage } from '../../components/schema-check.ts';

const NOTES = fieldSchema(methods['image-version-create'].input, 'notes');
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { TextField, textOk } from '../../components/form-fields.tsx';

/** Take a new snapshot of a golden image VM (Citrix: new MCS snapshot · AVD: new image version), with notes on what changed. */
export function NewVersionModal({ image, onClose }: { image: GoldenImage; onClose(): void }) {
  const [notes, setNotes] = useState('');
  const action = useAction();
  const submit = async () => {
    const v = await action.run(() => getClient().call('image-version-create', { imageId: image.id, notes: notes.trim() }));
    if (v) {
      notifySuccess(`Took version v${v.version} of ${image.name}`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="new-version-title" data-testid="new-version-modal">
      <ModalHeader title={`New version of ${image.name}`} labelId="new-version-title" description="Snapshots the image VM as it is now." />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="No version was taken" onClose={action.clearError} testId="new-version-error" /> : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <TextField
            id="version-notes"
            label="What changed"
            isRequired
            multiline
            value={notes}
            onChange={setNotes}
            schema={NOTES}
            serverError={action.error?.path?.[0] === 'notes' ? fieldMessage(action.error) : undefined}
            testId="new-version-notes"
          />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          variant="primary"
          onClick={() => void submit()}
          isLoading={action.busy}
          isDisabled={action.busy || !notes.trim() || !textOk(NOTES, notes.trim())}
          data-testid="new-version-submit"
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
