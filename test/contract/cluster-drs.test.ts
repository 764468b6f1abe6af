import { afterEach, describe, expect, it } from 'vitest';
import { contentDigest, tempLab, type TempLab } from '../helpers/lab.ts';
import { placement, poweredOnOn } from '../helpers/cluster.ts';

// DRS: recommendations on an unbalanced cluster with their reason and gain,
// apply one or all, fully automated runs, and affinity rules respected.

let lab: TempLab | undefined;
afterEach(() => {
  lab?.dispose();
  lab = undefined;
});
const HOUR = 3600;

/** 10:00 with h-2 emptied onto h-1: h-1 hot, h-2 idle. */
async function unbalanced(l: TempLab): Promise<void> {
  const { client } = l;
  await client.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual', threshold: 3 });
  await client.call('clock-step', { seconds: 3 * HOUR });
  const on2 = await poweredOnOn(client, 'h-2');
  for (let i = 0; i < on2.length; i += 32) await client.call('vm-migrate', { desktopIds: on2.slice(i, i + 32), toHostId: 'h-1' });
  await client.call('clock-step', { seconds: 900 });
}

describe('DRS', () => {
  it('recommends moves off the busiest host with the reason and the imbalance before and after; applying them balances the cluster', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await unbalanced(lab);
    const status = await client.call('cluster-status', { clusterId: 'cl-1' });
    expect(status.imbalance).toBeGreaterThan(status.imbalanceTarget);
    const recs = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    expect(recs.length).toBeGreaterThan(0);
    const first = recs[0];
    if (!first) throw new Error('no recommendation');
    expect(first.fromHostId).toBe('h-1');
    expect(first.reason).toMatch(new RegExp(`^host lab-cl01-esx01 CPU \\d+ % vs cluster mean \\d+ %; move ${first.desktopName} to lab-cl01-esx0[23]$`));
    expect(first.imbalanceAfter).toBeLessThan(first.imbalanceBefore);
    for (let i = 1; i < recs.length; i++) expect(recs[i]?.imbalanceBefore).toBeCloseTo(recs[i - 1]?.imbalanceAfter ?? 0, 3);
    expect(recs.every((r) => r.priority >= 2 && r.priority <= 3)).toBe(true);
    // A more conservative threshold proposes fewer moves; level 1 only rule fixes.
    await client.call('cluster-set-drs', { clusterId: 'cl-1', threshold: 1 });
    expect(await client.call('drs-recommendations', { clusterId: 'cl-1' })).toEqual([]);
    await client.call('cluster-set-drs', { clusterId: 'cl-1', threshold: 5 });
    expect((await client.call('drs-recommendations', { clusterId: 'cl-1' })).length).toBeGreaterThanOrEqual(recs.length);
    await client.call('cluster-set-drs', { clusterId: 'cl-1', threshold: 3 });

    // Apply one.
    const one = await client.call('drs-apply', { clusterId: 'cl-1', ids: [first.id] });
    expect(one).toMatchObject({ kind: 'drs-apply', total: 1 });
    await client.call('clock-step', { seconds: 120 });
    expect((await client.call('task-list', {})).find((t) => t.id === one.id)?.state).toBe('completed');
    expect((await placement(client)).get(first.desktopId)).toBe(first.toHostId);
    // Apply all: the imbalance falls under the threshold's target.
    const all = await client.call('drs-apply', { clusterId: 'cl-1' });
    await client.call('clock-step', { seconds: 600 });
    expect((await client.call('task-list', {})).find((t) => t.id === all.id)?.state).toBe('completed');
    const after = await client.call('cluster-status', { clusterId: 'cl-1' });
    // (Idle desktops cost 0.25 vix each since issue 13, so the emptied host starts less far off: the target is what DRS aims for.)
    expect(after.imbalance).toBeLessThan(status.imbalanceTarget);
    expect(after.imbalance).toBeLessThan(status.imbalance);
    // A recommendation that is no longer current is refused, nothing changes.
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const stale = await lab.host.dispatch('drs-apply', { clusterId: 'cl-1', ids: [first.id] });
      expect(stale).toMatchObject({ ok: false });
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
  });

  it('respects VM-host and VM-VM rules, and proposes priority-1 moves that fix a broken rule', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await unbalanced(lab);
    const recs = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    const top = recs[0];
    if (!top) throw new Error('no recommendation');
    // Pin the VM DRS wanted to move first: it is not proposed any more.
    await client.call('rule-create', {
      clusterId: 'cl-1',
      name: 'Stay on esx01',
      kind: 'vm-host-must',
      desktopIds: [top.desktopId],
      hostGroup: { name: 'HG-esx01', hostIds: ['h-1'] },
    });
    const pinned = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    expect(pinned.some((r) => r.desktopId === top.desktopId)).toBe(false);
    expect(pinned.length).toBeGreaterThan(0);
    // Two VMs on h-1 that must be apart: a mandatory recommendation splits them.
    const on1 = (await poweredOnOn(client, 'h-1')).filter((d) => d !== top.desktopId);
    const [a, b] = on1;
    const rule = await client.call('rule-create', { clusterId: 'cl-1', name: 'Apart', kind: 'vm-anti-affinity', desktopIds: [a as string, b as string] });
    expect(rule.compliant).toBe(false);
    const withRule = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    const fix = withRule[0];
    expect(fix?.priority).toBe(1);
    expect([a, b]).toContain(fix?.desktopId);
    expect(fix?.reason).toMatch(/rule "Apart": .* must run on different hosts/);
    // No recommendation moves a VM where a rule forbids it.
    for (const r of withRule) {
      if (r.desktopId === a || r.desktopId === b) expect(r.toHostId).not.toBe('h-1');
    }
    await client.call('drs-apply', { clusterId: 'cl-1' });
    await client.call('clock-step', { seconds: 600 });
    const rules = await client.call('rule-list', { clusterId: 'cl-1' });
    expect(rules.find((r) => r.name === 'Apart')?.compliant).toBe(true);
    expect(rules.find((r) => r.name === 'Stay on esx01')?.compliant).toBe(true);
    expect((await placement(client)).get(top.desktopId)).toBe('h-1');
  });

  it('fully automated DRS applies its recommendations itself every 5 minutes', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await unbalanced(lab);
    const before = (await client.call('cluster-status', { clusterId: 'cl-1' })).imbalance;
    await client.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'fully-automated' });
    await client.call('clock-step', { seconds: 15 * 60 });
    const ev = (await client.call('event-list', { objectId: 'cl-1', limit: 50 })).rows.find((e) =>
      /^DRS \(fully automated, threshold 3\) started \d+ migration/.test(e.message),
    );
    expect(ev?.message).toMatch(/host lab-cl01-esx01 CPU \d+ % vs cluster mean/);
    expect((Date.parse(ev?.simTime ?? '') / 1000) % 300).toBe(0);
    const after = await client.call('cluster-status', { clusterId: 'cl-1' });
    expect(after.imbalance).toBeLessThan(Math.min(before, after.imbalanceTarget));
  });

  it('refuses rules that can never be met, and settings persist across a reopen', async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    const db = lab.peek();
    try {
      const before = contentDigest(db);
      const never: [unknown, string, RegExp][] = [
        [
          { clusterId: 'cl-1', name: 'Four apart', kind: 'vm-anti-affinity', desktopIds: ['vm-1', 'vm-2', 'vm-3', 'vm-4'] },
          'conflict',
          /4 VMs kept apart need 4 hosts, LAB-VDI-CL01 has 3/,
        ],
        [
          { clusterId: 'cl-1', name: 'Empty', kind: 'vm-host-must', desktopIds: ['vm-1'], hostGroup: { name: 'HG-empty', hostIds: [] } },
          'invalid-input',
          /host group HG-empty is empty/,
        ],
        [
          { clusterId: 'cl-1', name: 'Nowhere', kind: 'vm-host-must', desktopIds: ['vm-1'], hostGroup: { name: 'HG-x', hostIds: ['h-77'] } },
          'not-found',
          /No host/,
        ],
        [
          {
            clusterId: 'cl-1',
            name: 'Everywhere-not',
            kind: 'vm-host-must-not',
            desktopIds: ['vm-1'],
            hostGroup: { name: 'HG-all', hostIds: ['h-1', 'h-2', 'h-3'] },
          },
          'conflict',
          /every host/,
        ],
      ];
      for (const [input, code, msg] of never) {
        const r = await lab.host.dispatch('rule-create', input);
        expect(r, JSON.stringify(input)).toMatchObject({ ok: false, error: { code } });
        if (!r.ok) expect(r.error.message).toMatch(msg);
      }
      expect(contentDigest(db)).toBe(before);
    } finally {
      db.close();
    }
    await client.call('rule-create', { clusterId: 'cl-1', name: 'Together', kind: 'vm-affinity', desktopIds: ['vm-1', 'vm-2'] });
    expect(await lab.host.dispatch('rule-create', { clusterId: 'cl-1', name: 'Apart', kind: 'vm-anti-affinity', desktopIds: ['vm-2', 'vm-1'] })).toMatchObject({
      ok: false,
      error: { code: 'conflict' },
    });
    await client.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'partially-automated', threshold: 2 });
    await client.call('cluster-set-ha', {
      clusterId: 'cl-1',
      datastoreHeartbeat: false,
      defaultRestartPriority: 'low',
      admissionControl: { policy: 'host-failures', hostFailures: 1 },
    });
    await client.call('cluster-set-vmotion', { clusterId: 'cl-1', downtimeTargetMs: 500, maxRounds: 12 });
    await client.call('vm-set-restart-priority', { desktopIds: ['vm-45'], priority: 'high' });
    const dir = lab.dir;
    lab.host.close();
    const again = tempLab('small', 1, dir);
    lab = again;
    expect(await again.client.call('cluster-settings-get', { clusterId: 'cl-1' })).toMatchObject({
      drsAutomation: 'partially-automated',
      drsThreshold: 2,
      datastoreHeartbeat: false,
      defaultRestartPriority: 'low',
      admissionControl: { policy: 'host-failures', hostFailures: 1 },
      vmotionDowntimeTargetMs: 500,
      vmotionMaxRounds: 12,
    });
    expect((await again.client.call('rule-list', {})).map((r) => r.name)).toEqual(['Together']);
  });

  it("counts a runaway process's demand like any other: a CPU hog on one host's desktops unbalances the cluster and DRS proposes moves off it", async () => {
    lab = tempLab('small', 1);
    const { client } = lab;
    await client.call('cluster-set-drs', { clusterId: 'cl-1', automation: 'manual', threshold: 3 });
    await client.call('clock-step', { seconds: 3 * HOUR });
    const calm = await client.call('cluster-status', { clusterId: 'cl-1' });
    // A third of the power users' desktops spin 4 vCPUs each; without the hog's demand the balance figure would not move.
    // (Not all of them: they run on every host, so a hog on each would load the hosts alike and leave the cluster balanced.)
    await client.call('fault-inject', { kind: 'cpu-hog', targetId: 'pool-3', params: { sharePct: 30, vcpus: 4 } });
    await client.call('clock-step', { seconds: 120 });
    const hot = await client.call('cluster-status', { clusterId: 'cl-1' });
    expect(hot.imbalance).toBeGreaterThan(calm.imbalance + 0.01);
    const recs = await client.call('drs-recommendations', { clusterId: 'cl-1' });
    expect(recs.length).toBeGreaterThan(0);
  }, 120_000);
});
