import type { AuditVerification } from '../contract/admin-entities.ts';
import { LabError, type Reply } from '../contract/errors.ts';

type Send = (method: string, input: unknown) => Promise<Reply<unknown>>;

/**
 * `vdi-console audit verify`: the audit trail's hash chain checked through the contract
 * (`audit-verify`), by the console that has the lab open or in this process. Exit 0 when the chain
 * holds, 1 with the first broken row, 2 on an error.
 */
export async function auditCommand(verb: string | undefined, withLab: <T>(fn: (send: Send) => Promise<T>) => Promise<T>): Promise<number> {
  if (verb !== 'verify') throw new LabError('invalid-input', 'audit needs a verb: vdi-console audit verify [--data DIR]');
  return withLab(async (send) => {
    const r = await send('audit-verify', {});
    if (!r.ok) {
      process.stderr.write(`${JSON.stringify(r.error)}\n`);
      return 2;
    }
    const v = r.result as AuditVerification;
    process.stdout.write(`${JSON.stringify(v, null, 2)}\n`);
    if (!v.ok && v.firstBroken) process.stderr.write(`Audit trail broken at row ${v.firstBroken.seq}: ${v.firstBroken.reason}\n`);
    return v.ok ? 0 : 1;
  });
}
