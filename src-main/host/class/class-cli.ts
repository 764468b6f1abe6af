import { Classroom, ClassError } from './classroom.ts';
import { CLASS_SPEEDS, type ClassSpeed } from '../../contract/classroom.ts';
import { hostModeFrom } from '../runner/index.ts';

/**
 * `vdi-console serve --class`, once its flags are read (cli.ts): opens or continues the class, prints the
 * instructor's URL first (the contract with scripts and tests, as in serve) and each trainee's, and says which
 * options a continued class ignores. Throws ClassError for what the user must change.
 */
export async function runClass(o: {
  dataDir: string;
  scenarioId: string;
  trainees: number | undefined;
  port: number;
  /** --port was given (a continued class keeps its own). */
  portGiven: boolean;
  /** --speed as given: the clock's speed once the instructor resumes (a new class without it: 1×). */
  speed: string | undefined;
  rendererDir: string;
}): Promise<void> {
  const { speed, ...rest } = o;
  if (speed !== undefined && !(CLASS_SPEEDS as readonly string[]).includes(speed)) throw new ClassError(`--speed must be one of ${CLASS_SPEEDS.join(', ')}`);
  const room = await Classroom.open({ ...rest, ...(speed ? { speed: speed as ClassSpeed } : {}), hostMode: hostModeFrom(process.env, 'worker') });
  process.stdout.write(`VDI classroom ready: ${room.instructorUrl}\n`);
  process.stdout.write(
    `Class: ${room.title} (${room.trainees.length} trainees, clock ${room.speed === 'scenario' ? 'at the scenario’s speed' : `${room.speed}×`} once resumed) in ${o.dataDir}\n`,
  );
  for (const t of room.trainees) process.stdout.write(`  ${t.id}: ${t.url}\n`);
  // A class continued on its folder keeps its instructor port and its trainees: say so when the command asked otherwise.
  const kept = Number(new URL(room.instructorUrl).port);
  if (o.portGiven && o.port !== 0 && o.port !== kept) process.stderr.write(`Note: --port ${o.port} ignored: this class keeps its instructor port ${kept}\n`);
  if (o.trainees !== undefined && o.trainees < room.trainees.length)
    process.stderr.write(`Note: --trainees ${o.trainees} ignored: a class keeps its ${room.trainees.length} trainees (more can be added, none removed)\n`);
  const stop = () => void room.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
