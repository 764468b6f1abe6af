import type { ReactNode } from 'react';
import { Card, CardBody, CardTitle, Icon } from '@patternfly/react-core';
import CheckCircleIcon from '@patternfly/react-icons/dist/esm/icons/check-circle-icon';
import ExclamationCircleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-circle-icon';
import ExclamationTriangleIcon from '@patternfly/react-icons/dist/esm/icons/exclamation-triangle-icon';
import { formatInt, formatNumber } from '../../../components/format.ts';
import { RESOURCE_TEXT } from '../capacity-text.ts';
import type { CapacityResult } from '../model/contract-types.ts';
import { hostFigures, RULE_OF_FIVE, RULE_OF_TEN } from '../model/hints.ts';
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
            value={formatNumber(result.usersPerCore, 2)}
            sub={`${formatInt(result.physicalCores)} physical cores`}
            testId="cap-users-per-core"
          />
          <Figure
            label="Users per vCPU"
            value={formatNumber(result.usersPerVcpu, 2)}
            sub={`${formatInt(result.sessionHostVcpus)} session-host vCPUs`}
            testId="cap-users-per-vcpu"
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
            <dd>{formatNumber(u.networkPct, 1)} % of the NICs</dd>
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
