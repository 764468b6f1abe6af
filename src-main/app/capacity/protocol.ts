import type { CapacityDefinition } from '../../contract/capacity-entities.ts';
import type { CapacityResult } from '../../contract/capacity-results.ts';

/** Messages between the capacity service (UI thread) and its worker threads. */
export interface WorkerRequest {
  type: 'run';
  runId: string;
  definition: CapacityDefinition;
}

export interface RunProgress {
  /** 0–1 of the test's simulated time. */
  progress: number;
  launched: number;
  activeSessions: number;
  indexMs: number | null;
}

export type WorkerReply =
  | ({ type: 'progress'; runId: string } & RunProgress)
  | { type: 'done'; runId: string; result: CapacityResult; wallMs: number }
  | { type: 'error'; runId: string; message: string };
