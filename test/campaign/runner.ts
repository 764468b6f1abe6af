import { readFileSync } from 'node:fs';
import { Prng } from '../../src-main/core/prng.ts';

// The small runner the three reliability campaigns share (issue 20): a seed, a tally of what was
// tried and what survived by category, figures, and failures that name the seed and the step to
// reproduce. A campaign is deterministic given its seed up to what the operating system decides
// (when a SIGKILL lands, how far a running clock got): its choices come from one seeded Prng.

export type CampaignName = 'fuzz' | 'sigkill' | 'soak';
export const CAMPAIGNS: readonly CampaignName[] = ['fuzz', 'sigkill', 'soak'];

export interface CampaignOptions {
  seed: number;
  /** Full length (on demand) instead of the short form CI runs. */
  full: boolean;
  /** Stop after this step (to reproduce a failure quickly: `--until STEP`). */
  until?: number;
  /** A readable progress line (stderr in the command-line runner). */
  log?: (line: string) => void;
}

export interface Tally {
  tried: number;
  survived: number;
}

export interface Failure {
  step: number;
  category: string;
  what: string;
  /** The command that runs the campaign again up to this step. */
  repro: string;
}

export interface CampaignResult {
  campaign: CampaignName;
  seed: number;
  full: boolean;
  ok: boolean;
  steps: number;
  categories: Record<string, Tally>;
  /** Counts of the replies seen, by code (`ok`, `invalid-input`, `not-found`…): what the product answered. */
  replies: Record<string, number>;
  figures: Record<string, number | string>;
  failures: Failure[];
  /** Checks that fail because of a known product bug outside this campaign's scope (listed, not counted as failures). */
  knownFailing: Failure[];
  cpuSeconds: { self: number; children: number };
  wallSeconds: number;
}

/** CPU seconds of this process and of the child processes it has waited for (Linux /proc; elsewhere the children read 0). */
export function cpuNow(): { self: number; children: number } {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
    // Fields 14-17 of stat (utime, stime, cutime, cstime), in clock ticks (100 per second on Linux).
    const tick = (i: number) => Number(fields[i - 3]) / 100;
    return { self: tick(14) + tick(15), children: tick(16) + tick(17) };
  } catch {
    const u = process.cpuUsage();
    return { self: (u.user + u.system) / 1e6, children: 0 };
  }
}

/** Stops a campaign (the state is broken: going on would only report echoes of the first failure). */
export class CampaignStop extends Error {}

/** The state of one campaign run, handed to the campaign's body. */
export class Run {
  readonly rng: Prng;
  step = 0;
  private readonly categories: Record<string, Tally> = {};
  private readonly replies: Record<string, number> = {};
  private readonly figures: Record<string, number | string> = {};
  private readonly failures: Failure[] = [];
  private readonly known: Failure[] = [];
  private readonly seen = new Set<string>();
  /** The last steps' labels: a failure lists them (what led there). */
  private readonly trail: string[] = [];
  private readonly cpu0 = cpuNow();
  private readonly wall0 = Date.now();

  constructor(
    readonly campaign: CampaignName,
    readonly opts: CampaignOptions,
  ) {
    this.rng = new Prng(opts.seed);
  }

  /** Failures recorded so far (a step survived when it added none). */
  get failureCount(): number {
    return this.failures.length;
  }

  get full(): boolean {
    return this.opts.full;
  }

  log(line: string): void {
    this.opts.log?.(`[${this.campaign} seed ${this.opts.seed}] ${line}`);
  }

  /** The campaign should stop before this step (`--until`). */
  done(step: number): boolean {
    return this.opts.until !== undefined && step > this.opts.until;
  }

  /** Notes what the current step does, for the trail a failure prints. */
  note(label: string): void {
    this.trail.push(`${this.step}: ${label.slice(0, 160)}`);
    if (this.trail.length > 8) this.trail.shift();
  }

  tried(category: string): void {
    (this.categories[category] ??= { tried: 0, survived: 0 }).tried++;
  }

  survived(category: string): void {
    (this.categories[category] ??= { tried: 0, survived: 0 }).survived++;
  }

  reply(code: string): void {
    this.replies[code] = (this.replies[code] ?? 0) + 1;
  }

  figure(name: string, value: number | string): void {
    this.figures[name] = value;
  }

  repro(step = this.step): string {
    return `npm run campaign -- ${this.campaign}${this.full ? ' --full' : ''} --seed ${this.opts.seed} --until ${step}`;
  }

  /**
   * Records a failure at the current step. The same failure (same category and text once digits are
   * masked) is recorded once. `stop` ends the campaign (the lab is broken: what follows is noise).
   */
  fail(category: string, what: string, opts: { stop?: boolean; known?: boolean } = {}): void {
    const key = `${category}|${what.replace(/\d+/g, '#').slice(0, 200)}`;
    const trail = this.trail.length ? `\n  the last steps:\n    ${this.trail.join('\n    ')}` : '';
    const f: Failure = { step: this.step, category, what: `${what.slice(0, 2000)}${trail}`, repro: this.repro() };
    if (!this.seen.has(key)) {
      this.seen.add(key);
      (opts.known ? this.known : this.failures).push(f);
      this.log(`${opts.known ? 'KNOWN-FAILING' : 'FAILURE'} at step ${this.step} (${category}): ${f.what}\n  reproduce: ${f.repro}`);
    }
    if (opts.stop || this.failures.length >= 20) throw new CampaignStop(what);
  }

  result(): CampaignResult {
    const cpu = cpuNow();
    return {
      campaign: this.campaign,
      seed: this.opts.seed,
      full: this.full,
      ok: this.failures.length === 0,
      steps: this.step,
      categories: this.categories,
      replies: this.replies,
      figures: this.figures,
      failures: this.failures,
      knownFailing: this.known,
      cpuSeconds: { self: round(cpu.self - this.cpu0.self), children: round(cpu.children - this.cpu0.children) },
      wallSeconds: round((Date.now() - this.wall0) / 1000),
    };
  }
}

export const round = (n: number, digits = 2): number => Math.round(n * 10 ** digits) / 10 ** digits;

/** A readable line for a campaign's result. */
export function summaryLine(r: CampaignResult): string {
  const cats = Object.entries(r.categories)
    .map(([k, t]) => `${k} ${t.survived}/${t.tried}`)
    .join(', ');
  const figs = Object.entries(r.figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  const known = r.knownFailing.length ? `, ${r.knownFailing.length} known-failing` : '';
  return `${r.ok ? 'PASS' : 'FAIL'} ${r.campaign} seed ${r.seed}${r.full ? ' (full)' : ' (short)'}: ${r.steps} steps; survived/tried: ${cats}; ${figs}; ${r.failures.length} failure(s)${known}; CPU ${r.cpuSeconds.self} s + children ${r.cpuSeconds.children} s, wall ${r.wallSeconds} s`;
}

/** Runs a campaign body; a thrown error (other than a stop) is a failure of the campaign itself, at the step it reached. */
export async function runCampaign(name: CampaignName, opts: CampaignOptions, body: (run: Run) => Promise<void>): Promise<CampaignResult> {
  const run = new Run(name, opts);
  run.log(`starting (${opts.full ? 'full' : 'short'}); reproduce with: npm run campaign -- ${name}${opts.full ? ' --full' : ''} --seed ${opts.seed}`);
  try {
    await body(run);
  } catch (err) {
    if (!(err instanceof CampaignStop)) {
      try {
        run.fail('campaign', `the campaign itself threw: ${(err as Error).stack ?? String(err)}`);
      } catch {
        // the failure is recorded; stopping is what we do anyway
      }
    }
  }
  const r = run.result();
  run.log(summaryLine(r));
  return r;
}
