import { describe, expect, it } from 'vitest';
import { MAINT } from '../../src-main/core/engine/cluster/context.ts';
import { Engine, P } from '../../src-main/core/engine/engine.ts';
import { POLICY_SECONDS } from '../../src-main/core/engine/provisioning/params.ts';
import { M, touchDesktop } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// A clone that waits for its host (here: the host is in maintenance mode) starts once the host can take it
// again, at the next pass of the pools' policy. It once waited for ever: nothing but a rebuild of the engine
// started it, so a change that was nothing in effect made the lab go another way (durable-engine's cuts).

describe('a clone waiting for its host', () => {
  it('starts at the first policy pass after the host leaves maintenance mode, not before', () => {
    const lab = generateLab('small', 1);
    const e = new Engine(lab, { seed: 1, tickSeconds: 5 });
    e.advance(600);
    const st = e.st;
    const p = lab.pools.findIndex((x) => x.kind === 'linked-clone');
    const d = Array.from(st.pDesktops[p] as Int32Array).find((x) => st.dSessions[x] === 0 && st.dState[x] === M.AVAILABLE);
    expect(d, 'an idle machine of the linked-clone pool').toBeDefined();
    const dd = d as number;
    const h = st.dHost[dd] as number;
    e.cluster.hMaint[h] = MAINT.in;
    // The machine is to be made again (as a push recomposes it), on a host that takes nothing now.
    st.dState[dd] = M.PROVISIONING;
    st.dPower[dd] = P.poweredOff;
    touchDesktop(st, dd);
    e.provisioner.fill(p, e.t);
    e.advance(3 * POLICY_SECONDS);
    expect(st.dState[dd], 'still waiting while its host is in maintenance mode').toBe(M.PROVISIONING);
    expect(e.provisioner.stage[dd]).toBe(0);
    e.cluster.maint.exit(h, e.t);
    e.advance(POLICY_SECONDS);
    expect(e.provisioner.stage[dd] !== 0 || st.dState[dd] !== M.PROVISIONING, 'the clone started within a policy pass').toBe(true);
    // And then it finishes like any clone: the machine becomes available.
    e.advance(1800);
    expect(st.dState[dd]).toBe(M.AVAILABLE);
  });
});
