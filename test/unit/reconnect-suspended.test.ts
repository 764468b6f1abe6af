import { describe, expect, it } from 'vitest';
import { Engine, M, P, U } from '../../src-main/core/engine/engine.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';
import { POWER_ON } from '../../src-main/core/engine/provisioning/params.ts';

// A lab generated before 8 Dec 2026 left Friday's forgotten sessions of the suspend-policy pool in
// suspended desktops (Horizon's suspendOnDisconnect). Reconnecting to one went to "Connected" with the
// VM still suspended, using no CPU (black-box round 6). The desktop must be resumed first.
describe('reconnecting to a session whose desktop is suspended', () => {
  it('resumes the desktop, then reconnects: the resume is part of the wait', () => {
    const lab = generateLab('default', 1);
    const session = lab.sessions.find((s) => {
      const pool = lab.pools.find((p) => p.id === s.poolId);
      return s.state === 'disconnected' && pool?.assignment === 'dedicated' && pool.sessionType === 'single-session';
    });
    expect(session).toBeDefined();
    if (!session) return;
    const desk = lab.desktops.find((d) => d.id === session.desktopId);
    if (!desk) throw new Error('no desktop');
    desk.powerState = 'suspended'; // as the older generator left it
    const e = new Engine(lab, { seed: 1, tickSeconds: 1 });
    const u = e.st.ids.users.indexOf(session.userId);
    const d = e.st.ids.desktops.indexOf(desk.id);
    expect(e.st.uState[u]).toBe(U.disconnected);
    expect(e.st.dPower[d]).toBe(P.suspended);

    const t0 = e.t;
    const choice = e.broker.connect(u, t0, { manual: true });
    expect(choice).toMatchObject({ ok: true, reconnect: true });
    expect(e.st.dPower[d]).toBe(P.poweredOn);
    expect(e.st.dState[d]).toBe(M.CONNECTED);

    // Still reconnecting while the VM resumes (6 s), active after the resume plus the protocol's reconnect.
    e.advance(POWER_ON.resumeSec - 1);
    expect(e.st.uState[u]).toBe(U.reconnecting);
    let waited = POWER_ON.resumeSec - 1;
    while (e.st.uState[u] === U.reconnecting && waited < 120) {
      e.advance(1);
      waited++;
    }
    expect(e.st.uState[u]).toBe(U.active);
    expect(waited).toBeGreaterThan(POWER_ON.resumeSec);
  });
});
