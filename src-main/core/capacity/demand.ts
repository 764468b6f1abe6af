import { flagsCpuFactor, flagsOverheadMb } from '../../shared/hypervisors/catalogue.ts';
import type { CapacityDefinition, CapacityOs, CapacityWorkload } from '../../contract/capacity-entities.ts';
import type { Engine } from '../engine/engine.ts';
import { DEMAND_PARAMS, LEGACY_OS, OS_PROFILES, userDemand, vdiWorkload, type OsProfile } from '../models/vdi-workloads.ts';
import { WORKLOADS } from '../models/workloads.ts';
import type { Prng } from '../prng.ts';

/** Standard normal from the seeded PRNG (Box–Muller). */
export function normal(rng: Prng): number {
  const u = Math.max(rng.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rng.next());
}

/** The guest OS a definition runs: its own, else the legacy default of its session-host kind. */
export function definitionOs(def: CapacityDefinition): CapacityOs {
  return def.sessionHost.os ?? LEGACY_OS[def.sessionHost.kind];
}

export function antivirusFactor(def: CapacityDefinition): number {
  return def.antivirus === true ? DEMAND_PARAMS.antivirusCpuFactor : def.antivirus === false ? 1 : def.antivirus;
}

/**
 * Sets what every launched user and every desktop of a capacity test demands (the engine's lab
 * knows only the live lab's three workloads): CPU in vix per the workload, OS, antivirus, protocol
 * frame rate and vCPUs (core/models/vdi-workloads.ts), I/O, memory, the guest working sets and
 * the work loop. Randomness comes from the model, not the output: each user's demand is scaled by
 * LogNormal(−σ²/2, σ) (userDemandSigma) and starts its loop at a random phase.
 */
export function applyDemand(engine: Engine, def: CapacityDefinition, workloads: readonly CapacityWorkload[], rng: Prng): void {
  const st = engine.st;
  const os: OsProfile = OS_PROFILES[definitionOs(def)];
  const multi = def.sessionHost.kind === 'multi-session';
  const sigma = DEMAND_PARAMS.userDemandSigma;
  const flags = def.sessionHost.vmFlags ?? { confidential: 'none', nestedVirtualization: false };
  // Confidential computing and nested virtualization cost CPU on every cycle the guest runs (shared/hypervisors/catalogue.ts).
  const opts = {
    protocol: def.protocol,
    fps: def.protocolFps,
    vcpu: def.sessionHost.vcpu,
    antivirusFactor: antivirusFactor(def) * flagsCpuFactor(flags.confidential, flags.nestedVirtualization),
    multiSession: multi,
  };
  let appsSum = 0;
  workloads.forEach((w, u) => {
    const wl = vdiWorkload(w);
    const d = userDemand(wl, os, opts);
    const m = Math.exp(sigma * normal(rng) - (sigma * sigma) / 2);
    st.uCpuVix[u] = d.activeVix * m;
    st.uIdleVix[u] = d.idleVix * m;
    st.uIops[u] = d.iops;
    st.uLogonIopsFactor[u] = wl.logonIopsFactor;
    st.uLoopInv[u] = 1 / wl.loopSeconds;
    st.uShare[u] = wl.activeShare;
    st.uPhase[u] = rng.next();
    // What a session holds on its host: a desktop user touches the live lab's figure; a user of a shared session host its apps and profile.
    st.uMemMb[u] = multi ? d.appsWorkingSetMb : WORKLOADS[wl.base].activeMemMb;
    appsSum += d.appsWorkingSetMb;
  });
  const apps = workloads.length > 0 ? appsSum / workloads.length : 0;
  const gm = engine.guestMem;
  gm.dOsWsMb.fill(os.osWorkingSetMb);
  gm.dAppsWsMb.fill(apps);
  engine.storage.dWriteShare.fill(CAPACITY_WRITE_SHARE);
  // ... and memory on every VM (bounce buffers of an encrypted guest, the inner hypervisor's own).
  const extraMb = flagsOverheadMb(def.sessionHost.ramGb, flags.confidential, flags.nestedVirtualization);
  if (extraMb > 0) {
    for (let d = 0; d < st.dRamMb.length; d++) {
      st.dOverheadMb[d] = (st.dOverheadMb[d] as number) + extraMb;
      st.dBaseMemMb[d] = (st.dBaseMemMb[d] as number) + extraMb;
      gm.resized(st, d);
    }
  }
  engine.sessionLoad.invalidate(); // every user's workload changed
  engine.refreshLoad();
}

/** Write share of the test's steady I/O (DOMAIN.md: 80–90 % writes). */
export const CAPACITY_WRITE_SHARE = 0.8;
