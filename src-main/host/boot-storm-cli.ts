import { readFileSync } from 'node:fs';
import { BOOT_STORM_DEFINITION, type BootStormResult } from '../contract/boot-storm-entities.ts';
import { runBootStorm } from '../core/capacity/boot-storm.ts';
import { hostCpuProblem } from '../shared/capacity/definition-check.ts';

// `vdi-console boot-storm FILE.json [--json]`: power on N desktops at once through the broker's
// throttle and report how long until all registered, IOPS, latency and host CPU (issue 13).

export const BOOT_STORM_USAGE = `  vdi-console boot-storm FILE.json [--json]
      Power on N desktops at once through the broker's throttle (a boot-storm definition: hosts, storage,
      desktops, throttle; examples: resources/calibration/boot-cases.json) and print the minutes until all
      registered, peak and average IOPS, p95 latency and host CPU; --json prints the result with its curves.
`;

export function bootStormSummary(r: BootStormResult): string {
  const d = r.definition;
  const throttle =
    typeof d.throttle === 'string' ? d.throttle : `${d.throttle.maxActive} active, ${d.throttle.maxPercent} %, ${d.throttle.maxNewPerMinute}/min`;
  return `${[
    `${d.name}  (seed ${d.seed})`,
    `  Desktops      ${d.desktops.count} × ${d.desktops.vcpu} vCPU ${d.desktops.os} (${d.desktops.clone}) on ${d.hosts.count} hosts; throttle ${throttle}`,
    `  Registered    ${r.registered} of ${d.desktops.count}${r.allRegisteredMin === null ? ` (not all within ${d.limitSec} s)` : ` after ${r.allRegisteredMin} min`}; all powered on after ${r.allPoweredOnMin ?? '—'} min; at most ${r.maxInFlight} power actions in flight`,
    `  IOPS          peak ${r.peakIops}, average ${r.avgIops} served (offered: peak ${r.peakOfferedIops}, average ${r.avgOfferedIops})`,
    `  Latency       p95 ${r.p95LatencyMs} ms, max ${r.maxLatencyMs} ms`,
    `  Host CPU      max ${r.maxCpuPct} %, average ${r.avgCpuPct} % (mean of the hosts); CPU ready max ${r.maxReadyPct} %`,
  ].join('\n')}\n`;
}

export function bootStormCommand(argv: string[]): number {
  const json = argv.includes('--json');
  const file = argv.find((a) => !a.startsWith('--'));
  const fail = (message: string) => {
    process.stderr.write(json ? `${JSON.stringify({ code: 'invalid-input', message })}\n` : `vdi-console boot-storm: ${message}\n`);
    return 2;
  };
  if (!file) return fail('name a boot-storm definition file (JSON)');
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    return fail(`${file}: ${(err as Error).message}`);
  }
  const parsed = BOOT_STORM_DEFINITION.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`${file}: ${(issue?.path ?? []).map(String).join('.') || 'definition'}: ${issue?.message ?? 'invalid'}`);
  }
  const problem = hostCpuProblem(parsed.data.hosts);
  if (problem) return fail(`${file}: hosts.cpuModel: ${problem.message}`);
  const r = runBootStorm(parsed.data);
  process.stdout.write(json ? `${JSON.stringify(r)}\n` : bootStormSummary(r));
  return 0;
}
