import type { Handlers } from '../context.ts';
import { directoryHandlers } from './directory.ts';
import { eventHandlers } from './events.ts';
import { inventoryHandlers } from './inventory.ts';
import { labHandlers } from './lab.ts';
import { poolHandlers } from './pools.ts';
import { simulationHandlers } from './simulation.ts';
import { cpuAllocationHandlers } from './cpu-allocation.ts';
import { poolLifecycleHandlers } from './pool-lifecycle.ts';
import { assignmentHandlers } from './assignment.ts';
import { poolEditHandlers } from './pool-edit.ts';
import { imageHandlers } from './images.ts';
import { pushStatusHandlers } from './push-status.ts';
import { desktopBulkHandlers } from './desktop-bulk.ts';
import { faultHandlers } from './faults.ts';
import { scenarioHandlers } from './scenarios.ts';
import { poolMachineHandlers } from './pool-machines.ts';
import { scalingHandlers } from './scaling.ts';
import { sessionHandlers } from './sessions.ts';
import { sessionActionHandlers } from './session-actions.ts';
import { capacityHandlers } from './capacity.ts';
import { clusterHandlers } from './cluster.ts';
import { snapshotHandlers } from './snapshots.ts';
import { snapshotBulkHandlers } from './snapshot-bulk.ts';
import { checkpointHandlers } from './checkpoints.ts';
import { restHandlers } from './rest.ts';
import { restActionHandlers } from './rest-actions.ts';
import { accountHandlers } from './accounts.ts';
import { auditHandlers } from './audit.ts';
import { alarmHandlers } from './alarms.ts';
import { replayHandlers } from './replay.ts';
import { drHandlers } from './dr.ts';
import { deliveryHandlers } from './delivery.ts';
import { hardwareHandlers } from './hardware.ts';
import { clusterHypervisorHandlers } from './cluster-hypervisor.ts';
import { hostGpuHandlers } from './host-gpus.ts';
import { trendHandlers } from './trends.ts';
import { tenantHandlers } from './tenants.ts';

/** The complete handler map; the type makes a missing or misspelt method a compile error. */
export const handlers: Handlers = {
  ...labHandlers,
  ...inventoryHandlers,
  ...poolHandlers,
  ...directoryHandlers,
  ...eventHandlers,
  ...simulationHandlers,
  ...cpuAllocationHandlers,
  ...poolLifecycleHandlers,
  ...assignmentHandlers,
  ...poolEditHandlers,
  ...imageHandlers,
  ...pushStatusHandlers,
  ...desktopBulkHandlers,
  ...faultHandlers,
  ...scenarioHandlers,
  ...poolMachineHandlers,
  ...scalingHandlers,
  ...sessionHandlers,
  ...sessionActionHandlers,
  ...capacityHandlers,
  ...clusterHandlers,
  ...snapshotHandlers,
  ...snapshotBulkHandlers,
  ...checkpointHandlers,
  ...restHandlers,
  ...restActionHandlers,
  ...accountHandlers,
  ...auditHandlers,
  ...alarmHandlers,
  ...replayHandlers,
  ...drHandlers,
  ...deliveryHandlers,
  ...hardwareHandlers,
  ...hostGpuHandlers,
  ...clusterHypervisorHandlers,
  ...trendHandlers,
  ...tenantHandlers,
};
