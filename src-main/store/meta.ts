import { VOCABULARIES, type LabInfo, type LabProfile, type Settings, type Vocabulary } from '../contract/entities.ts';
import type { Db } from './db.ts';
import { LATEST_VERSION } from './migrations/index.ts';
import { all, get, run } from './stmt.ts';
import { parseStored, rowKey } from './stored-json.ts';

export function hasLab(db: Db): boolean {
  return get<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'profile'") !== undefined;
}

function metaMap(db: Db): Map<string, string> {
  return new Map(all<{ key: string; value: string }>(db, 'SELECT key, value FROM meta').map((r) => [r.key, r.value]));
}

export function simTime(db: Db): string {
  return get<{ value: string }>(db, "SELECT value FROM meta WHERE key = 'sim_time'")?.value ?? '';
}

export function labInfo(db: Db): LabInfo {
  const m = metaMap(db);
  const count = (table: string) => (get<{ n: number }>(db, `SELECT count(*) AS n FROM ${table}`) as { n: number }).n;
  return {
    name: m.get('name') ?? '',
    profile: (m.get('profile') ?? 'default') as LabProfile,
    seed: Number(m.get('seed') ?? 0),
    schemaVersion: LATEST_VERSION,
    createdAt: m.get('created_at') ?? '',
    simTime: m.get('sim_time') ?? '',
    counts: { hosts: count('hosts'), desktops: count('desktops'), users: count('users'), pools: count('pools') },
  };
}

export const DEFAULT_SETTINGS: Settings = { theme: 'light', lastRoute: '/dashboard', sidebarOpen: true, vocabulary: 'horizon' };

export function getSettings(db: Db): Settings {
  const rows = all<{ key: string; value: string }>(db, 'SELECT key, value FROM settings');
  const out: Settings = { ...DEFAULT_SETTINGS };
  for (const r of rows) {
    const v = parseStored<unknown>(r.value, { table: 'settings', key: rowKey({ key: r.key }), column: 'value' });
    if (r.key === 'theme' && (v === 'light' || v === 'dark' || v === 'system')) out.theme = v;
    if (r.key === 'lastRoute' && typeof v === 'string') out.lastRoute = v;
    if (r.key === 'sidebarOpen' && typeof v === 'boolean') out.sidebarOpen = v;
    if (r.key === 'vocabulary' && typeof v === 'string' && (VOCABULARIES as readonly string[]).includes(v)) out.vocabulary = v as Vocabulary;
  }
  return out;
}

export function setSettings(db: Db, patch: Partial<Settings>): Settings {
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) continue;
    run(db, 'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value', k, JSON.stringify(v));
  }
  return getSettings(db);
}
