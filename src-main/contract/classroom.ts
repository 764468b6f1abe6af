import type { ScenarioStatus } from './scenario-methods.ts';

// The classroom's live state (serve --class, issue 17 part 6): what the instructor's port answers on
// GET /class/status (host/class/instructor-server.ts) and the instructor's view reads
// (src-renderer/features/classroom). Not a contract method: the instructor's port is not a lab.

/** The speeds a class's clock may run at once resumed (serve --class --speed). */
export const CLASS_SPEEDS = ['1', '10', '60', '600'] as const;
export type ClassSpeed = (typeof CLASS_SPEEDS)[number];

export interface TraineeStatus {
  id: string;
  name: string;
  url: string;
  running: boolean;
  finishReason: ScenarioStatus['finishReason'];
  clockSpeed: string;
  objectivesMet: number;
  objectivesTotal: number;
  activeAlarms: number;
  criticalAlarms: number;
  score: number;
  maxScore: number;
  elapsedSec: number;
  timeLeftSec: number;
  actions: number;
  instructorHints: number;
  /** The instructor paused this lab (the trainee cannot run its clock). */
  pausedByInstructor: boolean;
  /** Console pages the trainee has open on their URL now (0: not connected). */
  connections: number;
  error: string | null;
}

export interface ClassStatus {
  scenarioId: string;
  title: string;
  paused: boolean;
  /** The clock's speed on resume; null: each lab's scenario's own (a class from before 8 Dec 2026). */
  speed: ClassSpeed | null;
  trainees: TraineeStatus[];
}
