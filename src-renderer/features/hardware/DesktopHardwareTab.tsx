import { useState } from 'react';
import { Alert, Button } from '@patternfly/react-core';
import type { Desktop } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { HardwareEditModal } from './HardwareEditModal.tsx';
import { hardwareFields } from './HardwareSummary.tsx';
import { cpuText, memoryText } from './hardware-text.ts';

/** The desktop drawer's Hardware tab: the VM's virtual hardware, a change waiting for its power cycle, and the edit dialog. */
export function DesktopHardwareTab({ desktop }: { desktop: Desktop }) {
  const { data, error, reload } = useApi('desktop-hardware-get', { desktopId: desktop.id }, { refreshOn: ['desktop'] });
  const cat = useApi('hypervisor-catalogue', {}, {});
  const canEdit = useCan('desktop-hardware-set');
  const [open, setOpen] = useState(false);
  if (error) return <ApiErrorAlert error={error} title="Could not load the hardware" onRetry={reload} />;
  if (!data || !cat.data) return <CenteredSpinner label="Loading the hardware" />;
  return (
    <div data-testid="desktop-hardware">
      {data.pending ? (
        <Alert variant="warning" isInline title="Pending until the next power cycle" className="vdi-alert" data-testid="hw-pending">
          <p>
            Waiting: {cpuText(data.pending)}; {memoryText(data.pending)}.
          </p>
          <ul>
            {data.pendingReasons.map((r) => (
              <li key={r}>{r}</li>
            ))}
          </ul>
        </Alert>
      ) : null}
      <DetailCard
        title={data.source === 'vm' ? 'Virtual hardware' : "Virtual hardware (the pool's template)"}
        testId="hw-card"
        fields={hardwareFields(data.hardware, data.figures, data.hypervisor, cat.data, data.guestOs)}
        footer={
          canEdit ? (
            <Button variant="secondary" size="sm" onClick={() => setOpen(true)} data-testid="hw-edit" className="vdi-card-action">
              Edit hardware
            </Button>
          ) : null
        }
      />
      {open ? (
        <HardwareEditModal
          target={{ kind: 'desktop', id: desktop.id, name: desktop.name, running: data.powerState !== 'poweredOff' }}
          hardware={data.pending ?? data.hardware}
          hypervisor={data.hypervisor}
          clusterId={data.clusterId}
          catalogue={cat.data}
          onClose={() => setOpen(false)}
          onSaved={reload}
        />
      ) : null}
    </div>
  );
}
