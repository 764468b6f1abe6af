import {
  Button,
  Checkbox,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormSelect,
  FormSelectOption,
  Label,
  TextInput,
} from '@patternfly/react-core';
import PlusCircleIcon from '@patternfly/react-icons/dist/esm/icons/plus-circle-icon';
import TimesIcon from '@patternfly/react-icons/dist/esm/icons/times-icon';
import { formatInt, formatNumber } from '../../../components/format.ts';
import type { CapacityDefinitionCheck } from '../model/contract-types.ts';
import type { CapacityDefinition } from '../model/definition.ts';
import { sizingEstimate } from '../../../../src-main/shared/capacity/rules-of-thumb.ts';
import { workloadText } from '../model/mix.ts';
import { combinations, comboLabel, MAX_SWEEP_RUNS, parseAxis, SWEEP_KEYS, type SweepAxis } from '../model/sweep.ts';
import { PROTOCOL_TEXT } from './steps-workload.tsx';
import { OS_TEXT } from './steps-hardware.tsx';
import { HYPERVISOR_TEXT } from './steps-hosts.tsx';
import { hostCpuFigures } from '../../../../src-main/shared/capacity/cpu-index.ts';
import '../../../styles/dr.css';

export interface SweepState {
  enabled: boolean;
  axes: SweepAxis[];
}

const DEFAULT_VALUES: Partial<Record<string, string>> = {
  'hosts.count': '1, 2',
  'sessionHost.vcpu': '2, 4',
  workload: 'task, knowledge, power',
  protocol: 'blast, rdp',
  'sessionHost.loadBalancing': 'breadth-first, depth-first',
};

/** Step 6 (optional): run the test over a grid of values, in parallel across the cores. */
export function SweepStep({ def, sweep, onChange, error }: { def: CapacityDefinition; sweep: SweepState; onChange(s: SweepState): void; error?: string }) {
  const multi = def.sessionHost.kind === 'multi-session';
  const keys = SWEEP_KEYS.filter((k) => multi || !k.multiOnly);
  const parsed = sweep.axes.map(parseAxis);
  const combos = parsed.some((p) => p.error) ? [] : combinations(parsed);
  const setAxis = (i: number, a: SweepAxis) => onChange({ ...sweep, axes: sweep.axes.map((x, j) => (j === i ? a : x)) });
  const unused = keys.find((k) => !sweep.axes.some((a) => a.key === k.key));
  return (
    <Form data-testid="cap-step-sweep">
      <Checkbox
        id="cap-sweep-enabled"
        data-testid="cap-sweep-enabled"
        label="Run a sweep instead of one test"
        description="The same test for every combination of the values below (e.g. 2 vs 4 vCPU × Blast vs RDP); runs share the machine's cores"
        isChecked={sweep.enabled}
        onChange={(_e, v) =>
          onChange({
            enabled: v,
            axes: v && sweep.axes.length === 0 ? [{ key: 'sessionHost.vcpu', text: DEFAULT_VALUES['sessionHost.vcpu'] ?? '' }] : sweep.axes,
          })
        }
      />
      {sweep.enabled ? (
        <>
          {sweep.axes.map((a, i) => {
            const p = parsed[i];
            return (
              <div className="vdi-cap-sweep-row" key={i} data-testid={`cap-sweep-axis-${i}`}>
                <FormSelect
                  aria-label="Sweep key"
                  data-testid={`cap-sweep-key-${i}`}
                  value={a.key}
                  onChange={(_e, v) => {
                    const k = keys.find((x) => x.key === v);
                    if (k) setAxis(i, { key: k.key, text: DEFAULT_VALUES[k.key] ?? '' });
                  }}
                  className="vdi-cap-sweep-key"
                >
                  {keys.map((k) => (
                    <FormSelectOption key={k.key} value={k.key} label={k.label} isDisabled={k.key !== a.key && sweep.axes.some((x) => x.key === k.key)} />
                  ))}
                </FormSelect>
                <span aria-hidden>=</span>
                <TextInput
                  aria-label="Sweep values"
                  data-testid={`cap-sweep-values-${i}`}
                  value={a.text}
                  validated={p?.error ? 'error' : 'default'}
                  placeholder={SWEEP_KEYS.find((k) => k.key === a.key)?.choices?.join(', ') ?? '2, 4, 8'}
                  onChange={(_e, v) => setAxis(i, { ...a, text: v })}
                />
                <Button
                  variant="plain"
                  aria-label="Remove this sweep key"
                  onClick={() => onChange({ ...sweep, axes: sweep.axes.filter((_x, j) => j !== i) })}
                  icon={<TimesIcon />}
                />
                {p?.error ? (
                  <span className="vdi-cap-sweep-error" data-testid={`cap-sweep-error-${i}`}>
                    {p.error}
                  </span>
                ) : null}
              </div>
            );
          })}
          {unused ? (
            <div>
              <Button
                variant="link"
                isInline
                icon={<PlusCircleIcon />}
                onClick={() => onChange({ ...sweep, axes: [...sweep.axes, { key: unused.key, text: DEFAULT_VALUES[unused.key] ?? '' }] })}
                data-testid="cap-sweep-add"
              >
                Add a key
              </Button>
            </div>
          ) : null}
          <div data-testid="cap-sweep-preview">
            <p>
              <strong>{combos.length}</strong> {combos.length === 1 ? 'run' : 'runs'}
              {combos.length > MAX_SWEEP_RUNS ? <span className="vdi-danger-text"> — at most {MAX_SWEEP_RUNS} in one sweep</span> : null}
            </p>
            <div className="vdi-cap-sweep-combos">
              {combos.slice(0, MAX_SWEEP_RUNS).map((c) => (
                <Label key={comboLabel(c)} isCompact>
                  {comboLabel(c)}
                </Label>
              ))}
            </div>
          </div>
          {error ? (
            <p className="vdi-danger-text" data-testid="cap-error-sweep">
              {error}
            </p>
          ) : null}
        </>
      ) : null}
    </Form>
  );
}

/** Step 7: everything at a glance, the definition as JSON, and what to expect. */
export function ReviewStep({ def, check }: { def: CapacityDefinition; check: CapacityDefinitionCheck | null }) {
  const est = sizingEstimate(def);
  const cpu = hostCpuFigures(def.hosts);
  const sh = def.sessionHost;
  const rows: [string, string][] = [
    [
      'Hosts',
      `${def.hosts.count} × ${def.hosts.sockets} × ${def.hosts.coresPerSocket} cores at ${cpu?.baseGhz ?? '?'} GHz${def.hosts.hyperthreading ? ', HT' : ''}, ${formatInt(def.hosts.ramGb)} GB`,
    ],
    [
      'CPU',
      cpu
        ? `${cpu.model ?? 'GHz only (a Skylake / Cascade Lake core)'}: ${formatNumber(cpu.vixPerCore, 2)} vix per core, ${formatInt(cpu.hostVix)} per host; ${HYPERVISOR_TEXT[def.hosts.hypervisor]}${def.hosts.hci === 'nutanix' ? ', Nutanix controller VM' : ''}`
        : `${def.hosts.cpuModel ?? '?'}: not in the catalogue`,
    ],
    [
      'Storage',
      `${formatInt(def.storage.iops)} back-end IOPS (${def.storage.kind}), ${def.storage.serviceTimeMs} ms service time, ${def.storage.capacityTb} TB`,
    ],
    ['Network', `${def.network.nics} × ${def.network.nicGbps} Gbit/s per host`],
    [
      // Not "session host": the step sizes single-session desktops as well as multi-session (RDS) hosts, and the
      // console's vocabulary turns "session host" into Horizon's RDS host.
      'VM sizing',
      sh.kind === 'single-session'
        ? `Single-session desktops, ${sh.vcpu} vCPU / ${sh.ramGb} GB, ${OS_TEXT[sh.os ?? 'win10']}`
        : `${sh.vmsPerHost} multi-session VMs per host, ${sh.vcpu} vCPU / ${sh.ramGb} GB, ${sh.loadBalancing}, ${OS_TEXT[sh.os ?? 'ws2016']}`,
    ],
    [
      'Workload',
      `${workloadText(def.workload)} over ${PROTOCOL_TEXT[def.protocol]} at ${def.protocolFps} fps${def.antivirus === false ? '' : ', with on-access antivirus'}`,
    ],
    ['Launch', `${formatInt(def.launch.sessions)} sessions over ${formatNumber(def.launch.timeframeSec / 60, 0)} min`],
    ['Threshold', def.threshold.rule === 'base+1000' ? 'VSIbase + 1,000 ms' : 'VSIbase × 125 % + 3,000 ms'],
    ['Size on', def.planning.metric === 'vsimax' ? 'VSImax' : `users at ${def.planning.cpuTargetPct} % host CPU`],
    ['Seed', String(def.seed)],
    [
      'Expect',
      `VSImax near ${formatInt(est.expected)} (${est.limitedBy === 'memory' ? `memory: ${est.byMemoryText}` : `${def.sessionHost.kind === 'single-session' ? 'rule of five' : 'Microsoft'}: ${est.byCpuText}`})`,
    ],
    ...(check
      ? ([
          [
            'Host check',
            `${formatInt(check.physicalCores)} cores / ${formatInt(check.logicalCpus)} logical CPUs, ${formatNumber(check.cpuCapacityGhz, 0)} GHz, ${formatNumber(check.vcpuPerCore, 1)} vCPU per core, a logon every ${formatNumber(check.launchIntervalSec, 1)} s`,
          ],
        ] as [string, string][])
      : []),
  ];
  return (
    <div data-testid="cap-step-review" className="vdi-cap-review">
      <DescriptionList isCompact isHorizontal horizontalTermWidthModifier={{ default: '8rem' }}>
        {rows.map(([t, v]) => (
          <DescriptionListGroup key={t}>
            <DescriptionListTerm>{t}</DescriptionListTerm>
            <DescriptionListDescription data-testid={`cap-review-${t.toLowerCase().replace(/\s+/g, '-')}`}>{v}</DescriptionListDescription>
          </DescriptionListGroup>
        ))}
      </DescriptionList>
      <CodeBlock className="vdi-cap-json">
        <CodeBlockCode data-testid="cap-review-json">{JSON.stringify(def, null, 2)}</CodeBlockCode>
      </CodeBlock>
    </div>
  );
}
