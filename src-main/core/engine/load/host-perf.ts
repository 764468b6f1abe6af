import type { LabModel } from '../../lab/model.ts';
import { hostPerf, type Hypervisor } from '../../models/cpu-perf.ts';

/**
 * Per host, what its CPU is worth (core/models/cpu-perf.ts): the engine's CPU figures are the
 * host's own MHz (capacity = cores × base MHz, as vCenter shows it), while workloads demand vix;
 * `mhzPerVix` converts. A host record that names no CPU (a lab written before issue 13) is read
 * through the legacy GHz mapping. Static for an engine's life: it follows from the lab.
 */
export class HostPerfTable {
  readonly mhzPerVix: Float64Array;
  readonly vixPerCore: Float64Array;
  readonly smt: Uint8Array;
  readonly hypervisor: Hypervisor[];
  /** Hypervisor overhead on guest demand (share). */
  readonly overhead: Float64Array;
  /** A hyper-converged controller VM: its CPU (MHz), vCPUs and RAM (MB). */
  readonly cvmMhz: Float64Array;
  readonly cvmVcpu: Float64Array;
  readonly cvmRamMb: Float64Array;

  constructor(hosts: LabModel['hosts']) {
    const H = hosts.length;
    this.mhzPerVix = new Float64Array(H);
    this.vixPerCore = new Float64Array(H);
    this.smt = new Uint8Array(H);
    this.hypervisor = hosts.map((h) => h.cpu?.hypervisor ?? 'esxi');
    this.overhead = new Float64Array(H);
    this.cvmMhz = new Float64Array(H);
    this.cvmVcpu = new Float64Array(H);
    this.cvmRamMb = new Float64Array(H);
    hosts.forEach((h, i) => {
      const perf = hostPerf(h.sockets * h.coresPerSocket, { ghz: h.ghz, hyperthreading: h.hyperthreading, cpuModel: h.cpuModel ?? undefined, ...h.cpu });
      this.mhzPerVix[i] = perf.mhzPerVix;
      this.vixPerCore[i] = perf.vixPerCore;
      this.smt[i] = h.hyperthreading ? 1 : 0;
      this.overhead[i] = perf.overhead;
      this.cvmMhz[i] = perf.cvmMhz;
      this.cvmVcpu[i] = perf.cvmVcpu;
      this.cvmRamMb[i] = perf.cvmRamMb;
    });
  }

  /**
   * What the host runs beyond its guests' own demand: the hypervisor's share of it and the
   * controller VM. `guestMhz` in, the host's used MHz out.
   */
  used(h: number, guestMhz: number): number {
    return guestMhz * (1 + (this.overhead[h] as number)) + (this.cvmMhz[h] as number);
  }

  /** Of a host's capacity, what its guests can have (the inverse of `used`). */
  guestCapacity(h: number, capacityMhz: number): number {
    return Math.max(0, (capacityMhz - (this.cvmMhz[h] as number)) / (1 + (this.overhead[h] as number)));
  }
}
