import { z } from 'zod';
import type { Reply } from '../contract/errors.ts';
import type { DebriefEntry, ScenarioStatus } from '../contract/scenario-methods.ts';

/**
 * Plays a scenario headless with a scripted solution (issue 17, part 5): `vdi-console scenario run`
 * and the contract tests use it. The script is a list of admin actions at simulated offsets from
 * the scenario's start; each goes through the real dispatcher, as a trainee's click would.
 * Placeholders in an input: "$sessions" (the ids of the sessions running then, up to 500) and
 * "$disconnected" (the disconnected ones).
 */
export const SCRIPT_SCHEMA = z
  .array(
    z.strictObject({
      atSec: z
        .number()
        .min(0)
        .max(7 * 86400),
      method: z.string().min(1).max(64),
      input: z.record(z.string(), z.unknown()).default({}),
    }),
  )
  .max(1000);
export type ScriptAction = z.input<typeof SCRIPT_SCHEMA>[number];

export interface Dispatch {
  dispatch(method: string, input: unknown): Promise<Reply<unknown>>;
}

export interface ScriptResult {
  status: ScenarioStatus;
  timeline: DebriefEntry[];
  /** Actions of the script, each with its outcome (a refused action is part of the attempt, not an error of the run). */
  actions: { atSec: number; method: string; ok: boolean; error?: string }[];
}

async function must<T>(d: Dispatch, method: string, input: unknown): Promise<T> {
  const r = await d.dispatch(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result as T;
}

async function resolvePlaceholders(d: Dispatch, input: Record<string, unknown>): Promise<Record<string, unknown>> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(input)) {
    if (v === '$sessions' || v === '$disconnected') {
      const rows = await must<{ id: string; state: string }[]>(d, 'session-list', {});
      out[k] = rows
        .filter((s) => (v === '$disconnected' ? s.state === 'disconnected' : s.state !== 'disconnected'))
        .slice(0, 500)
        .map((s) => s.id);
    } else out[k] = v;
  }
  return out;
}

/** Starts the scenario (a new lab), plays the script, runs the clock until it ends, and returns the debrief. */
export async function runScenarioScript(d: Dispatch, scenario: { id: string } | { file: unknown }, script: ScriptAction[]): Promise<ScriptResult> {
  const actions = SCRIPT_SCHEMA.parse(script).sort((a, b) => a.atSec - b.atSec);
  await must(d, 'scenario-start', { ...('id' in scenario ? { id: scenario.id } : { scenario: scenario.file }), confirm: true, paused: true });
  const start = await must<ScenarioStatus>(d, 'scenario-status', {});
  const t0 = Date.parse(start.startedAt as string) / 1000;
  const limit = start.scenario?.timeLimitSec ?? 0;
  const now = async () => Date.parse((await must<{ simTime: string }>(d, 'clock-get', {})).simTime) / 1000;
  const done: ScriptResult['actions'] = [];
  for (const a of actions) {
    const st = await must<ScenarioStatus>(d, 'scenario-status', {});
    if (!st.running) break;
    const wait = Math.round(t0 + a.atSec - (await now()));
    if (wait > 0) await must(d, 'clock-step', { seconds: wait });
    const r = await d.dispatch(a.method, await resolvePlaceholders(d, a.input ?? {}));
    done.push({ atSec: a.atSec, method: a.method, ok: r.ok, ...(r.ok ? {} : { error: `${r.error.code}: ${r.error.message}` }) });
  }
  // Run on until the judge ends it (objectives met or the time limit), a simulated 5 minutes at a time.
  for (let guard = 0; guard < 2000; guard++) {
    const st = await must<ScenarioStatus>(d, 'scenario-status', {});
    if (!st.running) break;
    const left = Math.max(60, Math.ceil(t0 + limit - (await now())) + 60);
    await must(d, 'clock-step', { seconds: Math.min(300, left) });
  }
  const debrief = await must<{ status: ScenarioStatus; timeline: DebriefEntry[] }>(d, 'scenario-debrief', {});
  return { status: debrief.status, timeline: debrief.timeline, actions: done };
}
