// Simulation clock and metrics as they cross the API edge.

/** Clock speeds: simulated seconds per wall second; 'max' runs as fast as the machine allows. */
export const CLOCK_SPEEDS = ['paused', '1', '10', '60', '600', 'max'] as const;
export type ClockSpeed = (typeof CLOCK_SPEEDS)[number];

export interface ClockState {
  simTime: string; // ISO, UTC
  speed: ClockSpeed;
  running: boolean;
  tickSeconds: number;
  /**
   * Classroom (serve --class): the instructor paused the class. The trainee cannot run, step or
   * change the clock until the instructor resumes it (absent otherwise).
   */
  lockedBy?: 'instructor';
}

/** ESXi host memory states by index: 0 high, 1 clear, 2 soft, 3 hard, 4 low. */
export const MEMORY_STATE_NAMES = ['high', 'clear', 'soft', 'hard', 'low'] as const;

export interface MetricSample {
  cpuPct?: number;
  readyPct?: number;
  memState?: number;
  balloonMb?: number;
  swapMb?: number;
  watts?: number;
  sessions?: number;
  uxMs?: number;
  iops?: number;
  latencyMs?: number;
}

export const METRIC_SCOPES = ['estate', 'cluster', 'host', 'datastore', 'pool'] as const;
export type MetricScopeName = (typeof METRIC_SCOPES)[number];
export const METRIC_RANGES = ['1h', '8h', '24h', '7d', '30d'] as const;
export type MetricRange = (typeof METRIC_RANGES)[number];

export interface MetricSeries {
  scope: MetricScopeName;
  id: string;
  range: MetricRange;
  /** Seconds between points: 20 (raw, in memory), 300 or 3600 (rollups from the store). */
  resolution: number;
  points: ({ ts: number } & MetricSample)[];
}

export interface MetricsNow {
  simTime: string;
  estate: MetricSample;
  /** Live host figures; `nicPct`: display traffic through the host's uplinks, % of their line rate (now only, not in the history). */
  hosts: ({ id: string; nicPct: number } & Required<
    Pick<MetricSample, 'cpuPct' | 'readyPct' | 'memState' | 'balloonMb' | 'swapMb' | 'watts' | 'sessions' | 'uxMs'>
  >)[];
  datastores: { id: string; iops: number; latencyMs: number }[];
  pools: { id: string; sessions: number; uxMs: number }[];
  clusters: { id: string; cpuPct: number; readyPct: number; watts: number; sessions: number }[];
}
