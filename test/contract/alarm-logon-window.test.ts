import { rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { ALARM_LOGON_SECTION } from '../../src-main/contract/alarm-entities.ts';
import { Prng } from '../../src-main/core/prng.ts';
import { firstDifference, open, storeRows } from '../helpers/durable.ts';
import { tempDir } from '../helpers/lab.ts';

// The alarm evaluator's window of user logons (app/alarms/evaluator.ts) is saved as one section of
// the engine state per minute, in the order the users logged on, so a flush encodes only the minute
// that changed. A process that opens the lab mid-window must judge those logons exactly as the
// process that kept running: the same alarms, opened in the same order (their events' numbers).

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

/** The morning's logons, 07:00 to 08:15 (the storm under way): default lab: every logon over 1 s is a user's alarm, so many open in one evaluation. */
const SECONDS = 1.25 * 3600;

async function tighten(dir: string): Promise<void> {
  const { host, client } = open(dir, 'default');
  try {
    await client.call('alarm-definition-update', { id: 'user-logon-duration', changes: { enabled: true, warning: 1, critical: 40 } });
  } finally {
    host.close();
  }
}

async function step(dir: string, seconds: number): Promise<void> {
  const { host, client } = open(dir, 'default');
  try {
    await client.call('clock-step', { seconds });
  } finally {
    host.close();
  }
}

describe("the alarm window's logons across processes", () => {
  it('a run cut into many processes opens the same user alarms, in the same order, as one process', async () => {
    const whole = tempDir('vdi-logons-');
    const cut = tempDir('vdi-logons-');
    dirs.push(whole, cut);
    await tighten(whole);
    await tighten(cut);
    await step(whole, SECONDS);
    // Cut points at random simulated seconds (seeded), many inside the 5-minute window of a logon.
    const rng = new Prng(12);
    let done = 0;
    let processes = 0;
    while (done < SECONDS) {
      const s = Math.min(SECONDS - done, 15 + Math.floor(rng.next() * 200));
      await step(cut, s);
      done += s;
      processes++;
    }
    expect(processes).toBeGreaterThan(25);

    const a = storeRows(join(whole, 'lab.sqlite'));
    const b = storeRows(join(cut, 'lab.sqlite'));
    expect(firstDifference(a, b)).toBeNull();

    const db = new Database(join(whole, 'lab.sqlite'), { readonly: true });
    try {
      // Several users' alarms opened at one evaluation: their order is what a restored window must keep.
      const opened = db
        .prepare("SELECT triggered_at AS at, COUNT(*) AS n FROM alarms WHERE definition_id = 'user-logon-duration' GROUP BY triggered_at")
        .all() as { at: string; n: number }[];
      expect(opened.reduce((n, r) => n + r.n, 0)).toBeGreaterThan(4);
      expect(Math.max(...opened.map((r) => r.n))).toBeGreaterThan(1);
      // The window's logons are in per-minute sections, not in the evaluator's own section.
      const sections = db.prepare("SELECT key, value FROM engine_state WHERE key LIKE 'doc:' || ? || '%'").all(ALARM_LOGON_SECTION) as {
        key: string;
        value: string;
      }[];
      expect(sections.length).toBeGreaterThan(0);
      expect(sections.length).toBeLessThanOrEqual(7); // the 5-minute window, on the minute grid
      const app = JSON.parse((db.prepare("SELECT value FROM engine_state WHERE key = 'doc:app'").get() as { value: string }).value) as { alarms: object };
      expect(app.alarms).not.toHaveProperty('userLogons');
    } finally {
      db.close();
    }
  }, 300_000);

  it("a machine's used size that the engine cannot hold as it is (an imported file's, an admin action's) is written as the engine holds it at the next flush", async () => {
    const dir = tempDir('vdi-logons-');
    dirs.push(dir);
    await step(dir, 60);
    const path = join(dir, 'lab.sqlite');
    const raw = new Database(path);
    const { id, used_gb: was } = raw.prepare("SELECT id, used_gb FROM desktops WHERE power_state = 'poweredOff' ORDER BY id LIMIT 1").get() as {
      id: string;
      used_gb: number;
    };
    expect(Math.fround(was)).toBe(was);
    // The same figure to 32 bits, not as a 32-bit float: what a file written by hand or another tool may hold.
    const odd = was * (1 + 1e-12);
    expect(Math.fround(odd)).toBe(was);
    raw.prepare('UPDATE desktops SET used_gb = ? WHERE id = ?').run(odd, id);
    raw.close();
    await step(dir, 60);
    const db = new Database(path, { readonly: true });
    try {
      // Without it, the row would keep the odd figure until the machine's row was written for another reason: in one run and not in another.
      expect((db.prepare('SELECT used_gb FROM desktops WHERE id = ?').get(id) as { used_gb: number }).used_gb).toBe(was);
    } finally {
      db.close();
    }
  }, 120_000);
});
