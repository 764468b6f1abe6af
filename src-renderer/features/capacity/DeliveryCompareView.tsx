import { useRef, useState } from 'react';
import { Card, CardBody, Flex, FlexItem, Form, FormGroup, FormSelect, FormSelectOption, Label, PageSection, TextInput } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { DELIVERY_WORKLOADS, type DeliveryComparison, type DeliveryWorkload } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatDuration, formatInt } from '../../components/format.ts';

const MODEL_LABEL = { 'single-session': 'Single-session VMs', 'multi-session': 'Multi-session VMs', container: 'Containers' } as const;

const mb = (v: number) => (v >= 1024 ? `${(v / 1024).toFixed(1)} GB` : `${v} MB`);

/** A number field that keeps what was typed; `value` is the last valid number. */
function NumberField({ id, label, text, setText, ok }: { id: string; label: string; text: string; setText: (v: string) => void; ok: boolean }) {
  return (
    <FormGroup label={label} fieldId={id}>
      <TextInput id={id} value={text} onChange={(_e, v) => setText(v)} validated={ok ? 'default' : 'error'} style={{ width: '8rem' }} data-testid={id} />
    </FormGroup>
  );
}

function Check({ ok, children }: { ok: boolean; children: string }) {
  return (
    <Label isCompact color={ok ? 'green' : 'orange'}>
      {ok ? '✓ ' : '≠ '}
      {children}
    </Label>
  );
}

function Result({ c }: { c: DeliveryComparison }) {
  const [vm, ms, ctr] = c.rows;
  const metric = (name: string, f: (r: (typeof c.rows)[number]) => string, seed: string, testId: string) => (
    <Tr>
      <Th>{name}</Th>
      {c.rows.map((r) => (
        <Td key={r.model} data-testid={`${testId}-${r.model}`}>
          {f(r)}
        </Td>
      ))}
      <Td className="vdi-muted">{seed}</Td>
    </Tr>
  );
  return (
    <Flex direction={{ default: 'column' }} spaceItems={{ default: 'spaceItemsMd' }}>
      <Table aria-label="Delivery models compared" variant="compact" data-testid="delivery-table">
        <Thead>
          <Tr>
            <Th width={20}>Per host</Th>
            {c.rows.map((r) => (
              <Th key={r.model}>{MODEL_LABEL[r.model]}</Th>
            ))}
            <Th>Seed table</Th>
          </Tr>
        </Thead>
        <Tbody>
          {metric(
            'Users per host',
            (r) =>
              `${formatInt(r.usersPerHost)} (${r.limitedBy === 'cpu' ? 'CPU' : 'memory'}-bound: CPU ${formatInt(r.byCpu)}, memory ${formatInt(r.byMemory)})`,
            `VMs ${c.seed.vmsPerHost[0]}–${c.seed.vmsPerHost[1]}, containers ${c.seed.containersPerHost[0]}–${formatInt(c.seed.containersPerHost[1])}`,
            'delivery-density',
          )}
          {metric('Hosts for the population', (r) => (r.hostsNeeded === null ? '—' : formatInt(r.hostsNeeded)), '', 'delivery-hosts')}
          {metric('Memory per user', (r) => mb(r.memoryPerUserMb), '', 'delivery-memory')}
          {metric('Overhead per user', (r) => mb(r.overheadPerUserMb), `VMs ${c.seed.vmMemory}, containers ${c.seed.containerMemory}`, 'delivery-overhead')}
          {metric(
            'Start',
            (r) => `${r.startSec < 1 ? `${Math.round(r.startSec * 1000)} ms` : formatDuration(r.startSec)}: ${r.startText}`,
            `VMs ${c.seed.vmStart}, containers ${c.seed.containerStart}`,
            'delivery-start',
          )}
          {metric('Isolation', (r) => r.isolation, 'VM: own kernel; container: shared kernel', 'delivery-isolation')}
        </Tbody>
      </Table>
      <Flex spaceItems={{ default: 'spaceItemsSm' }} data-testid="delivery-checks">
        <FlexItem>Model vs seed:</FlexItem>
        <FlexItem>
          <Check ok={c.checks.vmsInSeedRange}>{`VMs per host ${vm?.usersPerHost ?? 0} in ${c.seed.vmsPerHost.join('–')}`}</Check>
        </FlexItem>
        <FlexItem>
          <Check ok={c.checks.containersInSeedRange}>{`containers per host ${ctr?.usersPerHost ?? 0} in ${c.seed.containersPerHost.join('–')}`}</Check>
        </FlexItem>
        <FlexItem>
          <Check ok={c.checks.vmStartsInMinutes && c.checks.containerStartsInSeconds}>minutes vs seconds</Check>
        </FlexItem>
        <FlexItem>
          <Check ok={c.checks.vmOverheadInGb && c.checks.containerOverheadInMb}>GB vs MB</Check>
        </FlexItem>
        <FlexItem className="vdi-muted">Multi-session: {ms ? `${ms.usersPerHost} users per host` : ''}</FlexItem>
      </Flex>
    </Flex>
  );
}

/** Containers vs VMs: the same users as single-session VMs, multi-session VMs and containers, from the model. */
export function DeliveryCompareView() {
  const [users, setUsers] = useState('2000');
  const [workload, setWorkload] = useState<DeliveryWorkload>('knowledge');
  const [sockets, setSockets] = useState('2');
  const [cores, setCores] = useState('20');
  const [ram, setRam] = useState('768');
  const int = (t: string, lo: number, hi: number) => {
    const n = Number(t);
    return Number.isInteger(n) && n >= lo && n <= hi ? n : null;
  };
  const u = int(users, 1, 1_000_000);
  const s = int(sockets, 1, 8);
  const c = int(cores, 1, 256);
  const r = int(ram, 16, 24_576);
  const valid = u !== null && s !== null && c !== null && r !== null;
  // The last valid input is what is asked; an invalid field is flagged and the result stays.
  const lastValid = useRef({ users: 2000, workload: 'knowledge' as DeliveryWorkload, host: { sockets: 2, coresPerSocket: 20, ramGb: 768 } });
  if (valid) lastValid.current = { users: u, workload, host: { sockets: s, coresPerSocket: c, ramGb: r } };
  const { data, error, reload } = useApi('capacity-delivery-compare', lastValid.current);
  return (
    <>
      <ViewHeader
        title="Containers vs VMs"
        titleTestId="delivery-title"
        crumbs={[{ label: 'Capacity planning', to: '/capacity' }, { label: 'Containers vs VMs' }]}
        description="The same users delivered as single-session VMs, multi-session VMs or containers: density, memory overhead per user, start time and isolation from the model's parameters, beside the usual comparison table."
      />
      <PageSection hasBodyWrapper={false}>
        <Card isCompact>
          <CardBody>
            <Form isHorizontal={false}>
              <Flex spaceItems={{ default: 'spaceItemsLg' }} alignItems={{ default: 'alignItemsFlexEnd' }}>
                <NumberField id="delivery-users" label="Users" text={users} setText={setUsers} ok={u !== null} />
                <FormGroup label="Workload" fieldId="delivery-workload">
                  <FormSelect id="delivery-workload" value={workload} onChange={(_e, v) => setWorkload(v as DeliveryWorkload)} data-testid="delivery-workload">
                    {DELIVERY_WORKLOADS.map((w) => (
                      <FormSelectOption key={w} value={w} label={w} />
                    ))}
                  </FormSelect>
                </FormGroup>
                <NumberField id="delivery-sockets" label="Sockets" text={sockets} setText={setSockets} ok={s !== null} />
                <NumberField id="delivery-cores" label="Cores per socket" text={cores} setText={setCores} ok={c !== null} />
                <NumberField id="delivery-ram" label="Host RAM (GB)" text={ram} setText={setRam} ok={r !== null} />
              </Flex>
            </Form>
          </CardBody>
        </Card>
      </PageSection>
      <PageSection hasBodyWrapper={false}>
        {error ? <ApiErrorAlert error={error} title="Could not compare" onRetry={reload} /> : null}
        {data ? <Result c={data} /> : error ? null : <CenteredSpinner label="Comparing" />}
      </PageSection>
    </>
  );
}
