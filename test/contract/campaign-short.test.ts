import { afterAll, describe, expect, it } from 'vitest';
import { stopAll } from '../helpers/crash-writer.ts';
import { runCampaign, summaryLine, type CampaignName, type CampaignResult } from '../campaign/runner.ts';
import { BODIES } from '../campaign/run.ts';

// The reliability campaigns of issue 20 in their short, bounded form (loopback only): fuzz through
// the in-process dispatcher, a real serve's WebSocket and the CLI; SIGKILLs of a serve during write
// bursts, a clock at max and checkpoint save/restore; a soak of simulated days. A fixed seed, so CI
// runs the same requests every time. Full length on demand: `npm run campaign -- all --full`
// (docs/RELIABILITY.md). About 60-90 s of CPU in all on a 2-core machine; no wall-clock assertions.

const SEED = 20261205;

afterAll(() => stopAll());

function report(r: CampaignResult): string {
  return [summaryLine(r), ...r.failures.map((f) => `step ${f.step} (${f.category}): ${f.what}\n  reproduce: ${f.repro}`)].join('\n');
}

describe('reliability campaigns, short form', () => {
  it.each(['fuzz', 'sigkill', 'soak'] as CampaignName[])(
    '%s: everything tried survives',
    async (name) => {
      const r = await runCampaign(name, { seed: SEED, full: false, log: (line) => console.log(line) }, BODIES[name]);
      const tried = Object.values(r.categories).reduce((n, t) => n + t.tried, 0);
      expect(tried, 'the campaign tried nothing').toBeGreaterThan(0);
      expect(r.failures, report(r)).toEqual([]);
      for (const [category, t] of Object.entries(r.categories)) expect(t.survived, `${category}: ${report(r)}`).toBe(t.tried);
    },
    600_000,
  );
});
