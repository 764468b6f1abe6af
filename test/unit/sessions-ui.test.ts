// Pure pieces of the sessions console, Help Desk and thin-client forms: formatting, the "why" line,
// filters, the connect form's validation, the wall's slots and the action wording.
import { describe, expect, it } from 'vitest';
import type { LogonBreakdown, SessionDatastoreHealth, SessionHostHealth, SessionRow } from '../../src-main/contract/index.ts';
import { filterSessions, NO_SESSION_FILTER } from '../../src-renderer/features/sessions/session-filter.ts';
import {
  formatDuration,
  formatLogon,
  logonLevel,
  logonWhy,
  secondsBetween,
  shortLogin,
  slowestPhase,
} from '../../src-renderer/features/sessions/session-format.ts';
import { namesOf, rdsRefusal, SESSION_ACTIONS } from '../../src-renderer/features/sessions/session-actions.ts';
import { loadSessionPages, mergeSessionRows, withFirstScreen } from '../../src-renderer/features/sessions/use-session-rows.ts';
import { customErrors, DEFAULT_DRAFT, draftFromQuery, draftToQuery, toConnectInput } from '../../src-renderer/features/thin-client/connect-form.ts';
import { entitledUsers, fillArrivals, parseSlots, slotsParam, spreadPick } from '../../src-renderer/features/thin-client/wall-model.ts';

function row(over: Partial<SessionRow>): SessionRow {
  return {
    id: 'sess-1',
    userId: 'u-1',
    userName: 'CORP\\ada.lovelace',
    userDisplayName: 'Ada Lovelace',
    desktopId: 'vm-1',
    desktopName: 'KW-001',
    poolId: 'pool-1',
    poolName: 'KW-Floating',
    state: 'active',
    protocol: 'blast',
    clientDevice: 'thin-client',
    startedAt: '2026-01-05T08:00:00.000Z',
    hostId: 'h-1',
    hostName: 'esx01.corp.local',
    network: 'lan',
    stateSince: '2026-01-05T08:01:00.000Z',
    logonSeconds: 25,
    phase: null,
    rttMs: 2,
    fps: 20,
    bandwidthKbps: 150,
    lossPct: 0,
    problem: null,
    ...over,
  };
}

const STORM: LogonBreakdown = {
  startedAt: '2026-01-05T08:00:00.000Z',
  finishedAt: '2026-01-05T08:01:31.000Z',
  totalSeconds: 91,
  phases: [
    { phase: 'brokering', seconds: 1 },
    { phase: 'protocol', seconds: 2 },
    { phase: 'authentication', seconds: 3 },
    { phase: 'gpo', seconds: 12 },
    { phase: 'logon-scripts', seconds: 6 },
    { phase: 'profile-load', seconds: 61 },
    { phase: 'interactive', seconds: 6 },
  ],
  rating: 'poor',
  causes: [],
};
const HOST: SessionHostHealth = {
  id: 'h-1',
  name: 'esx01',
  connectionState: 'connected',
  cpuPct: 80,
  readyPct: 2,
  memState: 'high',
  balloonMb: 0,
  swapMb: 0,
  sessions: 40,
};
const DS: SessionDatastoreHealth = { id: 'ds-1', name: 'vdi-ds01', latencyMs: 28, serviceTimeMs: 4, iops: 9000, iopsCapacity: 10000 };

describe('formatting', () => {
  it('writes durations the way an admin reads them', () => {
    expect(formatDuration(45)).toBe('45 s');
    expect(formatDuration(185)).toBe('3 min 05 s');
    expect(formatDuration(2 * 3600 + 4 * 60)).toBe('2 h 04 min');
    expect(formatDuration(3 * 86400 + 7200)).toBe('3 d 2 h');
    expect(formatDuration(null)).toBe('—');
    expect(secondsBetween('2026-01-05T08:00:00Z', '2026-01-05T08:01:30Z')).toBe(90);
    expect(secondsBetween('2026-01-05T08:01:30Z', '2026-01-05T08:00:00Z')).toBe(0);
  });

  it('rates logons by DOMAIN.md: typical ≈ 30 s, over 60 s poor', () => {
    expect(formatLogon(4.25)).toBe('4.3 s');
    expect(formatLogon(91.4)).toBe('91 s');
    expect([logonLevel(12), logonLevel(45), logonLevel(91), logonLevel(null)]).toEqual(['ok', 'warning', 'critical', 'ok']);
    expect(shortLogin('CORP\\ada.lovelace')).toBe('ada.lovelace');
  });
});

describe('the logon "why"', () => {
  it('names the slow phase, its share and the figure behind it', () => {
    expect(slowestPhase(STORM)).toEqual({ phase: 'profile-load', seconds: 61 });
    expect(logonWhy(STORM, HOST, DS)).toBe('Profile load took 61 s (67 % of the 91 s logon) while datastore vdi-ds01 latency is 28 ms.');
  });

  it('adds CPU ready when the host is contended, and prefers the engine’s own causes', () => {
    expect(logonWhy(STORM, { ...HOST, readyPct: 12.5 }, { ...DS, latencyMs: 3 })).toBe(
      'Profile load took 61 s (67 % of the 91 s logon) while CPU ready on esx01 is 12.5 %.',
    );
    expect(logonWhy({ ...STORM, causes: ['Storage latency 28 ms during the storm', 'Roaming profile of 2.1 GB.'] }, HOST, DS)).toBe(
      'Profile load took 61 s (67 % of the 91 s logon). Storage latency 28 ms during the storm. Roaming profile of 2.1 GB.',
    );
  });

  it('says a fast logon is fine, and a running one is running', () => {
    const quick: LogonBreakdown = {
      ...STORM,
      totalSeconds: 12,
      phases: [
        { phase: 'profile-load', seconds: 5 },
        { phase: 'gpo', seconds: 7 },
      ],
    };
    expect(logonWhy(quick, HOST, DS)).toBe('Group Policy (GPO) took 7.0 s (58 % of the 12 s logon); within the typical 30 s.');
    expect(logonWhy({ ...STORM, totalSeconds: null }, HOST, DS)).toBe('The logon is still in progress.');
  });
});

describe('the sessions filter', () => {
  const rows = [
    row({ id: 's1' }),
    row({ id: 's2', userName: 'CORP\\alan.turing', userDisplayName: 'Alan Turing', logonSeconds: 92, protocol: 'pcoip', poolName: 'PWR-Dedicated' }),
    row({
      id: 's3',
      userName: 'CORP\\grace.hopper',
      userDisplayName: 'Grace Hopper',
      state: 'disconnected',
      hostName: 'esx07.corp.local',
      problem: 'poor round trip',
    }),
  ];

  it('passes everything with no filter, and filters by slow logons, protocol, pool, problems and text', () => {
    expect(filterSessions(rows, NO_SESSION_FILTER)).toBe(rows);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, slowOnly: true }).map((r) => r.id)).toEqual(['s2']);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, protocol: 'pcoip' }).map((r) => r.id)).toEqual(['s2']);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, pool: 'KW-Floating' }).map((r) => r.id)).toEqual(['s1', 's3']);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, problemsOnly: true }).map((r) => r.id)).toEqual(['s3']);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, search: 'ESX07' }).map((r) => r.id)).toEqual(['s3']);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, search: 'turing' }).map((r) => r.id)).toEqual(['s2']);
  });

  it('filters by the live state when it knows it', () => {
    const live = (id: string) => (id === 's1' ? ('disconnected' as const) : undefined);
    expect(filterSessions(rows, { ...NO_SESSION_FILTER, state: 'disconnected' }, live).map((r) => r.id)).toEqual(['s1', 's3']);
  });
});

describe('the connect form', () => {
  it('round-trips through the URL, ignoring values that are not choices', () => {
    const d = {
      ...DEFAULT_DRAFT,
      userId: 'u-7',
      device: 'mobile' as const,
      protocol: 'hdx' as const,
      network: 'custom' as const,
      custom: { rttMs: '120', lossPct: '2', bandwidthKbps: '900' },
    };
    expect(draftFromQuery(new URLSearchParams(draftToQuery(d)))).toEqual(d);
    expect(draftFromQuery(new URLSearchParams('device=toaster&network=moon&protocol=ica')).device).toBe(DEFAULT_DRAFT.device);
    expect(draftFromQuery(new URLSearchParams('network=moon')).network).toBe('lan');
  });

  it('refuses impossible network figures with a reason per field', () => {
    const d = { ...DEFAULT_DRAFT, userId: 'u-7', network: 'custom' as const, custom: { rttMs: '-5', lossPct: '140', bandwidthKbps: 'fast' } };
    const e = customErrors(d);
    expect(e.rttMs).toBe('Round trip must be between 0 and 5,000 ms (it cannot be negative).');
    expect(e.lossPct).toBe('Packet loss must be between 0 and 100 %.');
    expect(e.bandwidthKbps).toBe('Bandwidth must be a number.');
    const r = toConnectInput(d);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toHaveLength(3);
  });

  it('builds the session-connect input: custom figures only for a custom network, protocol only when chosen', () => {
    expect(toConnectInput({ ...DEFAULT_DRAFT })).toEqual({ ok: false, errors: ['Choose the user to connect as.'] });
    expect(toConnectInput({ ...DEFAULT_DRAFT, userId: 'u-7' })).toEqual({ ok: true, input: { userId: 'u-7', clientDevice: 'thin-client', network: 'lan' } });
    expect(toConnectInput({ ...DEFAULT_DRAFT, userId: 'u-7', protocol: 'rdp', network: 'custom' })).toEqual({
      ok: true,
      input: { userId: 'u-7', clientDevice: 'thin-client', network: 'custom', protocol: 'rdp', custom: { rttMs: 80, lossPct: 0.5, bandwidthKbps: 5000 } },
    });
  });
});

describe('the wall', () => {
  it('keeps its tiles in the URL, dropping what is not an id', () => {
    expect(parseSlots('sess-1,,sess-3', 6)).toEqual(['sess-1', null, 'sess-3', null, null, null]);
    expect(parseSlots('a b,sess-2', 2)).toEqual([null, 'sess-2']);
    expect(slotsParam(['sess-1', null, 'sess-3', null])).toBe('sess-1,,sess-3');
  });

  it('fills empty tiles with the sessions that arrived since watching began, in order', () => {
    const slots = ['sess-1', null, null];
    expect(fillArrivals(slots, ['sess-1', 'sess-2', 'sess-9', 'sess-10', 'sess-11'], new Set(['sess-1', 'sess-2']))).toEqual(['sess-1', 'sess-9', 'sess-10']);
    expect(fillArrivals(slots, ['sess-1'], new Set())).toEqual(['sess-1', null, null]);
  });

  it('picks free users spread over the list', () => {
    const users = Array.from({ length: 10 }, (_, i) => ({ id: `u-${i}` }));
    expect(spreadPick(users, new Set(['u-0']), 3).map((u) => u.id)).toEqual(['u-1', 'u-4', 'u-7']);
    expect(spreadPick(users.slice(0, 2), new Set(), 5)).toHaveLength(2);
  });

  it('the wall connects only users entitled to a pool, directly or through a group with one', () => {
    const u = (id: string, groupIds: string[] = []) => ({ id, groupIds });
    const users = [u('u-1', ['g-1']), u('u-2', ['g-2']), u('u-3'), u('u-4', ['g-2'])];
    const ents = [{ principalType: 'user' as const, principalId: 'u-3' }];
    const groups = [
      { id: 'g-1', poolIds: ['pool-1'] },
      { id: 'g-2', poolIds: [] },
    ];
    expect(entitledUsers(users, ents, groups).map((x) => x.id)).toEqual(['u-1', 'u-3']);
  });
});

describe('the actions', () => {
  it('asks for confirmation exactly for the actions that lose user work', () => {
    expect(
      Object.entries(SESSION_ACTIONS)
        .filter(([, a]) => a.loses !== null)
        .map(([k]) => k),
    ).toEqual(['logoff', 'restart', 'reset']);
  });

  it('names the users affected', () => {
    const t = (n: string) => ({ id: n, userName: n, userDisplayName: n, desktopName: 'x' });
    expect(namesOf([t('Ada')])).toBe('Ada');
    expect(namesOf([t('Ada'), t('Alan')])).toBe('Ada and Alan');
    expect(namesOf(['A', 'B', 'C', 'D', 'E'].map(t))).toBe('A, B, C and 2 more');
  });

  it('offers no Reset VM / Restart desktop for a session on an RDS host (the host carries other users)', () => {
    const t = (id: string, poolId: string) => ({ id, userName: id, userDisplayName: id, desktopName: 'x', poolId });
    const rds = new Set(['pool-5']);
    expect(rdsRefusal('reset', [t('a', 'pool-1')], rds)).toBeNull();
    expect(rdsRefusal('logoff', [t('a', 'pool-5')], rds)).toBeNull();
    expect(rdsRefusal('disconnect', [t('a', 'pool-5')], rds)).toBeNull();
    expect(rdsRefusal('message', [t('a', 'pool-5')], rds)).toBeNull();
    expect(rdsRefusal('reset', [t('a', 'pool-5')], rds)).toMatch(/^This session is on an RDS host/);
    expect(rdsRefusal('restart', [t('a', 'pool-1'), t('b', 'pool-5')], rds)).toMatch(/^1 of these sessions are on an RDS host/);
  });
});

describe('the sessions list delta (useSessionRows)', () => {
  it('replaces the asked sessions with what came back, drops the ended ones, appends the new ones, keeps the rest as they were', () => {
    const a = row({ id: 'a' });
    const b = row({ id: 'b' });
    const c = row({ id: 'c' });
    const b2 = row({ id: 'b', state: 'disconnected' });
    const d = row({ id: 'd' });
    // Asked for b (changed), c (ended) and d (started).
    const out = mergeSessionRows([a, b, c], ['b', 'c', 'd'], [d, b2]);
    expect(out.map((r) => r.id)).toEqual(['a', 'b', 'd']);
    expect(out[0]).toBe(a);
    expect(out[1]).toBe(b2);
  });
});

describe('the sessions list while its pages load (useSessionRows)', () => {
  it('shows the pages in, then the first screen rows they have not brought yet, each session once', () => {
    const [a, b, c, d] = ['a', 'b', 'c', 'd'].map((id) => row({ id })) as [SessionRow, SessionRow, SessionRow, SessionRow];
    const b2 = row({ id: 'b', state: 'disconnected' });
    // The first screen (host order) had d and b; the first page brought a and a newer b.
    const out = withFirstScreen([a, b2], [d, b]);
    expect(out.map((r) => r.id)).toEqual(['a', 'b', 'd']);
    expect(out[1]).toBe(b2);
    expect(withFirstScreen([a, b, c, d], [d, b]).map((r) => r.id)).toEqual(['a', 'b', 'c', 'd']);
  });
});

describe('the whole sessions list in pages (loadSessionPages)', () => {
  const id = (n: number) => `s${String(n).padStart(2, '0')}`;
  /** A host's session-list over `live`: afterId and limit as session-views.ts answers them, ids as a delta asks. */
  const host = (live: Set<string>) => ({
    calls: [] as string[],
    list(input: { afterId?: string; limit?: number; ids?: string[] }): SessionRow[] {
      const ids = [...live].sort();
      const picked = input.ids ? ids.filter((x) => input.ids!.includes(x)) : ids.filter((x) => x > (input.afterId ?? ''));
      return picked.slice(0, input.limit ?? picked.length).map((x) => row({ id: x }));
    },
  });

  it("walks the ids page by page; with the pushes' deltas applied after, the list is the lab's at the end, each session once", async () => {
    const live = new Set(Array.from({ length: 25 }, (_, i) => id(i + 1)));
    const h = host(live);
    const pushed: string[] = [];
    let pages = 0;
    const rows = await loadSessionPages(
      async (input) => {
        h.calls.push(input.afterId);
        return h.list(input);
      },
      10,
      (sofar) => {
        pages++;
        if (pages === 1) {
          expect(sofar.map((r) => r.id)).toEqual(Array.from({ length: 10 }, (_, i) => id(i + 1)));
          // Between the pages: s03 (already in) and s15 (not yet) end, s00 (before the cursor) and s30 start.
          for (const x of ['s03', 's15']) live.delete(x);
          for (const x of ['s00', 's30']) live.add(x);
          pushed.push('s03', 's15', 's00', 's30');
        }
        return true;
      },
    );
    expect(h.calls).toEqual(['', 's10', 's21']);
    expect(rows).not.toBeNull();
    const walked = rows!.map((r) => r.id);
    expect(new Set(walked).size).toBe(walked.length);
    expect(walked).toContain('s03'); // read before it ended: the push's delta drops it
    expect(walked).not.toContain('s00'); // started behind the cursor: the push's delta brings it
    const final = mergeSessionRows(rows!, pushed, h.list({ ids: pushed }));
    expect(final.map((r) => r.id).sort()).toEqual([...live].sort());
  });

  it('stops when the view closes (onPage false) and asks for nothing more', async () => {
    const h = host(new Set(Array.from({ length: 25 }, (_, i) => id(i + 1))));
    let asked = 0;
    const rows = await loadSessionPages(
      async (input) => {
        asked++;
        return h.list(input);
      },
      10,
      () => false,
    );
    expect(rows).toBeNull();
    expect(asked).toBe(1);
  });

  it('a list shorter than a page is one request', async () => {
    const h = host(new Set(['a', 'b']));
    const seen: number[] = [];
    const rows = await loadSessionPages(
      async (input) => h.list(input),
      10,
      (s) => (seen.push(s.length), true),
    );
    expect(rows!.map((r) => r.id)).toEqual(['a', 'b']);
    expect(seen).toEqual([]);
  });
});
