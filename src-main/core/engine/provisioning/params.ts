/**
 * Provisioning and the pools' power rules, as Horizon runs them.
 *
 * A new machine walks PROVISIONING (clone or copy) → CUSTOMIZING (ClonePrep,
 * QuickPrep or Sysprep, then the agent reports in) → AVAILABLE, or
 * PROVISIONING_ERROR when its datastore cannot hold it. Durations and I/O by
 * clone type; each pool provisions a limited number at once.
 *
 * | clone type | clone / copy                 | customize | copy IOPS | concurrent |
 * |------------|------------------------------|-----------|-----------|------------|
 * | instant    | 4 s (fork of a running VM)   | 16 s      | 40        | 20         |
 * | linked     | 45 s (delta disk)            | 75 s      | 120       | 10         |
 * | full       | used GB / 0.25 GB/s (a copy) | 240 s     | 400       | 8          |
 */
export const PROVISIONING = {
  'instant-clone': { cloneSec: () => 4, customizeSec: 16, cloneIops: 40, concurrency: 20 },
  'linked-clone': { cloneSec: () => 45, customizeSec: 75, cloneIops: 120, concurrency: 10 },
  'full-clone': { cloneSec: (gb: number) => Math.max(30, gb / 0.25), customizeSec: 240, cloneIops: 400, concurrency: 8 },
  manual: { cloneSec: () => 0, customizeSec: 0, cloneIops: 0, concurrency: 0 },
} as const;
export const CUSTOMIZE_IOPS = 30;
export const CUSTOMIZE_MHZ = 900;
export const CLONE_MHZ = 100;
/** The spare / power-policy rules are evaluated once per simulated minute. */
export const POLICY_SECONDS = 60;
/** A powered-off machine boots in 25 s, a suspended one resumes in 6 s, at the boot-storm load (2–3× steady). */
export const POWER_ON = { bootSec: 25, resumeSec: 6, iops: 25, mhz: 900 };
