import { createHash } from 'node:crypto';
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { LabError } from '../../contract/errors.ts';
import { checkpointPath } from '../../contract/scenario-schema.ts';
import { CHECKPOINT_MAX_BYTES } from '../../contract/snapshot-methods.ts';

/**
 * Where a scenario's `lab.checkpointFile` is read from (issue 17, part 2: a scenario that starts
 * from a checkpoint file). Built-in scenarios and scenarios sent through the API resolve it under
 * resources/scenarios/ and nowhere else; `vdi-console scenario check|run FILE` next to FILE. The
 * path is checked twice: by the schema (relative, no `..`) and here, once resolved, against the
 * folder (links followed: a symbolic link cannot lead out of it).
 */

/** resources/scenarios/ of the source tree or of a build (out/cli, out/main): the first ancestor folder that has it. */
export function builtInScenarioDir(): string {
  let d = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const c = join(d, 'resources', 'scenarios');
    if (existsSync(c)) return c;
    d = dirname(d);
  }
  throw new LabError('internal', 'The built-in scenarios folder (resources/scenarios) is missing from this installation');
}

/** The SHA-256 (hex) of a file. */
export function fileSha256(file: string): string {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

/**
 * The checkpoint file's absolute path inside `baseDir`, or a structured refusal (the path as the
 * scenario gives it). With `sha256`, the file must be the one the author shipped (its digest).
 */
export function resolveCheckpointFile(rel: string, baseDir: string, sha256?: string): string {
  const where = ['scenario', 'lab', 'checkpointFile'];
  const parsed = checkpointPath.safeParse(rel);
  if (!parsed.success) throw new LabError('invalid-input', `lab.checkpointFile: ${parsed.error.issues[0]?.message}`, where);
  const base = existsSync(baseDir) ? realpathSync(baseDir) : resolve(baseDir);
  const named = resolve(base, rel);
  if (!existsSync(named) || !statSync(named).isFile())
    throw new LabError('not-found', `lab.checkpointFile: no checkpoint file "${rel}" in the scenario's folder`, where);
  // Links followed: the file itself must be inside the folder.
  const file = realpathSync(named);
  const inside = relative(base, file);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside) || !file.startsWith(base + sep))
    throw new LabError('invalid-input', `lab.checkpointFile: "${rel}" is outside the scenario's folder`, where);
  if (statSync(file).size > CHECKPOINT_MAX_BYTES)
    throw new LabError('invalid-input', `lab.checkpointFile: "${rel}" is larger than a checkpoint may be (${CHECKPOINT_MAX_BYTES} bytes)`, where);
  if (sha256 !== undefined) {
    const got = fileSha256(file);
    if (got !== sha256)
      throw new LabError(
        'store-corrupt',
        `lab.checkpointFile: "${rel}" is not the file the scenario was written for (its SHA-256 is ${got.slice(0, 12)}…, the scenario's lab.sha256 ${sha256.slice(0, 12)}…): it was changed or damaged`,
        where,
      );
  }
  return file;
}
