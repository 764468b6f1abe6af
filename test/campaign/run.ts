import { pathToFileURL } from 'node:url';
import { fuzzCampaign } from './fuzz.ts';
import { CAMPAIGNS, runCampaign, summaryLine, type CampaignName, type CampaignResult } from './runner.ts';
import { sigkillCampaign } from './sigkill.ts';
import { soakCampaign } from './soak.ts';

// The reliability campaigns (issue 20) from the command line:
//   node --import tsx test/campaign/run.ts <fuzz|sigkill|soak|all> [--full] [--seed N] [--until STEP]
//   npm run campaign -- all --full
// A JSON summary on stdout, a readable line per campaign on stderr; exit code 1 on any failure.

export const BODIES: Record<CampaignName, Parameters<typeof runCampaign>[2]> = {
  fuzz: fuzzCampaign,
  sigkill: sigkillCampaign,
  soak: soakCampaign,
};

/** Runs the named campaigns one after the other (each with the same seed). */
export async function runCampaigns(names: readonly CampaignName[], opts: Parameters<typeof runCampaign>[1]): Promise<CampaignResult[]> {
  const out: CampaignResult[] = [];
  for (const n of names) out.push(await runCampaign(n, opts, BODIES[n]));
  return out;
}

const USAGE = 'usage: run.ts <fuzz|sigkill|soak|all> [--full] [--seed N] [--until STEP]';

function parse(argv: string[]): { names: CampaignName[]; full: boolean; seed: number; until?: number } {
  let which: string | undefined;
  let full = false;
  let seed: number | undefined;
  let until: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const num = () => {
      const v = Number(argv[++i]);
      if (!Number.isSafeInteger(v) || v < 0) throw new Error(`${a} needs a whole number\n${USAGE}`);
      return v;
    };
    if (a === '--full') full = true;
    else if (a === '--seed') seed = num();
    else if (a === '--until') until = num();
    else if (!a.startsWith('-') && !which) which = a;
    else throw new Error(`unknown argument ${a}\n${USAGE}`);
  }
  const names: CampaignName[] =
    which === 'all' || which === undefined ? [...CAMPAIGNS] : CAMPAIGNS.includes(which as CampaignName) ? [which as CampaignName] : [];
  if (!names.length) throw new Error(`unknown campaign ${which}\n${USAGE}`);
  // No seed given: a new one each run, printed so a failure can be replayed.
  return { names, full, seed: seed ?? Math.floor(Math.random() * 2 ** 31), ...(until !== undefined ? { until } : {}) };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parse>;
  try {
    args = parse(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  process.stderr.write(`campaigns ${args.names.join(', ')}, seed ${args.seed}${args.full ? ', full length' : ', short form'}\n`);
  const results = await runCampaigns(args.names, { ...args, log: (line) => process.stderr.write(`${line}\n`) });
  process.stdout.write(`${JSON.stringify({ seed: args.seed, full: args.full, ok: results.every((r) => r.ok), campaigns: results }, null, 2)}\n`);
  for (const r of results) process.stderr.write(`${summaryLine(r)}\n`);
  return results.every((r) => r.ok) ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await main();
}
