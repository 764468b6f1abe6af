import { useState } from 'react';
import { Button, Content, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import type { Pool } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { toApiError, useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { navigate } from '../../router/hash-router.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { plural } from '../../components/format.ts';

/** Delete a pool and its machines; when the host says it has sessions, a second confirmation deletes with force (users are logged off). */
export function PoolDeleteModal({ pool, onClose }: { pool: Pool; onClose(): void }) {
  const action = useAction();
  const [needsForce, setNeedsForce] = useState<string | null>(null);

  const remove = async (force: boolean) => {
    const out: { conflict: string | null } = { conflict: null };
    const res = await action.run(async () => {
      try {
        return await getClient().call('pool-delete', force ? { id: pool.id, force: true } : { id: pool.id });
      } catch (e) {
        const err = toApiError(e);
        if (!force && err.code === 'conflict' && err.path?.[0] === 'force') {
          out.conflict = err.message;
          return undefined;
        }
        throw e;
      }
    });
    if (out.conflict !== null) {
      setNeedsForce(out.conflict);
      return;
    }
    if (res) {
      notifySuccess(`Deleted desktop pool ${pool.name} and ${plural(res.machines, 'machine')}`);
      onClose();
      navigate('/pools');
    }
  };

  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="pool-delete-title" data-testid="pool-delete-modal">
      <ModalHeader title={needsForce ? `${pool.name} has sessions` : `Delete ${pool.name}?`} labelId="pool-delete-title" titleIconVariant="warning" />
      <ModalBody>
        {action.error ? <ApiErrorAlert error={action.error} title="The pool was not deleted" onClose={action.clearError} testId="pool-delete-error" /> : null}
        {needsForce ? (
          <Content component="p" data-testid="pool-delete-force-text">
            {needsForce}. Deleting it anyway logs those users off and deletes all {plural(pool.machineCount, 'machine')}.
          </Content>
        ) : (
          <Content component="p">This deletes the pool, its entitlements and its {plural(pool.machineCount, 'machine')}. It cannot be undone.</Content>
        )}
      </ModalBody>
      <ModalFooter>
        <Button
          variant="danger"
          onClick={() => void remove(needsForce !== null)}
          isLoading={action.busy}
          isDisabled={action.busy}
          data-testid={needsForce ? 'pool-delete-force' : 'pool-delete-confirm'}
        >
          {needsForce ? 'Log off users and delete' : 'Delete pool'}
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
