import { describe, expect, it } from 'vitest';
import { LOGON_PHASES } from '../../src-main/contract/session-entities.ts';
import { logonRating, phaseSeconds, type LogonContext } from '../../src-main/core/models/logon.ts';
import {
  demandKbps,
  encoderOf,
  hashJitter,
  HOST_NIC,
  NETWORKS,
  nicQueueMs,
  nicShare,
  protocolFigures,
  protocolTimeout,
  type ProtocolInputs,
} from '../../src-main/core/models/protocol.ts';
import { activityAt, SCREEN_PARAMS, workloadApps } from '../../src-main/core/models/screen.ts';

// The pure models behind sessions: protocol figures, logon phases, the user's screen activity.

const base: ProtocolInputs = {
  protocol: 'blast',
  workload: 'knowledge',
  activity: 'typing',
  clientDevice: 'thin-client',
  net: NETWORKS.lan,
  readyPct: 1,
  hostCpuPct: 40,
  jitter: 0,
};

describe('protocol model', () => {
  it('a bad network is visibly worse: round trip, input lag, frame rate, quality', () => {
    const lan = protocolFigures(base);
    const hotel = protocolFigures({ ...base, net: NETWORKS['hotel-wifi'] });
    expect(lan.rttMs).toBeLessThan(10);
    expect(hotel.rttMs).toBeGreaterThan(100); // DOMAIN.md: over 200 poor, under 100 good
    expect(hotel.inputLagMs).toBeGreaterThan(lan.inputLagMs + 100);
    expect(hotel.fps).toBeLessThan(lan.fps);
    expect(hotel.lossPct).toBeGreaterThan(1);
  });

  it('a sluggish host (CPU ready, saturation) slows the session on a perfect network', () => {
    const fine = protocolFigures(base);
    const busy = protocolFigures({ ...base, readyPct: 15, hostCpuPct: 100 });
    expect(busy.rttMs).toBeGreaterThan(fine.rttMs + 20);
    expect(busy.inputLagMs).toBeGreaterThan(fine.inputLagMs * 3);
    expect(busy.fps).toBeLessThan(fine.fps * 0.5);
  });

  it('a narrow link caps bandwidth and lowers image quality before it drops frames; video needs megabits', () => {
    const video = { ...base, workload: 'power' as const, activity: 'video' as const };
    const wide = protocolFigures(video);
    const narrow = protocolFigures({ ...video, net: { rttMs: 20, lossPct: 0, bandwidthKbps: 500 } });
    expect(wide.bandwidthKbps).toBe(demandKbps('blast', 'power', 'video'));
    expect(wide.bandwidthKbps).toBeGreaterThanOrEqual(1500);
    expect(narrow.bandwidthKbps).toBe(500);
    expect(narrow.quality).toBeLessThan(wide.quality);
    expect(narrow.fps).toBeLessThan(wide.fps);
    // RDP for office work is lean (DOMAIN.md: 15–30 kbit/s for Word and Excel).
    expect(demandKbps('rdp', 'task', 'typing')).toBeLessThanOrEqual(30);
  });

  it("a saturated host uplink gives each session its share: less bandwidth, lower quality, fewer frames, a queue's round trip", () => {
    const video = { ...base, workload: 'power' as const, activity: 'video' as const };
    const free = protocolFigures({ ...video, nicShare: 1, nicPct: 40 });
    // 2 × 10 GbE carrying 30 Gbit/s of demand: 18 of it is usable, so each session gets 60 %.
    const share = nicShare(30_000_000, 2 * 10_000);
    expect(share).toBeCloseTo((HOST_NIC.usableShare * 20_000_000) / 30_000_000, 6);
    const saturated = protocolFigures({ ...video, nicShare: share, nicPct: 150 });
    expect(saturated.bandwidthKbps).toBe(Math.round(free.bandwidthKbps * share));
    expect(saturated.quality).toBeLessThan(free.quality);
    expect(saturated.fps).toBeLessThan(free.fps);
    expect(saturated.rttMs).toBe(free.rttMs + HOST_NIC.queueMs);
    // Below 80 % of what is usable the queue adds nothing; an uplink with room gives all.
    expect(nicQueueMs(40)).toBe(0);
    expect(nicShare(1000, 10_000)).toBe(1);
  });

  it('RDP (TCP) suffers more from loss than Blast (UDP)', () => {
    const lossy = { ...base, net: { rttMs: 60, lossPct: 5, bandwidthKbps: 10_000 } };
    const blast = protocolFigures(lossy);
    const rdp = protocolFigures({ ...lossy, protocol: 'rdp' });
    expect(rdp.inputLagMs).toBeGreaterThan(blast.inputLagMs);
    expect(rdp.fps).toBeLessThan(blast.fps);
  });

  it('times out beyond what each protocol tolerates, and names the encoders as Help Desk does', () => {
    expect(protocolTimeout('blast', NETWORKS['hotel-wifi'])).toBeNull();
    expect(protocolTimeout('pcoip', { rttMs: 50, lossPct: 25, bandwidthKbps: 5000 })).toMatch(/packet loss/);
    expect(protocolTimeout('blast', { rttMs: 50, lossPct: 25, bandwidthKbps: 5000 })).toBeNull();
    expect(protocolTimeout('rdp', { rttMs: 1200, lossPct: 0, bandwidthKbps: 5000 })).toMatch(/round trip/);
    expect(encoderOf('blast', 'windows', 'knowledge')).toBe('H.264');
    expect(encoderOf('blast', 'html5', 'knowledge')).toBe('BlastCodec');
    expect(encoderOf('pcoip', 'zero-client', 'task')).toBe('PCoIP');
    expect(encoderOf('hdx', 'windows', 'knowledge')).toBe('H.264/Thinwire');
    expect(encoderOf('rdp', 'windows', 'task')).toBe('RemoteFX');
  });

  it('jitter is a stable value in −1..1', () => {
    const xs = Array.from({ length: 1000 }, (_, i) => hashJitter(i, 7));
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(-1);
    expect(Math.max(...xs)).toBeLessThanOrEqual(1);
    expect(hashJitter(5, 9)).toBe(hashJitter(5, 9));
    expect(Math.abs(xs.reduce((a, b) => a + b, 0) / xs.length)).toBeLessThan(0.1);
  });
});

describe('logon phases', () => {
  const idle: LogonContext = { protocol: 'blast', latencyRatio: 1, readyPct: 0, rttMs: 1, profileMb: 200, pendingLogons: 0, vmStartSec: 0, jitter: 0 };
  const total = (c: LogonContext) => LOGON_PHASES.filter((p) => p !== 'vm-start').reduce((a, p) => a + phaseSeconds(p, c), 0);

  it('add up to the typical logon on an idle system (DOMAIN.md: ≈ 30 s)', () => {
    expect(total(idle)).toBeGreaterThan(22);
    expect(total(idle)).toBeLessThan(34);
    expect(logonRating(total(idle))).toBe('typical');
  });

  it('storage latency stretches profile load and GPO; CPU ready stretches the shell', () => {
    const storm = { ...idle, latencyRatio: 3 };
    expect(phaseSeconds('profile-load', storm)).toBeGreaterThan(phaseSeconds('profile-load', idle) * 1.5);
    expect(phaseSeconds('gpo', storm)).toBeGreaterThan(phaseSeconds('gpo', idle) * 1.3);
    expect(phaseSeconds('brokering', storm)).toBe(phaseSeconds('brokering', idle));
    const ready = { ...idle, readyPct: 10 };
    expect(phaseSeconds('interactive', ready)).toBeGreaterThan(phaseSeconds('interactive', idle) * 1.5);
  });

  it('a large roaming profile in a storm gives the ~90 s logon Help Desk should find', () => {
    const big = { ...idle, profileMb: 2400, latencyRatio: 2.2 };
    expect(total(big)).toBeGreaterThan(60);
    expect(logonRating(total(big))).toBe('poor');
  });

  it('the VM start phase is the boot or resume time; the protocol phase grows with the round trip', () => {
    expect(phaseSeconds('vm-start', { ...idle, vmStartSec: 25 })).toBeCloseTo(25, 5);
    expect(phaseSeconds('protocol', { ...idle, rttMs: 200 })).toBeGreaterThan(phaseSeconds('protocol', idle) + 2);
    expect(phaseSeconds('brokering', { ...idle, pendingLogons: 100_000 })).toBeLessThanOrEqual(6);
  });
});

describe('screen activity', () => {
  it('each workload opens its apps', () => {
    expect(workloadApps('task')).toEqual(['outlook', 'browser']);
    expect(workloadApps('knowledge')).toEqual(expect.arrayContaining(['word', 'excel', 'outlook', 'edge', 'teams', 'pdf']));
    expect(workloadApps('power')).toEqual(expect.arrayContaining(['video', 'cad', 'excel']));
  });

  it('walks the loop: work in the active share, then reading, then idle after the idle time', () => {
    const loop = 720;
    const share = 0.6;
    const seen = new Set<string>();
    for (let i = 0; i < 720; i++) {
      const a = activityAt('knowledge', i / 720, loop, share);
      seen.add(`${a.app}/${a.activity}`);
      if (i / 720 < share) expect(a.idle).toBe(false);
    }
    expect(seen.has('word/typing')).toBe(true);
    expect(seen.has('pdf/reading')).toBe(true);
    const afterWork = activityAt('knowledge', share + 10 / loop, loop, share);
    expect(afterWork).toMatchObject({ activity: 'reading', idle: false });
    const later = activityAt('knowledge', share + (SCREEN_PARAMS.idleAfterSec + 5) / loop, loop, share);
    expect(later).toMatchObject({ activity: 'idle', idle: true });
    expect(later.seconds).toBeCloseTo(5, 5);
    expect(activityAt('power', 0.4, 900, 0.65).activity).toBe('video'); // the video segment of a power user's loop
  });
});
