import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CallContext } from '../../app/context.ts';
import { BUILT_IN_SCENARIOS } from '../../app/scenarios/builtin.ts';
import type { Reply } from '../../contract/errors.ts';
import type { ClassSpeed, ClassStatus, TraineeStatus } from '../../contract/classroom.ts';
import type { ScenarioStatus } from '../../contract/scenario-methods.ts';
import { startHost, type HostMode, type HostPort } from '../runner/index.ts';
import { startWebServer, type WebServer } from '../web-server.ts';
import { startInstructorServer, type InstructorServer } from './instructor-server.ts';

/**
 * Class mode (issue 17, part 6): `vdi-console serve --class SCENARIO --trainees N`. One process
 * holds one lab per trainee (its own folder, SQLite file, host and engine under the class's data
 * folder) and serves each on a loopback port of its own with its own token: the existing serve
 * front (web-server.ts), unchanged, so a trainee's token, cookie and WebSocket reach only that
 * trainee's host. The instructor's page and API are a third kind of port (instructor-server.ts)
 * with the instructor's token; it drives each lab through its host's dispatch in this process
 * (transport in-process, the only one the classroom methods accept: scenario-extend,
 * scenario-hint-send). The roster (class.json) keeps the tokens and ports, so serve on the same
 * folder continues the class: each lab continues where its durable engine left it.
 */

export const ROSTER_FILE = 'class.json';
/** What a resume asks of a lab: the class's speed, or (a roster from before there was one) the scenario's. */
const classSpeed = (r: Roster): { speed?: ClassSpeed } => (r.speed ? { speed: r.speed } : {});

export const CLASS_PARAMS = {
  /**
   * A new class's clock on resume: real time, so a scenario's 30 simulated minutes are 30 minutes of the lesson (its own
   * 60× suits one trainee who pauses to think; a trainee in a class cannot pause).
   */
  speed: '1' as ClassSpeed,
  /** Most trainees one class holds: 20 is the class; more is refused rather than silently slow (bench: npm run bench -- class). */
  maxTrainees: 40,
  /** Hosts started at once when the class opens: two cores, so two labs generate side by side. */
  startConcurrency: 2,
  /**
   * Wall time between each lab's flushes while its clock runs (ms). The clock driver's default is
   * 1000 ms, checked every 50 ms tick, and the front batches pushes for 100 ms: a page then hears
   * from its lab every 1.05–1.15 s. 800 ms keeps the gap under the one second (bench: class).
   */
  flushMs: 800,
  /** Simulated minutes the instructor may add in one go (the contract's scenario-extend limit). */
  maxExtendMinutes: 240,
} as const;

export interface RosterTrainee {
  id: string;
  name: string;
  token: string;
  /** The port the trainee's URL names (kept across restarts; 0 until first bound). */
  port: number;
  /** Set once the scenario was started in the trainee's lab (a restart does not start it again). */
  started: boolean;
}

export interface Roster {
  format: 1;
  scenarioId: string;
  title: string;
  createdAt: string;
  instructor: { token: string; port: number };
  /** Paused by the instructor (pause all): the labs stay paused across a restart until resumed. */
  paused: boolean;
  /**
   * The clock's speed on resume (--speed). A roster written before 8 Dec 2026 has none: its labs run at the scenario's
   * own (60× for the built-ins: a 30-minute scenario was over 30 s after Start, black-box round 6).
   */
  speed?: ClassSpeed;
  trainees: RosterTrainee[];
}

export type { ClassStatus, TraineeStatus } from '../../contract/classroom.ts';

export interface ClassOptions {
  dataDir: string;
  scenarioId: string;
  /** Trainees of a new class; on an existing class, more than the roster adds trainees (never removes any). */
  trainees?: number;
  /** The instructor's port (0: a free one). Trainees get free ports, kept in the roster. */
  port?: number;
  /** The clock's speed once resumed (a new class without it: CLASS_PARAMS.speed); given for a class under way, from its next resume. */
  speed?: ClassSpeed;
  rendererDir: string;
  hostMode?: HostMode;
}

interface Seat {
  t: RosterTrainee;
  host: HostPort;
  web: WebServer;
}

/** The instructor's calls into a trainee's lab: in-process (the classroom methods refuse any other transport). */
export const INSTRUCTOR_CALL: CallContext = { user: 'Instructor (class)', role: 'instructor', transport: 'in-process', live: true };

export class ClassError extends Error {}

function readRoster(dir: string): Roster | null {
  const file = join(dir, ROSTER_FILE);
  if (!existsSync(file)) return null;
  const r = JSON.parse(readFileSync(file, 'utf8')) as Roster;
  if (r.format !== 1 || !Array.isArray(r.trainees)) throw new ClassError(`${file} is not a class roster this console reads`);
  return r;
}

function writeRoster(dir: string, r: Roster): void {
  const file = join(dir, ROSTER_FILE);
  writeFileSync(`${file}.tmp`, `${JSON.stringify(r, null, 2)}\n`, { mode: 0o600 });
  renameSync(`${file}.tmp`, file);
}

const token = () => randomBytes(24).toString('base64url');
const traineeId = (i: number) => `trainee-${String(i + 1).padStart(2, '0')}`;

async function must<T>(host: HostPort, method: string, input: unknown): Promise<T> {
  const r = (await host.dispatch(method, input, INSTRUCTOR_CALL)) as Reply<T>;
  if (!r.ok) throw new ClassError(`${method}: ${r.error.code}: ${r.error.message}`);
  return r.result;
}

async function listenWeb(host: HostPort, rendererDir: string, t: RosterTrainee): Promise<WebServer> {
  try {
    return await startWebServer({ host, rendererDir, port: t.port, token: t.token });
  } catch (e) {
    if (t.port !== 0 && (e as NodeJS.ErrnoException).code === 'EADDRINUSE') return startWebServer({ host, rendererDir, port: 0, token: t.token });
    throw e;
  }
}

export class Classroom {
  private constructor(
    readonly dataDir: string,
    private roster: Roster,
    private readonly seats: Seat[],
    private instructor: InstructorServer | null,
  ) {}

  static async open(o: ClassOptions): Promise<Classroom> {
    const sc = BUILT_IN_SCENARIOS.find((s) => s.id === o.scenarioId);
    if (!sc) throw new ClassError(`No built-in scenario "${o.scenarioId}": one of ${BUILT_IN_SCENARIOS.map((s) => s.id).join(', ')}`);
    // Each trainee's folder opens on a lab of its own first; the scenario's start replaces it by the starting lab: the profile
    // and seed's, or the checkpoint file's (restored from resources/scenarios/ into that trainee's lab only).
    const lab = 'profile' in sc.lab ? sc.lab : { profile: 'small' as const, seed: 1 };
    const badCount = (n: number) => !Number.isInteger(n) || n < 1 || n > CLASS_PARAMS.maxTrainees;
    if (o.trainees !== undefined && badCount(o.trainees)) throw new ClassError(`--trainees must be a whole number from 1 to ${CLASS_PARAMS.maxTrainees}`);
    mkdirSync(o.dataDir, { recursive: true });
    let roster = readRoster(o.dataDir);
    if (roster && roster.scenarioId !== sc.id)
      throw new ClassError(`${o.dataDir} holds a class of "${roster.scenarioId}", not "${sc.id}": use another --data folder`);
    const wanted = o.trainees ?? roster?.trainees.length ?? 0;
    if (badCount(wanted)) throw new ClassError(`A new class needs --trainees N (1 to ${CLASS_PARAMS.maxTrainees})`);
    roster ??= {
      format: 1,
      scenarioId: sc.id,
      title: sc.title,
      createdAt: new Date().toISOString(),
      instructor: { token: token(), port: o.port ?? 0 },
      paused: true, // the class starts when the instructor says so (Resume all)
      speed: o.speed ?? CLASS_PARAMS.speed,
      trainees: [],
    };
    if (o.speed) roster.speed = o.speed;
    for (let i = roster.trainees.length; i < wanted; i++)
      roster.trainees.push({ id: traineeId(i), name: `Trainee ${i + 1}`, token: token(), port: 0, started: false });
    writeRoster(o.dataDir, roster);

    const seats: Seat[] = [];
    const room = new Classroom(o.dataDir, roster, seats, null);
    try {
      const queue = [...roster.trainees];
      const worker = async () => {
        for (let t = queue.shift(); t; t = queue.shift()) {
          const host = await startHost({
            dataDir: join(o.dataDir, t.id),
            lab: lab.profile,
            seed: lab.seed,
            run: true,
            // `vdi-console call --data CLASS/trainee-NN` reaches the lab through its lock, as with serve; the instructor's
            // methods and the pause's lock refuse that transport like every other a trainee can reach (handlers/scenarios.ts).
            control: true,
            flushMs: CLASS_PARAMS.flushMs,
            mode: o.hostMode ?? 'worker',
          });
          try {
            // A lab that holds no attempt of the class's scenario (the trainee reset it, or started another while the class
            // ran) gets a fresh one, like a new trainee: otherwise the whole class failed to start again (found by a black-box run).
            const joins = !t.started || (await must<ScenarioStatus>(host, 'scenario-status', {})).scenario?.id !== sc.id;
            if (joins) {
              await must(host, 'scenario-start', { id: sc.id, confirm: true, paused: true });
              t.started = true;
            }
            if (roster.paused) await must(host, 'scenario-class-pause', { paused: true });
            // A trainee added to a class under way (a restart with more --trainees) starts like the others did on Resume all:
            // at the scenario's speed (found by a black-box run: the new lab was neither running nor locked).
            else if (joins) await must(host, 'scenario-class-pause', { paused: false, ...classSpeed(roster) });
            const web = await listenWeb(host, o.rendererDir, t);
            t.port = web.port;
            seats.push({ t, host, web });
          } catch (e) {
            await host.close();
            throw e;
          }
        }
      };
      await Promise.all(Array.from({ length: CLASS_PARAMS.startConcurrency }, worker));
      seats.sort((a, b) => a.t.id.localeCompare(b.t.id));
      room.instructor = await startInstructorServer({ room, port: roster.instructor.port, token: roster.instructor.token, rendererDir: o.rendererDir });
      roster.instructor.port = room.instructor.port;
      writeRoster(o.dataDir, roster);
    } catch (e) {
      await room.close();
      throw e;
    }
    return room;
  }

  /** The clock's speed on resume ('scenario': a class from before there was one runs at its scenario's). */
  get speed(): ClassSpeed | 'scenario' {
    return this.roster.speed ?? 'scenario';
  }

  get title(): string {
    return this.roster.title;
  }
  get instructorUrl(): string {
    return this.instructor?.url ?? '';
  }
  get instructorToken(): string {
    return this.roster.instructor.token;
  }
  /** Each trainee's URL (with its token) opens the console on the Scenarios page. */
  get trainees(): { id: string; name: string; url: string; token: string; port: number }[] {
    return this.seats.map((s) => ({ id: s.t.id, name: s.t.name, url: `${s.web.url}#/scenarios`, token: s.t.token, port: s.web.port }));
  }
  /** A trainee's host (tests and the bench). */
  hostOf(id: string): HostPort {
    const s = this.seats.find((x) => x.t.id === id);
    if (!s) throw new ClassError(`No trainee "${id}" in this class`);
    return s.host;
  }

  private pick(ids: readonly string[] | 'all'): Seat[] {
    if (ids === 'all') return this.seats;
    const out: Seat[] = [];
    for (const id of ids) {
      const s = this.seats.find((x) => x.t.id === id);
      if (!s) throw new ClassError(`No trainee "${id}" in this class`);
      if (!out.includes(s)) out.push(s); // a trainee named twice gets the time or the hint once
    }
    if (out.length === 0) throw new ClassError('Name at least one trainee, or all');
    return out;
  }

  async status(): Promise<ClassStatus> {
    const trainees = await Promise.all(
      this.seats.map(async (s): Promise<TraineeStatus> => {
        const base = { id: s.t.id, name: s.t.name, url: `${s.web.url}#/scenarios`, connections: s.web.connections() };
        try {
          const [st, clock, alarms] = await Promise.all([
            must<ScenarioStatus>(s.host, 'scenario-status', {}),
            must<{ speed: string }>(s.host, 'clock-get', {}),
            must<{ counts: { warning: number; critical: number } }>(s.host, 'alarm-list', { limit: 1 }),
          ]);
          const limit = st.scenario?.timeLimitSec ?? 0;
          return {
            ...base,
            running: st.running,
            finishReason: st.finishReason,
            clockSpeed: clock.speed,
            objectivesMet: st.objectives.filter((x) => x.state === 'met').length,
            objectivesTotal: st.objectives.length,
            activeAlarms: alarms.counts.warning + alarms.counts.critical,
            criticalAlarms: alarms.counts.critical,
            score: st.score?.total ?? 0,
            maxScore: st.score?.max ?? 0,
            elapsedSec: st.elapsedSec,
            timeLeftSec: st.running ? Math.max(0, limit - st.elapsedSec) : 0,
            actions: st.actions.length,
            instructorHints: st.instructorHints.length,
            pausedByInstructor: st.pausedByInstructor,
            error: null,
          };
        } catch (e) {
          return {
            ...base,
            running: false,
            finishReason: null,
            clockSpeed: 'unknown',
            objectivesMet: 0,
            objectivesTotal: 0,
            activeAlarms: 0,
            criticalAlarms: 0,
            score: 0,
            maxScore: 0,
            elapsedSec: 0,
            timeLeftSec: 0,
            actions: 0,
            instructorHints: 0,
            pausedByInstructor: false,
            error: (e as Error).message,
          };
        }
      }),
    );
    return { scenarioId: this.roster.scenarioId, title: this.roster.title, paused: this.roster.paused, speed: this.roster.speed ?? null, trainees };
  }

  /**
   * Pause all (a lock: a trainee cannot run or step their clock, nor replace their lab, until the
   * instructor resumes; their console says "Paused by the instructor"), or resume all at the
   * scenario's speed. A lab whose attempt has finished is unlocked on resume but its clock stays paused.
   */
  async setPaused(paused: boolean): Promise<{ changed: number; skipped: string[] }> {
    let changed = 0;
    const skipped: string[] = [];
    // Every lab is asked, whatever one of them answers: a lab that holds no attempt (its trainee reset it) is skipped and
    // named, and the others are paused or resumed all the same (before, one refusal failed the whole request half-applied).
    const replies = await Promise.all(
      this.seats.map(
        async (s) => [s, await s.host.dispatch('scenario-class-pause', { paused, ...(paused ? {} : classSpeed(this.roster)) }, INSTRUCTOR_CALL)] as const,
      ),
    );
    for (const [s, r] of replies) {
      if (r.ok) {
        if (paused || (r.result as ScenarioStatus).running) changed++;
      } else if (r.error.code === 'conflict') skipped.push(s.t.id);
      else throw new ClassError(`${s.t.id}: ${r.error.code}: ${r.error.message}`);
    }
    this.roster.paused = paused;
    writeRoster(this.dataDir, this.roster);
    return { changed, skipped };
  }

  /** More time for the trainees named (or all whose attempt is under way). */
  async extend(minutes: number, ids: readonly string[] | 'all'): Promise<{ changed: number; skipped: string[] }> {
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > CLASS_PARAMS.maxExtendMinutes)
      throw new ClassError(`minutes must be a whole number from 1 to ${CLASS_PARAMS.maxExtendMinutes}`);
    return this.each(this.pick(ids), 'scenario-extend', { minutes });
  }

  /** A hint to the trainees named (or all): their scenario page shows it at once. */
  async hint(text: string, ids: readonly string[] | 'all'): Promise<{ changed: number; skipped: string[] }> {
    const t = typeof text === 'string' ? text.trim() : '';
    if (t.length < 1 || t.length > 500) throw new ClassError('A hint is 1 to 500 characters');
    return this.each(this.pick(ids), 'scenario-hint-send', { text: t });
  }

  private async each(seats: Seat[], method: string, input: unknown): Promise<{ changed: number; skipped: string[] }> {
    // The input was checked above (the same bounds as the contract's), so a refusal here is per lab: an attempt already over.
    const replies = await Promise.all(seats.map(async (s) => [s, await s.host.dispatch(method, input, INSTRUCTOR_CALL)] as const));
    const skipped: string[] = [];
    let changed = 0;
    for (const [s, r] of replies) {
      if (r.ok) changed++;
      else if (r.error.code === 'conflict')
        skipped.push(s.t.id); // that attempt has finished
      else throw new ClassError(`${s.t.id}: ${r.error.code}: ${r.error.message}`);
    }
    return { changed, skipped };
  }

  async close(): Promise<void> {
    await this.instructor?.close();
    for (const s of this.seats) await s.web.close();
    for (const s of this.seats) await s.host.close();
  }
}
