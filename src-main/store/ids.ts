import type { Db } from './db.ts';
import { get, run } from './stmt.ts';

/**
 * Ids are handed out once. A counter per kind of id (in `id_counters`) gives the next
 * number; a lab written before the counters existed starts each counter past the highest
 * number its table holds. Deleting the newest row never makes its id come back, so an old
 * task, event or saved engine state never names a different object.
 */
export type IdKind =
  'snapshot' | 'task' | 'rule' | 'desktop' | 'pool' | 'checkpoint' | 'upload' | 'alarm-def' | 'pg' | 'plan' | 'ge' | 'dr-run' | 'tenant' | 'account';

const LEGACY: Record<IdKind, { table: string; prefix: string } | null> = {
  snapshot: { table: 'snapshots', prefix: 'snap-' },
  task: { table: 'tasks', prefix: 'task-' },
  rule: { table: 'cluster_rules', prefix: 'rule-' },
  desktop: { table: 'desktops', prefix: 'vm-' },
  pool: { table: 'pools', prefix: 'pool-' },
  checkpoint: { table: 'checkpoints', prefix: 'ckpt-' },
  upload: null,
  'alarm-def': { table: 'alarm_definitions', prefix: 'alarm-def-' },
  // Disaster recovery (migration 018): no lab was written before the counters existed.
  pg: null,
  plan: null,
  ge: null,
  'dr-run': null,
  tenant: { table: 'tenants', prefix: 'tenant-' },
  // Admin accounts had random ids before stop 40 (acct-<8 hex>): numbers start at 1, any id already taken is skipped.
  account: null,
};

/** Counters a checkpoint restore or a lab reset keeps (their objects live outside the lab's timeline: the checkpoint list, uploads, admin accounts). */
export const KEPT_ID_KINDS: readonly IdKind[] = ['checkpoint', 'upload', 'account'];

function legacyMax(db: Db, kind: IdKind): number {
  const l = LEGACY[kind];
  if (!l) return 0;
  const n = get<{ n: number | null }>(
    db,
    `SELECT max(CAST(substr(id, ${l.prefix.length + 1}) AS INTEGER)) AS n FROM ${l.table} WHERE id LIKE '${l.prefix}%'`,
  )?.n;
  return typeof n === 'number' && Number.isFinite(n) ? n : 0;
}

/** The next `count` numbers of this kind, the first returned (call inside the transaction that inserts the rows). */
export function nextIdNumber(db: Db, kind: IdKind, count = 1): number {
  const row = get<{ next: number }>(db, 'SELECT next FROM id_counters WHERE kind = ?', kind);
  const n = row ? row.next : legacyMax(db, kind) + 1;
  run(db, 'INSERT INTO id_counters (kind, next) VALUES (?, ?) ON CONFLICT(kind) DO UPDATE SET next = excluded.next', kind, n + count);
  return n;
}
