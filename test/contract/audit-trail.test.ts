import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import DatabaseCtor from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { AUDIT_FILE } from '../../src-main/host/host.ts';
import { REPO } from '../helpers/http-client.ts';
import { exportedBytes } from '../helpers/checkpoint-bytes.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 16 part 4: the audit trail lives outside the rewindable lab (audit.sqlite), records every
// change and every refusal with both clocks, keeps no secret, survives a checkpoint restore, a lab
// reset and an import, and its hash chain names the first row edited behind its back.

let lab: TempLab | null = null;
afterEach(() => {
  lab?.dispose();
  lab = null;
});

/** The trail without its own reads (reading the audit is itself recorded). */
async function trail(l: TempLab) {
  return (await l.client.call('audit-list', { limit: 1000 })).rows.filter((r) => r.method !== 'audit-list');
}

function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [join(REPO, 'bin', 'vdi-console.mjs'), ...args], { cwd: REPO, timeout: 120_000 }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as { code?: number }).code ?? 1) : 0, stdout, stderr }),
    );
  });
}

describe('what the trail records', () => {
  it('every change and every refusal with who, role, transport, input and both clocks; successful reads are left out', async () => {
    lab = tempLab('small', 1);
    const l = lab;
    await l.client.call('pool-list', {}); // a read: not recorded
    await l.client.call('pool-set-enabled', { id: 'pool-1', enabled: false });
    const refused = await l.host.dispatch('pool-get', { id: 'pool-404' }); // a refused read: recorded
    expect(refused.ok).toBe(false);
    await l.host.dispatch('pool-set-enabled', { id: 'pool-1', enabled: 'no' }); // refused by validation
    await l.host.dispatch('pool-set-enabled', { id: 'pool-1', enabled: true }, { user: 'CORP\\viewer', role: 'read-only', transport: 'websocket' });
    const before = (await l.client.call('clock-get', {})).simTime;
    await l.client.call('clock-step', { seconds: 86_400 }); // a whole simulated day: it leaves a trace
    const rows = (await trail(l)).reverse();
    expect(rows.map((r) => [r.method, r.outcome, r.code])).toEqual([
      ['pool-set-enabled', 'ok', null],
      ['pool-get', 'error', 'not-found'],
      ['pool-set-enabled', 'error', 'invalid-input'],
      ['pool-set-enabled', 'error', 'forbidden'],
      ['clock-step', 'ok', null],
    ]);
    expect(rows[0]).toMatchObject({ user: 'CORP\\test-admin', role: 'administrators', transport: 'in-process', input: '{"id":"pool-1","enabled":false}' });
    expect(rows[0]?.wallTime).toBe('2026-11-24T09:00:00.000Z');
    expect(rows[0]?.simTime).toBe(before);
    expect(rows[3]).toMatchObject({ user: 'CORP\\viewer', role: 'read-only', transport: 'websocket' });
    expect(rows[4]).toMatchObject({ input: '{"seconds":86400}' });
    expect(Date.parse(rows[4]?.simTime as string) - Date.parse(before)).toBe(86_400_000); // stamped when answered
    // Filters and paging, newest first, anchored at the head so later rows do not shift the pages.
    const p1 = await l.client.call('audit-list', { method: 'pool-set', limit: 2 });
    expect(p1.total).toBe(3);
    const p2 = await l.client.call('audit-list', { method: 'pool-set', limit: 2, offset: 2, untilSeq: p1.headSeq });
    expect([...p1.rows, ...p2.rows].map((r) => r.seq)).toEqual([4, 3, 1]);
    expect((await l.client.call('audit-list', { outcome: 'error', user: 'viewer' })).rows.map((r) => r.code)).toEqual(['forbidden']);
    expect((await l.client.call('audit-list', { from: '2026-11-25T00:00:00Z' })).total).toBe(0);
    const csv = await l.client.call('audit-export', { outcome: 'error' });
    expect(csv.rows).toBeGreaterThanOrEqual(3);
    expect(csv.csv.split('\r\n')[0]).toBe('seq,wallTime,simTime,user,role,transport,method,input,outcome,code,message,hash');
  });

  it('keeps no password or token', async () => {
    lab = tempLab('small', 1);
    await lab.client.call('account-create', { name: 'alice', role: 'help-desk', password: 'SuperSecret-Pw-123' });
    await lab.host.dispatch('account-create', { name: 'bob', role: 'help-desk', password: 'x' }); // refused: too short, still recorded
    await lab.host.accounts.login('alice', 'Wrong-Secret-456', 'websocket', 'test');
    const rows = await trail(lab);
    expect(rows.map((r) => r.method)).toEqual(['login', 'account-create', 'account-create']);
    expect(rows[0]).toMatchObject({ outcome: 'error', code: 'bad-credentials', user: 'alice' });
    const bytes = readFileSync(join(lab.dir, AUDIT_FILE)).toString('latin1') + readFileSync(join(lab.dir, `${AUDIT_FILE}-wal`)).toString('latin1');
    expect(bytes).toContain('[redacted]');
    expect(bytes).not.toContain('SuperSecret-Pw-123');
    expect(bytes).not.toContain('Wrong-Secret-456');
  });
});

describe('the trail outlives the lab', () => {
  it('survives a checkpoint restore, an import and a lab reset', async () => {
    lab = tempLab('small', 1);
    const l = lab;
    await l.client.call('pool-set-enabled', { id: 'pool-1', enabled: false });
    const cp = await l.client.call('checkpoint-save', { name: 'before' });
    await l.client.call('pool-set-enabled', { id: 'pool-2', enabled: false });
    const beforeRestore = (await trail(l)).length;
    await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    let rows = await trail(l);
    expect(rows.length).toBe(beforeRestore + 1);
    expect(rows[0]).toMatchObject({ method: 'checkpoint-restore', outcome: 'ok' });
    expect(rows.some((r) => r.method === 'pool-set-enabled' && r.input.includes('pool-2'))).toBe(true); // what the restore undid is still on the trail

    // The whole file, exported and sent back in as many chunks as its size takes.
    let exports = 0;
    const file = await exportedBytes((offset) => (exports++, l.client.call('checkpoint-export-chunk', { id: cp.id, offset })));
    const up = await l.client.call('checkpoint-import-begin', { name: 'imported', sizeBytes: file.length });
    let imports = 0;
    for (let offset = 0; offset < file.length; offset += up.chunkBytes, imports++) {
      const part = file.subarray(offset, offset + up.chunkBytes).toString('base64');
      await l.client.call('checkpoint-import-chunk', { uploadId: up.uploadId, offset, data: part });
    }
    const data = file.subarray(0, up.chunkBytes).toString('base64');
    const imported = await l.client.call('checkpoint-import-finish', { uploadId: up.uploadId });
    await l.client.call('checkpoint-restore', { id: imported.id, confirm: true });
    rows = await trail(l);
    expect(rows.slice(0, 3 + imports + exports).map((r) => r.method)).toEqual([
      'checkpoint-restore',
      'checkpoint-import-finish',
      ...Array<string>(imports).fill('checkpoint-import-chunk'),
      'checkpoint-import-begin',
      ...Array<string>(exports).fill('checkpoint-export-chunk'),
    ]);
    expect(rows[2]?.input).not.toContain(data.slice(0, 50)); // the file's bytes are not copied into the trail

    const n = rows.length;
    await l.client.call('lab-reset', { profile: 'small', seed: 2, confirm: true });
    rows = await trail(l);
    expect(rows.length).toBe(n + 1);
    expect(rows[rows.length - 1]).toMatchObject({ seq: 1, method: 'pool-set-enabled' });
    expect(await l.client.call('audit-verify', {})).toMatchObject({ ok: true, firstBroken: null });
  });

  it('keeps the admin accounts across a restore, and a checkpoint file carries none', async () => {
    lab = tempLab('small', 1);
    const l = lab;
    const cp = await l.client.call('checkpoint-save', { name: 'no accounts yet' });
    const a = await l.client.call('account-create', { name: 'carol', role: 'instructor', password: 'instructor password' });
    const cp2 = await l.client.call('checkpoint-save', { name: 'with carol' });
    await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
    expect((await l.client.call('account-list', {})).map((x) => x.id)).toEqual([a.id]);
    // The exported file, as it would leave the machine.
    const path = join(l.dir, 'exported.sqlite');
    writeFileSync(path, await exportedBytes((offset) => l.client.call('checkpoint-export-chunk', { id: cp2.id, offset })));
    expect(readFileSync(path).toString('latin1')).not.toMatch(/scrypt\$\d+\$/); // no hash (the schema's CHECK names the prefix)
    const file = new DatabaseCtor(path, { readonly: true });
    try {
      expect((file.prepare('SELECT count(*) AS n FROM admin_accounts').get() as { n: number }).n).toBe(0);
    } finally {
      file.close();
    }
  });
});

describe('admin account ids', () => {
  it('are numbered, so the same script on the same seed makes the same lab; a restore or a reset never hands one out again', async () => {
    // Found by a black-box run: random account ids reached the event log, and two identical runs had different digests.
    lab = tempLab('small', 1);
    const l = lab;
    const other = tempLab('small', 1);
    try {
      const a = await l.client.call('account-create', { name: 'adm', role: 'administrators', password: 'admin password 1' });
      const b = await other.client.call('account-create', { name: 'adm', role: 'administrators', password: 'admin password 1' });
      expect(a.id).toBe('acct-1');
      expect(b.id).toBe(a.id);
      // The counter is the console's, like the accounts: a restore to before the account, or a reset, keeps it.
      const cp = await l.client.call('checkpoint-save', { name: 'one account' });
      const c = await l.client.call('account-create', { name: 'carol', role: 'instructor', password: 'instructor password' });
      await l.client.call('checkpoint-restore', { id: cp.id, confirm: true });
      const d = await l.client.call('account-create', { name: 'dave', role: 'help-desk', password: 'help desk password' });
      await l.client.call('lab-reset', { profile: 'small', seed: 1, confirm: true });
      const e = await l.client.call('account-create', { name: 'erin', role: 'read-only', password: 'read only password' });
      expect([c.id, d.id, e.id]).toEqual(['acct-2', 'acct-3', 'acct-4']);
    } finally {
      other.dispose();
    }
  });
});

describe('tamper evidence', () => {
  it('audit verify names the first row edited or removed in SQLite', async () => {
    lab = tempLab('small', 1);
    const l = lab;
    for (const enabled of [false, true, false, true]) await l.client.call('pool-set-enabled', { id: 'pool-1', enabled });
    expect(await l.client.call('audit-verify', {})).toMatchObject({ ok: true, rows: 4 }); // audit-verify's own row comes after it
    const path = join(l.dir, AUDIT_FILE);
    const raw = new DatabaseCtor(path);
    try {
      // The file refuses an edit through SQLite…
      expect(() => raw.prepare("UPDATE audit SET user = 'someone else' WHERE seq = 2").run()).toThrow(/append-only/);
      // …so a tamperer drops the guard first: the chain still shows it.
      raw.exec('DROP TRIGGER audit_no_update');
      raw.prepare("UPDATE audit SET user = 'someone else' WHERE seq = 2").run();
    } finally {
      raw.close();
    }
    expect(await l.client.call('audit-verify', {})).toMatchObject({ ok: false, firstBroken: { seq: 2, reason: expect.stringContaining('edited') } });
    l.host.close();
    const out = await cli(['audit', 'verify', '--data', l.dir]);
    expect(out.code).toBe(1);
    expect(out.stderr).toContain('Audit trail broken at row 2');
    // A removed row: the gap is the break.
    const raw2 = new DatabaseCtor(path);
    try {
      raw2.exec("DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; UPDATE audit SET user = 'CORP\\test-admin' WHERE seq = 2");
      raw2.prepare('DELETE FROM audit WHERE seq = 3').run();
    } finally {
      raw2.close();
    }
    const out2 = await cli(['audit', 'verify', '--data', l.dir]);
    expect(out2.code).toBe(1);
    expect(JSON.parse(out2.stdout)).toMatchObject({ ok: false, firstBroken: { seq: 4, reason: 'row 3 is missing' } });
  });
});
