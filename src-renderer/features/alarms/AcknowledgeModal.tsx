import { useState } from 'react';
import { Button, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant, TextArea } from '@patternfly/react-core';
import type { Alarm } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Field } from '../../components/form-fields.tsx';
import { formatInt } from '../../components/format.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';

/** Acknowledge triggered alarms: a comment is required (what is being done about it); who and when are recorded. */
export function AcknowledgeModal({ alarms, onClose, onDone }: { alarms: Alarm[]; onClose(): void; onDone(): void }) {
  const [comment, setComment] = useState('');
  const action = useAction();
  const blank = comment.trim() === '';
  const submit = async () => {
    const res = await action.run(() => getClient().call('alarm-acknowledge', { ids: alarms.map((a) => a.id), comment }));
    if (res) {
      notifySuccess(`${formatInt(res.acknowledged)} alarm${res.acknowledged === 1 ? '' : 's'} acknowledged`);
      onDone();
    }
  };
  const names = alarms.slice(0, 6).map((a) => `${a.definitionName} — ${a.objectName}`);
  return (
    <Modal variant={ModalVariant.small} isOpen onClose={onClose} aria-labelledby="alarm-ack-title" data-testid="alarm-ack-modal">
      <ModalHeader title={`Acknowledge ${alarms.length === 1 ? 'alarm' : `${formatInt(alarms.length)} alarms`}`} labelId="alarm-ack-title" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="Could not acknowledge" onClose={action.clearError} testId="alarm-ack-error" /> : null}
        <ul className="vdi-plain-list" data-testid="alarm-ack-names">
          {names.map((n) => (
            <li key={n}>{n}</li>
          ))}
          {alarms.length > names.length ? <li className="vdi-muted">and {formatInt(alarms.length - names.length)} more</li> : null}
        </ul>
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            if (!blank) void submit();
          }}
        >
          <Field id="alarm-ack-comment" label="Comment" hint="What is being done about it: the next admin reads it here and in the events" isRequired>
            <TextArea
              id="wizard-alarm-ack-comment"
              data-testid="alarm-ack-comment"
              value={comment}
              onChange={(_e, v) => setComment(v)}
              maxLength={500}
              autoResize
              aria-label="Comment"
            />
          </Field>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void submit()} isDisabled={blank || action.busy} isLoading={action.busy} data-testid="alarm-ack-confirm">
          Acknowledge
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
