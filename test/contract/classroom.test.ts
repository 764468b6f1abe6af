import { execFile, spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import { WebSocket, type RawData } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WireServerMessage } from '../../src-main/contract/client.ts';
import type { ScenarioStatus } from '../../src-main/contract/scenario-methods.ts';
import { Classroom, INSTRUCTOR_CALL, ROSTER_FILE, type Roster } from '../../src-main/host/class/classroom.ts';
import { tempDir } from '../helpers/lab.ts';
import { CLI, REPO } from '../helpers/crash-writer.ts';

// Class mode (issue 17, part 6): two trainees' labs in one process, each on its own port with its
// own token, and the instructor's port. A trainee's token reaches only that trainee's lab (HTTP page,
// /api/v1, WebSocket) and never the instructor's API; the classroom methods refuse every transport
// a trainee can reach; the instructor's actions reach each lab named, and only those; a restart on
// the same folder continues the class.

const SCENARIO = 'storage-latency-storm';
let root: string;
let renderer: string;
let room: Classroom;

interface Answer {
  status: number;
  body: string;
  headers: Record<string, string | string[] | undefined>;
}

function http(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const postJson = (port: number, path: string, token: string, body: unknown) =>
  http(port, path, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });

/** Opens a WebSocket with this token on this port; resolves with the socket, or with the HTTP status it was refused with. */
function socket(port: number, token: string): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws?token=${encodeURIComponent(token)}`);
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => resolve(-1));
  });
}

let nextId = 1;
function call(ws: WebSocket, method: string, input: unknown): Promise<{ ok: boolean; result?: unknown; error?: { code: string; message: string } }> {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no reply to ${method}`)), 60_000);
    const onMessage = (data: RawData) => {
      const msg = JSON.parse(String(data)) as WireServerMessage;
      if ('push' in msg || msg.id !== id) return;
      clearTimeout(timer);
      ws.off('message', onMessage);
      resolve(msg.reply.ok ? { ok: true, result: msg.reply.result } : { ok: false, error: msg.reply.error as { code: string; message: string } });
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ id, method, input }));
  });
}

async function statusOf(id: string): Promise<ScenarioStatus> {
  const r = await room.hostOf(id).dispatch('scenario-status', {});
  if (!r.ok) throw new Error(r.error.message);
  return r.result as ScenarioStatus;
}

const open = () =>
  Classroom.open({ dataDir: join(root, 'class'), scenarioId: SCENARIO, trainees: 2, port: 0, rendererDir: renderer, hostMode: 'in-process', speed: '60' });

beforeAll(async () => {
  root = tempDir('vdi-class-');
  renderer = join(root, 'renderer');
  mkdirSync(renderer, { recursive: true });
  writeFileSync(join(renderer, 'index.html'), '<!doctype html><title>console</title>');
  room = await open();
});

afterAll(async () => {
  await room?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('a class of two trainees', () => {
  it('gives each trainee a lab of the scenario, paused until the instructor starts the class, with its own URL and token', async () => {
    const [a, b] = room.trainees;
    expect(room.trainees).toHaveLength(2);
    expect(a?.token).not.toBe(b?.token);
    expect(a?.port).not.toBe(b?.port);
    expect(a?.url).toContain(`token=${a?.token}`);
    for (const t of room.trainees) {
      const st = await statusOf(t.id);
      expect(st.running).toBe(true);
      expect(st.scenario?.id).toBe(SCENARIO);
      const clock = await room.hostOf(t.id).dispatch('clock-get', {});
      expect(clock).toMatchObject({ ok: true, result: { speed: 'paused' } });
    }
    const roster = JSON.parse(readFileSync(join(root, 'class', ROSTER_FILE), 'utf8')) as Roster;
    expect(roster.trainees.map((t) => t.id)).toEqual(['trainee-01', 'trainee-02']);
  });

  it("a trainee's token opens only that trainee's page, API and WebSocket", async () => {
    const [a, b] = room.trainees as [(typeof room.trainees)[0], (typeof room.trainees)[0]];
    const instructorPort = new URL(room.instructorUrl).port;
    // The page: A's token is taken on A's port (303 to the address without it), refused on B's and on the instructor's.
    expect((await http(a.port, `/?token=${a.token}`)).status).toBe(303);
    expect((await http(b.port, `/?token=${a.token}`)).status).toBe(401);
    expect((await http(Number(instructorPort), `/?token=${a.token}`)).status).toBe(401);
    // A's cookie (named for A's port) is sent by a browser to every port of 127.0.0.1: it counts only on A's.
    const cookieA = `vdi_token_${a.port}=${a.token}`;
    expect((await http(b.port, '/', { headers: { cookie: cookieA } })).status).toBe(401);
    expect((await http(Number(instructorPort), '/class/status', { headers: { cookie: cookieA } })).status).toBe(401);
    // The HTTP API: A's token reads A's lab, not B's.
    const own = await http(a.port, '/api/v1/scenario-status', {
      method: 'POST',
      headers: { ...bearer(a.token), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(own.status).toBe(200);
    const other = await http(b.port, '/api/v1/scenario-status', {
      method: 'POST',
      headers: { ...bearer(a.token), 'content-type': 'application/json' },
      body: '{}',
    });
    expect(other.status).toBe(401);
    expect(other.body).not.toContain(SCENARIO);
    // The WebSocket: refused on B's port and on the instructor's.
    expect(await socket(b.port, a.token)).toBe(401);
    const toInstructor = await socket(Number(instructorPort), a.token);
    expect(toInstructor).not.toBeInstanceOf(WebSocket);
    // The instructor's view is on the instructor's port only: a trainee's port has no /instructor.
    expect((await http(a.port, '/instructor', { headers: { cookie: cookieA } })).status).toBe(404);
    expect((await http(Number(instructorPort), '/instructor', { headers: { cookie: cookieA } })).status).toBe(401);
    const view = await http(Number(instructorPort), '/instructor', { headers: bearer(room.instructorToken) });
    expect(view.status).toBe(200);
    expect(view.body).toContain('<title>console</title>');
    expect(String(view.headers['content-security-policy'])).toContain("frame-ancestors 'none'");
    expect((await http(Number(instructorPort), '/', { headers: bearer(room.instructorToken) })).headers.location).toMatch(/\/instructor$/);
    // Its static files stay inside the renderer's folder (the roster with every token is one level up).
    expect((await http(Number(instructorPort), '/assets/..%2f..%2fclass%2fclass.json', { headers: bearer(room.instructorToken) })).status).toBe(403);
    // The instructor's API refuses A's token for every method.
    expect((await http(Number(instructorPort), '/class/status', { headers: bearer(a.token) })).status).toBe(401);
    for (const [path, body] of [
      ['/class/pause', { paused: false }],
      ['/class/extend', { minutes: 60, trainees: 'all' }],
      ['/class/hint', { text: 'from a trainee', trainees: 'all' }],
    ] as const)
      expect((await postJson(Number(instructorPort), path, a.token, body)).status, path).toBe(401);
    expect((await statusOf('trainee-02')).instructorHints).toEqual([]);
  });

  it("a trainee cannot call the instructor's methods on their own lab, through the WebSocket or the API", async () => {
    const a = room.trainees[0] as (typeof room.trainees)[0];
    const ws = await socket(a.port, a.token);
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
    try {
      const before = await statusOf(a.id);
      expect(await call(ws, 'scenario-extend', { minutes: 60 })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      expect(await call(ws, 'scenario-hint-send', { text: 'I know the answer' })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      const api = await http(a.port, '/api/v1/scenario-extend', {
        method: 'POST',
        headers: { ...bearer(a.token), 'content-type': 'application/json' },
        body: JSON.stringify({ minutes: 60 }),
      });
      expect(api.status).toBe(403);
      const after = await statusOf(a.id);
      expect(after.scenario?.timeLimitSec).toBe(before.scenario?.timeLimitSec);
      expect(after.instructorHints).toEqual([]);
    } finally {
      ws.close();
    }
  });

  it("`vdi-console call` reaches a trainee's lab while the class runs; the instructor's methods refuse it", async () => {
    // Found by a black-box run: the class held each trainee's lab without a control port, so `call` was refused with
    // "Close that one first; `vdi-console call` sends its requests to a console that runs".
    const a = room.trainees[0] as (typeof room.trainees)[0];
    const cli = (method: string, input: unknown) =>
      new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
        // Not spawnSync: this process serves the control port the command talks to.
        execFile(process.execPath, [CLI, 'call', method, JSON.stringify(input), '--data', join(root, 'class', a.id)], { cwd: REPO }, (err, stdout, stderr) =>
          resolve({ code: err ? (typeof err.code === 'number' ? err.code : null) : 0, stdout, stderr }),
        );
      });
    const status = await cli('scenario-status', {});
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ scenario: { id: SCENARIO } });
    const before = await statusOf(a.id);
    const extend = await cli('scenario-extend', { minutes: 60 });
    expect(extend.code).toBe(2);
    expect(JSON.parse(extend.stderr.trim())).toMatchObject({ code: 'forbidden' });
    expect((await statusOf(a.id)).scenario?.timeLimitSec).toBe(before.scenario?.timeLimitSec);
  });

  it("each lab's engine is independent: a trainee's action shows in that trainee's attempt only", async () => {
    const a = room.trainees[0] as (typeof room.trainees)[0];
    const ws = await socket(a.port, a.token);
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
    try {
      expect(await call(ws, 'pool-set-provisioning', { id: 'pool-4', enabled: false })).toMatchObject({ ok: true });
    } finally {
      ws.close();
    }
    expect((await statusOf('trainee-01')).actions.map((x) => x.method)).toEqual(['pool-set-provisioning']);
    expect((await statusOf('trainee-02')).actions).toEqual([]);
    const pools = await room.hostOf('trainee-02').dispatch('pool-list', {});
    expect(pools.ok && (pools.result as { id: string; provisioningEnabled?: boolean }[]).find((p) => p.id === 'pool-4')).toBeTruthy();
  });

  it("the instructor's actions reach each lab named, and only those; bad input changes nothing", async () => {
    const port = Number(new URL(room.instructorUrl).port);
    const tok = room.instructorToken;
    const limit0 = (await statusOf('trainee-02')).scenario?.timeLimitSec as number;
    // Bad input: refused, nothing changes anywhere.
    for (const [path, body] of [
      ['/class/extend', { minutes: 0, trainees: 'all' }],
      ['/class/extend', { minutes: 5, trainees: ['trainee-99'] }],
      ['/class/extend', { minutes: 5, trainees: ['../x'] }],
      ['/class/hint', { text: '  ', trainees: 'all' }],
      ['/class/pause', { paused: 'yes' }],
    ] as const) {
      const r = await postJson(port, path, tok, body);
      expect(r.status, `${path} ${JSON.stringify(body)}`).toBe(400);
      expect(JSON.parse(r.body)).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
    }
    // An action fetched with GET is the wrong method (405), not a missing page.
    for (const path of ['/class/pause', '/class/extend', '/class/hint']) expect((await http(port, path, { headers: bearer(tok) })).status, path).toBe(405);
    expect((await statusOf('trainee-02')).scenario?.timeLimitSec).toBe(limit0);
    // Extend one trainee: only that one's limit moves, once however often it is named.
    expect(JSON.parse((await postJson(port, '/class/extend', tok, { minutes: 5, trainees: ['trainee-02', 'trainee-02'] })).body)).toMatchObject({
      ok: true,
      result: { changed: 1 },
    });
    expect((await statusOf('trainee-02')).scenario?.timeLimitSec).toBe(limit0 + 300);
    expect((await statusOf('trainee-01')).scenario?.timeLimitSec).toBe(limit0);
    // A hint to all: both pages' scenario status carries it (the WebSocket of the trainee's own page reads it).
    expect(JSON.parse((await postJson(port, '/class/hint', tok, { text: 'Check the provisioning of DEV-Linked', trainees: 'all' })).body)).toMatchObject({
      ok: true,
      result: { changed: 2 },
    });
    for (const t of room.trainees) {
      const ws = await socket(t.port, t.token);
      if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
      const st = (await call(ws, 'scenario-status', {})).result as ScenarioStatus;
      ws.close();
      expect(st.instructorHints.map((h) => h.text)).toEqual(['Check the provisioning of DEV-Linked']);
    }
    // Resume all, then pause all: every lab's clock follows.
    expect(JSON.parse((await postJson(port, '/class/pause', tok, { paused: false })).body)).toMatchObject({ ok: true, result: { changed: 2 } });
    for (const t of room.trainees) expect(await room.hostOf(t.id).dispatch('clock-get', {})).toMatchObject({ ok: true, result: { speed: '60' } });
    expect(JSON.parse((await postJson(port, '/class/pause', tok, { paused: true })).body)).toMatchObject({ ok: true, result: { changed: 2 } });
    for (const t of room.trainees) expect(await room.hostOf(t.id).dispatch('clock-get', {})).toMatchObject({ ok: true, result: { speed: 'paused' } });
    // The live view: every trainee with progress, alarms, score and time left.
    const live = JSON.parse((await http(port, '/class/status', { headers: bearer(tok) })).body) as {
      result: {
        paused: boolean;
        trainees: { id: string; objectivesTotal: number; maxScore: number; timeLeftSec: number; instructorHints: number; actions: number }[];
      };
    };
    expect(live.result.paused).toBe(true);
    expect(live.result.trainees.map((t) => [t.id, t.objectivesTotal, t.instructorHints, t.actions])).toEqual([
      ['trainee-01', 2, 1, 1],
      ['trainee-02', 2, 1, 0],
    ]);
    expect(live.result.trainees[0]?.maxScore).toBeGreaterThan(0);
  });

  it("pause is a lock: while the instructor has paused the class, a trainee cannot run, step or escape the clock's pause", async () => {
    const port = Number(new URL(room.instructorUrl).port);
    const tok = room.instructorToken;
    expect(JSON.parse((await postJson(port, '/class/pause', tok, { paused: true })).body)).toMatchObject({ ok: true });
    const a = room.trainees[0] as (typeof room.trainees)[0];
    const ws = await socket(a.port, a.token);
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
    try {
      const before = await statusOf(a.id);
      expect(before.pausedByInstructor).toBe(true);
      // The trainee's own console sees the lock on the clock and in the scenario status.
      expect(await call(ws, 'clock-get', {})).toMatchObject({ ok: true, result: { speed: 'paused', lockedBy: 'instructor' } });
      for (const [method, input] of [
        ['clock-set', { speed: '60' }],
        ['clock-set', { speed: 'max' }],
        ['clock-step', { seconds: 60 }],
        ['scenario-start', { id: SCENARIO, confirm: true }],
        ['lab-reset', { profile: 'small', seed: 1, confirm: true }],
      ] as const) {
        const r = await call(ws, method, input);
        expect(r, `${method} ${JSON.stringify(input)}`).toMatchObject({ ok: false, error: { code: 'conflict' } });
        expect(r.error?.message).toMatch(/^Paused by the instructor/);
      }
      // The HTTP API is refused the same way.
      const api = await postJson(a.port, '/api/v1/clock-set', a.token, { speed: '60' });
      expect(JSON.parse(api.body)).toMatchObject({ ok: false, error: { code: 'conflict' } });
      // Pausing an already paused clock is not a change, and is allowed.
      expect(await call(ws, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true, result: { speed: 'paused' } });
      // Nothing moved: same attempt, same simulated instant.
      const after = await statusOf(a.id);
      expect(after.now).toBe(before.now);
      expect(after.startedAt).toBe(before.startedAt);
      expect(after.actions).toEqual(before.actions);
      // The trainee cannot lift the lock: the classroom method refuses the page's transport.
      expect(await call(ws, 'scenario-class-pause', { paused: false })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      // The instructor resumes: the lock goes and the trainee drives the clock again.
      expect(JSON.parse((await postJson(port, '/class/pause', tok, { paused: false })).body)).toMatchObject({ ok: true, result: { changed: 2 } });
      const clock = await call(ws, 'clock-get', {});
      expect(clock).toMatchObject({ ok: true, result: { speed: '60' } });
      expect((clock.result as { lockedBy?: string }).lockedBy).toBeUndefined();
      expect((await statusOf(a.id)).pausedByInstructor).toBe(false);
      expect(await call(ws, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true, result: { speed: 'paused' } });
      expect(await call(ws, 'clock-set', { speed: '10' })).toMatchObject({ ok: true, result: { speed: '10' } });
    } finally {
      ws.close();
    }
    // Pause all again, for the restart below: the lock is part of the attempt's saved state.
    expect(JSON.parse((await postJson(port, '/class/pause', tok, { paused: true })).body)).toMatchObject({ ok: true });
  });

  it("pause is a lock on the live lab even while a trainee's console shows a past moment (replay view)", async () => {
    // Found by a black-box run: "Pause all" with a trainee viewing the past answered an error (the view refused the change)
    // yet paused the others; the instructor's status showed the past lab's figures; closing the view ran the clock again.
    const port = Number(new URL(room.instructorUrl).port);
    const tok = room.instructorToken;
    const pause = async (paused: boolean) =>
      JSON.parse((await postJson(port, '/class/pause', tok, { paused })).body) as { ok: boolean; result?: { changed: number } };
    const live = async (id: string) => {
      const r = await room.hostOf(id).dispatch('scenario-status', {}, INSTRUCTOR_CALL);
      if (!r.ok) throw new Error(r.error.message);
      return r.result as ScenarioStatus;
    };
    // The second trainee: the first one's attempt ended above (objectives met), and a finished attempt's clock stays paused.
    const a = room.trainees[1] as (typeof room.trainees)[0];
    expect(await pause(false)).toMatchObject({ ok: true });
    expect((await live(a.id)).running).toBe(true);
    const ws = await socket(a.port, a.token);
    if (!(ws instanceof WebSocket)) throw new Error(`socket refused: ${ws}`);
    try {
      expect(await call(ws, 'clock-set', { speed: 'paused' })).toMatchObject({ ok: true });
      expect(await call(ws, 'clock-step', { seconds: 120 })).toMatchObject({ ok: true });
      const now = (await live(a.id)).now as string;
      const past = new Date(Date.parse(now) - 60_000).toISOString();
      expect(await call(ws, 'replay-view-open', { at: past })).toMatchObject({ ok: true });

      // Pause all reaches every lab, the viewing trainee's too, and the instructor reads the live attempt.
      expect(await pause(true)).toMatchObject({ ok: true, result: { changed: 2 } });
      expect(await live(a.id)).toMatchObject({ pausedByInstructor: true, now });
      const status = JSON.parse((await http(port, '/class/status', { headers: bearer(tok) })).body) as {
        result: { paused: boolean; trainees: { id: string; pausedByInstructor: boolean }[] };
      };
      expect(status.result.paused).toBe(true);
      expect(status.result.trainees.find((t) => t.id === a.id)).toMatchObject({ pausedByInstructor: true });

      // Back to live: the lock holds, the clock stays paused.
      expect(await call(ws, 'replay-view-close', { resume: true })).toMatchObject({ ok: true });
      expect(await call(ws, 'clock-get', {})).toMatchObject({ ok: true, result: { speed: 'paused', lockedBy: 'instructor' } });
      expect(await call(ws, 'clock-set', { speed: '60' })).toMatchObject({ ok: false, error: { code: 'conflict' } });

      // Resumed while the trainee views the past: the live clock waits for the view, then runs at the scenario's speed.
      expect(await call(ws, 'replay-view-open', { at: past })).toMatchObject({ ok: true });
      expect(await pause(false)).toMatchObject({ ok: true });
      expect(await call(ws, 'replay-view-close', { resume: true })).toMatchObject({ ok: true });
      expect(await call(ws, 'clock-get', {})).toMatchObject({ ok: true, result: { speed: '60' } });
    } finally {
      ws.close();
    }
    // Pause all again, for the restart below.
    expect(await pause(true)).toMatchObject({ ok: true });
  });

  it('continues the class after a restart on the same folder: same tokens, each attempt where it was', async () => {
    const before = room.trainees.map((t) => t.token);
    const hints = (await statusOf('trainee-01')).instructorHints;
    const elapsed = (await statusOf('trainee-01')).elapsedSec;
    await room.close();
    room = await open();
    expect(room.trainees.map((t) => t.token)).toEqual(before);
    const st = await statusOf('trainee-01');
    expect(st.instructorHints).toEqual(hints);
    expect(st.actions.map((x) => x.method)).toEqual(['pool-set-provisioning']);
    expect(st.elapsedSec).toBeGreaterThanOrEqual(elapsed);
    expect(await room.hostOf('trainee-01').dispatch('clock-get', {})).toMatchObject({ ok: true, result: { speed: 'paused', lockedBy: 'instructor' } });
    expect(st.pausedByInstructor).toBe(true);
    // Another scenario on this folder is refused rather than mixing two classes.
    await expect(
      Classroom.open({
        dataDir: join(root, 'class'),
        scenarioId: 'desktops-exhausted',
        trainees: 2,
        port: 0,
        rendererDir: renderer,
        hostMode: 'in-process',
        speed: '60',
      }),
    ).rejects.toThrow(/holds a class of/);
  });
});

describe('a class restarted with more trainees', () => {
  it('a trainee added to a class under way runs like the others; one added to a paused class is locked', async () => {
    const dir = tempDir('vdi-class-grow-');
    const openWith = (trainees: number) =>
      Classroom.open({ dataDir: dir, scenarioId: SCENARIO, trainees, port: 0, rendererDir: renderer, hostMode: 'in-process', speed: '60' });
    const clockOf = async (r: Classroom, id: string) =>
      ((await r.hostOf(id).dispatch('clock-get', {}, INSTRUCTOR_CALL)) as { ok: true; result: { speed: string; lockedBy?: string } }).result;
    let r = await openWith(1);
    try {
      await r.setPaused(false);
      await r.close();
      r = await openWith(2);
      expect(await clockOf(r, 'trainee-01')).toMatchObject({ speed: '60' });
      const added = await clockOf(r, 'trainee-02');
      expect(added.speed).toBe('60');
      expect(added.lockedBy).toBeUndefined();
      // A trainee resets their lab while the class runs (allowed, not locked): the next start gives them a fresh attempt.
      expect(
        await r.hostOf('trainee-02').dispatch('lab-reset', { profile: 'small', seed: 1, confirm: true }, { user: 'trainee', transport: 'websocket' }),
      ).toMatchObject({ ok: true });
      // Pause all still pauses the others, and names the lab it could not lock.
      expect(await r.setPaused(true)).toEqual({ changed: 1, skipped: ['trainee-02'] });
      await r.close();
      // The class stopped, paused: a one-shot `vdi-console call` on a trainee's folder meets the lock too (found by a black-box
      // run: it stepped and reset a locked lab, and the class then failed to start again).
      for (const [method, input] of [
        ['clock-step', { seconds: 600 }],
        ['lab-reset', { profile: 'small', seed: 1, confirm: true }],
      ] as const) {
        const cli = spawnSync(process.execPath, [CLI, 'call', method, JSON.stringify(input), '--data', join(dir, 'trainee-01')], {
          cwd: REPO,
          encoding: 'utf8',
        });
        expect(cli.status, `${method}: ${cli.stdout}`).toBe(2);
        expect(JSON.parse(cli.stderr.trim().split('\n').at(-1) as string)).toMatchObject({
          code: 'conflict',
          message: expect.stringMatching(/^Paused by the instructor/),
        });
      }
      r = await openWith(3);
      expect(await clockOf(r, 'trainee-03')).toMatchObject({ speed: 'paused', lockedBy: 'instructor' });
      const again = (await r.hostOf('trainee-02').dispatch('scenario-status', {}, INSTRUCTOR_CALL)) as { ok: true; result: ScenarioStatus };
      expect(again.result).toMatchObject({ running: true, scenario: { id: SCENARIO }, pausedByInstructor: true });
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("a class's clock speed", () => {
  it('runs in the room’s time by default (1×), at --speed when given, and at the scenario’s own in a class from before', async () => {
    // The built-ins run at 60×: a class's 30-minute scenario was over 30 s after Start, before most trainees had opened
    // their page (black-box round 6). A class now resumes at its own speed.
    const dir = tempDir('vdi-class-speed-');
    const clockOf = async (r: Classroom, id: string) =>
      ((await r.hostOf(id).dispatch('clock-get', {}, INSTRUCTOR_CALL)) as { ok: true; result: { speed: string } }).result.speed;
    const openWith = (speed?: '10') =>
      Classroom.open({ dataDir: dir, scenarioId: SCENARIO, trainees: 1, port: 0, rendererDir: renderer, hostMode: 'in-process', ...(speed ? { speed } : {}) });
    let r = await openWith();
    try {
      expect(r.speed).toBe('1');
      expect((await r.status()).speed).toBe('1');
      await r.setPaused(false);
      expect(await clockOf(r, 'trainee-01')).toBe('1');
      await r.setPaused(true);
      await r.close();
      // Continued with --speed 10: the next resume runs at it.
      r = await openWith('10');
      await r.setPaused(false);
      expect(await clockOf(r, 'trainee-01')).toBe('10');
      await r.setPaused(true);
      await r.close();
      // A roster written before classes had a speed: the scenario's own, as it was.
      const file = join(dir, ROSTER_FILE);
      const roster = JSON.parse(readFileSync(file, 'utf8')) as Roster;
      delete roster.speed;
      writeFileSync(file, JSON.stringify(roster));
      r = await openWith();
      expect(r.speed).toBe('scenario');
      await r.setPaused(false);
      expect(await clockOf(r, 'trainee-01')).toBe('60');
    } finally {
      await r.close();
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});

describe('a class on a scenario that starts from a checkpoint file', () => {
  it("each trainee's lab is restored from the scenario's checkpoint, independently", async () => {
    const dir = tempDir('vdi-class-ckpt-');
    const ckRoom = await Classroom.open({
      dataDir: dir,
      scenarioId: 'snapshot-chains',
      trainees: 2,
      port: 0,
      rendererDir: renderer,
      hostMode: 'in-process',
      speed: '60',
    });
    try {
      const times: string[] = [];
      for (const t of ckRoom.trainees) {
        const host = ckRoom.hostOf(t.id);
        const st = (await host.dispatch('scenario-status', {})) as { ok: true; result: ScenarioStatus };
        expect(st.result).toMatchObject({ running: true, scenario: { id: 'snapshot-chains' } });
        times.push(st.result.startedAt as string);
        const snaps = (await host.dispatch('snapshot-list', { desktopId: 'vm-36' })) as { ok: true; result: { snapshots: unknown[] } };
        expect(snaps.result.snapshots).toHaveLength(3);
      }
      expect(times[0]).toBe(times[1]);
      // One trainee's consolidation is that trainee's only.
      expect(await ckRoom.hostOf('trainee-01').dispatch('snapshot-delete-all', { desktopId: 'vm-36' })).toMatchObject({ ok: true });
      const other = (await ckRoom.hostOf('trainee-02').dispatch('scenario-status', {})) as { ok: true; result: ScenarioStatus };
      expect(other.result.actions).toEqual([]);
    } finally {
      await ckRoom.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
