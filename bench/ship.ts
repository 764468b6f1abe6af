// `npm run bench -- cli renderer serve-start`: the shipped product's start-up figures (issue 18).
//   cli          whole-process `vdi-console api` and `vdi-console capacity` (400 sessions, 48 min),
//                and an invalid definition: median of 3 after one warm-up run.
//   renderer     the JavaScript the first page (dashboard) needs, gzip: the entry, its imports, the page's chunk.
//   serve-start  `serve --lab scale-10k` from launch to its ready line on an existing lab (median of 3).
// Wall times on a shared 2-core machine move with its load: each line carries the load average.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { gzipSync } from 'node:zlib';

const ROOT = resolve(import.meta.dirname, '..');
const CLI = join(ROOT, 'bin', 'vdi-console.mjs');
const round = (n: number) => Math.round(n * 10) / 10;
const load = () => round(loadavg()[0] ?? 0);

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] ?? 0;
}

const CPU_FILE = join(tmpdir(), `vdi-bench-cpu-${process.pid}`);

/** Wall ms of one whole `vdi-console` process (start → exit), its CPU ms (all threads), and its exit code. */
function timeCli(args: string[]): { ms: number; cpuMs: number; code: number | null } {
  const t = performance.now();
  const r = spawnSync(process.execPath, ['--import', join(ROOT, 'bench', 'cpu-at-exit.mjs'), CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, VDI_BENCH_CPU_FILE: CPU_FILE },
  });
  const ms = performance.now() - t;
  let cpuMs = NaN;
  try {
    cpuMs = Number(readFileSync(CPU_FILE, 'utf8'));
    rmSync(CPU_FILE);
  } catch {
    // the process died before its exit handler
  }
  return { ms, cpuMs, code: r.status };
}

function cliCase(name: string, args: string[], targetMs: number | null, expectCode = 0): Record<string, unknown> {
  const warm = timeCli(args); // builds out/cli if stale, fills the OS file cache
  if (warm.code !== expectCode) throw new Error(`vdi-console ${args.join(' ')} exited ${warm.code}, expected ${expectCode}`);
  const timed = [timeCli(args), timeCli(args), timeCli(args)];
  const runs = timed.map((r) => r.ms);
  const ms = median(runs);
  return {
    case: 'cli',
    command: name,
    wholeProcessMs: Math.round(ms),
    runsMs: runs.map(Math.round),
    // CPU of the whole process (every thread): what the wall time would be on an idle core.
    cpuMs: Math.round(median(timed.map((r) => r.cpuMs))),
    ...(targetMs === null ? {} : { targetMs, ok: ms <= targetMs }),
    load1: load(),
  };
}

export function cliBench(): Record<string, unknown>[] {
  const dir = mkdtempSync(join(tmpdir(), 'vdi-bench-cli-'));
  const invalid = join(dir, 'invalid.json');
  writeFileSync(invalid, JSON.stringify({ name: 'bad', hosts: { count: -1 } }));
  try {
    return [
      cliCase('api', ['api'], 300),
      cliCase('capacity 400 sessions / 48 min --json', ['capacity', join(ROOT, 'resources', 'capacity', 'knowledge-2x24.json'), '--json'], 1500),
      cliCase('capacity invalid definition', ['capacity', invalid, '--json'], null, 2),
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  css?: string[];
}

/**
 * The JavaScript the first page (the dashboard) needs before it can render: the entry, its static
 * imports (index.html preloads them), and the dashboard's lazy chunk with its own static imports,
 * read from Vite's manifest. Before pages were lazy (no manifest) it is index.html's scripts.
 */
export function rendererBench(): Record<string, unknown>[] {
  const dir = join(ROOT, 'out', 'renderer');
  const manifestFile = join(dir, '.vite', 'manifest.json');
  const js = new Set<string>();
  const css = new Set<string>();
  if (existsSync(manifestFile)) {
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8')) as Record<string, ManifestChunk>;
    const visit = (key: string) => {
      const c = manifest[key];
      if (!c || js.has(c.file)) return;
      js.add(c.file);
      for (const f of c.css ?? []) css.add(f);
      for (const i of c.imports ?? []) visit(i);
    };
    visit('index.html');
    visit('features/dashboard/index.ts');
  } else {
    const html = readFileSync(join(dir, 'index.html'), 'utf8');
    const refs = (re: RegExp) => [...html.matchAll(re)].map((m) => (m[1] as string).replace(/^\.\//, ''));
    for (const f of [...refs(/<script[^>]+src="([^"]+)"/g), ...refs(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)]) js.add(f);
    for (const f of refs(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)) css.add(f);
  }
  const size = (files: Iterable<string>) => {
    let raw = 0;
    let gz = 0;
    for (const f of files) {
      const b = readFileSync(join(dir, f));
      raw += b.length;
      gz += gzipSync(b, { level: 9 }).length;
    }
    return { raw, gz };
  };
  const j = size(js);
  const c = size(css);
  const all = readdirSync(join(dir, 'assets')).filter((f) => f.endsWith('.js'));
  return [
    {
      case: 'renderer',
      firstPageJsFiles: js.size,
      firstPageJsKb: Math.round(j.raw / 1024),
      firstPageJsGzipKb: Math.round(j.gz / 1024),
      firstPageCssGzipKb: Math.round(c.gz / 1024),
      allJsFiles: all.length,
      allJsGzipKb: Math.round(size(all.map((f) => `assets/${f}`)).gz / 1024),
      targetGzipKb: 450,
      ok: j.gz / 1024 <= 450,
    },
  ];
}

/** Launch → "VDI console ready" line of `serve` on `dataDir`; resolves after the process has exited. */
async function serveToReady(dataDir: string): Promise<number> {
  const t = performance.now();
  const child = spawn(process.execPath, [CLI, 'serve', '--data', dataDir, '--lab', 'scale-10k', '--seed', '1', '--port', '0'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const lines = createInterface({ input: child.stdout });
  const ms = await new Promise<number>((ok, fail) => {
    lines.once('line', (line) => (line.startsWith('VDI console ready:') ? ok(performance.now() - t) : fail(new Error(`serve printed ${line}\n${err}`))));
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}\n${err}`)));
  });
  await new Promise<void>((ok) => {
    child.once('exit', () => ok());
    child.kill('SIGTERM');
  });
  return ms;
}

export async function serveStartBench(): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'vdi-bench-serve-'));
  try {
    const firstMs = await serveToReady(dir); // generates and writes the lab
    await serveToReady(dir); // warm-up on the existing lab
    const runs = [await serveToReady(dir), await serveToReady(dir), await serveToReady(dir)];
    const ms = median(runs);
    return [
      {
        case: 'serve-start',
        lab: 'scale-10k',
        newLabMs: Math.round(firstMs),
        existingLabMs: Math.round(ms),
        runsMs: runs.map(Math.round),
        targetMs: 3000,
        ok: ms <= 3000,
        load1: load(),
      },
    ];
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
