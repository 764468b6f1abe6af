import { describe, expect, it } from 'vitest';
import {
  linkCapacityMbPerSec,
  linkShares,
  RECOVERY_STEPS,
  recoveryTimeline,
  REPLICATION,
  replicationAfter,
  SCHEDULE_FRACTION_OF_RPO,
  wireMbPerSecPerDesktop,
} from '../../src-main/core/models/replication.ts';

describe('replication model (issue 19)', () => {
  it('a desktop offers its daily change over the working day, compressed', () => {
    // 64 GB knowledge-worker disk, 5 %/day over 8 h, 2:1 on the wire.
    const expected = ((64 * 1024 * REPLICATION.dailyChangeFraction.knowledge) / (REPLICATION.workdayHours * 3600)) * REPLICATION.wireFraction;
    expect(wireMbPerSecPerDesktop('knowledge', 64)).toBeCloseTo(expected, 9);
    expect(wireMbPerSecPerDesktop('power', 64)).toBeGreaterThan(wireMbPerSecPerDesktop('knowledge', 64));
    expect(wireMbPerSecPerDesktop('task', 64)).toBeLessThan(wireMbPerSecPerDesktop('knowledge', 64));
  });

  it('a link carries its usable share in MB/s, nothing when down', () => {
    expect(linkCapacityMbPerSec(1000, true)).toBeCloseTo((1000 * REPLICATION.linkUsableFraction) / 8, 9);
    expect(linkCapacityMbPerSec(1000, false)).toBe(0);
  });

  it('shares: below capacity each group may burst into what the others leave; above, proportional to demand', () => {
    expect(linkShares([10, 30], 100)).toEqual([70, 90]);
    expect(linkShares([100, 300], 100)).toEqual([25, 75]);
    expect(linkShares([5], 0)).toEqual([0]);
  });

  it('within capacity the RPO is one interval plus the ship time and the backlog stays empty', () => {
    const s = replicationAfter({ backlogMb: 0, rpoSec: 450, rpoTargetSec: 900, offeredMbPerSec: 1, shareMbPerSec: 100 }, 3600);
    const interval = 900 * SCHEDULE_FRACTION_OF_RPO;
    expect(s.backlogMb).toBe(0);
    expect(s.rpoSec).toBeCloseTo(interval + interval / 100, 6);
    expect(s.withinTarget).toBe(true);
    expect(s.saturated).toBe(false);
  });

  it('a saturated link: the backlog grows at offered − share, and the RPO with it', () => {
    const at = (dt: number) => replicationAfter({ backlogMb: 0, rpoSec: 450, rpoTargetSec: 900, offeredMbPerSec: 2, shareMbPerSec: 1 }, dt);
    expect(at(3600).backlogMb).toBeCloseTo(3600, 6);
    expect(at(7200).backlogMb).toBeCloseTo(7200, 6);
    expect(at(7200).rpoSec - at(3600).rpoSec).toBeCloseTo(3600, 6); // one more MB per second of backlog at 1 MB/s
    expect(at(3600).saturated).toBe(true);
    expect(at(3600).withinTarget).toBe(false);
  });

  it('link down: nothing arrives, the recovery point only ages', () => {
    const s = replicationAfter({ backlogMb: 10, rpoSec: 500, rpoTargetSec: 900, offeredMbPerSec: 2, shareMbPerSec: 0 }, 600);
    expect(s.rpoSec).toBe(1100);
    expect(s.backlogMb).toBe(1210);
  });

  it('the timeline runs priority groups in order; array promotes per group, vSphere Replication recovers per VM', () => {
    const groups = [
      { priority: 2, name: 'B', replication: 'hypervisor' as const, vms: 40, backlogMb: 0, shareMbPerSec: 10 },
      { priority: 1, name: 'A', replication: 'array' as const, vms: 10, backlogMb: 0, shareMbPerSec: 10 },
    ];
    const t = recoveryTimeline({ mode: 'disaster', groups });
    expect(t.steps.map((s) => s.step.slice(0, 14))).toEqual(['Priority 1 · A', 'Priority 1 · A', 'Priority 2 · B', 'Priority 2 · B']);
    const S = RECOVERY_STEPS;
    const expected =
      S.arrayPromoteSec +
      S.bootSec +
      S.toolsHeartbeatSec +
      Math.ceil(40 / S.hbrConcurrency) * S.hbrRecoverSecPerVm +
      Math.ceil(40 / S.powerOnPerWave) * S.bootSec +
      S.toolsHeartbeatSec;
    expect(t.rtoSec).toBe(expected);
    // A planned migration adds the clean shutdown and a final sync of the backlog.
    const planned = recoveryTimeline({ mode: 'planned', groups: groups.map((g) => ({ ...g, backlogMb: 600 })) });
    expect(planned.rtoSec - t.rtoSec).toBe(S.guestShutdownSec + 60 + 60);
  });
});
