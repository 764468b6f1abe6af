import { Prng } from '../../prng.ts';

/**
 * The shape of a working day (DOMAIN.md, issue "simulation engine"): arrivals
 * ramp 07:30–09:30 with a login storm around 08:30, a lunch dip, departures
 * 16:30–18:30; some users forget to log off and only disconnect; some are away.
 * All times are seconds since midnight, simulated (UTC).
 */
export const WORKDAY = {
  arrivalMean: (8 + 40 / 60) * 3600, // most people aim for the 09:00 start
  arrivalSd: 0.25 * 3600,
  arrivalMin: 7.5 * 3600,
  arrivalMax: 9.5 * 3600,
  earlyBirdShare: 0.05, // arrive 06:45–07:30
  departureMin: 16.5 * 3600,
  departureMax: 18.5 * 3600,
  lunchStartMin: 12 * 3600,
  lunchStartMax: 13 * 3600,
  lunchSeconds: 45 * 60,
  lunchActivityFactor: 0.2,
  forgetLogoffShare: 0.08,
  absentShare: 0.08, // leave, sickness, working elsewhere
  weekendPresentShare: 0.02,
};

export interface DayPlan {
  present: boolean;
  arrive: number;
  leave: number;
  lunchStart: number;
  forgetsLogoff: boolean;
}

/** Standard normal from two uniforms (Box–Muller); deterministic through the Prng. */
function normal(rng: Prng): number {
  const u = Math.max(rng.next(), 1e-12);
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * The plan of one user for one day. Seeded by (lab seed, day, user) so a plan
 * does not depend on the order in which plans are made.
 */
export function dayPlan(seed: number, dayIndex: number, userIndex: number, weekday: number): DayPlan {
  const rng = new Prng((seed ^ Math.imul(dayIndex + 1, 0x9e3779b1) ^ Math.imul(userIndex + 1, 0x85ebca77)) >>> 0);
  const w = WORKDAY;
  const weekend = weekday === 0 || weekday === 6;
  const present = weekend ? rng.chance(w.weekendPresentShare) : !rng.chance(w.absentShare);
  let arrive: number;
  if (rng.chance(w.earlyBirdShare)) arrive = 6.75 * 3600 + rng.next() * 0.75 * 3600;
  else arrive = Math.min(w.arrivalMax, Math.max(w.arrivalMin, w.arrivalMean + normal(rng) * w.arrivalSd));
  const leave = w.departureMin + rng.next() * (w.departureMax - w.departureMin);
  const lunchStart = w.lunchStartMin + rng.next() * (w.lunchStartMax - w.lunchStartMin);
  return { present, arrive, leave, lunchStart, forgetsLogoff: rng.chance(w.forgetLogoffShare) };
}
