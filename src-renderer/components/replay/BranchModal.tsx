import { Button, Modal, ModalBody, ModalFooter, ModalHeader } from '@patternfly/react-core';
import { useAction } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../ApiErrorAlert.tsx';
import { branchHere, hhmm } from './replay-actions.ts';

/** Confirms "Branch from here": the live lab is replaced by the moment shown; the old attempt is kept as a checkpoint. */
export function BranchModal({ at, liveAt, onClose }: { at: string; liveAt: string; onClose: () => void }) {
  const action = useAction();
  const go = async () => {
    const ok = await action.run(async () => {
      await branchHere();
      return true;
    });
    if (ok) onClose();
  };
  return (
    <Modal isOpen variant="small" onClose={onClose} aria-labelledby="replay-branch-title" data-testid="replay-branch-modal">
      <ModalHeader title={`Branch from ${hhmm(at)}?`} labelId="replay-branch-title" />
      <ModalBody>
        A new attempt starts from {hhmm(at)} with the lab exactly as it was then, its clock paused. The current attempt (live at {hhmm(liveAt)}) is saved first
        as a lab checkpoint, and the moment itself as another, so both can be restored later.
        {action.error ? <ApiErrorAlert error={action.error} title="The branch was not made" onClose={action.clearError} /> : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="warning" onClick={() => void go()} isLoading={action.busy} isDisabled={action.busy} data-testid="replay-branch-confirm">
          Branch from {hhmm(at)}
        </Button>
        <Button variant="link" onClick={onClose} isDisabled={action.busy}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
