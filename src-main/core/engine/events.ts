import type { Remap } from './durable/remap.ts';

/** Engine events of the cluster domain (carried as `{ kind: 'cluster', op }` in the engine queue). */
export type ClusterOp =
  | { t: 'mig-switch'; id: number }
  | { t: 'mig-end'; id: number }
  | { t: 'retry' }
  | { t: 'drs'; c: number }
  | { t: 'host-up'; h: number }
  | { t: 'reconnect'; u: number; tries: number }
  | { t: 'ha'; h: number; step: 'not-responding' | 'declared' | 'placed' | 'batch' | 'retry' | 'booted'; batch?: number; d?: number; gen: number };

/**
 * The engine's discrete happenings, keyed by simulated time in the queue. Every field that
 * names an entity is a dense index (user, desktop, pool, version, host, cluster): `remapEvent`
 * carries an event over to an engine whose index space changed.
 */
export type EngineEvent =
  | { kind: 'day'; day: number }
  /** This user asks the broker for a connection now (the population's arrival, or a capacity test's). */
  | { kind: 'arrive'; user: number }
  | { kind: 'logon-done'; user: number }
  | { kind: 'logon-phase'; user: number; serial: number }
  | { kind: 'reconnect-done'; user: number; serial: number }
  | { kind: 'leave'; user: number; forgetsLogoff: boolean }
  | { kind: 'auto-logoff'; user: number }
  | { kind: 'desktop-ready'; desktop: number }
  | { kind: 'provision-step'; desktop: number }
  | { kind: 'policy' }
  | { kind: 'push-start'; pool: number; version: number; force: boolean; graceSec: number; stopOnError: boolean }
  | { kind: 'push-force'; pool: number }
  | { kind: 'cluster'; op: ClusterOp }
  /** An injected fault starts, ends, or (array controller failover) settles after its pause (faults/faults.ts). */
  | { kind: 'fault'; id: number; step: 'start' | 'end' | 'settle' };

/** The event in the new index space, or null when an entity it names is gone (its event goes with it). */
export function remapEvent(ev: EngineEvent, m: Remap): EngineEvent | null {
  const ok = (...xs: number[]) => xs.every((x) => x >= 0);
  switch (ev.kind) {
    case 'day':
    case 'policy':
    case 'fault':
      return ev;
    case 'arrive':
    case 'logon-done':
    case 'auto-logoff': {
      const user = m.to('user', ev.user);
      return ok(user) ? { ...ev, user } : null;
    }
    case 'logon-phase':
    case 'reconnect-done': {
      const user = m.to('user', ev.user);
      return ok(user) ? { ...ev, user } : null;
    }
    case 'leave': {
      const user = m.to('user', ev.user);
      return ok(user) ? { ...ev, user } : null;
    }
    case 'desktop-ready':
    case 'provision-step': {
      const desktop = m.to('desktop', ev.desktop);
      return ok(desktop) ? { ...ev, desktop } : null;
    }
    case 'push-start': {
      const pool = m.to('pool', ev.pool);
      const version = m.to('version', ev.version);
      return ok(pool, version) ? { ...ev, pool, version } : null;
    }
    case 'push-force': {
      const pool = m.to('pool', ev.pool);
      return ok(pool) ? { ...ev, pool } : null;
    }
    case 'cluster': {
      const op = ev.op;
      switch (op.t) {
        case 'mig-switch':
        case 'mig-end':
        case 'retry':
          return ev;
        case 'drs': {
          const c = m.to('cluster', op.c);
          return ok(c) ? { kind: 'cluster', op: { ...op, c } } : null;
        }
        case 'host-up': {
          const h = m.to('host', op.h);
          return ok(h) ? { kind: 'cluster', op: { ...op, h } } : null;
        }
        case 'reconnect': {
          const u = m.to('user', op.u);
          return ok(u) ? { kind: 'cluster', op: { ...op, u } } : null;
        }
        case 'ha': {
          const h = m.to('host', op.h);
          const d = op.d === undefined ? undefined : m.to('desktop', op.d);
          if (!ok(h) || (d !== undefined && d < 0)) return null;
          return { kind: 'cluster', op: d === undefined ? { ...op, h } : { ...op, h, d } };
        }
      }
    }
  }
}

/** How many entities each index space holds (to check a saved event's indices). */
export type DomainSizes = Record<'desktop' | 'user' | 'host' | 'pool' | 'version' | 'cluster', number>;

const HA_STEPS = new Set(['not-responding', 'declared', 'placed', 'batch', 'retry', 'booted']);

/**
 * True when a saved event is one this engine knows, with every index in range and every number
 * finite: a stored state that fails this is damage (or a hostile file) and is not run.
 */
export function isValidEvent(x: unknown, n: DomainSizes): x is EngineEvent {
  if (!x || typeof x !== 'object') return false;
  const ev = x as Record<string, unknown>;
  const idx = (v: unknown, size: number) => Number.isInteger(v) && (v as number) >= 0 && (v as number) < size;
  const int = (v: unknown) => Number.isInteger(v) && (v as number) >= 0;
  const num = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
  switch (ev.kind) {
    case 'day':
      return int(ev.day);
    case 'policy':
      return true;
    case 'fault':
      return int(ev.id) && (ev.step === 'start' || ev.step === 'end' || ev.step === 'settle');
    case 'arrive':
    case 'logon-done':
    case 'auto-logoff':
      return idx(ev.user, n.user);
    case 'logon-phase':
    case 'reconnect-done':
      return idx(ev.user, n.user) && int(ev.serial);
    case 'leave':
      return idx(ev.user, n.user) && typeof ev.forgetsLogoff === 'boolean';
    case 'desktop-ready':
    case 'provision-step':
      return idx(ev.desktop, n.desktop);
    case 'push-start':
      return idx(ev.pool, n.pool) && idx(ev.version, n.version) && typeof ev.force === 'boolean' && num(ev.graceSec) && typeof ev.stopOnError === 'boolean';
    case 'push-force':
      return idx(ev.pool, n.pool);
    case 'cluster': {
      const op = ev.op as Record<string, unknown> | null;
      if (!op || typeof op !== 'object') return false;
      switch (op.t) {
        case 'mig-switch':
        case 'mig-end':
          return int(op.id);
        case 'retry':
          return true;
        case 'drs':
          return idx(op.c, n.cluster);
        case 'host-up':
          return idx(op.h, n.host);
        case 'reconnect':
          return idx(op.u, n.user) && int(op.tries);
        case 'ha':
          return (
            idx(op.h, n.host) &&
            HA_STEPS.has(op.step as string) &&
            int(op.gen) &&
            (op.batch === undefined || int(op.batch)) &&
            (op.d === undefined || idx(op.d, n.desktop))
          );
        default:
          return false;
      }
    }
    default:
      return false;
  }
}
