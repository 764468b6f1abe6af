// The shared part of the scripts that regenerate a built-in scenario's starting lab
// (scripts/make-scenario-checkpoint.mts, scripts/make-drs-checkpoint.mts): a host on a fresh lab in
// a temporary folder, the scenario's own setup through the dispatcher, then checkpoint-save, the
// file read back through the API's export (what a user's export writes, chunk by chunk, so the file
// is a checkpoint as the console writes one: the lab with its engine state, its action log from the
// seed, no admin account), written to resources/scenarios/checkpoints/<name>.vdilab, and its
// SHA-256 recorded in resources/scenarios/<name>.json (lab.sha256: a changed file is refused,
// app/scenarios/checkpoint-source.ts).
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openHost } from '../../src-main/host/host.ts';

/** One call through the host's dispatcher; a refusal stops the script with its code and message. */
export type Call = <T>(method: string, input: unknown) => Promise<T>;

export interface ScenarioCheckpointSpec {
  /** The scenario's name: its JSON file and its checkpoint file are named after it. */
  name: string;
  /** The lab the scenario starts from before its setup (the built-in ones: the small lab, seed 1). */
  lab?: { profile: NonNullable<Parameters<typeof openHost>[0]['lab']>; seed: number };
  /** The scenario's own story: clock steps and admin actions that make its starting state. */
  setup(call: Call): Promise<void>;
  /** What to print after the file is written, besides its path and size. */
  report?(call: Call): Promise<string>;
}

const SCENARIOS = join(import.meta.dirname, '..', '..', 'resources', 'scenarios');
/** The wall clock the lab author's actions are stamped with (the audit trail and the action log). */
const AUTHOR_WALL_CLOCK = '2026-11-23T06:00:00Z';

export async function makeScenarioCheckpoint(spec: ScenarioCheckpointSpec): Promise<void> {
  const out = join(SCENARIOS, 'checkpoints', `${spec.name}.vdilab`);
  const scenarioFile = join(SCENARIOS, `${spec.name}.json`);
  const dir = mkdtempSync(join(tmpdir(), 'vdi-scn-ckpt-'));
  const { profile, seed } = spec.lab ?? { profile: 'small' as const, seed: 1 };
  const host = openHost({ dataDir: dir, lab: profile, seed, user: 'LOCAL\\lab-author', wallClock: () => new Date(AUTHOR_WALL_CLOCK) });
  const call: Call = async <T,>(method: string, input: unknown): Promise<T> => {
    const r = await host.dispatch(method, input);
    if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
    return r.result as T;
  };
  try {
    await spec.setup(call);
    const cp = await call<{ id: string }>('checkpoint-save', { name: spec.name, notes: `Scenario ${spec.name}` });
    const parts: Buffer[] = [];
    for (let offset = 0; ;) {
      const c = await call<{ data: string; done: boolean }>('checkpoint-export-chunk', { id: cp.id, offset });
      const b = Buffer.from(c.data, 'base64');
      parts.push(b);
      offset += b.length;
      if (c.done) break;
    }
    const bytes = Buffer.concat(parts);
    writeFileSync(out, bytes);
    const scenario = JSON.parse(readFileSync(scenarioFile, 'utf8')) as { lab: Record<string, unknown> };
    scenario.lab = { checkpointFile: `checkpoints/${spec.name}.vdilab`, sha256: createHash('sha256').update(bytes).digest('hex'), warmupSec: 0 };
    writeFileSync(scenarioFile, `${JSON.stringify(scenario, null, 2)}\n`);
    const extra = spec.report ? `; ${await spec.report(call)}` : '';
    console.log(`${out}: ${statSync(out).size} bytes${extra}`);
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
