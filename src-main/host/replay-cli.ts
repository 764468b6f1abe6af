import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { LabError } from '../contract/errors.ts';
import { listActions, replayOrigin } from '../store/action-log.ts';
import { digestDifference, labDigest, type LabDigest } from '../store/lab-file/digest.ts';
import { replayLab } from '../app/replay/replayer.ts';
import { LAB_FILE, openHost } from './host.ts';

export const REPLAY_USAGE = `  vdi-console replay [--data DIR] [--to TIME] [--out DIR]
      Replay the lab from its seed and its recorded admin actions, to TIME (ISO 8601, or HH:MM on the lab's
      first day; default: where the lab is now). Prints the replayed lab's digest; at the lab's own time it
      compares it with the lab's and exits 1 if they differ. --out keeps the replayed lab folder.
`;

/** "2026-01-05T09:42:00Z" or "09:42" (on the day the lab began). */
export function parseTo(text: string, startIso: string): number {
  const hm = /^(\d{1,2}):(\d{2})$/.exec(text);
  if (hm) {
    // 09:75 or 25:00 is no time of day (Date would carry it over to 10:15, or to the next day).
    if (Number(hm[1]) > 23 || Number(hm[2]) > 59) throw new LabError('invalid-input', `--to: "${text}" is not a time of day (00:00 to 23:59)`, ['to']);
    const d = new Date(startIso);
    d.setUTCHours(Number(hm[1]), Number(hm[2]), 0, 0);
    return d.getTime() / 1000;
  }
  const bad = (why = '') => new LabError('invalid-input', `--to: "${text}" is not a time (ISO 8601, or HH:MM)${why}`, ['to']);
  // An ISO 8601 date and time (Date.parse alone carries 2026-02-30 over to March 2, and 12:00:00.5 down to the second).
  const iso = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(\.\d+)?)?(Z|[+-]\d{2}:\d{2})$/.exec(text);
  if (!iso) throw bad();
  const [y, mo, d, h, mi, sec, frac] = iso.slice(1, 8).map((x) => (x === undefined ? 0 : Number(x))) as number[];
  const daysInMonth = new Date(Date.UTC(y as number, mo as number, 0)).getUTCDate();
  if (
    (mo as number) < 1 ||
    (mo as number) > 12 ||
    (d as number) < 1 ||
    (d as number) > daysInMonth ||
    (h as number) > 23 ||
    (mi as number) > 59 ||
    (sec as number) > 59
  )
    throw bad(': no such date or time of day');
  if (frac) throw bad(': the lab moves in whole seconds'); // (.000 reads as 0: allowed)
  const t = Date.parse(text);
  if (!Number.isFinite(t)) throw bad();
  return Math.floor(t / 1000);
}

export async function replayCommand(opts: { dataDir: string; to?: string; out?: string }): Promise<number> {
  const path = join(opts.dataDir, LAB_FILE);
  if (!existsSync(path)) throw new LabError('not-found', `No lab in ${opts.dataDir}`);
  // Read-only: a console may have the folder open; what it committed is the lab's history so far. One read transaction:
  // the history, the lab's time and (to compare at that time) its digest are one instant, though its clock runs on.
  const db = new Database(path, { readonly: true, fileMustExist: true });
  let origin;
  let actions;
  let labTime: string;
  let live: LabDigest | null = null;
  let to: number;
  let now: number;
  try {
    db.exec('BEGIN');
    origin = replayOrigin(db);
    actions = listActions(db);
    labTime = (db.prepare("SELECT value FROM meta WHERE key = 'sim_time'").get() as { value: string }).value;
    if (!origin)
      throw new LabError('conflict', "This lab's history is not recorded from its start (it ran before the action log existed): it cannot be replayed");
    now = Math.round(Date.parse(labTime) / 1000);
    to = opts.to !== undefined ? parseTo(opts.to, origin.startTime) : now;
    if (to === now) live = labDigest(db);
  } finally {
    if (db.inTransaction) db.exec('COMMIT');
    db.close();
  }
  if (to > now) throw new LabError('invalid-input', `--to: the lab is only at ${labTime}`, ['to']);
  if (to < Math.round(Date.parse(origin.startTime) / 1000)) throw new LabError('invalid-input', `--to: the lab starts at ${origin.startTime}`, ['to']);
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'vdi-replay-'));
  const started = performance.now();
  try {
    const r = await replayLab({ origin, actions, to, dir, cacheDir: null, open: (o) => openHost({ ...o, transport: 'cli', scratch: true }) });
    r.host.close();
    const replayed = labDigest(join(dir, LAB_FILE));
    const out: Record<string, unknown> = {
      origin,
      to: new Date(to * 1000).toISOString(),
      actionsApplied: r.applied,
      actionsRecorded: actions.length,
      digest: replayed.digest,
      wallSeconds: Math.round(performance.now() - started) / 1000,
      ...(opts.out ? { folder: dir } : {}),
    };
    let code = 0;
    if (live) {
      const differ = digestDifference(live, replayed);
      Object.assign(out, { labDigest: live.digest, identical: differ.length === 0, differingTables: differ });
      code = differ.length === 0 ? 0 : 1;
    }
    process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    return code;
  } finally {
    if (!opts.out) rmSync(dir, { recursive: true, force: true });
  }
}
