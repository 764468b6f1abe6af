import { useState } from 'react';
import {
  Button,
  Form,
  FormGroup,
  FormHelperText,
  FormSelect,
  FormSelectOption,
  HelperText,
  HelperTextItem,
  Modal,
  ModalBody,
  ModalFooter,
  ModalHeader,
  TextInput,
} from '@patternfly/react-core';
import { GPU_MODELS, type GpuModel, type HostGpu } from '../../../src-main/contract/hardware-entities.ts';
import { VGPU_GPUS } from '../../../src-main/shared/hypervisors/catalogue.ts';
import { getClient } from '../../client/api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { DetailCard } from '../../components/DetailCard.tsx';
import { UsageMeter } from '../../components/UsageMeter.tsx';
import { notifySuccess } from '../../state/toast-store.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { useCan } from '../../state/whoami-store.ts';

/**
 * A host's physical GPUs and the vGPU slots its running vGPU VMs use (issue 19): a GPU runs one
 * profile at a time (NVIDIA equal-size mode) and carries floor(its frame buffer ÷ the profile's) VMs.
 * Configure role: an edit control (host-gpu-set), refused by the server while vGPU VMs run here.
 */
export function HostGpuCard({ hostId, hostName }: { hostId: string; hostName: string }) {
  const { data } = useApi('host-gpu-list', {}, { refreshOn: ['host', 'desktop'], minIntervalMs: 2000 });
  const canEdit = useCan('host-gpu-set');
  const [editing, setEditing] = useState(false);
  const g = data?.find((x) => x.hostId === hostId) ?? null;
  const fields = g
    ? [
        { term: 'GPUs', value: `${g.gpus} × NVIDIA ${g.model} (${g.frameBufferGbPerGpu} GB frame buffer each)`, testId: 'host-gpu-model' },
        { term: 'GPUs in use', value: `${g.gpusInUse} of ${g.gpus}`, testId: 'host-gpu-in-use' },
        ...(g.profiles.length === 0
          ? [{ term: 'vGPU slots', value: 'No vGPU VM running', testId: 'host-gpu-slots' }]
          : g.profiles.map((p) => ({
              term: `${p.profile} slots`,
              value: `${p.vms} / ${p.slots} used (${p.perGpu} per GPU, on ${p.gpus} GPU${p.gpus === 1 ? '' : 's'})`,
              testId: `host-gpu-slots-${p.profile}`,
            }))),
      ]
    : [{ term: 'GPUs', value: 'None: VMs with a vGPU profile cannot run here', testId: 'host-gpu-model' }];
  const first = g?.profiles[0];
  return (
    <>
      <DetailCard
        title="GPUs (vGPU)"
        testId="host-gpus"
        fields={fields}
        footer={
          <div style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
            {g && first ? (
              <UsageMeter
                title=""
                used={first.vms}
                total={first.slots || 1}
                valueText={`${first.vms} / ${first.slots} ${first.profile} slots`}
                warnAt={90}
                dangerAt={100}
                compact
              />
            ) : null}
            {canEdit ? (
              <Button variant="link" isInline onClick={() => setEditing(true)} data-testid="host-gpu-edit">
                Edit GPUs
              </Button>
            ) : null}
          </div>
        }
      />
      {editing ? <HostGpuModal hostId={hostId} hostName={hostName} current={g} onClose={() => setEditing(false)} /> : null}
    </>
  );
}

function HostGpuModal({ hostId, hostName, current, onClose }: { hostId: string; hostName: string; current: HostGpu | null; onClose(): void }) {
  const [model, setModel] = useState<GpuModel | 'none'>(current?.model ?? 'none');
  const [count, setCount] = useState(String(current?.gpus ?? 4));
  const action = useAction();
  const n = Number(count);
  const valid = model === 'none' || (Number.isInteger(n) && n >= 1 && n <= 16);
  const submit = async () => {
    const gpu = model === 'none' ? null : { model, gpus: n };
    const r = await action.run(() => getClient().call('host-gpu-set', { hostId, gpu }));
    if (r !== undefined) {
      notifySuccess(gpu ? `${hostName} now has ${gpu.gpus} × NVIDIA ${gpu.model}` : `${hostName} has no GPU now`);
      onClose();
    }
  };
  return (
    <Modal isOpen onClose={onClose} variant="small" aria-labelledby="host-gpu-title" data-testid="host-gpu-modal">
      <ModalHeader
        title={`GPUs of ${hostName}`}
        labelId="host-gpu-title"
        description="Physical NVIDIA GPUs for vGPU desktops (equal-size mode: one profile per GPU)."
      />
      <ModalBody>
        <Form onSubmit={(ev) => ev.preventDefault()}>
          <FormGroup label="GPU model" fieldId="host-gpu-model-select">
            <FormSelect id="host-gpu-model-select" value={model} onChange={(_e, v) => setModel(v as GpuModel | 'none')} data-testid="host-gpu-model-select">
              <FormSelectOption value="none" label="No GPU" />
              {GPU_MODELS.map((m) => (
                <FormSelectOption key={m} value={m} label={`NVIDIA ${m} (${VGPU_GPUS[m]} GB per GPU)`} />
              ))}
            </FormSelect>
          </FormGroup>
          {model !== 'none' ? (
            <FormGroup label="Physical GPUs" fieldId="host-gpu-count">
              <TextInput
                id="host-gpu-count"
                type="number"
                min={1}
                max={16}
                value={count}
                onChange={(_e, v) => setCount(v)}
                validated={valid ? 'default' : 'error'}
                data-testid="host-gpu-count"
              />
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant={valid ? 'default' : 'error'}>
                    {valid ? 'An A16 board is 4 GPUs of 16 GB; an L4 or A40 card is one GPU.' : 'A whole number of GPUs from 1 to 16.'}
                  </HelperTextItem>
                </HelperText>
              </FormHelperText>
            </FormGroup>
          ) : null}
        </Form>
        {action.error ? <ApiErrorAlert error={action.error} title="The change was refused" onClose={action.clearError} testId="host-gpu-error" /> : null}
      </ModalBody>
      <ModalFooter>
        <Button variant="primary" onClick={() => void submit()} isLoading={action.busy} isDisabled={action.busy || !valid} data-testid="host-gpu-save">
          Save
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
