import { useState } from 'react';
import {
  Alert,
  Button,
  Content,
  FileUpload,
  Form,
  FormGroup,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  ModalVariant,
  Progress,
} from '@patternfly/react-core';
import { methods, type Checkpoint } from '../../../src-main/contract/index.ts';
import { TextField, textOk } from '../../components/form-fields.tsx';
import { fieldSchema } from '../../components/schema-check.ts';

const SAVE = methods['checkpoint-save'].input;
const IMPORT_NAME = fieldSchema(methods['checkpoint-import-begin'].input, 'name');
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { formatSimTime } from '../../components/format.ts';
import { uploadCheckpoint } from './checkpoint-transfer.ts';

export function SaveCheckpointModal({ simTime, onClose }: { simTime: string | null; onClose(): void }) {
  const [name, setName] = useState(`Lab at ${formatSimTime(simTime)}`);
  const [notes, setNotes] = useState('');
  const action = useAction();
  const save = async () => {
    const cp = await action.run(() => getClient().call('checkpoint-save', { name, notes }));
    if (cp) {
      notifySuccess(`Checkpoint "${cp.name}" saved (${(cp.sizeBytes / 1048576).toFixed(1)} MB)`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="cp-save-title" data-testid="checkpoint-save-modal">
      <ModalHeader
        title="Save a lab checkpoint"
        labelId="cp-save-title"
        description="The whole lab: every object, session, event, snapshot and the simulated time."
      />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="The checkpoint was not saved" onClose={action.clearError} /> : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <TextField id="cp-name" label="Name" isRequired value={name} onChange={setName} schema={fieldSchema(SAVE, 'name')} testId="checkpoint-name-input" />
          <TextField id="cp-notes" label="Notes" value={notes} onChange={setNotes} schema={fieldSchema(SAVE, 'notes')} multiline />
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button
          onClick={() => void save()}
          isLoading={action.busy}
          isDisabled={action.busy || !textOk(fieldSchema(SAVE, 'name'), name) || !textOk(fieldSchema(SAVE, 'notes'), notes)}
          data-testid="checkpoint-save-confirm"
        >
          Save checkpoint
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

export function RestoreCheckpointModal({ checkpoint, running, onClose }: { checkpoint: Checkpoint; running: boolean; onClose(): void }) {
  const action = useAction();
  const restore = async () => {
    const info = await action.run(() => getClient().call('checkpoint-restore', { id: checkpoint.id, confirm: true }));
    // Every console (this one too) says so from the lab-restored push.
    if (info) onClose();
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="cp-restore-title" data-testid="checkpoint-restore-modal">
      <ModalHeader title={`Restore "${checkpoint.name}"?`} labelId="cp-restore-title" titleIconVariant="warning" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="The lab was not restored" onClose={action.clearError} /> : null}
        <Content component="p">
          The whole lab goes back to <strong>{formatSimTime(checkpoint.simTime)}</strong>: desktops, sessions, snapshots, tasks and events as they were then.
          Everything that happened after it is discarded. Every open console reloads.
        </Content>
        {running ? <Alert variant="info" isInline isPlain title="The clock is running: it is paused first." /> : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="danger" onClick={() => void restore()} isLoading={action.busy} isDisabled={action.busy} data-testid="checkpoint-restore-confirm">
          Restore the lab
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}

export function ImportCheckpointModal({ onClose }: { onClose(): void }) {
  const [file, setFile] = useState<File | null>(null);
  const [name, setName] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const action = useAction();
  const start = async () => {
    if (!file) return;
    setProgress(0);
    const cp = await action.run(() => uploadCheckpoint(file, name.trim() || file.name, (done, total) => setProgress((done / total) * 100)));
    setProgress(null);
    if (cp) {
      notifySuccess(`Checkpoint "${cp.name}" imported (lab at ${formatSimTime(cp.simTime)})`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="cp-import-title" data-testid="checkpoint-import-modal">
      <ModalHeader
        title="Import a lab checkpoint"
        labelId="cp-import-title"
        description="A .vdilab file exported from this console. It is checked before it is added; nothing changes if it is not a lab."
      />
      <ModalBody>
        {action.error ? (
          <ApiErrorAlert error={action.error} title="The file was not imported" onClose={action.clearError} testId="checkpoint-import-error" />
        ) : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="File" isRequired fieldId="cp-file">
            <FileUpload
              id="cp-file"
              filename={file?.name ?? ''}
              browseButtonText="Choose a file"
              hideDefaultPreview
              onFileInputChange={(_e, f) => {
                setFile(f);
                if (!name) setName(f.name.replace(/\.[^.]+$/, ''));
              }}
              onClearClick={() => setFile(null)}
              data-testid="checkpoint-file"
            />
          </FormGroup>
          <TextField id="cp-import-name" label="Name" value={name} onChange={setName} schema={IMPORT_NAME} testId="checkpoint-import-name" />
        </Form>
        {progress !== null ? <Progress value={progress} title="Sending the file" size="sm" aria-label="Import progress" /> : null}
      </ModalBody>
      <ModalFooter>
        <Button
          onClick={() => void start()}
          isLoading={action.busy}
          isDisabled={action.busy || !file || (name.trim() !== '' && !textOk(IMPORT_NAME, name))}
          data-testid="checkpoint-import-confirm"
        >
          Import
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
