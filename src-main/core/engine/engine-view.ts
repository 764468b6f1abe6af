import { MACHINE_STATES, POWER_STATES, type MachineState, type PowerState } from '../../contract/entities.ts';
import { FAIL, MAINT, type ClusterContext } from './cluster/context.ts';
import type { EngineCore } from './core.ts';
import { P, U, type EngineState } from './state.ts';

/**
 * What the engine answers about its objects, read-only (issue 12: app code asks the engine through
 * methods, not its arrays). The request handlers (app/handlers, lint-enforced) ask here: indices by
 * id (-1 when absent), ids and names by index, a desktop's, a host's, a user's facts, as plain
 * values. Each method reads the engine's state when it is called, so a view never goes stale (the
 * per-desktop arrays are replaced when machines are added). The read models that sweep every object
 * per sample or flush read the arrays themselves, for speed (docs/ARCHITECTURE.md).
 *
 * Typed against the narrow core and the cluster context, not Engine, so the file stands alone in
 * core/ (no import cycle, type-only imports included). The app gets one with `engineView(e)`,
 * one per engine.
 */
export interface ViewSource {
  readonly st: EngineState;
  /** Simulated time (s since the Unix epoch). */
  readonly t: number;
  readonly hMemBlocked: Uint8Array;
  readonly tenantMem: EngineCore['tenantMem'];
  readonly cluster: ClusterContext;
}

/** A host's maintenance mode. */
export type MaintenanceState = keyof typeof MAINT;
/** A user's session in the engine ('none': no session; idle is 'active' without input). */
export type SessionState = keyof typeof U;

const MAINT_NAME = Object.fromEntries(Object.entries(MAINT).map(([k, v]) => [v, k])) as Record<number, MaintenanceState>;
const SESSION_NAME = Object.fromEntries(Object.entries(U).map(([k, v]) => [v, k])) as Record<number, SessionState>;

/** A desktop inside its live-migration switchover, or just out of it. */
export interface FrozenVm {
  d: number;
  desktopId: string;
  /** When the switchover ends (simulated s). */
  until: number;
  /** How long the switchover lasts (ms). */
  freezeMs: number;
}

export class EngineView {
  constructor(private readonly e: ViewSource) {}

  private get st(): EngineState {
    return this.e.st;
  }

  // ---- index space: indices by id (-1 when absent), ids by index ----

  desktopIndex(id: string): number {
    return this.st.ids.desktops.indexOf(id);
  }
  hostIndex(id: string): number {
    return this.st.ids.hosts.indexOf(id);
  }
  userIndex(id: string): number {
    return this.st.ids.users.indexOf(id);
  }
  poolIndex(id: string): number {
    return this.st.ids.pools.indexOf(id);
  }
  versionIndex(id: string): number {
    return this.st.ids.versions.indexOf(id);
  }
  datastoreIndex(id: string): number {
    return this.st.ids.datastores.indexOf(id);
  }
  clusterIndex(id: string): number {
    return this.e.cluster.clusters.findIndex((x) => x.id === id);
  }
  /** Every desktop's index by id, for many look-ups at once (a bulk action). */
  desktopIndexById(): Map<string, number> {
    return new Map(this.st.ids.desktops.map((id, i) => [id, i]));
  }
  /** How many desktops the engine runs (indices 0 … n-1). */
  desktopCount(): number {
    return this.st.ids.desktops.length;
  }

  desktopId(d: number): string | undefined {
    return this.st.ids.desktops[d];
  }
  hostId(h: number): string | undefined {
    return this.st.ids.hosts[h];
  }
  poolId(p: number): string | undefined {
    return this.st.ids.pools[p];
  }
  datastoreId(s: number): string | undefined {
    return this.st.ids.datastores[s];
  }
  clusterId(c: number): string | undefined {
    return this.e.cluster.clusters[c]?.id;
  }
  clusterName(c: number): string | undefined {
    return this.e.cluster.clusters[c]?.name;
  }

  // ---- desktops ----

  desktopName(d: number): string {
    return this.e.cluster.dName(d);
  }
  /** The host the desktop is registered on. */
  desktopHost(d: number): number {
    return this.st.dHost[d] as number;
  }
  /** Where the desktop is, or is going (the target of its migration in flight, or of a move DRS plans). */
  placedOn(d: number): number {
    return this.e.cluster.placedOn(d);
  }
  desktopPool(d: number): number {
    return this.st.dPool[d] as number;
  }
  powerState(d: number): PowerState | undefined {
    return POWER_STATES[this.st.dPower[d] as number];
  }
  poweredOn(d: number): boolean {
    return this.st.dPower[d] === P.poweredOn;
  }
  machineState(d: number): MachineState | undefined {
    return MACHINE_STATES[this.st.dState[d] as number];
  }
  /** Configured memory (MB), and the hypervisor's overhead on top of it. */
  desktopRamMb(d: number): number {
    return this.st.dRamMb[d] as number;
  }
  desktopOverheadMb(d: number): number {
    return this.st.dOverheadMb[d] as number;
  }
  /** A live migration of the desktop is under way. */
  migrating(d: number): boolean {
    return (this.e.cluster.mig.dMig[d] as number) >= 0;
  }
  /** The desktop waits for a migration slot. */
  waitingForMigration(d: number): boolean {
    return this.e.cluster.mig.isQueued(d);
  }
  /** A confidential VM (memory encryption): it cannot be live-migrated. */
  noLiveMigration(d: number): boolean {
    return this.st.dNoLiveMig[d] === 1;
  }
  /** Why the desktop's tenant memory limit refuses its power-on (issue 19), or null. */
  tenantRefusal(d: number, name: string): string | null {
    return this.e.tenantMem.admit(this.st, d, name);
  }
  /** Desktops whose live-migration switchover ended less than `visibleSec` ago or is under way, in index order. */
  frozenDesktops(visibleSec: number): FrozenVm[] {
    const out: FrozenVm[] = [];
    this.st.dFrozenUntil.forEach((until, d) => {
      if (until <= 0 || until + visibleSec < this.e.t) return;
      out.push({ d, desktopId: this.st.ids.desktops[d] ?? '', until, freezeMs: this.e.cluster.dFreezeMs[d] as number });
    });
    return out;
  }

  // ---- hosts ----

  hostName(h: number): string | undefined {
    return this.e.cluster.hName[h];
  }
  /** The index of the host's cluster. */
  hostCluster(h: number): number {
    return this.e.cluster.hCluster[h] as number;
  }
  /** The hosts of cluster c, in index order. */
  hostsOf(c: number): number[] {
    const out: number[] = [];
    const hc = this.e.cluster.hCluster;
    for (let h = 0; h < this.st.hCapMhz.length; h++) if (hc[h] === c) out.push(h);
    return out;
  }
  hostOn(h: number): boolean {
    return this.st.hOn[h] === 1;
  }
  /** Not responding: power lost or network isolated. */
  hostFailed(h: number): boolean {
    return this.e.cluster.hFail[h] !== FAIL.none;
  }
  hostBooting(h: number): boolean {
    return (this.e.cluster.hBootUntil[h] as number) > 0;
  }
  maintenance(h: number): MaintenanceState | undefined {
    return MAINT_NAME[this.e.cluster.hMaint[h] as number];
  }
  hostRamMb(h: number): number {
    return this.st.hRamMb[h] as number;
  }
  /** VMs registered on the host, whatever their power state. */
  registeredVms(h: number): number {
    return (this.st.hDesktops[h] as Int32Array).length;
  }
  poweredOnVms(h: number): number {
    let n = 0;
    for (const d of this.st.hDesktops[h] as Int32Array) if (this.st.dPower[d] === P.poweredOn) n++;
    return n;
  }
  /** Why host h takes no VM right now, or null. */
  hostUnavailable(h: number): string | null {
    const c = this.e.cluster;
    const name = c.hName[h];
    if (c.hFail[h] !== FAIL.none) return `${name} is not responding (failed)`;
    if (this.st.hOn[h] !== 1) return `${name} is powered off`;
    if ((c.hBootUntil[h] as number) > 0) return `${name} is still booting`;
    if (c.hMaint[h] === MAINT.in) return `${name} is in maintenance mode`;
    if (c.hMaint[h] === MAINT.entering) return `${name} is entering maintenance mode`;
    return null;
  }
  /** Why host h refuses new memory allocations (the low memory state), or null. */
  memoryBlocked(h: number): string | null {
    if (this.e.hMemBlocked[h] !== 1) return null;
    return `${this.e.cluster.hName[h]} is in the low memory state (free memory below 16 % of its minFree) and blocks new memory allocations`;
  }

  // ---- users ----

  sessionState(u: number): SessionState | undefined {
    return SESSION_NAME[this.st.uState[u] as number];
  }
  /** The pool of the user's session (meaningful while there is one). */
  sessionPool(u: number): number {
    return this.st.uPool[u] as number;
  }
  /** The desktop of the user's session (meaningful while there is one). */
  sessionDesktop(u: number): number {
    return this.st.uDesktop[u] as number;
  }
  /** Desktop d is a host of a multi-session (RDS) pool: the sessions on it, else null. */
  rdsHostSessions(d: number): number | null {
    if (d < 0 || this.st.pMulti[this.st.dPool[d] as number] !== 1) return null;
    return this.st.dSessions[d] as number;
  }
  /** The user is entitled to pool p. */
  entitled(u: number, p: number): boolean {
    return (this.st.uPools[u] ?? new Int32Array(0)).includes(p);
  }
}

const views = new WeakMap<ViewSource, EngineView>();

/** The engine's view, one per engine. */
export function engineView(e: ViewSource): EngineView {
  let v = views.get(e);
  if (!v) views.set(e, (v = new EngineView(e)));
  return v;
}
