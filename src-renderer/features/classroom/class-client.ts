import type { ClassStatus } from '../../../src-main/contract/classroom.ts';

// The instructor's view talks to its own port's JSON API (host/class/instructor-server.ts), with
// the cookie the printed URL handed over: never to a trainee's lab or WebSocket.

export type { ClassStatus, TraineeStatus } from '../../../src-main/contract/classroom.ts';

/** How often the view asks for the class's state (ms): the "live", once a second. */
export const CLASS_POLL_MS = 1000;

export class ClassApiError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

type Answer<T> = { ok: true; result: T } | { ok: false; error: { code: string; message: string } };

async function read<T>(r: Response): Promise<T> {
  let j: Answer<T>;
  try {
    j = (await r.json()) as Answer<T>;
  } catch {
    throw new ClassApiError('internal', `The class answered ${r.status} without a result`);
  }
  if (!j.ok) throw new ClassApiError(j.error.code, j.error.message);
  return j.result;
}

export async function classStatus(): Promise<ClassStatus> {
  return read<ClassStatus>(await fetch('/class/status', { cache: 'no-store' }));
}

async function post<T>(path: string, body: unknown): Promise<T> {
  return read<T>(await fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

export type Targets = string[] | 'all';
export interface EachResult {
  changed: number;
  skipped: string[];
}

/** `skipped`: labs that hold no attempt of the class's scenario (their trainee reset them), which nothing can lock. */
export const classPause = (paused: boolean) => post<EachResult>('/class/pause', { paused });
export const classExtend = (minutes: number, trainees: Targets) => post<EachResult>('/class/extend', { minutes, trainees });
export const classHint = (text: string, trainees: Targets) => post<EachResult>('/class/hint', { text, trainees });

/** Simulated time left as m:ss (minutes past 60 stay minutes: a lesson's limit reads at a glance). */
export function clockText(sec: number): string {
  const s = Math.max(0, Math.round(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
}
