import { PageSection } from '@patternfly/react-core';
import { OBJECT_KINDS } from '../../../src-main/contract/index.ts';
import { useApi } from '../../state/use-api.ts';
import type { RefreshKey } from '../../state/refresh-store.ts';
import { ApiErrorAlert } from '../../components/ApiErrorAlert.tsx';
import { CenteredSpinner } from '../../components/States.tsx';
import { ViewHeader } from '../../components/ViewHeader.tsx';
import { formatInt } from '../../components/format.ts';
import { DashboardPerformance } from './DashboardPerformance.tsx';
import { AlarmsBanner, useAlarmCounts } from '../alarms/index.ts';
import { CapacityCard, DashCard, Kpi, MachineStatesCard, PowerStatesCard, ProblemsCard, StatList } from './DashboardCards.tsx';

const EVERYTHING: RefreshKey[] = [...OBJECT_KINDS, 'events'];

export function DashboardView() {
  const { data: s, error, reload } = useApi('dashboard-summary', {}, { refreshOn: EVERYTHING });
  const alarms = useAlarmCounts();
  return (
    <>
      <ViewHeader title="Dashboard" description="The estate at a glance: inventory, live performance of the simulated morning, and where it hurts." />
      <PageSection hasBodyWrapper={false} className="vdi-section-tight">
        {error ? <ApiErrorAlert error={error} title="Could not load the dashboard" onRetry={reload} /> : null}
        <AlarmsBanner />
        {!s ? (
          error ? null : (
            <CenteredSpinner label="Loading the dashboard" />
          )
        ) : (
          <div className="vdi-dash-grid" data-testid="dashboard">
            <DashCard title="Hosts" to="/hosts" className="vdi-span-3" testId="dashboard-hosts-card">
              <Kpi value={s.hosts.total} unit="hosts" testId="dashboard-hosts-total" />
              <StatList
                stats={[
                  { label: 'Connected', value: s.hosts.connected, testId: 'dashboard-hosts-connected', dot: 'var(--pf-t--color--green--50)' },
                  { label: 'Maintenance mode', value: s.hosts.maintenance, testId: 'dashboard-hosts-maintenance', dot: 'var(--pf-t--color--yellow--40)' },
                  { label: 'Not responding', value: s.hosts.notResponding, testId: 'dashboard-hosts-not-responding', dot: 'var(--pf-t--color--red--50)' },
                  { label: 'Powered off', value: s.hosts.poweredOff, testId: 'dashboard-hosts-powered-off', dot: 'var(--pf-t--color--gray--40)' },
                ]}
              />
            </DashCard>
            <DashCard title="Desktops" to="/desktops" className="vdi-span-3" testId="dashboard-desktops-card">
              <Kpi value={s.desktops.total} unit="machines" testId="dashboard-desktops-total" />
              <StatList
                stats={[
                  { label: 'Available', value: s.desktops.byState.AVAILABLE ?? 0, dot: 'var(--pf-t--color--green--50)' },
                  { label: 'Connected', value: s.desktops.byState.CONNECTED ?? 0, dot: 'var(--pf-t--color--blue--50)' },
                  { label: 'Disconnected', value: s.desktops.byState.DISCONNECTED ?? 0, dot: 'var(--pf-t--color--teal--60)' },
                  { label: 'Problem machines', value: s.desktops.problems, dot: 'var(--pf-t--color--red--50)' },
                ]}
              />
            </DashCard>
            <DashCard title="Sessions" className="vdi-span-3" testId="dashboard-sessions-card">
              <Kpi value={s.sessions.total} unit="user sessions" testId="dashboard-sessions-total" />
              <StatList
                stats={[
                  { label: 'Active', value: s.sessions.active, testId: 'dashboard-sessions-active', dot: 'var(--pf-t--color--blue--50)' },
                  { label: 'Idle', value: s.sessions.idle, testId: 'dashboard-sessions-idle', dot: 'var(--pf-t--color--purple--40)' },
                  { label: 'Disconnected', value: s.sessions.disconnected, testId: 'dashboard-sessions-disconnected', dot: 'var(--pf-t--color--teal--60)' },
                ]}
              />
            </DashCard>
            <DashCard title="Desktop pools" to="/pools" className="vdi-span-3" testId="dashboard-pools-card">
              <Kpi value={`${formatInt(s.pools.enabled)} / ${formatInt(s.pools.total)}`} unit="enabled" testId="dashboard-pools-enabled" />
              <StatList
                stats={[
                  { label: 'Pools', value: s.pools.total, testId: 'dashboard-pools-total' },
                  { label: 'Disabled', value: s.pools.total - s.pools.enabled, testId: 'dashboard-pools-disabled' },
                  { label: 'Users', value: s.users.total, testId: 'dashboard-users-total' },
                  { label: 'Users entitled', value: s.users.entitled, testId: 'dashboard-users-entitled' },
                ]}
              />
            </DashCard>
            <DashboardPerformance />
            <MachineStatesCard d={s.desktops} />
            <PowerStatesCard d={s.desktops} />
            <CapacityCard c={s.capacity} />
            <ProblemsCard problems={s.desktops.problems} total={s.desktops.total} />
            <DashCard title="Alarms" to="/alarms" linkText="Review" className="vdi-span-3" testId="dashboard-alarms-card">
              <Kpi value={(alarms?.critical ?? 0) + (alarms?.warning ?? 0)} unit="active alarms" testId="dashboard-alarms-active" />
              <StatList
                stats={[
                  { label: 'Critical', value: alarms?.critical ?? 0, testId: 'dashboard-alarms-critical', dot: 'var(--pf-t--color--red--50)' },
                  { label: 'Warning', value: alarms?.warning ?? 0, testId: 'dashboard-alarms-warning', dot: 'var(--pf-t--color--yellow--40)' },
                  { label: 'Not acknowledged', value: alarms?.unacknowledged ?? 0, testId: 'dashboard-alarms-unacknowledged' },
                ]}
              />
            </DashCard>
            <DashCard title="Events" to="/events?ack=no" linkText="Review" className="vdi-span-3" testId="dashboard-events-card">
              <Kpi value={s.events.unacknowledged} unit="unacknowledged" testId="dashboard-events-unacknowledged" />
              <StatList
                stats={[
                  { label: 'Warnings', value: s.events.warnings, testId: 'dashboard-events-warnings', dot: 'var(--pf-t--color--yellow--40)' },
                  { label: 'Errors', value: s.events.errors, testId: 'dashboard-events-errors', dot: 'var(--pf-t--color--red--50)' },
                ]}
              />
            </DashCard>
          </div>
        )}
      </PageSection>
    </>
  );
}
