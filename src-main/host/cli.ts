import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { LAB_PROFILES, type LabProfile } from '../contract/entities.ts';
import { LabError } from '../contract/errors.ts';
import { METHOD_NAMES, methods } from '../contract/methods.ts';
import { DEFAULT_SEED } from '../app/lab-setup.ts';
import { defaultDataDir } from './data-dir.ts';
import { openHost } from './host.ts';
import { startWebServer } from './web-server.ts';
import { CAPACITY_USAGE, capacityCommand } from './capacity-cli.ts';
import { CALIBRATE_USAGE, calibrateCommand } from './calibrate-cli.ts';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const RENDERER_DIR = join(REPO_ROOT, 'out', 'renderer');

const USAGE = `vdi-console: the VDI fleet console's command line

  vdi-console serve [--data DIR] [--port N] [--lab default|small|scale-10k] [--seed S]
      Run the console in your browser: the host and the UI on 127.0.0.1, guarded by a token in the URL.
  vdi-console api [--json]
      List every API method with its input (JSON Schema) and what it does.
  vdi-console call METHOD [JSON|-] [--data DIR]
      Run one method against a lab folder and print its JSON result (exit 2 with the error on failure).
${CAPACITY_USAGE}${CALIBRATE_USAGE}
  --data DIR   the lab folder (default: ${defaultDataDir()}; or $VDI_CONSOLE_DATA)
  --lab P      the built-in lab generated when the folder is empty (default: default)
  --seed S     the generator's seed for a new lab (default: ${DEFAULT_SEED})
`;

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
      else if (['data', 'port', 'lab', 'seed'].includes(k) && next !== undefined) {
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

function labOptions(p: Parsed): { dataDir: string; lab: LabProfile; seed: number } {
  const lab = flagString(p, 'lab') ?? 'default';
  if (!(LAB_PROFILES as readonly string[]).includes(lab)) throw new UsageError(`--lab must be one of ${LAB_PROFILES.join(', ')}`);
  const seedText = flagString(p, 'seed');
  const seed = seedText === undefined ? DEFAULT_SEED : Number(seedText);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 31 - 1) throw new UsageError('--seed must be a whole number from 0 to 2147483647');
  return { dataDir: resolve(flagString(p, 'data') ?? defaultDataDir()), lab: lab as LabProfile, seed };
}

export function apiDescription(): { method: string; description: string; mutates: boolean; input: unknown }[] {
  return METHOD_NAMES.map((name) => ({
    method: name,
    description: methods[name].description,
    mutates: methods[name].mutates,
    input: z.toJSONSchema(methods[name].input as z.ZodType, { io: 'input' }),
  }));
}

async function serve(p: Parsed): Promise<void> {
  const o = labOptions(p);
  const portText = flagString(p, 'port') ?? '7420';
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UsageError('--port must be 0 to 65535 (0 picks a free port)');
  const host = openHost({ ...o, run: true });
  const web = await startWebServer({ host, rendererDir: RENDERER_DIR, port });
  // The first line is the contract with scripts and tests: the URL with its token.
  process.stdout.write(`VDI console ready: ${web.url}\n`);
  process.stdout.write(`Lab folder: ${host.dataDir}${host.created ? ` (new ${o.lab} lab, seed ${o.seed})` : ' (existing lab)'}\n`);
  const stop = () => {
    void web.close().then(() => {
      host.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

async function call(p: Parsed): Promise<number> {
  const [, method, json] = p.positional;
  if (!method) throw new UsageError('call needs a METHOD (see `vdi-console api`)');
  let input: unknown = {};
  const text = json === '-' ? readFileSync(0, 'utf8') : json;
  if (text !== undefined && text.trim() !== '') {
    try {
      input = JSON.parse(text);
    } catch (err) {
      process.stderr.write(`${JSON.stringify({ code: 'bad-request', message: `Input is not valid JSON: ${(err as Error).message}` })}\n`);
      return 2;
    }
  }
  const host = openHost(labOptions(p));
  try {
    const reply = await host.dispatch(method, input);
    if (!reply.ok) {
      process.stderr.write(`${JSON.stringify(reply.error)}\n`);
      return 2;
    }
    process.stdout.write(`${JSON.stringify(reply.result, null, 2)}\n`);
    return 0;
  } finally {
    host.close();
  }
}

function api(p: Parsed): number {
  const list = apiDescription();
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
      process.stdout.write(USAGE);
      return command || p.flags.has('help') ? 0 : 2;
    }
    if (command === 'serve') {
      await serve(p);
      return -1; // keeps running
    }
    if (command === 'api') return api(p);
    if (command === 'call') return await call(p);
    if (command === 'capacity') return await capacityCommand(argv.slice(argv.indexOf('capacity') + 1));
    if (command === 'calibrate') return await calibrateCommand(argv.slice(argv.indexOf('calibrate') + 1));
    throw new UsageError(`unknown command "${command}"`);
  } catch (err) {
    if (err instanceof UsageError) {
      process.stderr.write(`vdi-console: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    if (err instanceof LabError) {
      process.stderr.write(`${JSON.stringify(err.toApiError())}\n`);
      return 2;
    }
    throw err;
  }
}
