import type { ReactNode } from 'react';
import { Button, Card, CardBody, CardHeader, CardTitle } from '@patternfly/react-core';
import ArrowRightIcon from '@patternfly/react-icons/dist/esm/icons/arrow-right-icon';
import { MACHINE_STATES, POWER_STATES, type DashboardSummary } from '../../../src-main/contract/index.ts';
import { StackedBar } from '../../components/StackedBar.tsx';
import { UsageMeter } from '../../components/UsageMeter.tsx';
import { formatGb, formatInt, formatNumber, plural } from '../../components/format.ts';
import { MACHINE_STATE_META, POWER_STATE_META } from '../../components/machine-states.ts';
import { href, navigate } from '../../router/hash-router.ts';

export function DashCard({
  title,
  to,
  linkText,
  children,
  className,
  testId,
}: {
  title: string;
  to?: string;
  linkText?: string;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <Card isCompact className={className} data-testid={testId} isFullHeight>
      <CardHeader
        actions={
          to
            ? {
                actions: (
                  <Button variant="link" isInline size="sm" component="a" href={href(to)} icon={<ArrowRightIcon />} iconPosition="end">
                    {linkText ?? 'View'}
                  </Button>
                ),
                hasNoOffset: true,
              }
            : undefined
        }
      >
        <CardTitle>{title}</CardTitle>
      </CardHeader>
      <CardBody>{children}</CardBody>
    </Card>
  );
}

export function Kpi({ value, unit, testId }: { value: number | string; unit?: string; testId: string }) {
  return (
    <div className="vdi-kpi">
      <span className="vdi-kpi__value" data-testid={testId}>
        {typeof value === 'number' ? formatInt(value) : value}
      </span>
      {unit ? <span className="vdi-kpi__unit">{unit}</span> : null}
    </div>
  );
}

export interface Stat {
  label: ReactNode;
  value: number | string;
  testId?: string;
  dot?: string;
}

export function StatList({ stats }: { stats: Stat[] }) {
  return (
    <dl className="vdi-statlist">
      {stats.map((s, i) => (
        <div key={i} style={{ display: 'contents' }}>
          <dt>
            {s.dot ? <span className="vdi-dot" style={{ background: s.dot }} aria-hidden /> : null}
            {s.label}
          </dt>
          <dd data-testid={s.testId}>{typeof s.value === 'number' ? formatInt(s.value) : s.value}</dd>
        </div>
      ))}
    </dl>
  );
}

export function MachineStatesCard({ d }: { d: DashboardSummary['desktops'] }) {
  const segments = MACHINE_STATES.map((s) => ({
    key: s,
    label: s,
    value: d.byState[s] ?? 0,
    color: MACHINE_STATE_META[s].bar,
    to: `/desktops?state=${s}`,
    testId: `dashboard-state-${s}`,
    hint: MACHINE_STATE_META[s].hint,
  }));
  return (
    <DashCard title="Desktops by machine state" to="/desktops" linkText="All desktops" className="vdi-span-8" testId="dashboard-states-card">
      <StackedBar segments={segments} total={d.total} ariaLabel="Desktops by machine state" />
    </DashCard>
  );
}

export function PowerStatesCard({ d }: { d: DashboardSummary['desktops'] }) {
  const segments = POWER_STATES.map((p) => ({
    key: p,
    label: POWER_STATE_META[p].label,
    value: d.byPower[p] ?? 0,
    color: POWER_STATE_META[p].bar,
    to: `/desktops?power=${p}`,
    testId: `dashboard-power-${p}`,
  }));
  return (
    <DashCard title="Power states" className="vdi-span-4" testId="dashboard-power-card">
      <StackedBar segments={segments} total={d.total} ariaLabel="Desktops by power state" />
    </DashCard>
  );
}

/** VDI vCPU:core ratios run up to about 8–12:1 before CPU ready time hurts (DOMAIN.md). */
const VCPU_RATIO_WARN = 8;
const VCPU_RATIO_DANGER = 12;

export function CapacityCard({ c }: { c: DashboardSummary['capacity'] }) {
  const ratioTone = c.vcpuPerCore >= VCPU_RATIO_DANGER ? 'danger' : c.vcpuPerCore >= VCPU_RATIO_WARN ? 'warning' : 'ok';
  return (
    <DashCard title="Capacity allocated" to="/hosts" linkText="Hosts" className="vdi-span-6" testId="dashboard-capacity-card">
      <div className="vdi-kpi">
        <span className={`vdi-kpi__value vdi-tone-${ratioTone}`} data-testid="dashboard-vcpu-ratio">
          {formatNumber(c.vcpuPerCore, 1)}:1
        </span>
        <span className="vdi-kpi__unit">
          vCPU : physical core · {formatInt(c.vcpuAllocated)} vCPU on {formatInt(c.cores)} cores (guideline ≤ {VCPU_RATIO_WARN}:1 for VDI)
        </span>
      </div>
      <div style={{ marginTop: 'var(--pf-t--global--spacer--md)' }}>
        <UsageMeter
          title="Memory allocated"
          used={c.ramAllocatedGb}
          total={c.ramGb}
          valueText={`${formatGb(c.ramAllocatedGb)} of ${formatGb(c.ramGb)}`}
          warnAt={90}
          dangerAt={100}
          testId="dashboard-ram"
        />
        <UsageMeter
          title="Storage used"
          used={c.storageUsedGb}
          total={c.storageCapacityGb}
          valueText={`${formatGb(c.storageUsedGb)} of ${formatGb(c.storageCapacityGb)}`}
          testId="dashboard-storage"
        />
      </div>
    </DashCard>
  );
}

export function ProblemsCard({ problems, total }: { problems: number; total: number }) {
  return (
    <DashCard title="Problem machines" to="/desktops?problems=1" linkText="Show" className="vdi-span-3" testId="dashboard-problems-card">
      <Kpi value={problems} unit={`of ${formatInt(total)} desktops`} testId="dashboard-problems" />
      <p className="vdi-muted vdi-small" style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}>
        Machines in PROVISIONING_ERROR, AGENT_UNREACHABLE, ERROR or ALREADY_USED.
      </p>
      {problems > 0 ? (
        <Button
          variant="secondary"
          isDanger
          size="sm"
          onClick={() => navigate('/desktops?problems=1')}
          style={{ marginTop: 'var(--pf-t--global--spacer--sm)' }}
          data-testid="dashboard-problems-link"
        >
          Review {plural(problems, 'problem machine')}
        </Button>
      ) : null}
    </DashCard>
  );
}
