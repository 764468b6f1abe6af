import { useState } from 'react';
import { ActionGroup, Button, Form, FormGroup, FormSelect, FormSelectOption, Grid, GridItem, TextInput } from '@patternfly/react-core';
import type { FaultMatch, Input } from '../../../src-main/contract/index.ts';

type MatchKind = 'operationId' | 'path' | 'pathPrefix' | 'apiMethod';

const MATCH_KINDS: { value: MatchKind; label: string; placeholder: string }[] = [
  { value: 'operationId', label: 'Horizon operation', placeholder: 'listMachines' },
  { value: 'path', label: 'Method and path', placeholder: '/inventory/v1/sessions/action/logoff' },
  { value: 'pathPrefix', label: 'Path prefix', placeholder: '/inventory/' },
  { value: 'apiMethod', label: 'Console API method', placeholder: 'session-list' },
];

/** The form of a new fault rule; hands a rest-fault-set input to `onAdd`. */
export function FaultForm({ busy, onAdd }: { busy: boolean; onAdd(rule: Input<'rest-fault-set'>): void }) {
  const [id, setId] = useState('');
  const [kind, setKind] = useState<MatchKind>('operationId');
  const [value, setValue] = useState('');
  const [method, setMethod] = useState('POST');
  const [status, setStatus] = useState('503');
  const [delayMs, setDelayMs] = useState('0');
  const [probability, setProbability] = useState('1');
  const [count, setCount] = useState('');
  const [when, setWhen] = useState<'before' | 'after'>('before');
  const placeholder = MATCH_KINDS.find((k) => k.value === kind)?.placeholder ?? '';

  const submit = () => {
    const match: FaultMatch = kind === 'path' ? { method: method as FaultMatch['method'], path: value.trim() } : { [kind]: value.trim() };
    onAdd({
      id: id.trim(),
      match: match as Input<'rest-fault-set'>['match'],
      ...(status.trim() ? { status: Number(status) } : {}),
      delayMs: Number(delayMs || 0),
      probability: Number(probability || 1),
      count: count.trim() ? Number(count) : null,
      when,
    });
  };

  return (
    <Form
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
      data-testid="fault-form"
    >
      <Grid hasGutter md={3}>
        <GridItem>
          <FormGroup label="Rule id" isRequired fieldId="fault-id">
            <TextInput id="fault-id" value={id} onChange={(_e, v) => setId(v)} placeholder="flaky-logoff" data-testid="fault-id" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="Match" fieldId="fault-kind">
            <FormSelect id="fault-kind" value={kind} onChange={(_e, v) => setKind(v as MatchKind)} data-testid="fault-kind">
              {MATCH_KINDS.map((k) => (
                <FormSelectOption key={k.value} value={k.value} label={k.label} />
              ))}
            </FormSelect>
          </FormGroup>
        </GridItem>
        {kind === 'path' ? (
          <GridItem>
            <FormGroup label="HTTP method" fieldId="fault-method">
              <FormSelect id="fault-method" value={method} onChange={(_e, v) => setMethod(v)}>
                {['GET', 'POST', 'PUT', 'DELETE'].map((m) => (
                  <FormSelectOption key={m} value={m} label={m} />
                ))}
              </FormSelect>
            </FormGroup>
          </GridItem>
        ) : null}
        <GridItem span={kind === 'path' ? 3 : 6}>
          <FormGroup label="Value" isRequired fieldId="fault-value">
            <TextInput id="fault-value" value={value} onChange={(_e, v) => setValue(v)} placeholder={placeholder} data-testid="fault-value" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="HTTP status (empty: delay only)" fieldId="fault-status">
            <TextInput id="fault-status" type="number" value={status} onChange={(_e, v) => setStatus(v)} data-testid="fault-status" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="Delay (ms)" fieldId="fault-delay">
            <TextInput id="fault-delay" type="number" value={delayMs} onChange={(_e, v) => setDelayMs(v)} data-testid="fault-delay" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="Probability (0–1)" fieldId="fault-probability">
            <TextInput id="fault-probability" type="number" value={probability} onChange={(_e, v) => setProbability(v)} data-testid="fault-probability" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="Count (empty: no limit)" fieldId="fault-count">
            <TextInput id="fault-count" type="number" value={count} onChange={(_e, v) => setCount(v)} data-testid="fault-count" />
          </FormGroup>
        </GridItem>
        <GridItem>
          <FormGroup label="When" fieldId="fault-when">
            <FormSelect id="fault-when" value={when} onChange={(_e, v) => setWhen(v as 'before' | 'after')}>
              <FormSelectOption value="before" label="Before: nothing runs" />
              <FormSelectOption value="after" label="After: it runs, then fails" />
            </FormSelect>
          </FormGroup>
        </GridItem>
      </Grid>
      <ActionGroup>
        <Button type="submit" isDisabled={busy || !id.trim() || !value.trim()} isLoading={busy} data-testid="fault-add">
          Add fault
        </Button>
      </ActionGroup>
    </Form>
  );
}
