import type { LabProfile } from '../contract/entities.ts';
import { generateLab } from '../core/lab/generate.ts';
import type { Db } from '../store/db.ts';
import { clearLab, writeLab } from '../store/lab-writer.ts';
import { hasLab } from '../store/meta.ts';

export const DEFAULT_SEED = 20260105;

/** On first start with an empty data folder, generate the lab; an existing lab is kept as it is. */
export function ensureLab(db: Db, profile: LabProfile, seed: number, wallTime: string): { created: boolean } {
  if (hasLab(db)) return { created: false };
  const lab = generateLab(profile, seed);
  db.transaction(() => writeLab(db, lab, wallTime))();
  return { created: true };
}

/** Replaces the lab in place. Call inside the caller's transaction. */
export function replaceLab(db: Db, profile: LabProfile, seed: number, wallTime: string): void {
  const lab = generateLab(profile, seed);
  clearLab(db);
  writeLab(db, lab, wallTime);
}
