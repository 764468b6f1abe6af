import { useState } from 'react';
import {
  Button,
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
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import { MESSAGE_SEVERITIES, type ApiError, type MessageSeverity } from '../../../src-main/contract/index.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { Segmented } from '../../components/Segmented.tsx';
import { plural } from '../../components/format.ts';
import { BODY_MAX, SEVERITY_NAMES, TITLE_MAX, namesOf, type SessionTarget } from './session-actions.ts';

export interface MessageDraft {
  severity: MessageSeverity;
  title: string;
  body: string;
}

/** Send a message to one or many sessions: severity, title, body; the users see it as a toast (info) or a dialog. */
export function SendMessageModal({
  targets,
  busy,
  error,
  onSend,
  onClose,
}: {
  targets: readonly SessionTarget[];
  busy: boolean;
  error: ApiError | undefined;
  onSend(draft: MessageDraft): void;
  onClose(): void;
}) {
  const [severity, setSeverity] = useState<MessageSeverity>('info');
  const [title, setTitle] = useState('');
  const [body, setBody] = useState('');
  const titleError = title.trim() === '' ? 'A title is required.' : title.length > TITLE_MAX ? `At most ${TITLE_MAX} characters.` : null;
  const bodyError = body.length > BODY_MAX ? `At most ${BODY_MAX.toLocaleString('en-US')} characters.` : null;
  const [touched, setTouched] = useState(false);
  const send = () => {
    setTouched(true);
    if (titleError || bodyError) return;
    onSend({ severity, title: title.trim(), body });
  };
  return (
    <Modal isOpen variant={ModalVariant.medium} onClose={onClose} aria-labelledby="session-message-title" data-testid="session-message-modal">
      <ModalHeader
        title="Send a message"
        labelId="session-message-title"
        description={
          targets.length === 1 ? `To ${namesOf(targets)} on ${targets[0]?.desktopName ?? ''}` : `To ${plural(targets.length, 'session')}: ${namesOf(targets)}`
        }
      />
      <ModalBody>
        {error ? <ApiErrorAlert error={error} title="The message was not sent" testId="session-message-error" /> : null}
        <Form
          onSubmit={(e) => {
            e.preventDefault();
            send();
          }}
        >
          <FormGroup label="Severity" fieldId="message-severity" role="radiogroup">
            <Segmented<MessageSeverity>
              options={MESSAGE_SEVERITIES.map((s) => ({ value: s, label: SEVERITY_NAMES[s], testId: `message-severity-${s}` }))}
              value={severity}
              onChange={setSeverity}
              ariaLabel="Severity"
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>Information shows as a notification in the corner; warnings and errors as a dialog the user must close.</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label="Title" isRequired fieldId="message-title">
            <TextInput
              id="message-title"
              value={title}
              onChange={(_e, v) => setTitle(v)}
              validated={touched && titleError ? 'error' : 'default'}
              data-testid="message-title"
              placeholder="Maintenance tonight"
            />
            {touched && titleError ? (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error">{titleError}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            ) : null}
          </FormGroup>
          <FormGroup label="Message" fieldId="message-body">
            <TextArea
              id="message-body"
              value={body}
              onChange={(_e, v) => setBody(v)}
              rows={4}
              resizeOrientation="vertical"
              validated={bodyError ? 'error' : 'default'}
              data-testid="message-body"
              placeholder="Please save your work and log off by 22:00. Desktops restart for the new image."
            />
            <FormHelperText>
              <HelperText>
                <HelperTextItem variant={bodyError ? 'error' : 'default'}>
                  {bodyError ?? `${body.length.toLocaleString('en-US')} / ${BODY_MAX.toLocaleString('en-US')}`}
                </HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={send} isLoading={busy} isDisabled={busy} data-testid="message-send">
          Send to {plural(targets.length, 'session')}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={busy}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
