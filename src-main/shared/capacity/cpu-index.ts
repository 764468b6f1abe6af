import { CPU_ROWS } from './cpu-catalogue.ts';

// CPU performance, not GHz (issue 13): a host's throughput is its physical cores × a per-core
// index derived from SPECrate2017 integer per core. Pure arithmetic shared by the simulator
// (core/models/cpu-perf.ts) and the wizard (the catalogue with search, what a host is worth).

/**
 * | parameter | value | kind | source |
 * |---|---|---|---|
 * | `specRefPerCore` | 10 | definition | one "vix" (VDI throughput index unit) = 1/10 of a core whose SPECrate2017_int_base per core is 10 |
 * | `vdiScalingExponent` α | 0.65 | fit (0.6–0.7) | Nutanix RA-2053 / RA-2150, same lab, G7 Gold 5220 → G8 Gold 6342 → G9 Gold 6442Y: SPEC per core +74 %, VDI users per core +39 % (single-session) / +37 % (multi-session). Checked on AMD EPYC 9274F (RA-2020, RA-2141), not used in the fit |
 * | `legacySpecPerBaseGhz` | 2.43 | src | median SPEC per core per base GHz of the 12 Skylake-SP / Cascade Lake catalogue rows (2.2–2.6): what a GHz-only definition stands for |
 * | `smtGain` | 0.40 (0.25–0.5) | est | GO-EUC 2019 (effects.md): ESXi's side-channel-aware scheduler (≈ no SMT) cut VSImax 34 % with 4 × 8 vCPU on 32 cores; 1/(1 + 0.40) = −29 % throughput, the rest is ready and co-stop. The index includes SMT (SPECrate runs a copy per thread), so SMT off divides by 1 + smtGain |
 */
export const CPU_INDEX_PARAMS = {
  specRefPerCore: 10,
  vdiScalingExponent: 0.65,
  legacySpecPerBaseGhz: 2.43,
  smtGain: 0.4,
} as const;

export interface CpuModel {
  /** "Intel Xeon Gold 6442Y", "AMD EPYC 9274F". */
  model: string;
  vendor: 'Intel' | 'AMD';
  generation: string;
  coresPerSocket: number;
  baseGhz: number;
  /** Informative (vendors' figures, null where not verified); the model uses base clock and SPEC. */
  allCoreTurboGhz: number | null;
  maxTurboGhz: number;
  /** SPECrate2017_int_base per physical core, 2-socket SMT-on systems (median). */
  specIntRatePerCore: number;
  /** Results in the median (0 for an estimate). */
  specResults: number;
  estimated: boolean;
  /** A representative spec.org result (res…/cpu2017-…), or `est: …` saying how the estimate was made. */
  source: string;
  /** VDI throughput index per physical core (vix), SMT included. */
  vixPerCore: number;
}

/** Per-core VDI index from SPECrate2017_int_base per core: 10 × (spec / 10)^α. Interactive desktop work gains less than SPECrate from wider cores and bigger caches. */
export function vixPerCoreFromSpec(specIntRatePerCore: number): number {
  const p = CPU_INDEX_PARAMS;
  return p.specRefPerCore * Math.pow(Math.max(0, specIntRatePerCore) / p.specRefPerCore, p.vdiScalingExponent);
}

/** The SPEC figure a GHz-only host stands for (a Skylake-SP / Cascade Lake core at that base clock). */
export function legacySpecPerCore(ghz: number): number {
  return CPU_INDEX_PARAMS.legacySpecPerBaseGhz * ghz;
}

export const CPU_CATALOGUE: readonly CpuModel[] = CPU_ROWS.map(([model, generation, coresPerSocket, baseGhz, allCore, maxTurbo, spec, results, source]) => ({
  model,
  vendor: model.startsWith('AMD') ? 'AMD' : 'Intel',
  generation,
  coresPerSocket,
  baseGhz,
  allCoreTurboGhz: allCore,
  maxTurboGhz: maxTurbo,
  specIntRatePerCore: spec,
  specResults: results,
  estimated: source.startsWith('est:'),
  source,
  vixPerCore: Math.round(vixPerCoreFromSpec(spec) * 100) / 100,
}));

const norm = (s: string) =>
  s
    .toLowerCase()
    .replace(/[^a-z0-9+]+/g, ' ')
    .trim();
const BY_NAME = new Map(CPU_CATALOGUE.map((c) => [norm(c.model), c]));

/** A catalogue entry by name: the full name, or without the vendor ("Xeon Gold 6130", "Gold 6130", "EPYC 9274F"); case and spacing do not matter. */
export function findCpu(name: string): CpuModel | undefined {
  const n = norm(name);
  if (!n) return undefined;
  const exact = BY_NAME.get(n);
  if (exact) return exact;
  const hits = CPU_CATALOGUE.filter((c) => norm(c.model).endsWith(` ${n}`));
  return hits.length === 1 ? hits[0] : undefined;
}

/** Catalogue rows matching every word of the query (model, generation, vendor), best first: the wizard's search. */
export function searchCpus(query: string, limit = 20): CpuModel[] {
  const words = norm(query).split(' ').filter(Boolean);
  const hay = (c: CpuModel) => norm(`${c.model} ${c.generation}`);
  const hits = CPU_CATALOGUE.filter((c) => words.every((w) => hay(c).includes(w)));
  return hits.slice(0, limit);
}

/** Edit distance (insertions, deletions, substitutions). */
function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0] as number;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j] as number;
      row[j] = Math.min((row[j] as number) + 1, (row[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length] as number;
}

/** The closest catalogue names to a misspelt one (by edit distance, with or without the vendor's words), for an error message. */
export function suggestCpus(name: string, limit = 3): string[] {
  const n = norm(name);
  if (!n) return [];
  const scored = CPU_CATALOGUE.map((c) => {
    const m = norm(c.model);
    const tail = m.split(' ').slice(-n.split(' ').length).join(' ');
    return { c, d: Math.min(distance(n, m), distance(n, tail)) };
  });
  scored.sort((a, b) => a.d - b.d);
  return scored
    .filter((x) => x.d <= Math.max(2, Math.floor(n.length / 3)))
    .slice(0, limit)
    .map((x) => x.c.model);
}

/** How a host's CPU was described: by catalogue model, by SPEC figure, by index, or by GHz only (the legacy mapping). */
export type HostCpuSource = 'catalogue' | 'spec' | 'index' | 'ghz';

export interface HostCpuInput {
  cpuModel?: string | undefined;
  specIntRatePerCore?: number | undefined;
  vixPerCore?: number | undefined;
  ghz?: number | undefined;
}

export interface ResolvedHostCpu {
  /** Catalogue model, when named. */
  model: string | null;
  source: HostCpuSource;
  /** Base clock (GHz): the definition's, else the catalogue's. */
  baseGhz: number;
  specIntRatePerCore: number | null;
  vixPerCore: number;
}

/**
 * What a host's cores are worth, from the most specific figure it gives: an explicit index,
 * a SPEC figure, a catalogue model, else its GHz through the legacy mapping
 * (`legacySpecPerBaseGhz` × GHz). Null when it gives none of them or names an unknown model.
 */
export function resolveHostCpu(h: HostCpuInput): ResolvedHostCpu | null {
  const cat = h.cpuModel ? findCpu(h.cpuModel) : undefined;
  if (h.cpuModel && !cat) return null;
  const baseGhz = h.ghz ?? cat?.baseGhz;
  if (baseGhz === undefined) return null;
  if (h.vixPerCore !== undefined) {
    return {
      model: cat?.model ?? null,
      source: 'index',
      baseGhz,
      specIntRatePerCore: h.specIntRatePerCore ?? cat?.specIntRatePerCore ?? null,
      vixPerCore: h.vixPerCore,
    };
  }
  if (h.specIntRatePerCore !== undefined) {
    return {
      model: cat?.model ?? null,
      source: 'spec',
      baseGhz,
      specIntRatePerCore: h.specIntRatePerCore,
      vixPerCore: vixPerCoreFromSpec(h.specIntRatePerCore),
    };
  }
  if (cat)
    return {
      model: cat.model,
      source: 'catalogue',
      baseGhz,
      specIntRatePerCore: cat.specIntRatePerCore,
      vixPerCore: vixPerCoreFromSpec(cat.specIntRatePerCore),
    };
  const spec = legacySpecPerCore(baseGhz);
  return { model: null, source: 'ghz', baseGhz, specIntRatePerCore: spec, vixPerCore: vixPerCoreFromSpec(spec) };
}

/** What a definition's hosts are worth (the catalogue figure, before any per-host spread of a run). Null for an unknown model. */
export function hostCpuFigures(h: HostCpuInput & { sockets: number; coresPerSocket: number; hyperthreading: boolean }) {
  const cpu = resolveHostCpu(h);
  if (!cpu) return null;
  const cores = h.sockets * h.coresPerSocket;
  const r2 = (x: number) => Math.round(x * 100) / 100;
  return {
    model: cpu.model,
    source: cpu.source,
    baseGhz: cpu.baseGhz,
    specIntRatePerCore: cpu.specIntRatePerCore === null ? null : r2(cpu.specIntRatePerCore),
    vixPerCore: r2(cpu.vixPerCore),
    /** One host's throughput (vix): cores × vix per core, ÷ (1 + smtGain) with SMT off. */
    hostVix: Math.round(cores * cpu.vixPerCore * (h.hyperthreading ? 1 : 1 / (1 + CPU_INDEX_PARAMS.smtGain))),
  };
}
