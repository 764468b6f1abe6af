import { useState } from 'react';
import { Button } from '@patternfly/react-core';
import type { Pool } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { HardwareEditModal } from './HardwareEditModal.tsx';
import { hardwareFields } from './HardwareSummary.tsx';

/** Pool settings: the template virtual hardware new machines are cloned with. */
export function PoolHardwareCard({ pool }: { pool: Pool }) {
  const { data, error, reload } = useApi('pool-hardware-get', { poolId: pool.id }, { refreshOn: ['pool'] });
  const cat = useApi('hypervisor-catalogue', {}, {});
  const canEdit = useCan('pool-hardware-set');
  const [open, setOpen] = useState(false);
  if (error) return <ApiErrorAlert error={error} title="Could not load the template hardware" onRetry={reload} />;
  if (!data || !cat.data) return null;
  return (
    <>
      <DetailCard
        title="Template virtual hardware"
        testId="pool-settings-hardware"
        fields={hardwareFields(data.hardware, data.figures, data.hypervisor, cat.data, data.guestOs)}
        footer={
          canEdit ? (
            <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="pool-hw-edit" className="vdi-card-action">
              Edit template hardware
            </Button>
          ) : null
        }
      />
      {open ? (
        <HardwareEditModal
          target={{ kind: 'pool', id: pool.id, name: pool.name }}
          hardware={data.hardware}
          hypervisor={data.hypervisor}
          clusterId={data.clusterId}
          catalogue={cat.data}
          onClose={() => setOpen(false)}
          onSaved={reload}
        />
      ) : null}
    </>
  );
}
