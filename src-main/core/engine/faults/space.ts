import { datastoreFreeGb, grown, P, touchDesktop, type EngineState } from '../state.ts';
import type { DurableArray } from '../durable/state.ts';
import { FAULT_EFFECTS } from './params.ts';

/** Where a datastore's space running out is told (the cluster log, through Faults' sink). */
export type SpaceNote = (at: number, s: number, severity: 'info' | 'critical', message: string) => void;

/**
 * Thin-provisioned space running out (issue 17, "datastore filling up"). A thin datastore hands out
 * blocks on write (DOMAIN.md): while a fill fault is active on a datastore, its running VMs' folders
 * (thin disks, vswap, logs, the files a runaway writer leaves) take new blocks at the fault's rate,
 * shared equally among the powered-on VMs, never past the datastore's free space. A VM's folder is
 * not capped at its disk's size: the labs' datastores are larger than their VMs' disks (a datastore
 * fills from logs, swap, deltas and other tenants as much as from the disks themselves). The blocks each VM took for the fault are kept
 * (`dFillGb`), so its end or clear gives them back (the cause removed: the guests' files deleted and
 * returned by UNMAP, VMFS 6 automatic space reclamation).
 *
 * A datastore whose free space is gone (whatever filled it: a fault, snapshot deltas, clones) is
 * `sFull`: ESXi stuns every VM on it that needs a new block ("There is no more space for virtual
 * disk …. You might be able to continue this session by freeing disk space on the relevant volume,
 * and clicking Retry."). Sessions stay, their users get no response (engine.ts experience) and no
 * delta grows there (storage/snapshot-load.ts) until space is freed; the VMs resume by themselves
 * then (the Retry an admin or vCenter answers). Both arrays are durable: a reopened engine neither
 * tells the event log again nor forgets the blocks a fault wrote.
 */
export class DatastoreSpace {
  /** Per desktop: GB of its thin disk a fill fault allocated (given back when the datastore stops filling). */
  dFillGb: Float32Array;
  /** Per datastore: 1 while it has no free space (its VMs are stunned). */
  readonly sFull: Uint8Array;

  constructor(private readonly st: EngineState) {
    this.dFillGb = new Float32Array(st.dPower.length);
    this.sFull = new Uint8Array(st.sIopsCap.length);
  }

  arrays(): DurableArray[] {
    return [
      { name: 'faults.fillGb', array: this.dFillGb, domain: 'desktop' },
      { name: 'faults.full', array: this.sFull, domain: 'datastore' },
    ];
  }

  /** Machines added at the end of the index space: nothing allocated for a fault yet. */
  grow(): void {
    this.dFillGb = grown(this.dFillGb, this.st.dPower.length);
  }

  /** A machine's disk was destroyed (deleted, or deleted and cloned again): what a fault wrote on it went with it. */
  forget(d: number): void {
    this.dFillGb[d] = 0;
  }

  /** Is desktop d stunned now (powered on, on a full datastore)? */
  stunned(d: number): boolean {
    return this.st.dPower[d] === P.poweredOn && this.sFull[this.st.dDs[d] as number] === 1;
  }

  /**
   * One tick of `dt` seconds: the fill faults' allocations (GB per second per datastore in `rate`;
   * `filling` false skips the walk), then which datastores are full now (told on each change).
   * Returns whether a datastore became full or usable again (its VMs' load changes at this instant).
   */
  step(dt: number, t: number, rate: Float64Array, filling: boolean, note: SpaceNote): boolean {
    const st = this.st;
    if (filling && dt > 0) {
      for (let s = 0; s < rate.length; s++) {
        const r = rate[s] as number;
        if (r <= 0 || this.sFull[s] === 1) continue;
        const list = st.sDesktops[s] ?? [];
        let n = 0;
        for (const d of list) if (st.dPower[d] === P.poweredOn) n++;
        if (n === 0) continue; // nothing running: nobody writes
        // The datastore cannot hand out more than it has.
        const give = Math.min(r * dt, Math.max(0, datastoreFreeGb(st, s)));
        if (give <= 0) continue;
        const each = give / n;
        for (const d of list) {
          if (st.dPower[d] !== P.poweredOn) continue;
          st.dUsedGb[d] = (st.dUsedGb[d] as number) + each;
          this.dFillGb[d] = (this.dFillGb[d] as number) + each;
        }
      }
    }
    const E = FAULT_EFFECTS;
    const used = this.usedGb();
    let flipped = false;
    for (let s = 0; s < this.sFull.length; s++) {
      const free = (st.sBaseGb[s] as number) - (used[s] as number);
      // A little hysteresis: a datastore counts as full below the stun threshold and as usable again
      // once that much is free, so one block freed and taken again does not flap the VMs.
      const full = this.sFull[s] === 1 ? free < E.stunFreeGb * 2 : free < E.stunFreeGb;
      if (full === (this.sFull[s] === 1)) continue;
      this.sFull[s] = full ? 1 : 0;
      flipped = true;
      // Its running VMs stop (or resume) demanding CPU and I/O: the desktop pass computes them again.
      for (const d of st.sDesktops[s] ?? []) touchDesktop(st, d);
      note(
        t,
        s,
        full ? 'critical' : 'info',
        full
          ? `Datastore full (${Math.max(0, free).toFixed(1)} GB free): VMs on it that write new blocks are stunned ("There is no more space for virtual disk. You might be able to continue this session by freeing disk space on the relevant volume, and clicking Retry.")`
          : `Datastore has free space again (${free.toFixed(1)} GB): its stunned VMs resume`,
      );
    }
    return flipped;
  }

  /**
   * Each datastore's used GB, as `datastoreFreeGb` sums it. Every tick asks, and summing the desktops
   * each time took 36 µs a tick on scale-10k (1.0 s of a 3.5 s workday), although a machine's used
   * space changes seldom (a clone, a snapshot's delta, a fault): the sums are kept and made again only
   * when the used sizes or the machines' datastores differ from the last time (compared as bytes, a few
   * µs). Made again in one sweep in index order, which is the order of each datastore's list
   * (state-build.ts): the same additions in the same order, so the same sums to the bit.
   */
  private usedGb(): Float64Array {
    const st = this.st;
    const n = this.sFull.length;
    const usedBytes = new Uint8Array(st.dUsedGb.buffer, st.dUsedGb.byteOffset, st.dUsedGb.byteLength);
    const dsBytes = new Uint8Array(st.dDs.buffer, st.dDs.byteOffset, st.dDs.byteLength);
    const same = (a: Uint8Array, b: Uint8Array) => a.byteLength === b.byteLength && Buffer.compare(a, b) === 0;
    if (this.usedSums.length === n && same(usedBytes, this.usedSeen) && same(dsBytes, this.dsSeen)) return this.usedSums;
    if (this.usedSums.length !== n) this.usedSums = new Float64Array(n);
    const used = this.usedSums;
    used.fill(0);
    const dDs = st.dDs;
    const dUsed = st.dUsedGb;
    for (let d = 0; d < dUsed.length; d++) {
      const s = dDs[d] as number;
      if (s >= 0 && s < n) used[s] = (used[s] as number) + (dUsed[d] as number);
    }
    this.usedSeen = usedBytes.slice();
    this.dsSeen = dsBytes.slice();
    return used;
  }

  /** The sums `usedGb` made last, and the used sizes and datastores (as bytes) it made them from. */
  private usedSums = new Float64Array(0);
  private usedSeen = new Uint8Array(0);
  private dsSeen = new Uint8Array(0);

  /** The blocks fill faults allocated on datastores that no longer fill (`rate` 0) go back (the fault's end or clear). */
  reclaim(rate: Float64Array): number {
    const st = this.st;
    let back = 0;
    for (let d = 0; d < this.dFillGb.length; d++) {
      const g = this.dFillGb[d] as number;
      if (g <= 0 || (rate[st.dDs[d] as number] as number) > 0) continue;
      const give = Math.min(g, st.dUsedGb[d] as number);
      st.dUsedGb[d] = (st.dUsedGb[d] as number) - give;
      this.dFillGb[d] = 0;
      back += give;
    }
    return back;
  }
}
