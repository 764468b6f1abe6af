import { MACHINE_STATES, POWER_STATES, PROBLEM_STATES, type MachineState } from '../contract/entities.ts';
import { FAIL, MAINT } from '../core/engine/cluster/cluster.ts';
import type { Engine } from '../core/engine/engine.ts';
import { M, P } from '../core/engine/state.ts';
import type { LabModel } from '../core/lab/model.ts';
import type { Db } from '../store/db.ts';
import { setHostState } from '../store/cluster-ops.ts';
import { writeDesktopRow } from '../store/sim-sync.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();
/** By machine state code: whether it is a problem state (the flush asks for every desktop; a list search each time adds up). */
const IS_PROBLEM = Uint8Array.from(MACHINE_STATES, (s) => (PROBLEM_STATES.includes(s as MachineState) ? 1 : 0));
/** A machine state no desktop has: the row was never written from this engine. */
const UNWRITTEN = 255;

/**
 * The columns of the desktops and hosts tables the engine owns (machine state and since,
 * power, owner, image version, host, used space, problem; a host's connection and power),
 * written at each flush by comparing with what was written last: a row is a function of the
 * engine's state alone, whenever the flush happens and whatever marked it.
 */
export class EngineRows {
  private state = new Uint8Array(0);
  private power = new Uint8Array(0);
  private owner = new Int32Array(0);
  private version = new Int32Array(0);
  private host = new Int32Array(0);
  private used = new Float32Array(0);
  private since = new Float64Array(0);
  private problem: (string | null)[] = [];
  private hostRows: string[] = [];
  private desktopIds: readonly string[] = [];
  private hostIds: readonly string[] = [];
  private userIds: readonly string[] = [];
  private versionIds: readonly string[] = [];

  constructor(private readonly db: Db) {}

  /**
   * What the store holds now: the rows of the lab the engine was built from (which the engine may
   * already have changed: a lab's first start begins provisioning and powering machines on).
   */
  prime(e: Engine, lab: LabModel): void {
    const st = e.st;
    this.desktopIds = st.ids.desktops;
    this.hostIds = st.ids.hosts;
    this.userIds = st.ids.users;
    this.versionIds = st.ids.versions;
    const N = st.dState.length;
    const userAt = new Map(st.ids.users.map((id, i) => [id, i]));
    const versionAt = new Map(st.ids.versions.map((id, i) => [id, i]));
    const hostAt = new Map(st.ids.hosts.map((id, i) => [id, i]));
    this.state = new Uint8Array(N);
    this.power = new Uint8Array(N);
    this.owner = new Int32Array(N);
    this.version = new Int32Array(N);
    this.host = new Int32Array(N);
    this.used = new Float32Array(N);
    this.since = new Float64Array(N);
    this.problem = new Array<string | null>(N).fill(null);
    lab.desktops.forEach((d, i) => {
      this.state[i] = M[d.state];
      this.power[i] = P[d.powerState];
      this.owner[i] = d.assignedUserId ? (userAt.get(d.assignedUserId) ?? -1) : -1;
      this.version[i] = d.imageVersionId ? (versionAt.get(d.imageVersionId) ?? -1) : -1;
      this.host[i] = hostAt.get(d.hostId) ?? -1;
      // A used size the engine cannot hold as it is (not a 32-bit float: a row an admin's action or an imported file
      // wrote) counts as unwritten, so the next flush writes the engine's value. Otherwise the row would keep its
      // 64-bit value until the machine's row is next written for another reason, which depends on where the run was cut.
      this.used[i] = Math.fround(d.usedGb) === d.usedGb ? d.usedGb : Number.NaN;
      const since = Date.parse(d.stateSince ?? '');
      this.since[i] = Number.isFinite(since) ? since / 1000 : Number.NaN;
      this.problem[i] = d.problem ?? null;
    });
    this.hostRows = lab.hosts.map((h) => `${h.connectionState}|${h.powerState}`);
  }

  private problemOf(e: Engine, d: number): string | null {
    return IS_PROBLEM[e.st.dState[d] as number] === 1 ? (e.st.dProblem.get(d) ?? null) : null;
  }

  private hostRow(e: Engine, h: number): string {
    const c = e.cluster;
    const failed = c.hFail[h] !== FAIL.none;
    const connection = failed ? 'notResponding' : c.hMaint[h] === MAINT.in ? 'maintenance' : 'connected';
    return `${connection}|${e.st.hOn[h] === 1 ? 'poweredOn' : 'poweredOff'}`;
  }

  /**
   * The engine was rebuilt over a changed lab: what was written for each desktop and host moves
   * to its new index; new ones have nothing written yet (their rows, just inserted, get the
   * engine's values at the next write).
   */
  private rebind(e: Engine): void {
    const st = e.st;
    const N = st.dState.length;
    if (this.extends(e)) return;
    const was = new Map(this.desktopIds.map((id, i) => [id, i]));
    const state = new Uint8Array(N).fill(UNWRITTEN);
    const power = new Uint8Array(N);
    const owner = new Int32Array(N);
    const version = new Int32Array(N);
    const host = new Int32Array(N);
    const used = new Float32Array(N);
    const since = new Float64Array(N);
    const problem: (string | null)[] = new Array<string | null>(N).fill(null);
    const oldUsers = this.userIds;
    const oldVersions = this.versionIds;
    const oldHosts = this.hostIds;
    const userAt = new Map(st.ids.users.map((id, i) => [id, i]));
    const versionAt = new Map(st.ids.versions.map((id, i) => [id, i]));
    const hostAt = new Map(st.ids.hosts.map((id, i) => [id, i]));
    st.ids.desktops.forEach((id, d) => {
      const i = was.get(id);
      if (i === undefined) return;
      state[d] = this.state[i] as number;
      power[d] = this.power[i] as number;
      const o = this.owner[i] as number;
      owner[d] = o >= 0 ? (userAt.get(oldUsers[o] as string) ?? -1) : -1;
      const v = this.version[i] as number;
      version[d] = v >= 0 ? (versionAt.get(oldVersions[v] as string) ?? -1) : -1;
      host[d] = hostAt.get(oldHosts[this.host[i] as number] as string) ?? -1;
      used[d] = this.used[i] as number;
      since[d] = this.since[i] as number;
      problem[d] = this.problem[i] ?? null;
    });
    const hostRow = new Map(this.hostIds.map((id, h) => [id, this.hostRows[h] as string]));
    Object.assign(this, { state, power, owner, version, host, used, since, problem });
    this.hostRows = st.ids.hosts.map((id) => hostRow.get(id) ?? '');
    this.desktopIds = st.ids.desktops;
    this.hostIds = st.ids.hosts;
    this.userIds = st.ids.users;
    this.versionIds = st.ids.versions;
  }

  /** Machines were only added (nothing else changed index): what was written stays where it was; the new ones are unwritten. */
  private extends(e: Engine): boolean {
    const st = e.st;
    const same = (a: readonly string[], b: readonly string[]) => a === b || (a.length === b.length && a.every((x, i) => x === b[i]));
    const prefix = (a: readonly string[], b: readonly string[]) => a.length <= b.length && a.every((x, i) => x === b[i]);
    if (
      !prefix(this.desktopIds, st.ids.desktops) ||
      !same(this.hostIds, st.ids.hosts) ||
      !same(this.userIds, st.ids.users) ||
      !prefix(this.versionIds, st.ids.versions)
    ) {
      return false;
    }
    const N = st.dState.length;
    const grow = <T extends Uint8Array | Int32Array | Float32Array | Float64Array>(a: T, make: (n: number) => T, fill: number): T => {
      const out = make(N);
      out.fill(fill);
      out.set(a);
      return out;
    };
    this.state = grow(this.state, (n) => new Uint8Array(n), UNWRITTEN);
    this.power = grow(this.power, (n) => new Uint8Array(n), 0);
    this.owner = grow(this.owner, (n) => new Int32Array(n), -1);
    this.version = grow(this.version, (n) => new Int32Array(n), -1);
    this.host = grow(this.host, (n) => new Int32Array(n), -1);
    this.used = grow(this.used, (n) => new Float32Array(n), 0);
    this.since = grow(this.since, (n) => new Float64Array(n), Number.NaN);
    while (this.problem.length < N) this.problem.push(null);
    this.desktopIds = st.ids.desktops;
    this.hostIds = st.ids.hosts;
    this.userIds = st.ids.users;
    this.versionIds = st.ids.versions;
    return true;
  }

  /** Writes every desktop and host row that differs from what was written; returns how many. Call inside the flush's transaction. */
  write(e: Engine): number {
    const st = e.st;
    let n = 0;
    const N = st.dState.length;
    if (st.ids.desktops !== this.desktopIds || st.ids.hosts !== this.hostIds) this.rebind(e);
    for (let d = 0; d < N; d++) {
      const problem = this.problemOf(e, d);
      if (
        st.dState[d] === this.state[d] &&
        st.dPower[d] === this.power[d] &&
        st.dOwner[d] === this.owner[d] &&
        st.dVersion[d] === this.version[d] &&
        st.dHost[d] === this.host[d] &&
        st.dUsedGb[d] === this.used[d] &&
        st.dSince[d] === this.since[d] &&
        problem === this.problem[d]
      )
        continue;
      writeDesktopRow(
        this.db,
        {
          id: st.ids.desktops[d] as string,
          state: MACHINE_STATES[st.dState[d] as number] ?? 'AVAILABLE',
          powerState: POWER_STATES[st.dPower[d] as number] ?? 'poweredOn',
          assignedUserId: (st.dOwner[d] as number) >= 0 ? (st.ids.users[st.dOwner[d] as number] ?? null) : null,
          imageVersionId: (st.dVersion[d] as number) >= 0 ? (st.ids.versions[st.dVersion[d] as number] ?? null) : null,
          hostId: st.ids.hosts[st.dHost[d] as number] as string,
          usedGb: st.dUsedGb[d] as number,
          since: iso(st.dSince[d] as number),
          problem,
        },
        st.dHost[d] !== this.host[d],
      );
      this.state[d] = st.dState[d] as number;
      this.power[d] = st.dPower[d] as number;
      this.owner[d] = st.dOwner[d] as number;
      this.version[d] = st.dVersion[d] as number;
      this.host[d] = st.dHost[d] as number;
      this.used[d] = st.dUsedGb[d] as number;
      this.since[d] = st.dSince[d] as number;
      this.problem[d] = problem;
      n++;
    }
    for (let h = 0; h < st.hOn.length; h++) {
      const row = this.hostRow(e, h);
      if (row === this.hostRows[h]) continue;
      const [connectionState, powerState] = row.split('|') as ['connected' | 'maintenance' | 'notResponding', 'poweredOn' | 'poweredOff'];
      setHostState(this.db, st.ids.hosts[h] as string, { connectionState, powerState });
      this.hostRows[h] = row;
      n++;
    }
    return n;
  }
}
