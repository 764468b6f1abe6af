import type { CapacityOs } from '../../../contract/capacity-entities.ts';
import { POOL_KINDS } from '../../../contract/entities.ts';
import { activeCap, POWER_THROTTLES, type BootCloneKind, type PowerThrottle } from '../../models/boot.ts';
import type { DurableArray, DurablePart } from '../durable/state.ts';
import type { Remap } from '../durable/remap.ts';
import type { EngineCore } from '../core.ts';
import { grown, P, touchDesktop } from '../state.ts';

interface Connection {
  throttle: PowerThrottle;
  /** Machines on the connection (the base of the percentage cap); null: the cluster's desktops. */
  machines: number | null;
}

interface Saved {
  pending: number[][];
  active: [number, number][];
  starts: number[][];
  booting: [number, Boot][];
  lastT: number;
}

/**
 * A boot in flight: its guest starts when the hypervisor's power-on task ends (`armAt`), then does
 * its I/O at `iops` while the array serves it, and registers once its time (`doneAt`) has passed and
 * its I/O (`ioLeft`) is done: a slow array stretches a boot however it was when the boot began.
 */
interface Boot {
  armAt: number;
  iops: number;
  mhz: number;
  ioLeft: number;
  doneAt: number;
  armed: boolean;
}

/**
 * Power actions of the broker and the pools' power policy, throttled per hosting connection (one per
 * cluster: the vCenter / hypervisor connection), as Citrix and Horizon do (core/models/boot.ts
 * POWER_THROTTLES). A request waits in its connection's queue; every tick the queue starts what the
 * throttle allows (active actions, the share of the connection's machines, new actions in the last
 * minute). A started boot takes its time from the contention it meets (core/models/boot.ts planBoot);
 * the desktop is "registered" (its agent reported, the broker may place a session) when its time has
 * passed and the array has served its boot I/O.
 * A user's own connection to a powered-off desktop and HA restarts start at once, outside the queue.
 */
export class PowerThrottleQueue implements DurablePart<Saved> {
  readonly key = 'powerThrottle';
  /** When each desktop registered or will (−Infinity: it has been up since before the engine knew). */
  dRegisteredAt: Float64Array;
  /** Per connection (cluster): the throttle and the machines its percentage counts. The live lab: Horizon's vCenter limits. */
  readonly connections: Connection[];
  /** Per pool: the guest OS and how its disks come to be (for the boot's time and I/O). */
  readonly pOs: CapacityOs[];
  readonly pClone: BootCloneKind[];
  private pending: number[][];
  private readonly active = new Map<number, number>();
  private readonly booting = new Map<number, Boot>();
  private lastT = Number.NaN;
  private starts: number[][];

  constructor(private readonly e: EngineCore) {
    const st = e.st;
    this.dRegisteredAt = new Float64Array(st.dPower.length).fill(Number.NEGATIVE_INFINITY);
    const C = e.cluster.clusters.length;
    this.connections = Array.from({ length: Math.max(1, C) }, () => ({ throttle: POWER_THROTTLES.horizon, machines: null }));
    this.pending = this.connections.map(() => []);
    this.starts = this.connections.map(() => []);
    this.pOs = Array.from(st.pMulti, (m) => (m ? 'ws2022' : 'win10'));
    this.pClone = Array.from(st.pKind, (k) => {
      const kind = POOL_KINDS[k] ?? 'manual';
      return kind === 'instant-clone' ? 'instant-clone' : kind === 'linked-clone' ? 'linked-clone' : 'full-clone';
    });
  }

  /** Machines added at the end of the index space: never registered yet. */
  grow(): void {
    this.dRegisteredAt = grown(this.dRegisteredAt, this.e.st.dPower.length, Number.NEGATIVE_INFINITY);
  }

  arrays(): DurableArray[] {
    return [{ name: 'powerThrottle.registeredAt', array: this.dRegisteredAt, domain: 'desktop' }];
  }

  save(): Saved {
    return {
      pending: this.pending.map((q) => [...q]),
      active: [...this.active],
      starts: this.starts.map((s) => [...s]),
      booting: [...this.booting].map(([d, b]) => [d, { ...b }]),
      lastT: this.lastT,
    };
  }

  load(s: Saved | undefined, map: Remap): void {
    const to = (d: number) => map.to('desktop', d);
    this.active.clear();
    for (const [d, end] of s?.active ?? []) if (to(d) >= 0) this.active.set(to(d), end);
    this.pending = this.connections.map((_, c) => (s?.pending[c] ?? []).map(to).filter((d) => d >= 0));
    this.starts = this.connections.map((_, c) => [...(s?.starts[c] ?? [])]);
    this.booting.clear();
    for (const [d, b] of s?.booting ?? []) if (to(d) >= 0) this.booting.set(to(d), { ...b });
    this.lastT = s?.lastT ?? Number.NaN;
  }

  /** Desktop d boots: its guest starts at `armAt` with this load, and registers at `doneAt` at the earliest, once `ios` I/Os are served. */
  boot(d: number, armAt: number, doneAt: number, iops: number, mhz: number, ios: number): void {
    this.booting.set(d, { armAt, iops, mhz, ioLeft: ios, doneAt, armed: false });
  }

  /** Each tick: boots start their guest load, make progress on their I/O as the array serves it, and register. */
  private advanceBoots(at: number): void {
    const dt = Number.isNaN(this.lastT) ? 0 : Math.max(0, at - this.lastT);
    this.lastT = at;
    if (this.booting.size === 0) return;
    const st = this.e.st;
    const progress = this.e.storage.sProgress;
    for (const [d, b] of this.booting) {
      if (!b.armed) {
        if (b.armAt > at + 1e-9) continue;
        b.armed = true;
        st.dBusyIops[d] = b.iops;
        st.dBusyMhz[d] = b.mhz;
        touchDesktop(st, d);
        continue;
      }
      b.ioLeft -= (st.dBusyIops[d] as number) * (progress[st.dDs[d] as number] as number) * dt;
      if (b.ioLeft <= 1e-6) st.dBusyIops[d] = 0;
      touchDesktop(st, d);
      if (at + 1e-9 < b.doneAt) continue;
      if (b.ioLeft > 1e-6) {
        // Its time is up but not its I/O: still booting, a second at a time.
        st.dBusyUntil[d] = at + 1;
        touchDesktop(st, d);
        this.dRegisteredAt[d] = at + 1;
        continue;
      }
      st.dBusyUntil[d] = at;
      touchDesktop(st, d);
      this.dRegisteredAt[d] = at;
      this.booting.delete(d);
      if ((this.active.get(d) ?? 0) === Number.POSITIVE_INFINITY) this.active.delete(d);
    }
  }

  private connectionOf(d: number): number {
    const c = this.e.cluster.hCluster[this.e.st.dHost[d] as number] ?? 0;
    return c >= 0 && c < this.connections.length ? c : 0;
  }

  /** Whether desktop d's agent has registered by time t (the broker places sessions only then). */
  registered(d: number, t: number): boolean {
    return (this.dRegisteredAt[d] as number) <= t + 1e-9;
  }

  /** Seconds until desktop d registers (0 when it has). */
  remaining(d: number, t: number): number {
    return Math.max(0, (this.dRegisteredAt[d] as number) - t);
  }

  /** Queues a power-on; a desktop already queued, booting or on is left alone. */
  request(d: number): void {
    const st = this.e.st;
    if (st.dPower[d] === P.poweredOn || this.active.has(d)) return;
    const q = this.pending[this.connectionOf(d)] as number[];
    if (!q.includes(d)) q.push(d);
  }

  /** Desktops waiting in the queues. */
  get waiting(): number {
    return this.pending.reduce((a, q) => a + q.length, 0);
  }

  /** Power actions under way (holding a slot). */
  get inFlight(): number {
    return this.active.size;
  }

  /** Starts what each connection's throttle allows now (every tick). */
  pump(at: number): void {
    this.advanceBoots(at);
    if (this.active.size === 0 && this.waiting === 0) return;
    for (const [d, end] of this.active) if (end <= at + 1e-9) this.active.delete(d);
    this.connections.forEach((conn, c) => {
      const q = this.pending[c] as number[];
      const starts = (this.starts[c] as number[]).filter((s) => s > at - 60 + 1e-9);
      this.starts[c] = starts;
      if (q.length === 0) return;
      const machines = conn.machines ?? this.machinesOn(c);
      const cap = activeCap(conn.throttle, machines);
      let active = 0;
      for (const d of this.active.keys()) if (this.connectionOf(d) === c) active++;
      while (q.length > 0 && active < cap && starts.length < conn.throttle.maxNewPerMinute) {
        const d = q.shift() as number;
        if (this.e.st.dPower[d] === P.poweredOn) continue; // powered on meanwhile (a user's connection)
        const boot = this.e.provisioner.powerOn(d, at);
        // A slot held until the desktop registers ends when it does (however long the boot takes).
        this.active.set(d, conn.throttle.holdsUntil === 'registered' ? Number.POSITIVE_INFINITY : at + boot.taskSec + conn.throttle.extraSpinUpSec);
        starts.push(at);
        active++;
      }
    });
  }

  private machinesOn(c: number): number {
    const st = this.e.st;
    let n = 0;
    for (let d = 0; d < st.dHost.length; d++) if (this.connectionOf(d) === c) n++;
    return n;
  }
}
