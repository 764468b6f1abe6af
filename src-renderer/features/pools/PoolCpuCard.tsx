import { useState } from 'react';
import { Button, Checkbox, Form, Modal, ModalBody, ModalFooter, ModalHeader, ModalVariant } from '@patternfly/react-core';
import { CPU_SHARES_LEVELS, methods, type CpuSharesLevel, type Pool } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { Choice, Field, NumField } from '../../components/form-fields.tsx';
import { fieldMessage, fieldSchema, limitsOf, schemaErrors } from '../../components/schema-check.ts';
import { formatInt } from '../../components/format.ts';

const CPU = methods['pool-set-cpu-allocation'].input;
const RES = limitsOf(fieldSchema(CPU, 'reservationMhz'));
const LIM = limitsOf(fieldSchema(CPU, 'limitMhz'));
/** Shares per vCPU (vSphere: high 2000, normal 1000, low 500). */
const SHARES_PER_VCPU: Record<CpuSharesLevel, number> = { low: 500, normal: 1000, high: 2000 };
const SHARE_NAMES: Record<CpuSharesLevel, string> = { low: 'Low (500 per vCPU)', normal: 'Normal (1,000 per vCPU)', high: 'High (2,000 per vCPU)' };

/** vSphere CPU resource settings of the pool's machines: shares, reservation and limit, with an edit dialog. */
export function PoolCpuCard({ pool }: { pool: Pool }) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <DetailCard
        title="CPU resources (per machine)"
        testId="pool-settings-cpu"
        fields={[
          {
            term: 'Shares',
            value: `${SHARE_NAMES[pool.cpuShares]} = ${formatInt(SHARES_PER_VCPU[pool.cpuShares] * pool.vcpu)}`,
            hint: 'vSphere: CPU shares; Citrix / AVD: set on the hypervisor',
            testId: 'pool-cpu-shares',
          },
          { term: 'Reservation', value: pool.cpuReservationMhz ? `${formatInt(pool.cpuReservationMhz)} MHz` : 'None', testId: 'pool-cpu-reservation' },
          { term: 'Limit', value: pool.cpuLimitMhz === null ? 'Unlimited' : `${formatInt(pool.cpuLimitMhz)} MHz`, testId: 'pool-cpu-limit' },
        ]}
        footer={
          <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="pool-cpu-edit" className="vdi-card-action">
            Edit CPU resources
          </Button>
        }
      />
      {open ? <PoolCpuModal pool={pool} onClose={() => setOpen(false)} /> : null}
    </>
  );
}

function PoolCpuModal({ pool, onClose }: { pool: Pool; onClose(): void }) {
  const [shares, setShares] = useState<CpuSharesLevel>(pool.cpuShares);
  const [reservation, setReservation] = useState(pool.cpuReservationMhz);
  const [unlimited, setUnlimited] = useState(pool.cpuLimitMhz === null);
  const [limit, setLimit] = useState(pool.cpuLimitMhz ?? Math.max(1000, pool.cpuReservationMhz));
  const action = useAction();
  const input = { id: pool.id, shares, reservationMhz: reservation, limitMhz: unlimited ? null : limit };
  const errs = schemaErrors(CPU, input);
  // The host also refuses a limit below the reservation; say so before sending.
  if (!unlimited && !errs.limitMhz && !errs.reservationMhz && limit < reservation)
    errs.limitMhz = `Must be at least the reservation (${formatInt(reservation)} MHz)`;
  const server = (k: string) => (action.error?.path?.[0] === k ? fieldMessage(action.error) : undefined);
  const save = async () => {
    const res = await action.run(() => getClient().call('pool-set-cpu-allocation', input));
    if (res) {
      notifySuccess(`CPU resources of ${res.name} saved`);
      onClose();
    }
  };
  return (
    <Modal isOpen variant={ModalVariant.small} onClose={onClose} aria-labelledby="pool-cpu-title" data-testid="pool-cpu-modal">
      <ModalHeader
        title={`CPU resources of ${pool.name}`}
        labelId="pool-cpu-title"
        description="Applies to every machine of the pool (vSphere VM resource settings)."
      />
      <ModalBody>
        {action.error && !server('reservationMhz') && !server('limitMhz') ? (
          <ApiErrorAlert error={action.error} title="Not saved" onClose={action.clearError} testId="pool-cpu-error" />
        ) : null}
        <Form onSubmit={(e) => e.preventDefault()}>
          <Field id="cpu-shares" label="Shares">
            <Choice
              id="cpu-shares"
              value={shares}
              options={CPU_SHARES_LEVELS.map((l) => ({ value: l, label: SHARE_NAMES[l] }))}
              onChange={(v: CpuSharesLevel) => setShares(v)}
            />
          </Field>
          <Field id="cpu-reservation" label="Reservation" limits={{ ...RES }} error={server('reservationMhz') ?? errs.reservationMhz}>
            <NumField
              id="cpu-reservation"
              label="Reservation in MHz"
              value={reservation}
              min={RES.min}
              max={RES.max}
              step={100}
              unit="MHz"
              onChange={setReservation}
              error={Boolean(server('reservationMhz') ?? errs.reservationMhz)}
            />
          </Field>
          <Field id="cpu-limit" label="Limit" limits={unlimited ? undefined : { ...LIM }} error={unlimited ? undefined : (server('limitMhz') ?? errs.limitMhz)}>
            <Checkbox id="cpu-unlimited" label="Unlimited" isChecked={unlimited} onChange={(_e, v) => setUnlimited(v)} data-testid="cpu-unlimited" />
            {unlimited ? null : (
              <NumField
                id="cpu-limit"
                label="Limit in MHz"
                value={limit}
                min={LIM.min}
                max={LIM.max}
                step={100}
                unit="MHz"
                onChange={setLimit}
                error={Boolean(server('limitMhz') ?? errs.limitMhz)}
              />
            )}
          </Field>
        </Form>
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()} isLoading={action.busy} isDisabled={action.busy || Object.keys(errs).length > 0} data-testid="pool-cpu-save">
          Save
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
