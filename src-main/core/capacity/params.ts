/**
 * Named parameters of the capacity test (docs/CAPACITY.md gives each one's source).
 * The engine's shared models (CPU ready, memory states, storage queue, user
 * experience) are used as they are; what is here is specific to the test.
 */
export const CAPACITY_PARAMS = {
  /** Each active session times its action set this often (Login VSI measures every loop; ~48 s here). */
  actionIntervalSec: 48,
  /** Per-sample measurement noise: response × exp(σ·z), z standard normal (application variance). */
  noiseSigma: 0.06,
  /** VSIbase: the lowest 15 samples of the test, drop the lowest 2, average the other 13 (DOMAIN.md). */
  baseLowest: 15,
  baseDrop: 2,
  /** VSI index: mean of the samples of the last indexWindowSec, top and bottom 2% dropped. */
  indexWindowSec: 120,
  indexTrimShare: 0.02,
  /** An index needs at least this many samples in its window. */
  indexMinSamples: 5,
  /** The index is evaluated every indexStepSec; curves keep one point every curveStepSec (at least). */
  indexStepSec: 10,
  curvePoints: 300,
  /** A session that has not become active this long after its launch is stuck (Login VSI's launch timeout analogue). */
  stuckLogonSec: 300,
  /**
   * Login VSI tests run with the launcher users' profiles created beforehand (a first
   * logon is not what is measured): the engine's first-run burst after a logon
   * (apps starting, caches syncing: FIRST_RUN) is skipped once a session is active.
   */
  warmProfiles: true,
  /**
   * A VM has only its own vCPUs: its demand queues on them (the host's CPU model applied to
   * the guest, run.ts guestQueueMs) and adds to the response time. Off: only host contention counts.
   */
  guestCpuQueue: true,
  /**
   * Co-stop (%CSTP) per vCPU beyond the first at full host utilization (scaled by ρ²): ESXi
   * co-schedules a VM's vCPUs, and on a busy host a wide VM waits for all of them; co-stop
   * over ~3% is a known VDI problem sign. 2 vCPU desktops see 1.5% at a full, over-committed
   * host, 4 vCPU 4.5%. Scaled by the host's vCPU over-commitment: none at ≤ 1 vCPU per thread,
   * full from coStopFullAtVcpuPerThread + 1 (single-session VDI runs 4–6 vCPUs per thread).
   * Halved from 3 % when the response model (core/models/response.ts) began to amplify every wait
   * like ready time: 4-vCPU desktops then cost −16 % VSImax (docs/CALIBRATION.md, sensitivity).
   */
  coStopPerExtraVcpuPct: 1.5,
  coStopFullAtVcpuPerThread: 4,
  /** Where the launchers sit and what they run (Login VSI launchers: Windows machines on the LAN). */
  launcherNetwork: 'lan',
  launcherClient: 'windows',
  /** Login VSI's stuck/failed-session guideline: at most 1% of launched sessions. */
  stuckGuidelinePct: 1,
  /**
   * Host NIC saturation (the engine carries NIC capacity but no delay for it): each action
   * set makes networkRoundTrips protocol round trips; a round trip queues like M/M/1 on the
   * host's uplink, base networkBaseMs, ρ capped at networkRhoCap.
   */
  networkRoundTrips: 20,
  networkBaseMs: 0.5,
  networkRhoCap: 0.995,
  /** Limits that name the bottleneck (DOMAIN.md): CPU ready > 10% per vCPU or CPU at 100%; memory state hard; latency > 20 ms; NIC > 90%. */
  readyLimitPct: 10,
  cpuLimitPct: 100,
  /** A VM's demand on its own vCPUs: past this the session host or desktop is saturated inside the guest. */
  vmCpuLimitPct: 90, // sustained guest CPU above 90%: the usual in-guest saturation alert
  memoryLimitState: 3, // index into MEMORY_STATES: 'hard' (compression and swapping)
  storageLimitMs: 20,
  networkLimitPct: 90,
  /** EUX-style score: 10 at VSIbase, 5 at the threshold, 0 at twice the threshold's distance. */
  euxBest: 10,
} as const;
