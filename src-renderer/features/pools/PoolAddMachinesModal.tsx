import { useState } from 'react';
import { Form } from '@patternfly/react-core';
import { methods, type Pool } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import { Field, NumField } from '../../components/form-fields.tsx';
import { fieldSchema, limitsOf, schemaErrors } from '../../components/schema-check.ts';
import { formatInt, plural } from '../../components/format.ts';

const ADD = methods['pool-add-machines'].input;
const COUNT = limitsOf(fieldSchema(ADD, 'count'));

/**
 * Add existing machines to a manual pool (Horizon: Add machines to a manual desktop pool). The
 * count is checked against the contract's schema and against the room under the pool's maximum
 * before anything is sent; the host checks both again and its refusal shows in the dialog.
 *
 * | room under max | dialog                                               |
 * |----------------|------------------------------------------------------|
 * | 0              | says the pool is full and how to make room; no submit |
 * | n > 0          | count field (1–min(n, schema max)), confirm "Add N"  |
 */
export function PoolAddMachinesModal({ pool, onClose }: { pool: Pool; onClose(): void }) {
  const room = Math.max(0, pool.maxMachines - pool.machineCount);
  const max = Math.min(room, COUNT.max ?? room);
  const [count, setCount] = useState(Math.min(1, max));
  const add = useAction();
  const errs = room > 0 ? schemaErrors(ADD, { id: pool.id, count }) : {};
  const roomError =
    room > 0 && Number.isFinite(count) && count > room
      ? `At most ${formatInt(room)} more: ${pool.name} has ${formatInt(pool.machineCount)} of at most ${formatInt(pool.maxMachines)} machines`
      : undefined;
  const error = errs.count ?? roomError;
  const submit = async () => {
    const r = await add.run(() => getClient().call('pool-add-machines', { id: pool.id, count }));
    if (r) {
      notifySuccess(`${plural(r.added.length, 'machine')} added to ${pool.name}: ${r.added.join(', ')}`);
      onClose();
    }
  };
  return (
    <ConfirmDialog
      title={`Add machines to ${pool.name}`}
      body={
        <p>
          {room > 0
            ? `Existing virtual machines that run the Horizon Agent join this manual pool. They are named by its pattern ${pool.namingPattern}, placed on the least-loaded hosts of its cluster, and available to entitled users at once.`
            : `${pool.name} already has ${formatInt(pool.machineCount)} of at most ${formatInt(pool.maxMachines)} machines. Raise its maximum in Edit settings to add more.`}
        </p>
      }
      confirmLabel={room > 0 && Number.isFinite(count) && count > 0 ? `Add ${plural(count, 'machine')}` : 'Add machines'}
      busy={add.busy}
      error={add.error}
      isConfirmDisabled={room === 0 || Boolean(error)}
      onConfirm={() => void submit()}
      onClose={onClose}
      testId="pool-add-machines"
    >
      {room > 0 ? (
        <Form onSubmit={(e) => e.preventDefault()}>
          <Field
            id="add-machines-count"
            label="Machines to add"
            hint={`${formatInt(pool.machineCount)} of at most ${formatInt(pool.maxMachines)} in the pool now`}
            limits={{ min: COUNT.min ?? 1, max, integer: true }}
            error={error}
          >
            <NumField
              id="add-machines-count"
              label="Machines to add"
              value={count}
              min={COUNT.min}
              max={max}
              onChange={(v) => {
                add.clearError();
                setCount(v);
              }}
              error={Boolean(error)}
            />
          </Field>
        </Form>
      ) : null}
    </ConfirmDialog>
  );
}
