import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { createClient, type Client } from '../../src-main/contract/client.ts';
import type { Reply } from '../../src-main/contract/errors.ts';
import { LAB_FILE } from '../../src-main/host/host.ts';
import { startServe, type Serve } from '../helpers/crash-writer.ts';
import { storeViolations, viewViolations } from '../helpers/invariants.ts';
import { tempDir, tempLab, type TempLab } from '../helpers/lab.ts';
import { malformedRequest, mutatedRequest, rawFrame, readRequest, validAction, type Request, type Send } from './inputs.ts';
import type { Run } from './runner.ts';
import { cliCall, SocketClosed, WsClient, type RawOutcome } from './wire.ts';

/** The input as JSON for the step log, or as text when JSON cannot carry it (a mutated input may hold a BigInt). */
function jsonOrText(v: unknown): string {
  try {
    return JSON.stringify(v) ?? String(v);
  } catch {
    return String(v);
  }
}

// The fuzz campaign: seeded random requests — malformed, mutated, raw frames, reads, and valid but
// hostile admin actions — through the in-process dispatcher (what Electron IPC reaches), over a
// loopback WebSocket to a real `serve` process, and now and then through `vdi-console call`. After
// every step: no `internal` reply, the serve process lives, and the store of the lab the step went
// to holds the lab invariants (storeViolations); every VIEW_EVERY steps the API's views agree with
// the store (viewViolations).

type Via = 'memory' | 'ws' | 'cli';
type Category = 'malformed' | 'mutated' | 'raw' | 'read' | 'valid';

const CATEGORIES: [Category, number][] = [
  ['malformed', 0.3],
  ['mutated', 0.25],
  ['valid', 0.25],
  ['read', 0.1],
  ['raw', 0.1],
];

export const FUZZ_SIZES = {
  short: { steps: 1200, cliCalls: 3 },
  full: { steps: 20_000, cliCalls: 100 },
};
const VIEW_EVERY = 50;
/** A clock set running (hostile-valid clock-set) is paused again after this many steps: the campaign stays bounded. */
const RUNNING_STEPS = 2;

function openReadonly(dir: string): Database.Database {
  return new Database(join(dir, LAB_FILE), { readonly: true, fileMustExist: true });
}

function rssMb(pid: number | undefined): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Math.round(Number(m[1]) / 1024) : -1;
  } catch {
    return -1;
  }
}

export async function fuzzCampaign(run: Run): Promise<void> {
  const size = run.full ? FUZZ_SIZES.full : FUZZ_SIZES.short;
  const rng = run.rng;
  const mem: TempLab = tempLab('small', 1);
  const serveDir = tempDir('vdi-campaign-fuzz-');
  let serve: Serve | undefined;
  let ws: WsClient | undefined;
  let socketsReopened = 0;
  let cliCalls = 0;
  const cliEvery = Math.max(1, Math.floor(size.steps / size.cliCalls));
  try {
    serve = await startServe(serveDir);
    ws = await WsClient.open(serve);
    const memSend: Send = (m, i) => mem.host.dispatch(m, i);
    const wsSend: Send = (m, i) => (ws as WsClient).request(m, i);
    const clients: Record<'memory' | 'ws', () => Client> = {
      memory: () => mem.client,
      ws: () => createClient((ws as WsClient).transport()),
    };
    const dirs = { memory: mem.dir, ws: serveDir };
    const runningUntil = { memory: -1, ws: -1 };

    const checkStore = (via: 'memory' | 'ws', category: string, label: string) => {
      const db = openReadonly(dirs[via]);
      try {
        const broken = storeViolations(db);
        if (broken.length) run.fail(category, `${via}: after ${label} the store breaks the lab invariants:\n  ${broken.join('\n  ')}`, { stop: true });
      } finally {
        db.close();
      }
    };
    const pause = async (via: 'memory' | 'ws') => {
      const r = await (via === 'memory' ? memSend : wsSend)('clock-set', { speed: 'paused' });
      if (!r.ok && r.error.code === 'internal') run.fail('valid', `${via}: clock-set paused replied internal: ${r.error.message}`);
      runningUntil[via] = -1;
    };

    for (let i = 1; i <= size.steps && !run.done(i); i++) {
      run.step = i;
      try {
        const cli = i % cliEvery === 0 && cliCalls < size.cliCalls;
        const via: Via = cli ? 'cli' : rng.chance(0.5) ? 'memory' : 'ws';
        const target = via === 'memory' ? 'memory' : 'ws';
        const send = target === 'memory' ? memSend : wsSend;
        const category = pickCategory(rng.next());
        run.tried(category);
        const failuresBefore = run.failureCount;

        // Build the request (reads and valid actions look at the lab through the same transport).
        let req: Request | undefined;
        let raw: { label: string; text: string; binary: boolean } | undefined;
        if (category === 'malformed') req = malformedRequest(rng);
        else if (category === 'mutated') req = mutatedRequest(rng, via === 'memory');
        else if (category === 'read') req = await readRequest(rng, send);
        else if (category === 'valid') req = await validAction(rng, send, `f${i}`);
        else {
          const f = rawFrame(rng);
          raw = { ...f, binary: via === 'ws' && rng.chance(0.1) };
        }
        const label = req ? req.label : `raw ${raw?.label}${raw?.binary ? ' (binary)' : ''}`;
        run.note(`${via} ${category} ${label}${req?.method === 'clock-step' || category === 'valid' ? ` ${jsonOrText(req?.input).slice(0, 120)}` : ''}`);

        // Send it.
        let reply: Reply<unknown> | undefined;
        if (via === 'cli') {
          cliCalls++;
          const text = req ? (JSON.stringify(req.input) ?? '') : (raw?.text ?? '');
          const r = await cliCall(serveDir, req?.method ?? 'lab-info', text, rng.chance(0.5));
          run.reply(`cli-exit-${r.code ?? r.signal}`);
          if (r.signal || (r.code !== 0 && r.code !== 2))
            run.fail(category, `cli: ${label} ended with ${r.code ?? r.signal}; stderr: ${r.stderr.slice(0, 800)}`);
          else if (/"code":"internal"/.test(r.stderr)) run.fail(category, `cli: ${label} replied internal: ${r.stderr.slice(0, 800)}`);
          else if (category === 'malformed' && r.code === 0) run.fail(category, `cli: malformed ${label} was accepted`);
        } else if (via === 'memory') {
          reply = raw ? (await mem.host.dispatchText(raw.text)).reply : await mem.host.dispatch(req?.method, req?.input);
        } else {
          const w = ws as WsClient;
          if (raw) {
            const o: RawOutcome = await w.raw(raw.binary ? Buffer.from(raw.text) : raw.text, raw.binary);
            if (o.kind === 'reply') reply = o.reply;
            else if (o.kind === 'timeout') run.fail(category, `ws: no reply to ${label}`);
            else run.reply(`socket-closed-${o.code}`);
          } else {
            try {
              reply = await w.request(req?.method ?? '', req?.input);
            } catch (err) {
              if (!(err instanceof SocketClosed)) throw err;
              // The socket dropped under a request: did the process die?
              await Promise.race([(serve as Serve).exited, new Promise((r) => setTimeout(r, 3000))]);
              const s = serve as Serve;
              if (!s.alive())
                run.fail(category, `the serve process died during ${label} (${JSON.stringify(await s.exited)}); stderr:\n${s.stderr().slice(-3000)}`, {
                  stop: true,
                });
              run.fail(category, `ws: the socket closed under ${label} (${err.message}), the process lives`);
            }
          }
        }

        if (reply) {
          run.reply(reply.ok ? 'ok' : reply.error.code);
          if (!reply.ok && reply.error.code === 'internal') run.fail(category, `${via}: ${label} replied internal: ${reply.error.message}`);
          if (category === 'malformed' && reply.ok) run.fail(category, `${via}: malformed ${label} was accepted`);
          if (req?.method === 'clock-set' && reply.ok && (req.input as { speed?: unknown })?.speed !== 'paused') runningUntil[target] = i + RUNNING_STEPS;
          if (req?.method === 'lab-reset' && reply.ok) runningUntil[target] = -1; // a new lab starts paused
        }

        // The serve process lives, and its socket is open (a frame the wire refuses closes it: reopen).
        if (target === 'ws') {
          if (!(serve as Serve).alive())
            run.fail(category, `the serve process died after ${label}; stderr:\n${(serve as Serve).stderr().slice(-1500)}`, { stop: true });
          if (!(ws as WsClient).open) {
            (ws as WsClient).close();
            ws = await WsClient.open(serve as Serve);
            socketsReopened++;
          }
        }
        if (runningUntil.memory >= 0 && i >= runningUntil.memory) await pause('memory');
        if (runningUntil.ws >= 0 && i >= runningUntil.ws) await pause('ws');
        checkStore(target, category, label);

        if (i % VIEW_EVERY === 0) {
          run.tried('views');
          for (const v of ['memory', 'ws'] as const) {
            await pause(v);
            const db = openReadonly(dirs[v]);
            try {
              const broken = [...storeViolations(db), ...(await viewViolations(clients[v](), db))];
              if (broken.length) run.fail('views', `${v}: at step ${i} the views disagree with the store:\n  ${broken.join('\n  ')}`, { stop: true });
            } finally {
              db.close();
            }
          }
          run.survived('views');
        }
        if (run.failureCount === failuresBefore) run.survived(category);
        if (i % 500 === 0) run.log(`step ${i}/${size.steps}`);
      } catch (err) {
        if (!(err instanceof SocketClosed)) throw err;
        // The socket dropped under a request (a step's own, a pause, a look at the lab): did the serve die?
        const s = serve as Serve;
        await Promise.race([s.exited, new Promise((r) => setTimeout(r, 3000))]);
        if (!s.alive())
          run.fail('serve', `the serve process died at step ${i} (${JSON.stringify(await s.exited)}); its stderr:\n${s.stderr().slice(-3000)}`, { stop: true });
        run.fail('serve', `ws: the socket closed at step ${i} (${(err as Error).message}), the process lives`);
        ws = await WsClient.open(s);
      }
    }
    run.figure('cliCalls', cliCalls);
    run.figure('socketsReopened', socketsReopened);
    run.figure('serveRssMb', rssMb(serve.child.pid));
  } finally {
    ws?.close();
    if (serve?.alive()) {
      serve.child.kill('SIGTERM');
      await serve.exited;
    }
    // The in-process lab is closed (flushed) and checked once more on the file it leaves.
    try {
      mem.dispose();
    } catch (err) {
      run.fail('invariants', `memory: the lab file left after the campaign is broken: ${(err as Error).message}`);
    }
    rmSync(serveDir, { recursive: true, force: true });
  }
}

function pickCategory(x: number): Category {
  for (const [c, w] of CATEGORIES) if ((x -= w) < 0) return c;
  return 'raw';
}
