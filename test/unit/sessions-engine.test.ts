import { describe, expect, it } from 'vitest';
import { CLIENT_DEVICES, NETWORK_PROFILES } from '../../src-main/contract/session-entities.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { clientProtocol } from '../../src-main/core/engine/sessions/session-book.ts';
import { PROTOCOLS } from '../../src-main/contract/entities.ts';
import { liveSession } from '../../src-main/core/engine/sessions/session-view.ts';
import { M, P, U } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// The broker inside the engine: failure reasons that the API cannot provoke on
// demand (power-on failure, agent unreachable), reconnect, the population's
// endpoints, and a logon carried over an engine rebuild.

const small = () => new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
const user = (e: Engine, id: string) => e.st.ids.users.indexOf(id);
const pool = (e: Engine, id: string) => e.st.ids.pools.indexOf(id);
const failures = (e: Engine) => e.broker.drain().changes.filter((c) => c.kind === 'failed');

describe('failure reasons', () => {
  it('desktop failed to power on: the connection fails, the VM stays off in ERROR with the reason', () => {
    const e = small();
    e.broker.params.powerOnFailShare = 1;
    const u = user(e, 'u-36'); // owns a suspended PWR desktop
    const c = e.broker.connect(u, e.t, { pool: pool(e, 'pool-3') });
    expect(c.ok).toBe(true);
    if (!c.ok) return;
    e.advance(30);
    const f = failures(e);
    expect(f).toMatchObject([{ user: u, failure: 'power-on-failed', desktop: c.desktop }]);
    expect(e.st.uState[u]).toBe(U.none);
    expect(e.st.dState[c.desktop]).toBe(M.ERROR);
    expect(e.st.dPower[c.desktop]).toBe(P.poweredOff);
    expect(e.st.dProblem.get(c.desktop)).toMatch(/failed to power on/);
    expect(e.broker.failedByReason.get('power-on-failed')).toBe(1);
  });

  it('agent unreachable after power-on: the desktop shows AGENT_UNREACHABLE and recovers later', () => {
    const e = small();
    e.broker.params.agentUnreachableShare = 1;
    const u = user(e, 'u-36');
    const c = e.broker.connect(u, e.t, { pool: pool(e, 'pool-3') });
    if (!c.ok) throw new Error('expected a desktop');
    e.advance(30);
    expect(failures(e)[0]).toMatchObject({ failure: 'agent-unreachable' });
    expect(e.st.dState[c.desktop]).toBe(M.AGENT_UNREACHABLE);
    e.advance(e.broker.params.agentRecoverSec);
    expect(e.st.dState[c.desktop]).toBe(M.AVAILABLE);
  });

  it('agent unreachable up front: a dedicated user whose desktop does not answer, nothing changes', () => {
    const e = small();
    const u = user(e, 'u-37');
    const own = e.st.dOwner.indexOf(u);
    e.st.dState[own] = M.AGENT_UNREACHABLE;
    const before = e.st.uState[u];
    const c = e.broker.choose(u, { pool: pool(e, 'pool-3') });
    expect(c).toMatchObject({ ok: false, reason: 'agent-unreachable' });
    expect(e.st.uState[u]).toBe(before);
  });

  it('no desktop, not entitled, disabled pool: from the simulated population too, counted by reason', () => {
    const e = small();
    const p = pool(e, 'pool-4');
    e.st.pEnabled[p] = 0;
    const dev = user(e, 'u-42');
    expect(e.broker.connect(dev, e.t, { pool: p })).toMatchObject({ ok: false, reason: 'pool-disabled' });
    expect(e.broker.connect(user(e, 'u-73'), e.t, {})).toMatchObject({ ok: false, reason: 'not-entitled' });
    e.st.pEnabled[p] = 1;
    for (const d of e.st.pDesktops[p] ?? []) e.st.dState[d] = M.MAINTENANCE;
    expect(e.broker.connect(dev, e.t, { pool: p })).toMatchObject({ ok: false, reason: 'no-desktop' });
    expect(Object.fromEntries(e.broker.failedByReason)).toEqual({ 'pool-disabled': 1, 'not-entitled': 1, 'no-desktop': 1 });
    expect(failures(e)).toHaveLength(3);
  });
});

describe('retries', () => {
  it('a simulated user tries again after a failure, twice at most; a person at the thin client does not', () => {
    const e = small();
    const p = pool(e, 'pool-4');
    for (const d of e.st.pDesktops[p] ?? []) e.st.dState[d] = M.MAINTENANCE;
    const dev = user(e, 'u-42'); // a developer: DEV-Linked, and knowledge-worker desktops as a fallback
    e.st.uPools[dev] = Int32Array.from([p]);
    e.broker.handle({ kind: 'arrive', user: dev }, e.t);
    e.advance(10 * 60);
    const tries = failures(e).filter((c) => c.user === dev);
    expect(tries.map((c) => Math.round(c.at - (tries[0]?.at ?? 0)))).toEqual([0, 120, 240]);
    const other = user(e, 'u-44');
    e.st.uPools[other] = Int32Array.from([p]);
    e.broker.connect(other, e.t, { manual: true });
    e.advance(10 * 60);
    expect(failures(e).filter((c) => c.user === other)).toHaveLength(1);
  });
});

describe('sessions in the engine', () => {
  it('a reconnect returns to the same session and desktop through a short reconnecting state', () => {
    const e = small();
    const u = user(e, 'u-1');
    const c = e.broker.connect(u, e.t, {});
    if (!c.ok) throw new Error('expected a desktop');
    e.advance(120);
    expect(e.st.uState[u]).toBe(U.active);
    const logon = e.st.uLogonSec[u];
    e.broker.life.disconnect(u, e.t, 'test');
    e.advance(60);
    e.broker.handle({ kind: 'arrive', user: u }, e.t); // the population's reconnect goes through the same event
    expect(e.st.uState[u]).toBe(U.reconnecting);
    expect(e.st.uDesktop[u]).toBe(c.desktop);
    e.advance(10);
    expect(e.st.uState[u]).toBe(U.active);
    expect(e.st.uLogonSec[u]).toBe(logon);
    expect(e.broker.book.reconnects[u]).toBe(1);
  });

  it('the population connects from realistic endpoints: most on the LAN, some at home and in branches', () => {
    const e = new Engine(generateLab('default', 1), { seed: 1, tickSeconds: 5 });
    const n = e.st.uState.length;
    const nets = new Map<string, number>();
    const clients = new Set<string>();
    for (let u = 0; u < n; u++) {
      const net = NETWORK_PROFILES[e.broker.book.homeNet[u] as number] ?? 'x';
      nets.set(net, (nets.get(net) ?? 0) + 1);
      clients.add(CLIENT_DEVICES[e.broker.book.homeClient[u] as number] ?? 'x');
    }
    expect((nets.get('lan') ?? 0) / n).toBeGreaterThan(0.6);
    expect((nets.get('home-broadband') ?? 0) / n).toBeGreaterThan(0.1);
    expect((nets.get('branch-wan') ?? 0) / n).toBeGreaterThan(0.08);
    expect(clients.size).toBeGreaterThanOrEqual(5);
    // Zero clients speak PCoIP, whatever the Blast pool's default.
    expect(clientProtocol(CLIENT_DEVICES.indexOf('zero-client'), PROTOCOLS.indexOf('blast'))).toBe(PROTOCOLS.indexOf('pcoip'));
    expect(clientProtocol(CLIENT_DEVICES.indexOf('windows'), PROTOCOLS.indexOf('blast'))).toBe(PROTOCOLS.indexOf('blast'));
    expect(clientProtocol(CLIENT_DEVICES.indexOf('html5'), PROTOCOLS.indexOf('pcoip'))).toBe(PROTOCOLS.indexOf('blast'));
    expect(clientProtocol(CLIENT_DEVICES.indexOf('zero-client'), PROTOCOLS.indexOf('hdx'))).toBe(PROTOCOLS.indexOf('hdx'));
    const big = [...e.broker.book.profileMb].filter((mb) => mb >= 1500).length;
    expect(big / n).toBeGreaterThan(0.01); // a few users carry a large roaming profile
    expect(big / n).toBeLessThan(0.06);
  });

  it('a logon in progress carries over an engine rebuild exactly: the same phases, the same end', () => {
    const a = small();
    const b = small();
    const u = user(a, 'u-1');
    a.broker.connect(u, a.t, {});
    b.broker.connect(u, b.t, {});
    a.advance(9);
    b.advance(9);
    // Rebuild b mid-logon: a fresh engine from the lab, continuing b's saved state.
    const c = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1, restore: b.capture() });
    expect(c.st.uState[u]).toBe(U.logon);
    expect(c.t).toBe(b.t);
    a.advance(60);
    c.advance(60);
    expect(c.st.uState[u]).toBe(U.active);
    expect([...c.broker.book.phasesOf(u)]).toEqual([...a.broker.book.phasesOf(u)]);
    expect(c.st.uLogonEnd[u]).toBe(a.st.uLogonEnd[u]);
    expect(liveSession(c, u)?.state).toMatch(/active|idle/);
  });

  it('a frozen desktop shows a still picture with its reason until it thaws (for live migration)', () => {
    const e = small();
    const u = user(e, 'u-1');
    const c = e.broker.connect(u, e.t, {});
    if (!c.ok) throw new Error('expected a desktop');
    e.advance(120);
    expect(e.broker.life.freezeDesktop(c.desktop, e.t + 2, 'Live migration: switching over to esx02')).toEqual([u]);
    const frozen = liveSession(e, u);
    expect(frozen).toMatchObject({ frozen: true });
    expect(frozen?.figures?.fps).toBe(0);
    e.advance(3);
    expect(liveSession(e, u)?.frozen).toBe(false);
  });

  it('is deterministic: the same lab and seed give the same sessions, phases and endpoints', () => {
    const run = () => {
      const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 1 });
      e.advance(2.5 * 3600);
      return JSON.stringify({ changes: e.broker.drain().changes, phases: [...e.broker.book.phases].map((v) => (Number.isNaN(v) ? null : v)) });
    };
    expect(run()).toBe(run());
  });
});
