import type Database from 'better-sqlite3';
import type { Client } from '../../src-main/contract/client.ts';

/**
 * The lab's invariants (issue 20): what must hold in the store after every test scenario and every
 * fuzz step, however the lab got there. Each returns human-readable violations (empty = holds), so a
 * failing test says which rows broke which rule.
 */

const LIMIT = 5; // violations listed per rule: enough to see the pattern, short enough to read

function rows<T>(db: Database.Database, sql: string): T[] {
  return db.prepare(sql).all() as T[];
}

function report<T>(out: string[], rule: string, found: T[], show: (r: T) => string): void {
  if (!found.length) return;
  out.push(`${rule}: ${found.length} — ${found.slice(0, LIMIT).map(show).join('; ')}${found.length > LIMIT ? '; …' : ''}`);
}

/** Every invariant the store alone can show. */
export function storeViolations(db: Database.Database): string[] {
  const out: string[] = [];

  report(
    out,
    'a VM runs on a host that is off',
    rows<{ d: string; h: string; p: string }>(
      db,
      `SELECT d.id AS d, h.id AS h, h.power_state AS p FROM desktops d JOIN hosts h ON h.id = d.host_id
       WHERE d.power_state = 'poweredOn' AND h.power_state <> 'poweredOn'`,
    ),
    (r) => `${r.d} on ${r.h} (${r.p})`,
  );

  // A disconnected session survives in a suspended VM's memory (the pool's power policy "suspend");
  // a session still connecting has its VM started as a phase of the logon.
  report(
    out,
    'a live session has no running desktop',
    rows<{ s: string; d: string; p: string | null; st: string | null }>(
      db,
      `SELECT s.id AS s, s.desktop_id AS d, d.power_state AS p, d.state AS st FROM sessions s LEFT JOIN desktops d ON d.id = s.desktop_id
       WHERE s.state NOT IN ('logged-off', 'connecting')
         AND (d.id IS NULL OR (d.power_state <> 'poweredOn' AND NOT (s.state = 'disconnected' AND d.power_state = 'suspended')))`,
    ),
    (r) => `${r.s} on ${r.d} (${r.p ?? 'missing'} ${r.st ?? ''})`,
  );

  report(
    out,
    'a live session is on a host that is off',
    rows<{ s: string; h: string }>(
      db,
      `SELECT s.id AS s, h.id AS h FROM sessions s JOIN desktops d ON d.id = s.desktop_id JOIN hosts h ON h.id = d.host_id
       WHERE s.state <> 'logged-off' AND h.power_state <> 'poweredOn'`,
    ),
    (r) => `${r.s} on ${r.h}`,
  );

  report(
    out,
    'a session is in another pool than its desktop',
    rows<{ s: string; sp: string; dp: string }>(
      db,
      `SELECT s.id AS s, s.pool_id AS sp, d.pool_id AS dp FROM sessions s JOIN desktops d ON d.id = s.desktop_id WHERE s.pool_id <> d.pool_id`,
    ),
    (r) => `${r.s} in ${r.sp}, desktop in ${r.dp}`,
  );

  report(
    out,
    'a single-session desktop holds more than one live session',
    rows<{ d: string; n: number }>(
      db,
      `SELECT s.desktop_id AS d, count(*) AS n FROM sessions s JOIN pools p ON p.id = s.pool_id
       WHERE s.state <> 'logged-off' AND p.session_type <> 'multi-session' GROUP BY s.desktop_id HAVING n > 1`,
    ),
    (r) => `${r.d}: ${r.n}`,
  );

  report(
    out,
    'a user has two live sessions in one pool',
    rows<{ u: string; p: string; n: number }>(
      db,
      `SELECT user_id AS u, pool_id AS p, count(*) AS n FROM sessions WHERE state <> 'logged-off' GROUP BY user_id, pool_id HAVING n > 1`,
    ),
    (r) => `${r.u} in ${r.p}: ${r.n}`,
  );

  report(
    out,
    'a pool holds more machines than its maximum',
    rows<{ p: string; n: number; max: number }>(
      db,
      `SELECT p.id AS p, count(d.id) AS n, p.max_machines AS max FROM pools p JOIN desktops d ON d.pool_id = p.id
       WHERE d.state <> 'DELETING' GROUP BY p.id HAVING n > max`,
    ),
    (r) => `${r.p}: ${r.n} > ${r.max}`,
  );

  report(
    out,
    'a foreign key points at nothing',
    rows<{ table: string; rowid: number; parent: string }>(db, 'PRAGMA foreign_key_check'),
    (r) => `${r.table} row ${r.rowid} → ${r.parent}`,
  );

  const desktops = new Set(rows<{ id: string }>(db, 'SELECT id FROM desktops').map((r) => r.id));
  const badRules: string[] = [];
  for (const r of rows<{ id: string; desktop_ids: string }>(db, 'SELECT id, desktop_ids FROM cluster_rules')) {
    let ids: unknown;
    try {
      ids = JSON.parse(r.desktop_ids);
    } catch {
      badRules.push(`${r.id}: desktop_ids is not JSON`);
      continue;
    }
    if (!Array.isArray(ids)) badRules.push(`${r.id}: desktop_ids is not a list`);
    else for (const d of ids) if (typeof d !== 'string' || !desktops.has(d)) badRules.push(`${r.id} → ${String(d)}`);
  }
  report(out, 'a cluster rule names a VM that does not exist', badRules, (s) => s);

  report(
    out,
    'a message is addressed to a session that never existed',
    rows<{ id: number; s: string }>(
      db,
      `SELECT m.id AS id, m.session_id AS s FROM session_messages m
       WHERE NOT EXISTS (SELECT 1 FROM sessions WHERE id = m.session_id) AND NOT EXISTS (SELECT 1 FROM session_history WHERE id = m.session_id)`,
    ),
    (r) => `message ${r.id} → ${r.s}`,
  );

  report(
    out,
    'a desktop points at a snapshot it does not have',
    rows<{ d: string; s: string }>(
      db,
      `SELECT x.desktop_id AS d, x.current_snapshot_id AS s FROM desktop_snapshot_state x
       WHERE x.current_snapshot_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM snapshots WHERE id = x.current_snapshot_id AND desktop_id = x.desktop_id)`,
    ),
    (r) => `${r.d} → ${r.s}`,
  );

  report(
    out,
    'a snapshot has a parent that does not exist',
    rows<{ s: string; p: string }>(
      db,
      `SELECT s.id AS s, s.parent_id AS p FROM snapshots s WHERE s.parent_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM snapshots WHERE id = s.parent_id)`,
    ),
    (r) => `${r.s} → ${r.p}`,
  );

  report(
    out,
    'a running task is on an object that does not exist',
    rows<{ id: string; k: string; o: string }>(
      db,
      `SELECT t.id AS id, t.object_kind AS k, t.object_id AS o FROM tasks t WHERE t.state IN ('queued','running') AND (
         (t.object_kind = 'desktop' AND NOT EXISTS (SELECT 1 FROM desktops WHERE id = t.object_id)) OR
         (t.object_kind = 'host' AND NOT EXISTS (SELECT 1 FROM hosts WHERE id = t.object_id)))`,
    ),
    (r) => `${r.id} on ${r.k} ${r.o}`,
  );
  return out;
}

/**
 * The invariants that compare the API's views with the store and with each other: the host list's
 * powered-on VMs and the pools' session counts are the rows' counts, and the dashboard agrees.
 */
export async function viewViolations(client: Client, db: Database.Database): Promise<string[]> {
  const out: string[] = [];
  const onByHost = new Map(
    rows<{ h: string; n: number }>(db, `SELECT host_id AS h, count(*) AS n FROM desktops WHERE power_state = 'poweredOn' GROUP BY host_id`).map((r) => [
      r.h,
      r.n,
    ]),
  );
  const hosts = await client.call('host-list', {});
  const badHosts = hosts.filter((h) => h.vmsPoweredOn !== (onByHost.get(h.id) ?? 0));
  report(out, 'the host list disagrees with the desktops on powered-on VMs', badHosts, (h) => `${h.id}: ${h.vmsPoweredOn} vs ${onByHost.get(h.id) ?? 0}`);
  const deadWithVms = hosts.filter((h) => h.powerState !== 'poweredOn' && h.vmsPoweredOn > 0);
  report(out, 'the host list shows powered-on VMs on a host that is off', deadWithVms, (h) => `${h.id}: ${h.vmsPoweredOn}`);
  const alloc = new Map(
    rows<{ h: string; n: number; vcpu: number; ram: number }>(
      db,
      `SELECT host_id AS h, count(*) AS n, sum(CASE WHEN power_state = 'poweredOn' THEN vcpu ELSE 0 END) AS vcpu,
       sum(CASE WHEN power_state = 'poweredOn' THEN ram_gb ELSE 0 END) AS ram FROM desktops GROUP BY host_id`,
    ).map((r) => [r.h, r]),
  );
  report(
    out,
    "a host's allocation is not the sum of its VMs",
    hosts.filter((h) => {
      const a = alloc.get(h.id) ?? { n: 0, vcpu: 0, ram: 0 };
      return h.vmCount !== a.n || h.vcpuAllocated !== a.vcpu || Math.abs(h.ramAllocatedGb - a.ram) > 1e-6;
    }),
    (h) => `${h.id}: ${h.vmCount} VMs, ${h.vcpuAllocated} vCPU, ${h.ramAllocatedGb} GB`,
  );
  // The running engine's view (vCenter's host summary) against the rows.
  for (const c of await client.call('cluster-list', {})) {
    const status = await client.call('cluster-status', { clusterId: c.id });
    report(
      out,
      `the engine counts other powered-on VMs than the store (${c.id})`,
      status.hosts.filter((h) => h.vmsOn !== (onByHost.get(h.hostId) ?? 0)),
      (h) => `${h.hostId}: engine ${h.vmsOn}, store ${onByHost.get(h.hostId) ?? 0}`,
    );
  }

  const live = new Map(
    rows<{ p: string; n: number }>(db, `SELECT pool_id AS p, count(*) AS n FROM sessions WHERE state <> 'logged-off' GROUP BY pool_id`).map((r) => [r.p, r.n]),
  );
  const pools = await client.call('pool-list', {});
  report(
    out,
    'a pool counts other sessions than the store holds',
    pools.filter((p) => p.sessionCount !== (live.get(p.id) ?? 0)),
    (p) => `${p.id}: ${p.sessionCount} vs ${live.get(p.id) ?? 0}`,
  );
  return out;
}

/** Throws with every violation listed: for `expect(…).not.toThrow()`-free use in tests. */
export async function assertLabInvariants(db: Database.Database, client?: Client): Promise<void> {
  const found = [...storeViolations(db), ...(client ? await viewViolations(client, db) : [])];
  if (found.length) throw new Error(`lab invariants broken:\n  ${found.join('\n  ')}`);
}
