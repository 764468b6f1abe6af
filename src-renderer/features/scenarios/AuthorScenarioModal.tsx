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
  ModalVariant,
  TextArea,
  TextInput,
} from '@patternfly/react-core';
import type { Predicate } from '../../../src-main/contract/index.ts';
import { getClient } from '../../client/api.ts';
import { useAction, useApi } from '../../state/use-api.ts';
import { notifySuccess } from '../../state/toast-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';

/** The objectives an author can pick here (the file format has the whole predicate language). */
const TEMPLATES = [
  { id: 'pool-can-logon', label: 'Every user of a pool can log on', needsPool: true },
  { id: 'host-cpu', label: 'No host above 90 % CPU for 10 minutes', needsPool: false },
  { id: 'datastore-latency', label: 'Every datastore under 20 ms latency for 5 minutes', needsPool: false },
  { id: 'no-faults', label: 'No injected fault still active', needsPool: false },
  { id: 'drs-rules-kept', label: 'No enabled DRS affinity rule broken', needsPool: false },
] as const;
type TemplateId = (typeof TEMPLATES)[number]['id'];

function predicateFor(t: TemplateId, pool: string): Predicate {
  switch (t) {
    case 'pool-can-logon':
      return { is: 'pool-can-logon', pool };
    case 'host-cpu':
      return { is: 'host-cpu', op: 'below', pct: 90, forSec: 600 };
    case 'datastore-latency':
      return { is: 'datastore-latency', op: 'below', ms: 20, forSec: 300 };
    case 'no-faults':
      return { is: 'not', of: { is: 'fault-active' } };
    case 'drs-rules-kept':
      return { is: 'drs-rule' };
  }
}

/** Offers a JSON file to the user (a download in the browser and in Electron's renderer alike). */
function download(name: string, content: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/**
 * Authoring (issue 17, part 5): the current lab (its profile and seed, warmed up to now), the faults
 * injected into it (the Fault injection page) as the timeline, and the objective picked here become
 * a scenario file, checked by the host and downloaded. `vdi-console scenario check FILE` validates it again.
 */
export function AuthorScenarioModal({ onClose }: { onClose(): void }) {
  const pools = useApi('pool-list', {});
  const action = useAction();
  const [title, setTitle] = useState('');
  const [briefing, setBriefing] = useState('');
  const [minutes, setMinutes] = useState('30');
  const [template, setTemplate] = useState<TemplateId>('pool-can-logon');
  const [pool, setPool] = useState('');
  const [expert, setExpert] = useState('');
  const chosenPool = pool || pools.data?.[0]?.id || '';
  const id =
    title
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-|-$/g, '')
      .slice(0, 60) || 'my-scenario';
  const mins = Number(minutes);
  const minutesError = !(mins >= 1 && mins <= 10080) ? 'Between 1 and 10080 minutes' : null;
  const steps = expert
    .split('\n')
    .map((s) => s.trim())
    .filter(Boolean);
  const ready = title.trim() && briefing.trim() && !minutesError && steps.length > 0;

  const save = async () => {
    const tpl = TEMPLATES.find((t) => t.id === template);
    const r = await action.run(() =>
      getClient().call('scenario-author', {
        id,
        title: title.trim(),
        summary:
          briefing
            .trim()
            .split(/(?<=[.!?])\s/)[0]
            ?.slice(0, 300) ?? title.trim(),
        briefing: briefing.trim(),
        timeLimitSec: Math.round(mins * 60),
        objectives: [
          {
            id: 'objective-1',
            text: tpl?.needsPool ? `${tpl.label}: ${pools.data?.find((p) => p.id === chosenPool)?.name ?? chosenPool}` : (tpl?.label ?? ''),
            check: predicateFor(template, chosenPool),
            points: 20,
          },
        ],
        expertPath: steps,
      }),
    );
    if (r) {
      download(`${id}.json`, `${JSON.stringify(r.scenario, null, 2)}\n`);
      notifySuccess(`Scenario file ${id}.json saved (${r.scenario.timeline.length} faults in its timeline)`);
      onClose();
    }
  };

  return (
    <Modal variant={ModalVariant.medium} isOpen onClose={onClose} aria-labelledby="author-title" data-testid="scenario-author-modal">
      <ModalHeader
        title="Save this lab as a scenario"
        labelId="author-title"
        description="The lab's profile and seed, warmed up to the time it is now, become the starting lab; the faults injected and scheduled now (Fault injection page) become the timeline."
      />
      <ModalBody>
        <Form onSubmit={(e) => e.preventDefault()}>
          <FormGroup label="Title" isRequired fieldId="author-title-input">
            <TextInput id="author-title-input" value={title} onChange={(_e, v) => setTitle(v)} data-testid="author-title-input" />
            <FormHelperText>
              <HelperText>
                <HelperTextItem>File name: {id}.json</HelperTextItem>
              </HelperText>
            </FormHelperText>
          </FormGroup>
          <FormGroup label="Briefing" isRequired fieldId="author-briefing">
            <TextArea id="author-briefing" value={briefing} onChange={(_e, v) => setBriefing(v)} rows={4} data-testid="author-briefing" />
          </FormGroup>
          <FormGroup label="Time limit (simulated minutes)" isRequired fieldId="author-minutes">
            <TextInput id="author-minutes" type="number" value={minutes} onChange={(_e, v) => setMinutes(v)} validated={minutesError ? 'error' : 'default'} />
            {minutesError ? (
              <FormHelperText>
                <HelperText>
                  <HelperTextItem variant="error">{minutesError}</HelperTextItem>
                </HelperText>
              </FormHelperText>
            ) : null}
          </FormGroup>
          <FormGroup label="Objective" fieldId="author-objective">
            <FormSelect id="author-objective" value={template} onChange={(_e, v) => setTemplate(v as TemplateId)} data-testid="author-objective">
              {TEMPLATES.map((t) => (
                <FormSelectOption key={t.id} value={t.id} label={t.label} />
              ))}
            </FormSelect>
          </FormGroup>
          {TEMPLATES.find((t) => t.id === template)?.needsPool ? (
            <FormGroup label="Pool" fieldId="author-pool">
              <FormSelect id="author-pool" value={chosenPool} onChange={(_e, v) => setPool(v)}>
                {(pools.data ?? []).map((p) => (
                  <FormSelectOption key={p.id} value={p.id} label={p.name} />
                ))}
              </FormSelect>
            </FormGroup>
          ) : null}
          <FormGroup label="Expert's path (one step per line)" isRequired fieldId="author-expert">
            <TextArea id="author-expert" value={expert} onChange={(_e, v) => setExpert(v)} rows={4} data-testid="author-expert" />
          </FormGroup>
        </Form>
        {action.error ? <ApiErrorAlert error={action.error} title="The scenario could not be saved" onClose={action.clearError} /> : null}
      </ModalBody>
      <ModalFooter>
        <Button onClick={() => void save()} isDisabled={!ready || action.busy} isLoading={action.busy} data-testid="author-save">
          Save scenario file
        </Button>
        <Button variant="link" onClick={onClose}>
          Cancel
        </Button>
      </ModalFooter>
    </Modal>
  );
}
