import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { LAB_PROFILES, type LabProfile } from '../contract/entities.ts';
import { LabError } from '../contract/errors.ts';
import type { Reply } from '../contract/errors.ts';
import type { ZodType } from 'zod';
import { defaultDataDir } from './data-dir.ts';
import { consoleOnly } from './cli-console-only.ts';
import type { CallContext } from '../app/context.ts';

// Start-up time is the CLI's first feature (`vdi-console api` answers in a fraction of a
// second): this file imports only what parsing needs, and each subcommand loads its own
// modules when it runs (the contract's schemas, the host, the engine, the web server).
// The built CLI (scripts/build-cli.mjs) keeps these dynamic imports as separate chunks.

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

/** The help text: each subcommand keeps its own usage, loaded only when help is printed. */
async function usage(): Promise<string> {
  const [{ CAPACITY_USAGE }, { CALIBRATE_USAGE }, { BOOT_STORM_USAGE }, { TOKEN_USAGE }, { DEFAULT_SEED }, { SCENARIO_USAGE }] = await Promise.all([
    import('./capacity-cli.ts'),
    import('./calibrate-cli.ts'),
    import('./boot-storm-cli.ts'),
    import('./http/token-cli.ts'),
    import('../app/lab-setup.ts'),
    import('./scenario-cli.ts'),
  ]);
  const { REPLAY_USAGE } = await import('./replay-cli.ts');
  return `vdi-console: the VDI fleet console's command line

  vdi-console serve [--data DIR] [--port N] [--lab ${LAB_PROFILES.join('|')}] [--seed S]
      Run the console in your browser: the host and the UI on 127.0.0.1, guarded by a token in the URL.
  vdi-console serve --class SCENARIO [--trainees N] [--speed 1|10|60|600] [--data DIR] [--port N]
      A classroom: one lab of the scenario per trainee (own folder, host, URL and token) and an instructor
      page (live progress, alarms, score; pause or resume all, extend time, send hints). Prints every URL;
      The clock runs at --speed once resumed (default 1: the room's time); the same command on the same --data folder
      continues the class (a --speed given then applies from the next resume).
  vdi-console api [--json]
      List every API method with its input (JSON Schema) and what it does.
  vdi-console call METHOD [JSON|-] [--data DIR] [--no-wait]
      Run one method against a lab folder and print its JSON result (exit 2 with the error on failure).
      A console that has the folder open (serve, a class's trainee lab, the desktop app) answers it; capacity-run-start and
      capacity-sweep-start wait for their runs (progress on stderr) unless --no-wait.
      --as NAME acts as an admin account (its password in $VDI_CONSOLE_PASSWORD) instead of the local administrator.
      Another call on the folder is waited for, up to $VDI_CONSOLE_LOCK_WAIT seconds (default 30; 0: refuse at once).
  vdi-console audit verify [--data DIR]
      Check the audit trail's hash chain; prints the first broken row and exits 1 when there is one.
  vdi-console checkpoint export ID FILE [--data DIR]
  vdi-console checkpoint import FILE [--name NAME] [--data DIR]
      Write a lab checkpoint to a file, or add one from a file (refused with the reason if it is not a lab).
${REPLAY_USAGE}${CAPACITY_USAGE}${CALIBRATE_USAGE}${BOOT_STORM_USAGE}${SCENARIO_USAGE}
${TOKEN_USAGE}
  --data DIR   the lab folder (default: ${defaultDataDir()}; or $VDI_CONSOLE_DATA)
  --lab P      the built-in lab generated when the folder is empty (default: default)
  --seed S     the generator's seed for a new lab (default: ${DEFAULT_SEED})
`;
}

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

function parseArgs(argv: string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    if (a.startsWith('--')) {
      const [k, v] = a.slice(2).split('=', 2) as [string, string | undefined];
      const next = argv[i + 1];
      if (v !== undefined) flags.set(k, v);
      else if (['data', 'port', 'lab', 'seed', 'name', 'as', 'to', 'out', 'class', 'trainees', 'speed'].includes(k) && next !== undefined) {
        flags.set(k, next);
        i++;
      } else flags.set(k, true);
    } else positional.push(a);
  }
  return { positional, flags };
}

class UsageError extends Error {}

function flagString(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  if (v === true) throw new UsageError(`--${name} needs a value`);
  return v;
}

async function labOptions(p: Parsed): Promise<{ dataDir: string; lab: LabProfile; seed: number }> {
  const { DEFAULT_SEED } = await import('../app/lab-setup.ts');
  const lab = flagString(p, 'lab') ?? 'default';
  if (!(LAB_PROFILES as readonly string[]).includes(lab)) throw new UsageError(`--lab must be one of ${LAB_PROFILES.join(', ')}`);
  const seedText = flagString(p, 'seed');
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UsageError('--seed must be a whole number from 0 to 2147483647');
  return { dataDir: resolve(flagString(p, 'data') ?? defaultDataDir()), lab: lab as LabProfile, seed };
}

export interface ApiMethodDescription {
  method: string;
  description: string;
  mutates: boolean;
  input: unknown;
}

/**
 * Every method with its input's JSON Schema. The built CLI reads the description its build
 * computed (scripts/cli-build.mjs writes out/cli/api.json next to this file, from this
 * function with `live`); from the TypeScript sources, or with `live`, it is computed from the
 * contract, which loads every schema (~200 ms).
 */
export async function apiDescription(opts: { live?: boolean } = {}): Promise<ApiMethodDescription[]> {
  if (!opts.live && !import.meta.url.endsWith('.ts')) {
    try {
      return JSON.parse(readFileSync(new URL('./api.json', import.meta.url), 'utf8')) as ApiMethodDescription[];
    } catch {
      // no build-time description: compute it
    }
  }
  const [{ z }, { METHOD_NAMES, methods }] = await Promise.all([import('zod'), import('../contract/methods.ts')]);
  return METHOD_NAMES.map((name) => ({
    method: name,
    description: methods[name].description,
    mutates: methods[name].mutates,
    input: z.toJSONSchema(methods[name].input as ZodType, { io: 'input' }),
  }));
}

async function serveClass(p: Parsed): Promise<void> {
  const scenarioId = flagString(p, 'class') as string;
  const traineesText = flagString(p, 'trainees');
  const trainees = traineesText === undefined ? undefined : Number(traineesText);
  const portText = flagString(p, 'port') ?? '7420';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0 to 65535 (0 picks a free port)');
  if (p.flags.has('lab') || p.flags.has('seed')) throw new UsageError('--class takes its lab from the scenario: leave out --lab and --seed');
  const speed = flagString(p, 'speed');
  const dataDir = resolve(flagString(p, 'data') ?? join(defaultDataDir(), 'class'));
  const [{ runClass }, { ClassError }] = await Promise.all([import('./class/class-cli.ts'), import('./class/classroom.ts')]);
  try {
    await runClass({ dataDir, scenarioId, trainees, port, portGiven: p.flags.has('port'), rendererDir: RENDERER_DIR, speed });
  } catch (e) {
    if (e instanceof ClassError) throw new UsageError(e.message);
    throw e;
  }
}

async function serve(p: Parsed): Promise<void> {
  if (p.flags.has('class')) return serveClass(p);
  if (p.flags.has('trainees') || p.flags.has('speed')) throw new UsageError(`--${p.flags.has('trainees') ? 'trainees' : 'speed'} goes with --class SCENARIO`);
  const o = await labOptions(p);
  const portText = flagString(p, 'port') ?? '7420';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0 to 65535 (0 picks a free port)');
  const [{ startHost, hostModeFrom }, { startWebServer }] = await Promise.all([import('./runner/index.ts'), import('./web-server.ts')]);
  // The host (store, engine, flushes) in a worker thread: this thread only serves HTTP and WebSocket (runner/worker-host.ts).
  const host = await startHost({ ...o, run: true, control: true, mode: hostModeFrom(process.env, 'worker') });
  await host.controlReady; // `vdi-console call` can reach this console from the moment it says it is ready
  const web = await startWebServer({ host, rendererDir: RENDERER_DIR, port });
  // The first line is the contract with scripts and tests: the URL with its token.
  process.stdout.write(`VDI console ready: ${web.url}\n`);
  process.stdout.write(`Lab folder: ${host.dataDir}${host.created ? ` (new ${o.lab} lab, seed ${o.seed})` : ' (existing lab)'}\n`);
  const stop = () => {
    void web
      .close()
      .then(() => host.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

type Send = (method: string, input: unknown) => Promise<Reply<unknown>>;

/**
 * Runs `fn` against the lab folder: through the console that has it open (serve or the desktop
 * app, found by the lab lock), or by opening it in this process when none does.
 */
async function withLab<T>(p: Parsed, fn: (send: Send, remote: boolean) => Promise<T>): Promise<T> {
  const o = await labOptions(p);
  const [{ whenLabFree, lockWaitMs }, { callControl }, { defaultUser, openHost }] = await Promise.all([
    import('./lab-lock.ts'),
    import('./control.ts'),
    import('./host.ts'),
  ]);
  const asName = flagString(p, 'as');
  const as = asName ? { account: asName, password: process.env.VDI_CONSOLE_PASSWORD ?? '' } : undefined;
  // Another `call` on the folder (a script's calls in parallel) is waited for; a console that answers calls gets the request.
  const lab = await whenLabFree(o.dataDir, () => openHost({ ...o, transport: 'cli' }), {
    waitMs: lockWaitMs(process.env.VDI_CONSOLE_LOCK_WAIT),
    pause: () => new Promise((r) => setTimeout(r, 100)),
    onWait: (pid) => {
      if (process.stderr.isTTY) process.stderr.write(`Waiting for process ${pid}, which has the lab open…\n`);
    },
  });
  if ('holder' in lab) {
    const holder = lab.holder;
    const endpoint = holder.control;
    const user = defaultUser();
    // The lock names a running process whose control port does not answer: the console is stopping, hung, or the process
    // id now belongs to another program (the console died and its id was reused). Said plainly; nothing is taken over.
    const send: Send = (method, input) =>
      callControl(endpoint, method, input, user, as).catch((err: unknown) => {
        throw new LabError(
          'conflict',
          `The console that has the lab in ${o.dataDir} open (process ${holder.pid}, since ${holder.startedAt}) does not answer ` +
            `(${(err as Error).message}). If no console runs on this folder any more, delete ${join(o.dataDir, 'lab.lock')} and try again.`,
          ['dataDir'],
        );
      });
    return fn(send, true);
  }
  const host = lab.opened;
  try {
    let call: CallContext | undefined;
    if (as) {
      const r = await host.accounts.login(as.account, as.password, 'cli', 'local');
      if (!r.ok) throw new LabError('unauthorized', r.message);
      call = { user: r.account.name, accountId: r.account.id, transport: 'cli' };
    }
    return await fn((method, input) => host.dispatch(method, input, call), false);
  } finally {
    host.close();
  }
}

function fail(error: unknown): number {
  process.stderr.write(`${JSON.stringify(error)}\n`);
  return 2;
}

const TERMINAL_RUN_STATES = new Set(['completed', 'failed', 'cancelled', 'interrupted']);

/**
 * A capacity run started from the command line is waited for (a script wants its result, and
 * the run lives in the process that holds the lab): progress on stderr when it is a terminal,
 * then the finished run.
 */
async function waitForRuns(send: Send, ids: string[]): Promise<Reply<unknown>[]> {
  const out: Reply<unknown>[] = [];
  for (const id of ids) {
    for (;;) {
      const r = await send('capacity-run-get', { id, waitMs: 1000 });
      if (!r.ok) {
        out.push(r);
        break;
      }
      const run = r.result as { state: string; progress: number; name: string };
      if (process.stderr.isTTY) process.stderr.write(`\r${run.name}: ${run.state} ${Math.round(run.progress * 100)} %   `);
      if (TERMINAL_RUN_STATES.has(run.state)) {
        if (process.stderr.isTTY) process.stderr.write('\n');
        out.push(r);
        break;
      }
    }
  }
  return out;
}

async function call(p: Parsed): Promise<number> {
  const [, method, json] = p.positional;
  if (!method) throw new UsageError('call needs a METHOD (see `vdi-console api`)');
  if (p.positional.length > 3) throw new UsageError(`call takes one JSON input: "${p.positional.slice(3).join(' ')}" is one too many (quote the JSON)`);
  let input: unknown = {};
  const text = json === '-' ? readFileSync(0, 'utf8') : json;
  if (text !== undefined && text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch (err) {
      return fail({ code: 'bad-request', message: `Input is not valid JSON: ${(err as Error).message}` });
    }
  }
  return withLab(p, async (send, remote) => {
    const refused = remote ? null : consoleOnly(method, p.flags.has('no-wait'));
    if (refused) return fail(refused);
    let reply = await send(method, input);
    if (!reply.ok) return fail(reply.error);
    if (method === 'capacity-run-start' && !p.flags.has('no-wait')) {
      const [done] = await waitForRuns(send, [(reply.result as { id: string }).id]);
      if (done) reply = done;
    } else if (method === 'capacity-sweep-start' && !p.flags.has('no-wait')) {
      const started = reply.result as { runs: { id: string }[] };
      const runs = await waitForRuns(
        send,
        started.runs.map((r) => r.id),
      );
      reply = { ok: true, result: { ...started, runs: runs.map((r) => (r.ok ? r.result : r.error)) } };
    }
    if (!reply.ok) return fail(reply.error);
    process.stdout.write(`${JSON.stringify(reply.result, null, 2)}\n`);
    return 0;
  });
}

/** `vdi-console checkpoint export ID FILE` and `checkpoint import FILE [--name NAME]`: a checkpoint file in one command. */
async function checkpoint(p: Parsed): Promise<number> {
  const [, verb, a, b] = p.positional;
  if (verb === 'export') {
    if (!a || !b) throw new UsageError('checkpoint export needs a checkpoint ID and a FILE');
    return withLab(p, async (send) => {
      const parts: Buffer[] = [];
      for (let offset = 0; ;) {
        const r = await send('checkpoint-export-chunk', { id: a, offset });
        if (!r.ok) return fail(r.error);
        const chunk = r.result as { data: string; done: boolean };
        const bytes = Buffer.from(chunk.data, 'base64');
        parts.push(bytes);
        offset += bytes.length;
        if (chunk.done) break;
      }
      try {
        writeFileSync(b, Buffer.concat(parts));
      } catch (err) {
        return fail({ code: 'invalid-input', message: `Cannot write the checkpoint to ${b}: ${(err as Error).message}`, path: ['file'] });
      }
      process.stdout.write(`${JSON.stringify({ id: a, file: resolve(b), sizeBytes: parts.reduce((n, x) => n + x.length, 0) }, null, 2)}\n`);
      return 0;
    });
  }
  if (verb === 'import') {
    if (!a) throw new UsageError('checkpoint import needs a FILE');
    let bytes: Buffer;
    try {
      bytes = readFileSync(a);
    } catch (err) {
      return fail({ code: 'not-found', message: `Cannot read ${a}: ${(err as Error).message}`, path: ['file'] });
    }
    const { checkpointNameFor, importCheckpointBytes } = await import('./checkpoint-file.ts');
    const name = flagString(p, 'name') ?? checkpointNameFor(a);
    return withLab(p, async (send) => {
      const done = await importCheckpointBytes(send, bytes, name);
      if (!done.ok) return fail(done.error);
      process.stdout.write(`${JSON.stringify(done.result, null, 2)}\n`);
      return 0;
    });
  }
  throw new UsageError('checkpoint takes export ID FILE or import FILE [--name NAME]');
}

async function api(p: Parsed): Promise<number> {
  const list = await apiDescription();
  if (p.flags.has('json')) {
    process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
    return 0;
  }
  const width = Math.max(...list.map((m) => m.method.length));
  for (const m of list) {
    const schema = m.input as { properties?: Record<string, unknown>; required?: string[] };
    const fields = Object.keys(schema.properties ?? {})
      .map((k) => ((schema.required ?? []).includes(k) ? k : `${k}?`))
      .join(', ');
    const inputText = fields ? `{ ${fields} }` : '(no input)';
    process.stdout.write(`${m.method.padEnd(width)}  ${m.mutates ? 'write' : 'read '}  ${m.description}\n${' '.repeat(width + 9)}${inputText}\n`);
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const p = parseArgs(argv);
  const command = p.positional[0];
  try {
    if (!command || p.flags.has('help') || command === 'help') {
      process.stdout.write(await usage());
      return command || p.flags.has('help') ? 0 : 2;
    }
    if (command === 'serve') {
      await serve(p);
      return -1; // keeps running
    }
    if (command === 'api') return await api(p);
    if (command === 'call') return await call(p);
    if (command === 'checkpoint') return await checkpoint(p);
    if (command === 'audit') return await (await import('./audit-cli.ts')).auditCommand(p.positional[1], (fn) => withLab(p, fn));
    if (command === 'replay') {
      const o = await labOptions(p);
      return await (await import('./replay-cli.ts')).replayCommand({ dataDir: o.dataDir, to: flagString(p, 'to'), out: flagString(p, 'out') });
    }
    if (command === 'token') return await (await import('./http/token-cli.ts')).tokenCommand(argv.slice(argv.indexOf('token') + 1));
    if (command === 'scenario') return await (await import('./scenario-cli.ts')).scenarioCommand(argv.slice(argv.indexOf('scenario') + 1));
    if (command === 'capacity') return await (await import('./capacity-cli.ts')).capacityCommand(argv.slice(argv.indexOf('capacity') + 1));
    if (command === 'calibrate') return await (await import('./calibrate-cli.ts')).calibrateCommand(argv.slice(argv.indexOf('calibrate') + 1));
    if (command === 'boot-storm') return (await import('./boot-storm-cli.ts')).bootStormCommand(argv.slice(argv.indexOf('boot-storm') + 1));
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vdi-console: ${err.message}\n\n${await usage()}`);
      return 2;
    }
    if (err instanceof LabError) {
      process.stderr.write(`${JSON.stringify(err.toApiError())}\n`);
      return 2;
    }
    throw err;
  }
}
