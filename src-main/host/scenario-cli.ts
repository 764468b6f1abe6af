import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

// `vdi-console scenario check FILE` and `vdi-console scenario run FILE --actions ACTIONS.json [--json]`:
// instructors test their scenarios in CI. `run` plays on a lab of its own in a temporary folder.

export const SCENARIO_USAGE = `  vdi-console scenario check FILE.json [--json]
      Validate a training scenario file (format, and every pool, host, datastore and method it names;
      a lab.checkpointFile next to FILE is opened and checked like a restore); exit 1 with each problem and its path when it is not valid. Examples: resources/scenarios/.
  vdi-console scenario run FILE.json --actions ACTIONS.json [--json]
      Play the scenario headless on a lab of its own with a scripted solution ([{atSec, method, input}],
      examples: resources/scenarios/solutions/) and print the score by rubric line; exit 1 below full marks.
`;

function readJson(file: string, what: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new Error(`cannot read the ${what} ${file}: ${(err as Error).message}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new Error(`the ${what} ${file} is not JSON: ${(err as Error).message}`);
  }
}

export async function scenarioCommand(argv: string[]): Promise<number> {
  const [sub, file] = argv;
  const json = argv.includes('--json');
  const ai = argv.indexOf('--actions');
  const actionsFile = ai >= 0 ? argv[ai + 1] : undefined;
  if ((sub !== 'check' && sub !== 'run') || !file || file.startsWith('--') || (sub === 'run' && !actionsFile)) {
    process.stderr.write(`vdi-console: usage:\n${SCENARIO_USAGE}`);
    return 2;
  }
  let raw: unknown;
  let script: unknown;
  try {
    raw = readJson(file, 'scenario file');
    if (actionsFile) script = readJson(actionsFile, 'actions file');
  } catch (err) {
    process.stderr.write(`vdi-console: ${(err as Error).message}\n`);
    return 2;
  }
  // A scenario that starts from a checkpoint file finds it next to FILE (and nowhere outside that folder).
  const scenarioDir = dirname(resolve(file));
  const { checkScenarioFile } = await import('../app/scenarios/check.ts');
  const checked = checkScenarioFile(raw, scenarioDir);
  if (sub === 'check' || !checked.valid) {
    if (json) process.stdout.write(`${JSON.stringify({ valid: checked.valid, errors: checked.errors }, null, 2)}\n`);
    else if (checked.valid) process.stdout.write(`${file}: valid ("${checked.scenario?.title}", ${checked.scenario?.objectives.length} objectives)\n`);
    else process.stderr.write(`${file}: not valid\n${checked.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
    return checked.valid ? 0 : 1;
  }
  const [{ openHost }, { runScenarioScript, SCRIPT_SCHEMA }] = await Promise.all([import('./host.ts'), import('./scenario-run.ts')]);
  const parsedScript = SCRIPT_SCHEMA.safeParse(script);
  if (!parsedScript.success) {
    const i = parsedScript.error.issues[0];
    process.stderr.write(`vdi-console: the actions file is not valid: ${i?.path.join('.')}: ${i?.message}\n`);
    return 2;
  }
  const dir = mkdtempSync(join(tmpdir(), 'vdi-scenario-'));
  const sc = checked.scenario as NonNullable<typeof checked.scenario>;
  const host = openHost({ dataDir: dir, lab: 'profile' in sc.lab ? sc.lab.profile : 'small', seed: 'profile' in sc.lab ? sc.lab.seed : 1, scenarioDir });
  try {
    const r = await runScenarioScript(host, { file: raw }, parsedScript.data);
    const score = r.status.score;
    if (json)
      process.stdout.write(
        `${JSON.stringify({ scenario: sc.id, finishReason: r.status.finishReason, score, actions: r.actions, timeline: r.timeline }, null, 2)}\n`,
      );
    else {
      process.stdout.write(`${sc.title}: ${score?.total} / ${score?.max} (${r.status.finishReason})\n`);
      for (const l of score?.lines ?? []) process.stdout.write(`  ${String(l.points).padStart(3)} / ${String(l.max).padEnd(3)} ${l.label}: ${l.detail}\n`);
      for (const a of r.actions.filter((x) => !x.ok)) process.stdout.write(`  refused at +${a.atSec} s: ${a.method}: ${a.error}\n`);
    }
    return score && score.total === score.max ? 0 : 1;
  } finally {
    host.close();
    rmSync(dir, { recursive: true, force: true });
  }
}
