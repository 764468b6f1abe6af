import { describe, expect, it } from 'vitest';
import { CLIENT_DEVICES, NETWORK_PROFILES } from '../../src-main/contract/session-entities.ts';
import { Engine } from '../../src-main/core/engine/engine.ts';
import { U } from '../../src-main/core/engine/state.ts';
import { generateLab } from '../../src-main/core/lab/generate.ts';

// A refused connection is recorded with the endpoint the attempt came from, when it happens. The store's
// row once took the user's endpoint at the flush: the last connection's (a refusal sets none), which a
// connection between the refusal and the flush could change, so the row depended on where the run was cut.

describe("a refused connection's endpoint", () => {
  it("is the attempt's (the user's usual device and network for a simulated arrival), not the last connection's", () => {
    const e = new Engine(generateLab('small', 1), { seed: 1, tickSeconds: 5 });
    e.advance(600);
    const st = e.st;
    const book = e.broker.book;
    let u = -1;
    for (let i = 0; i < st.uState.length && u < 0; i++) if (st.uState[i] === U.none && (st.uPools[i]?.length ?? 0) > 0) u = i;
    expect(u).toBeGreaterThanOrEqual(0);
    // Their last connection was a manual one from a thin client at a branch office.
    const thin = CLIENT_DEVICES.indexOf('thin-client');
    const wan = NETWORK_PROFILES.indexOf('branch-wan');
    book.setEndpoint(u, 0, { client: thin, net: wan, manual: true });
    expect(book.homeClient[u] === thin && book.homeNet[u] === wan, 'the usual endpoint is another').toBe(false);
    for (const p of st.uPools[u] ?? []) st.pEnabled[p] = 0;
    e.broker.clearChanges();
    const choice = e.broker.connect(u, e.t, {});
    expect(choice.ok).toBe(false);
    const failed = e.broker.peekChanges().changes.find((c) => c.kind === 'failed' && c.user === u);
    expect(failed?.client).toBe(book.homeClient[u]);
    expect(failed?.net).toBe(book.homeNet[u]);
    // A manual attempt from a given device says so.
    e.broker.connect(u, e.t, { client: thin, net: wan, manual: true });
    const manual = e.broker
      .peekChanges()
      .changes.filter((c) => c.kind === 'failed' && c.user === u)
      .at(-1);
    expect([manual?.client, manual?.net]).toEqual([thin, wan]);
  });
});
