import { ALARM_METRICS, type AlarmDefinition, type AlarmMetric } from '../../contract/alarm-entities.ts';

/**
 * The default alarm set a VDI admin expects, each figure a named parameter with its source.
 *
 * | source | what it gives |
 * |---|---|
 * | vCenter default alarms (vSphere "Host CPU usage", "Datastore usage on disk", "Host connection and power state", "Insufficient vSphere HA failover resources"; VCP-5 objective 7.2 list) | CPU 75 / 90 %, datastore use 75 / 85 % (free 25 / 15 %), 5-minute condition length, state alarms with none |
 * | vSphere MetricAlarmExpression (yellow / red, isAbove / isBelow, yellowInterval / redInterval) and the reporting tolerance range | the shape: two levels, a duration, a reset margin |
 * | VMware performance guidance (DOMAIN.md) | CPU ready > 5 % per vCPU warning, > 10 % critical; device latency > 20 ms alert; ESXi memory states soft (ballooning) / hard (swapping) |
 * | VMware KB 1025279 (snapshot best practices) | no snapshot kept past 24–72 hours; delta growth watched (vCenter's "VM snapshot size" trigger) |
 * | Citrix Director alert policies / Horizon Help Desk (DOMAIN.md) | logon: typical 30 s, over 60 s poor; RTT under 100 ms good, over 200 ms poor; failed connections counted per pool |
 */
export const ALARM_DEFAULTS = {
  hostCpu: { warningPct: 75, criticalPct: 90, durationSec: 300, marginPct: 5 },
  hostMemoryState: { warningState: 1.5, criticalState: 2.5, durationSec: 60 }, // above clear (soft = ballooning), above soft (hard = swapping)
  cpuReady: { warningPct: 5, criticalPct: 10, durationSec: 300, marginPct: 1 },
  hostNotResponding: { critical: 0.5, durationSec: 0 },
  haInsufficient: { critical: 0.5, durationSec: 0 },
  datastoreLatency: { warningMs: 20, criticalMs: 50, durationSec: 300, marginMs: 2 },
  datastoreFree: { warningPct: 25, criticalPct: 15, durationSec: 0, marginPct: 1 },
  snapshotSize: { warningGb: 10, criticalGb: 40, durationSec: 0, marginGb: 0.5 },
  snapshotAge: { warningHours: 24, criticalHours: 72, durationSec: 0 },
  /** No desktop for the next user: critical at once (a login storm shows within the evaluation minute). */
  poolAvailable: { criticalBelow: 1, durationSec: 0, margin: 0 },
  /** Failed connections per minute over 5 minutes: one a minute is worth a look, ten a minute is an outage. */
  poolFailures: { warningPerMin: 1, criticalPerMin: 10, durationSec: 0, margin: 0.2 },
  poolLogon: { warningSec: 45, criticalSec: 60, durationSec: 0, marginSec: 5 },
  sessionRtt: { warningMs: 200, criticalMs: 300, durationSec: 120, marginMs: 20 },
  sessionLoss: { warningPct: 2, criticalPct: 5, durationSec: 120, marginPct: 0.5 },
  userLogon: { warningSec: 60, criticalSec: 120, durationSec: 0, marginSec: 0 },
} as const;

const VC = 'vCenter default alarm';
const A = ALARM_DEFAULTS;

function def(
  id: string,
  name: string,
  metric: AlarmMetric,
  levels: { warning: number | null; critical: number | null; durationSeconds: number; resetMargin?: number; enabled?: boolean },
  source: string,
  description: string,
): AlarmDefinition {
  const m = ALARM_METRICS[metric];
  return {
    id,
    name,
    description,
    objectKind: m.objectKind,
    metric,
    direction: m.direction,
    unit: m.unit,
    warning: levels.warning,
    critical: levels.critical,
    durationSeconds: levels.durationSeconds,
    resetMargin: levels.resetMargin ?? 0,
    enabled: levels.enabled ?? true,
    source,
    builtin: true,
  };
}

export const DEFAULT_ALARM_DEFINITIONS: readonly AlarmDefinition[] = [
  def(
    'host-cpu',
    'Host CPU usage',
    'host-cpu-usage',
    { warning: A.hostCpu.warningPct, critical: A.hostCpu.criticalPct, durationSeconds: A.hostCpu.durationSec, resetMargin: A.hostCpu.marginPct },
    `${VC} "Host CPU usage": warning 75 %, alert 90 %, for 5 minutes`,
    'A host running hot: its desktops queue for CPU.',
  ),
  def(
    'host-memory',
    'Host memory state',
    'host-memory-state',
    { warning: A.hostMemoryState.warningState, critical: A.hostMemoryState.criticalState, durationSeconds: A.hostMemoryState.durationSec },
    'ESXi memory states (vSphere Resource Management): soft = ballooning (warning), hard or low = compression and swapping (critical)',
    'The host reclaims guest memory: ballooning, then swapping, which users feel as stalls.',
  ),
  def(
    'cpu-ready',
    'Host CPU ready',
    'host-cpu-ready',
    { warning: A.cpuReady.warningPct, critical: A.cpuReady.criticalPct, durationSeconds: A.cpuReady.durationSec, resetMargin: A.cpuReady.marginPct },
    'VMware performance guidance: CPU ready above 5 % per vCPU is a warning, above 10 % critical',
    'vCPUs wait for a physical core: the desktops feel slow even when CPU usage looks fine.',
  ),
  def(
    'host-not-responding',
    'Host not responding',
    'host-not-responding',
    { warning: null, critical: A.hostNotResponding.critical, durationSeconds: A.hostNotResponding.durationSec },
    `${VC} "Host connection and power state" (a state alarm: no condition length)`,
    'No heartbeat from the host: HA restarts its desktops elsewhere; its sessions are lost.',
  ),
  def(
    'ha-capacity',
    'Insufficient HA failover resources',
    'cluster-ha-insufficient',
    { warning: null, critical: A.haInsufficient.critical, durationSeconds: A.haInsufficient.durationSec },
    `${VC} "Insufficient vSphere HA failover resources"`,
    'The cluster no longer keeps the failover capacity its admission control asks for.',
  ),
  def(
    'datastore-latency',
    'Datastore latency',
    'datastore-latency',
    {
      warning: A.datastoreLatency.warningMs,
      critical: A.datastoreLatency.criticalMs,
      durationSeconds: A.datastoreLatency.durationSec,
      resetMargin: A.datastoreLatency.marginMs,
    },
    'VMware storage guidance: alert when device latency is above 20 ms; 50 ms is the point vCenter\'s "VM max total disk latency" alarm warns',
    'The datastore queues I/O: logons, boots and app starts slow down.',
  ),
  def(
    'datastore-free',
    'Datastore free space',
    'datastore-free-space',
    {
      warning: A.datastoreFree.warningPct,
      critical: A.datastoreFree.criticalPct,
      durationSeconds: A.datastoreFree.durationSec,
      resetMargin: A.datastoreFree.marginPct,
    },
    `${VC} "Datastore usage on disk": warning at 75 % used, alert at 85 % (free below 25 % / 15 %)`,
    'Thin disks and snapshot deltas grow into the datastore: a full datastore stops its VMs.',
  ),
  def(
    'snapshot-size',
    'Snapshot size',
    'desktop-snapshot-size',
    {
      warning: A.snapshotSize.warningGb,
      critical: A.snapshotSize.criticalGb,
      durationSeconds: A.snapshotSize.durationSec,
      resetMargin: A.snapshotSize.marginGb,
    },
    'vCenter "VM snapshot size" trigger; VMware KB 1025279: large deltas cost I/O and a long consolidation (thresholds: this console\'s choice)',
    'A snapshot delta that keeps growing: the longer it lives the longer the merge.',
  ),
  def(
    'snapshot-age',
    'Snapshot age',
    'desktop-snapshot-age',
    { warning: A.snapshotAge.warningHours, critical: A.snapshotAge.criticalHours, durationSeconds: A.snapshotAge.durationSec },
    'VMware KB 1025279: do not keep a snapshot more than 24–72 hours',
    'A snapshot is not a backup: delete or consolidate it.',
  ),
  def(
    'pool-no-desktops',
    'Pool has no available desktops',
    'pool-available-desktops',
    { warning: null, critical: A.poolAvailable.criticalBelow, durationSeconds: A.poolAvailable.durationSec, resetMargin: A.poolAvailable.margin },
    'Horizon: "No desktop available" refuses the next user of the pool (a state alarm: no condition length)',
    'The next user of this pool is refused: add machines, raise the maximum or free desktops.',
  ),
  def(
    'pool-failed-connections',
    'Failed connections',
    'pool-failed-connections',
    {
      warning: A.poolFailures.warningPerMin,
      critical: A.poolFailures.criticalPerMin,
      durationSeconds: A.poolFailures.durationSec,
      resetMargin: A.poolFailures.margin,
    },
    'Citrix Director "Connection failures" alert policy / Horizon Help Desk failed sessions (rates: this console\'s choice)',
    'Users are refused ("No desktop available", agent unreachable, protocol errors).',
  ),
  def(
    'pool-logon-duration',
    'Logon duration (pool)',
    'pool-logon-duration',
    { warning: A.poolLogon.warningSec, critical: A.poolLogon.criticalSec, durationSeconds: A.poolLogon.durationSec, resetMargin: A.poolLogon.marginSec },
    'Citrix Director logon duration / Horizon Help Desk: typical 30 s, over 60 s is poor',
    'Logons of the pool are slow: look at the phases (profile, GPO, scripts).',
  ),
  def(
    'user-logon-duration',
    'Logon duration (user)',
    'user-logon-duration',
    { warning: A.userLogon.warningSec, critical: A.userLogon.criticalSec, durationSeconds: A.userLogon.durationSec, enabled: false },
    'Citrix Director logon duration: over 60 s is poor (off by default: one alarm per slow user is noisy on a big estate)',
    "One user's logon was slow.",
  ),
  def(
    'session-rtt',
    'Session round trip time',
    'session-rtt',
    { warning: A.sessionRtt.warningMs, critical: A.sessionRtt.criticalMs, durationSeconds: A.sessionRtt.durationSec, resetMargin: A.sessionRtt.marginMs },
    'Horizon Help Desk / Director ICA RTT: under 100 ms good, over 200 ms poor',
    "The user's network makes the desktop lag.",
  ),
  def(
    'session-loss',
    'Session packet loss',
    'session-loss',
    {
      warning: A.sessionLoss.warningPct,
      critical: A.sessionLoss.criticalPct,
      durationSeconds: A.sessionLoss.durationSec,
      resetMargin: A.sessionLoss.marginPct,
    },
    "Blast / PCoIP guidance: display protocols degrade visibly past a few % loss (thresholds: this console's choice)",
    "The user's network drops packets: the picture blurs and input stutters.",
  ),
];
