import { defineConfig } from 'vitest/config';

// Two tiers run by vitest: unit (pure core and helpers) and contract (the real host,
// in-process, through the real dispatcher, on a temporary SQLite file).
// Both are CPU-bound; the machine has 2 cores, so keep to 2 forks. Contract tests that start a
// `serve` or CLI process allow for a slow start on a loaded machine (no wall-clock assertions).
export default defineConfig({
  test: {
    environment: 'node',
    // Cheaper password hashes in tests (store/accounts.ts scryptCost: 2^14 instead of OWASP's 2^17; the hash names its N).
    env: { VDI_CONSOLE_SCRYPT_N: String(2 ** 14) },
    pool: 'forks',
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], testTimeout: 30_000 } },
      { extends: true, test: { name: 'contract', include: ['test/contract/**/*.test.ts'], testTimeout: 180_000, hookTimeout: 180_000 } },
    ],
  },
});
