import { Checkbox, Form, FormSection, Grid, GridItem, Radio, Slider } from '@patternfly/react-core';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { WORKLOAD_NAMES, type CapacityProtocol, type WorkloadName } from '../model/definition.ts';
import { KBPS_PER_SESSION, launchRate, sizingEstimate, WORKLOAD_HINTS } from '../../../../src-main/shared/capacity/rules-of-thumb.ts';
import { isMix, isWorkloadName, mixFromWorkload, setMixShare, TOOL_WORKLOADS, TOOL_WORKLOAD_TEXT, workloadFromMix, type ToolWorkload } from '../model/mix.ts';
import { CapField, CapNumber, CapSelect } from './fields.tsx';
import type { StepProps } from './step-props.ts';

export const WORKLOAD_TEXT: Record<WorkloadName, { label: string; description: string }> = {
  task: { label: 'Task worker (light)', description: 'A few apps, data entry; light CPU, ~1 GB in use' },
  knowledge: { label: 'Knowledge worker (medium)', description: 'Office, browser, PDF, typing; ~12-minute loop with ~2 min idle' },
  power: { label: 'Power worker (heavy)', description: 'More CPU and RAM, video and bigger documents' },
};

export const PROTOCOL_TEXT: Record<CapacityProtocol, string> = {
  blast: 'VMware Blast Extreme',
  pcoip: 'PCoIP',
  hdx: 'Citrix HDX',
  rdp: 'Microsoft RDP',
};

/** Step 4: what users do and how their screens reach them. */
export function WorkloadStep({ def, set, errors }: StepProps) {
  const mixed = isMix(def.workload);
  // A load-test tool's workload by name; a name that is neither (a misspelt file) shows the worker types, none chosen, with its error.
  const named = typeof def.workload === 'string' && (TOOL_WORKLOADS as readonly string[]).includes(def.workload);
  const mix = mixFromWorkload(def.workload);
  const total = WORKLOAD_NAMES.reduce((s, k) => s + mix[k], 0);
  const single: WorkloadName =
    typeof def.workload === 'string' && isWorkloadName(def.workload) ? def.workload : (WORKLOAD_NAMES.find((k) => mix[k] === 100) ?? 'knowledge');
  return (
    <Form data-testid="cap-step-workload" isWidthLimited>
      <CapField field="workload" label="Workload" error={errors['workload']}>
        <Radio
          id="cap-field-workload-single"
          name="cap-workload-mode"
          data-testid="cap-field-workload-single"
          label="One worker type"
          isChecked={!mixed && !named}
          onChange={() => set('workload', single)}
        />
        {!mixed && !named ? (
          <div className="vdi-cap-indent">
            {WORKLOAD_NAMES.map((k) => (
              <Radio
                key={k}
                id={`cap-field-workload-${k}`}
                name="cap-workload"
                data-testid={`cap-field-workload-${k}`}
                label={WORKLOAD_TEXT[k].label}
                description={`${WORKLOAD_TEXT[k].description} · Microsoft: ${WORKLOAD_HINTS[k].msUsersPerVcpu} users per vCPU`}
                isChecked={def.workload === k}
                onChange={() => set('workload', k)}
              />
            ))}
          </div>
        ) : null}
        <Radio
          id="cap-field-workload-mix"
          name="cap-workload-mode"
          data-testid="cap-field-workload-mix"
          label="A mix of worker types"
          description="The sliders always add up to 100 %: moving one shares the rest between the others"
          isChecked={mixed}
          onChange={() => set('workload', workloadFromMix(single === 'knowledge' ? { task: 30, knowledge: 70, power: 0 } : setMixShare(mix, single, 70)))}
        />
        {mixed ? (
          <div className="vdi-cap-indent vdi-cap-mix" data-testid="cap-mix">
            {WORKLOAD_NAMES.map((k) => (
              <div className="vdi-cap-mix__row" key={k}>
                <span className="vdi-cap-mix__label">{WORKLOAD_TEXT[k].label}</span>
                <Slider
                  data-testid={`cap-mix-${k}`}
                  value={mix[k]}
                  min={0}
                  max={100}
                  step={5}
                  showBoundaries={false}
                  isInputVisible
                  inputValue={mix[k]}
                  inputLabel="%"
                  inputAriaLabel={`${k} share`}
                  thumbAriaLabel={`${k} share slider`}
                  onChange={(_e, value, inputValue) => set('workload', workloadFromMix(setMixShare(mix, k, inputValue ?? value)))}
                />
              </div>
            ))}
            <p className="vdi-muted" data-testid="cap-mix-total">
              Total {total} %
            </p>
          </div>
        ) : null}
        <Radio
          id="cap-field-workload-named"
          name="cap-workload-mode"
          data-testid="cap-field-workload-named"
          label="A load-test tool's workload"
          description="Login VSI 4.1, Login Enterprise and Microsoft's sizing classes, as the published measurements ran them (docs/CALIBRATION.md)"
          isChecked={named}
          onChange={() => set('workload', 'le-knowledge')}
        />
        {named ? (
          <div className="vdi-cap-indent">
            <CapSelect<ToolWorkload>
              field="workload"
              value={def.workload as ToolWorkload}
              options={TOOL_WORKLOADS.map((w) => ({ value: w, label: TOOL_WORKLOAD_TEXT[w] }))}
              onChange={(v) => set('workload', v)}
            />
          </div>
        ) : null}
      </CapField>
      <CapField
        field="protocol"
        label="Display protocol"
        error={errors['protocol']}
        hint={`≈ ${KBPS_PER_SESSION[def.protocol]} kbit/s per session of office work (more for web and video)`}
      >
        <CapSelect<CapacityProtocol>
          field="protocol"
          value={def.protocol}
          options={(Object.keys(PROTOCOL_TEXT) as CapacityProtocol[]).map((p) => ({ value: p, label: PROTOCOL_TEXT[p] }))}
          onChange={(v) => set('protocol', v)}
          error={Boolean(errors['protocol'])}
        />
      </CapField>
      <Grid hasGutter md={6}>
        <GridItem>
          <CapField
            field="protocolFps"
            label="Frame rate"
            error={errors['protocolFps']}
            hint="Encoding costs CPU per frame (30 fps by default; Nutanix's tests often hold HDX to 16) and bandwidth scales with it"
          >
            <CapNumber
              field="protocolFps"
              value={def.protocolFps}
              min={1}
              max={60}
              unit="fps"
              onChange={(v) => set('protocolFps', v)}
              error={Boolean(errors['protocolFps'])}
            />
          </CapField>
        </GridItem>
        <GridItem>
          <CapField field="antivirus" label="Security agent" error={errors['antivirus']} hint="On-access scanning: CPU × 1.15 (up to × 1.4 is reported)">
            <Checkbox
              id="cap-field-antivirus"
              data-testid="cap-field-antivirus"
              label="On-access antivirus in the guests"
              isChecked={def.antivirus !== false}
              onChange={(_e, v) => set('antivirus', v)}
            />
          </CapField>
        </GridItem>
      </Grid>
    </Form>
  );
}

/** Step 5: how sessions start, where the threshold sits, and the seed. */
export function LaunchStep({ def, set, errors }: StepProps) {
  const rate = launchRate(def);
  const est = sizingEstimate(def);
  const short = Number.isFinite(est.expected) && def.launch.sessions < est.expected * 1.1;
  return (
    <Form data-testid="cap-step-launch" isWidthLimited>
      <FormSection title="Launch" titleElement="h3">
        <Grid hasGutter md={6}>
          <GridItem>
            <CapField
              field="launch.sessions"
              label="Sessions to launch"
              error={errors['launch.sessions']}
              hint={
                short
                  ? `Below the ≈ ${formatInt(est.expected)} expected at saturation: the test may end before VSImax is reached`
                  : `Above the ≈ ${formatInt(est.expected)} expected at saturation, so the test finds the knee`
              }
            >
              <CapNumber
                field="launch.sessions"
                value={def.launch.sessions}
                step={10}
                min={1}
                onChange={(v) => set('launch.sessions', v)}
                error={Boolean(errors['launch.sessions'])}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="launch.timeframeSec"
              label="Launch timeframe"
              error={errors['launch.timeframeSec']}
              hint={`${formatNumber(def.launch.timeframeSec / 60, def.launch.timeframeSec % 60 ? 1 : 0)} min: a logon every ${formatNumber(rate.everySec, 1)} s (${formatNumber(rate.perMinute, 1)} per minute). Login VSI's default is 2,880 s`}
            >
              <CapNumber
                field="launch.timeframeSec"
                value={def.launch.timeframeSec}
                step={60}
                min={1}
                unit="s"
                onChange={(v) => set('launch.timeframeSec', v)}
                error={Boolean(errors['launch.timeframeSec'])}
              />
            </CapField>
          </GridItem>
        </Grid>
      </FormSection>
      <FormSection title="Threshold" titleElement="h3">
        <CapField field="threshold.rule" label="VSImax threshold" error={errors['threshold.rule']}>
          <Radio
            id="cap-field-threshold-base1000"
            name="cap-threshold"
            data-testid="cap-field-threshold-base1000"
            label="VSIbase + 1,000 ms"
            description="Login VSI 4.x: the current rule"
            isChecked={def.threshold.rule === 'base+1000'}
            onChange={() => set('threshold', { rule: 'base+1000' })}
          />
          <Radio
            id="cap-field-threshold-base125"
            name="cap-threshold"
            data-testid="cap-field-threshold-base125"
            label="VSIbase × 125 % + 3,000 ms"
            description="The older published rule: a higher threshold, so a higher VSImax"
            isChecked={def.threshold.rule === 'base*1.25+3000'}
            onChange={() => set('threshold', { rule: 'base*1.25+3000' })}
          />
        </CapField>
      </FormSection>
      <FormSection title="Planning" titleElement="h3">
        <Grid hasGutter md={6}>
          <GridItem>
            <CapField
              field="planning.metric"
              label="Size on"
              error={errors['planning.metric']}
              hint="Both are measured in every run; the recommendations use this one"
            >
              <CapSelect
                field="planning.metric"
                value={def.planning.metric}
                options={[
                  { value: 'vsimax', label: 'VSImax (Login VSI)' },
                  { value: 'cpu-target', label: 'Users at the CPU target (Login Enterprise)' },
                ]}
                onChange={(v) => set('planning.metric', v)}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="planning.cpuTargetPct"
              label="Host CPU target"
              error={errors['planning.cpuTargetPct']}
              hint="Users per host with the steady host CPU here (Nutanix sizes at 80–85 %)"
            >
              <CapNumber
                field="planning.cpuTargetPct"
                value={def.planning.cpuTargetPct}
                step={5}
                min={10}
                max={100}
                unit="%"
                onChange={(v) => set('planning.cpuTargetPct', v)}
                error={Boolean(errors['planning.cpuTargetPct'])}
                width={3}
              />
            </CapField>
          </GridItem>
        </Grid>
        <Grid hasGutter md={4}>
          <GridItem>
            <CapField field="planning.targetUsers" label="Target users" error={errors['planning.targetUsers']} hint="For “hosts needed”">
              <CapNumber
                field="planning.targetUsers"
                value={def.planning.targetUsers}
                step={100}
                min={1}
                onChange={(v) => set('planning.targetUsers', v)}
                error={Boolean(errors['planning.targetUsers'])}
                width={6}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField
              field="planning.safetyMarginPct"
              label="Headroom"
              error={errors['planning.safetyMarginPct']}
              hint={`Kept below ${def.planning.metric === 'vsimax' ? 'VSImax' : 'the users at the CPU target'}`}
            >
              <CapNumber
                field="planning.safetyMarginPct"
                value={def.planning.safetyMarginPct}
                step={5}
                min={0}
                max={90}
                unit="%"
                onChange={(v) => set('planning.safetyMarginPct', v)}
                error={Boolean(errors['planning.safetyMarginPct'])}
                width={3}
              />
            </CapField>
          </GridItem>
          <GridItem>
            <CapField field="planning.haSpareHosts" label="Spare hosts" error={errors['planning.haSpareHosts']} hint="N+1 by default">
              <CapNumber
                field="planning.haSpareHosts"
                value={def.planning.haSpareHosts}
                min={0}
                max={16}
                onChange={(v) => set('planning.haSpareHosts', v)}
                error={Boolean(errors['planning.haSpareHosts'])}
                width={3}
              />
            </CapField>
          </GridItem>
        </Grid>
      </FormSection>
      <CapField field="seed" label="Seed" error={errors['seed']} hint="Same definition and seed, same result, bit for bit">
        <CapNumber field="seed" value={def.seed} min={0} onChange={(v) => set('seed', v)} error={Boolean(errors['seed'])} />
      </CapField>
    </Form>
  );
}
