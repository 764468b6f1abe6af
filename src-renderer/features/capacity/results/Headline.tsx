import type { ReactNode } from 'react';
import { Card, CardBody, CardTitle, Icon } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { RESOURCE_TEXT } from '../capacity-text.ts';
import type { CapacityResult } from '../model/contract-types.ts';
import { hostFigures, RULE_OF_FIVE, RULE_OF_TEN } from '../../../../src-main/shared/capacity/rules-of-thumb.ts';
import { kneeSample, memoryText, notReachedCaveat } from '../model/knee.ts';

function Figure({ label, value, sub, testId }: { label: string; value: ReactNode; sub?: ReactNode; testId: string }) {
  return (
    <div className="vdi-cap-figure">
      <div className="vdi-cap-figure__label">{label}</div>
      <div className="vdi-cap-figure__value" data-testid={testId}>
        {value}
      </div>
      {sub ? <div className="vdi-cap-figure__sub">{sub}</div> : null}
    </div>
  );
}

/** VSImax and the figures around it, with the rule of thumb it should be near. */
export function VsimaxCard({ result }: { result: CapacityResult }) {
  const d = result.definition;
  const h = hostFigures(d);
  const single = d.sessionHost.kind === 'single-session';
  const rule = h.totalCores * (single ? RULE_OF_FIVE : RULE_OF_TEN);
  const value = result.vsimaxReached && result.vsimax !== null ? formatInt(result.vsimax) : `≥ ${formatInt(result.sessionsLaunched)}`;
  // This card is VSImax's: its per-core figures are VSImax's even when the planner sizes on the CPU target.
  const vsiSessions = result.vsimax ?? result.sessionsLaunched;
  const sh = d.sessionHost;
  const vsiVcpus = sh.kind === 'multi-session' ? sh.vmsPerHost * sh.vcpu * d.hosts.count : vsiSessions * sh.vcpu;
  const ratio = result.vsimax !== null && rule > 0 ? result.vsimax / rule : null;
  const caveat = notReachedCaveat(result);
  return (
    <Card isCompact isFullHeight data-testid="cap-vsimax-card" className="vdi-cap-vsimax">
      <CardTitle>VSImax</CardTitle>
      <CardBody>
        <div className="vdi-cap-vsimax__main">
          <span className="vdi-cap-vsimax__value" data-testid="cap-vsimax">
            {value}
          </span>
          <span className="vdi-cap-vsimax__unit">{single ? 'desktops' : 'users'}</span>
        </div>
        <p className="vdi-cap-vsimax__rule" data-testid="cap-vsimax-rule">
          {result.vsimaxReached ? (
            <>
              {single ? 'Rule of five' : 'Rule of ten'}: {formatInt(h.totalCores)} cores × {single ? RULE_OF_FIVE : RULE_OF_TEN} = {formatInt(rule)}
              {ratio !== null ? ` (${ratio >= 1 ? '+' : '−'}${formatInt(Math.abs(ratio - 1) * 100)} %)` : ''}
            </>
          ) : caveat ? null : (
            <>The index stayed under the threshold: launch more sessions to find the knee.</>
          )}
        </p>
        {caveat ? (
          <p className="vdi-cap-guideline vdi-cap-guideline--bad" data-testid="cap-vsimax-caveat">
            <Icon status="warning" isInline>
              <ExclamationTriangleIcon />
            </Icon>{' '}
            {caveat}
          </p>
        ) : null}
        <div className="vdi-cap-figures">
          <Figure label="VSIbase" value={`${formatInt(result.vsibaseMs)} ms`} testId="cap-vsibase" />
          <Figure
            label="Threshold"
            value={`${formatInt(result.thresholdMs)} ms`}
            sub={result.thresholdRule === 'base+1000' ? 'base + 1,000 ms' : 'base × 1.25 + 3,000 ms'}
            testId="cap-threshold"
          />
          <Figure
            label="Users per core"
            value={formatNumber(vsiSessions / Math.max(1, result.physicalCores), 2)}
            sub={`${formatInt(result.physicalCores)} physical cores`}
            testId="cap-users-per-core"
          />
          <Figure
            label="Users per vCPU"
            value={formatNumber(vsiSessions / Math.max(1, vsiVcpus), 2)}
            sub={`${formatInt(vsiVcpus)} session-host vCPUs`}
            testId="cap-users-per-vcpu"
          />
        </div>
      </CardBody>
    </Card>
  );
}

/**
 * Login Enterprise's density: users per host with the steady host CPU at the target (the other
 * metric each run measures), with Nutanix's MHz per session and what the host's CPU is worth.
 */
export function CpuTargetCard({ result }: { result: CapacityResult }) {
  const t = result.cpuTarget;
  const c = result.hostCpu;
  const hosts = result.definition.hosts.count;
  return (
    <Card isCompact isFullHeight data-testid="cap-cpu-target-card" className="vdi-cap-vsimax">
      <CardTitle>Users at {formatNumber(t.targetPct, t.targetPct % 1 ? 1 : 0)} % host CPU</CardTitle>
      <CardBody>
        <div className="vdi-cap-vsimax__main">
          <span className="vdi-cap-vsimax__value" data-testid="cap-cpu-target">
            {t.users !== null ? formatInt(Math.floor(t.users)) : '—'}
          </span>
          <span className="vdi-cap-vsimax__unit">{hosts > 1 ? `users on ${formatInt(hosts)} hosts` : 'users per host'}</span>
        </div>
        <p className="vdi-cap-vsimax__rule" data-testid="cap-cpu-target-note">
          {t.reached
            ? `Login Enterprise's way: the steady host CPU reaches the target at this load${result.definition.planning.metric === 'cpu-target' ? ' (the recommendations size on it)' : ''}.`
            : 'The host CPU stayed under the target: launch more sessions.'}
        </p>
        <div className="vdi-cap-figures">
          <Figure
            label="MHz per session"
            value={t.mhzPerSession !== null ? formatInt(t.mhzPerSession) : '—'}
            sub="host CPU × cores × base MHz / users"
            testId="cap-mhz-per-session"
          />
          <Figure
            label="CPU ready"
            value={t.readyPct !== null ? `${formatNumber(t.readyPct, 1)} %` : '—'}
            sub="per vCPU at that load"
            testId="cap-cpu-target-ready"
          />
          <Figure
            label="Host CPU"
            value={c.model ? c.model.replace(/^(Intel Xeon|AMD) /, '') : `${formatNumber(c.baseGhz, 1)} GHz`}
            sub={`${formatNumber(c.vixPerCore, 2)} vix per core · ${formatInt(c.hostVix)} per host`}
            testId="cap-host-cpu"
          />
        </div>
      </CardBody>
    </Card>
  );
}

/** The bottleneck in words, big: the one thing a planner must read. */
export function BottleneckCard({ result }: { result: CapacityResult }) {
  const b = result.bottleneck;
  const u = result.utilizationAtKnee;
  const none = b.resource === 'none';
  const at = kneeSample(result);
  return (
    <Card isCompact isFullHeight data-testid="cap-bottleneck-card" className="vdi-cap-bottleneck" data-resource={b.resource}>
      <CardTitle>Bottleneck</CardTitle>
      <CardBody>
        <div className="vdi-cap-bottleneck__resource" data-testid="cap-bottleneck">
          <Icon status={none ? 'success' : 'danger'} size="lg">
            {none ? <CheckCircleIcon /> : <ExclamationCircleIcon />}
          </Icon>
          <span>{RESOURCE_TEXT[b.resource]}</span>
        </div>
        <p className="vdi-cap-bottleneck__sentence" data-testid="cap-bottleneck-sentence">
          {b.sentence}
        </p>
        <dl className="vdi-cap-knee" data-testid="cap-knee">
          <div data-hot={b.resource === 'cpu' ? 'true' : undefined}>
            <dt>CPU</dt>
            <dd>
              {formatNumber(u.cpuPct, 0)} % · ready {formatNumber(u.readyPct, 1)} % · busiest VM {formatNumber(u.vmCpuPct, 0)} %
            </dd>
          </div>
          <div data-hot={b.resource === 'memory' ? 'true' : undefined}>
            <dt>Memory</dt>
            <dd data-testid="cap-knee-memory">{memoryText(u.memPct, u.memState, at?.swappedMb)}</dd>
          </div>
          <div data-hot={b.resource === 'storage' ? 'true' : undefined}>
            <dt>Storage</dt>
            <dd>
              {formatNumber(u.storageLatencyMs, u.storageLatencyMs < 10 ? 2 : 1)} ms · {formatInt(u.iops)} IOPS
            </dd>
          </div>
          <div data-hot={b.resource === 'network' ? 'true' : undefined}>
            <dt>Network</dt>
            <dd data-testid="cap-knee-network">
              demand {formatNumber(u.networkPct, 1)} % of NIC line rate{u.networkPct > 100 ? ' (more than the links carry)' : ''}
            </dd>
          </div>
        </dl>
        <p className="vdi-muted vdi-cap-small">
          Utilization at the knee ({result.vsimaxReached ? `VSImax, ${formatInt(result.vsimax)} sessions` : 'end of the test'}).
        </p>
      </CardBody>
    </Card>
  );
}

/** Stuck and failed sessions against Login VSI's 1 % guideline: a test above it is not valid. */
export function SessionsCard({ result }: { result: CapacityResult }) {
  const ok = result.withinStuckGuideline;
  return (
    <Card isCompact isFullHeight data-testid="cap-sessions-card">
      <CardTitle>Sessions</CardTitle>
      <CardBody>
        <div className="vdi-cap-figures vdi-cap-figures--2">
          <Figure
            label="Launched"
            value={formatInt(result.sessionsLaunched)}
            sub={`over ${formatInt(result.definition.launch.timeframeSec / 60)} min`}
            testId="cap-launched"
          />
          <Figure
            label="Stuck / failed"
            value={`${formatInt(result.stuckSessions)} / ${formatInt(result.failedSessions)}`}
            sub={`${formatNumber(result.stuckFailedPct, 2)} % of launched`}
            testId="cap-stuck"
          />
        </div>
        <p className={`vdi-cap-guideline vdi-cap-guideline--${ok ? 'ok' : 'bad'}`} data-testid="cap-stuck-guideline" data-ok={ok ? 'true' : 'false'}>
          <Icon status={ok ? 'success' : 'warning'} isInline>
            {ok ? <CheckCircleIcon /> : <ExclamationTriangleIcon />}
          </Icon>{' '}
          {ok ? 'Within the 1 % guideline: the test is valid.' : 'Above the 1 % guideline: the result is not valid; look at logon failures first.'}
        </p>
      </CardBody>
    </Card>
  );
}
