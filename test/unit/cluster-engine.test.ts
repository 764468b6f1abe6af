import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { Job } from '../../src-main/core/engine/cluster/cluster.ts';
import { Engine, P, U } from '../../src-main/core/engine/engine.ts';
import { liveSession } from '../../src-main/core/engine/sessions/session-view.ts';
import { HOST_NIC } from '../../src-main/core/models/protocol.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// The cluster operations inside the engine on their own (no store): deterministic,
// the concurrency limit, the switchover freeze, and the CPU a migration costs.

const HOUR = 3600;

function job(kind: Job['kind'], host: number, extra: Partial<Job> = {}): Job {
  return {
    taskId: `t-${kind}`,
    kind,
    cluster: 0,
    host,
    wait: false,
    items: [],
    state: 'running',
    status: '',
    finishedAt: null,
    changed: false,
    failedAt: null,
    mode: null,
    timeline: [],
    ...extra,
  };
}

/** A morning with an evacuation and a host failure, hashed. */
function run(seed: number): string {
  const e = new Engine(generateLab('small', seed), { seed, tickSeconds: 1 });
  e.advance(3 * HOUR);
  const maint = job('host-maintenance', 2);
  e.cluster.jobs.set(maint.taskId, maint);
  e.cluster.maint.enter(2, maint, true, e.t);
  e.advance(120);
  const ha = job('ha-failover', 0, { failedAt: e.t, mode: 'power-loss' });
  e.cluster.jobs.set(ha.taskId, ha);
  e.cluster.ha.fail(0, ha, e.t);
  e.advance(600);
  const h = createHash('sha256');
  for (const a of [e.st.dHost, e.st.dPower, e.st.dState, e.st.uState, e.hCpuPct, e.st.dFrozenUntil])
    h.update(new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  h.update(JSON.stringify([maint.items, ha.items, ha.timeline, e.cluster.log]));
  return h.digest('hex');
}

describe('cluster operations in the engine', () => {
  it('are deterministic: same lab, seed and operations give the same history', () => {
    expect(run(1)).toBe(run(1));
    expect(run(2)).not.toBe(run(1));
  });

  it('keep at most 8 migrations per 25 GbE host, freeze a desktop only during its switchover, and cost CPU on both hosts', () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
    const c = e.cluster;
    const on = [...(e.st.hDesktops[0] as Int32Array)].filter((d) => e.st.dPower[d] === P.poweredOn).slice(0, 10);
    const cpuBefore = e.hDemandMhz[1] as number;
    for (const d of on) c.mig.request(d, 1, null, null, e.t);
    expect(c.mig.active.size).toBe(8);
    expect(c.mig.waiting.length).toBe(2);
    e.advance(1);
    // Each running migration adds 10 % of the host / 8 to both hosts.
    const extra = (0.1 * Math.min(e.st.hCapMhz[0] as number, e.st.hCapMhz[1] as number)) / 8;
    expect((e.hDemandMhz[1] as number) - cpuBefore).toBeGreaterThanOrEqual(extra * Math.min(8, c.mig.active.size) - 1e-6);
    const m = [...c.mig.active.values()][0];
    if (!m) throw new Error('no migration');
    expect(e.st.dFrozenUntil[m.d]).toBe(0);
    e.advance(Math.ceil(m.end - e.t) + 1);
    expect(e.st.dHost[m.d]).toBe(1);
    expect(e.st.dFrozenUntil[m.d]).toBeCloseTo(m.end, 9);
    expect(c.dFreezeMs[m.d]).toBeCloseTo(m.downtimeMs, 3);
    e.advance(120);
    expect(c.mig.active.size + c.mig.waiting.length).toBe(0);
    for (const d of on) expect(e.st.dHost[d]).toBe(1);
  });

  it('an evacuation that finds one of its VMs already migrating lets that migration land and counts it, not moving it twice', () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
    const c = e.cluster;
    const on = [...(e.st.hDesktops[0] as Int32Array)].filter((d) => e.st.dPower[d] === P.poweredOn);
    const moving = on[0] as number;
    c.mig.request(moving, 2, null, null, e.t); // a manual or DRS move to h-3 in flight
    const maint = job('host-maintenance', 0);
    c.jobs.set(maint.taskId, maint);
    c.maint.enter(0, maint, true, e.t);
    expect(c.mig.isQueued(moving)).toBe(true);
    e.advance(900);
    expect(maint.state).toBe('completed');
    expect(maint.items.every((i) => i.state === 'done')).toBe(true);
    expect(e.st.dHost[moving]).toBe(2);
    expect(maint.items.find((i) => i.d === moving)?.toHostId).toBe('h-3');
    expect((e.st.hDesktops[0] as Int32Array).length).toBe(0);
  });
});

describe('a host in the low memory state', () => {
  it('blocks power-ons there (below 16 % of minFree) while other hosts go on; freed memory lifts the block', () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
    e.advance(60);
    const st = e.st;
    const ram = st.hRamMb[0] as number;
    st.hRamMb[0] = 1024; // far less than its powered-on VMs take: free memory is negative
    e.advance(1);
    expect(e.hMemBlocked[0]).toBe(1);
    expect(e.hMemBlocked[1]).toBe(0);
    const offOn = (h: number) => [...(st.hDesktops[h] as Int32Array)].filter((d) => st.dPower[d] !== P.poweredOn);
    const off0 = offOn(0);
    expect(off0.length).toBeGreaterThan(0);
    for (const d of off0) expect(e.cluster.canPowerOn(d)).toBe(false);
    const off1 = offOn(1);
    if (off1.length) expect(e.cluster.canPowerOn(off1[0] as number)).toBe(true);
    // The morning comes: spare machines and users power desktops on, never on host 0.
    e.advance(3 * HOUR);
    for (const d of off0) expect(st.dPower[d]).not.toBe(P.poweredOn);
    st.hRamMb[0] = ram;
    e.advance(1);
    expect(e.hMemBlocked[0]).toBe(0);
    for (const d of off0) expect(e.cluster.canPowerOn(d)).toBe(true);
  });
});

describe("a host's uplinks", () => {
  it("carry its sessions' display traffic: the load is measured, and a saturated uplink cuts every session's bandwidth", () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
    e.advance(3 * HOUR); // 10:00, users at work
    const st = e.st;
    const h = [...Array(st.hNicMbps.length).keys()].reduce((a, b) => ((e.hKbps[b] as number) > (e.hKbps[a] as number) ? b : a), 0);
    expect(e.hKbps[h]).toBeGreaterThan(0);
    expect(e.hNicPct[h]).toBeCloseTo((100 * (e.hKbps[h] as number)) / ((st.hNicMbps[h] as number) * 1000), 3);
    expect(e.nicShareOf(h)).toBe(1); // 10/25 GbE uplinks are far from full with office sessions
    const users = [...st.sessList.subarray(0, st.nSess)].filter((u) => st.dHost[st.uDesktop[u] as number] === h && st.uState[u] === U.active);
    expect(users.length).toBeGreaterThan(0);
    const before = users.map((u) => liveSession(e, u)?.figures?.bandwidthKbps ?? 0);
    // The same host on one 1-Mbit/s uplink: saturated many times over.
    st.hNicMbps[h] = 1;
    e.advance(1);
    expect(e.hNicPct[h]).toBeGreaterThan(100);
    expect(e.nicShareOf(h)).toBeLessThan(1);
    const after = users.map((u) => liveSession(e, u)?.figures?.bandwidthKbps ?? 0);
    const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
    expect(sum(after)).toBeLessThan(sum(before));
    // Each session gets the uplink's share of what it asks for now (the uplink's load is the sessions' average demand).
    expect(Math.abs(sum(after) - e.nicShareOf(h) * sum(before))).toBeLessThanOrEqual(users.length);
    expect(e.nicShareOf(h)).toBeCloseTo((1000 * HOST_NIC.usableShare) / (e.hKbps[h] as number), 6);
  });
});
