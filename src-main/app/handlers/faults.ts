import { FAULT_CATALOGUE, FAULT_KINDS, type FaultCatalogueEntry, type FaultRow } from '../../contract/fault-methods.ts';
import { LabError } from '../../contract/errors.ts';
import { NETWORK_PROFILES } from '../../contract/session-entities.ts';
import type { Fault } from '../../core/engine/faults/fault.ts';
import type { Engine } from '../../core/engine/engine.ts';
import { engineView } from '../../core/engine/engine-view.ts';
import type { AppContext, Handlers } from '../context.ts';
import { live } from '../cluster-common.ts';

const iso = (t: number) => new Date(t * 1000).toISOString();

/** A fault as the API shows it. */
export function faultRow(e: Engine, f: Fault): FaultRow {
  const spec = FAULT_CATALOGUE[f.kind];
  const type = spec.target;
  const v = engineView(e);
  const id =
    type === 'host'
      ? v.hostId(f.target)
      : type === 'datastore'
        ? v.datastoreId(f.target)
        : type === 'pool'
          ? v.poolId(f.target)
          : type === 'network'
            ? NETWORK_PROFILES[f.target]
            : null;
  const end = f.state === 'active' ? Math.min(e.t, f.endAt ?? e.t) : f.state === 'scheduled' || f.endAt === null ? f.startAt : f.endAt;
  return {
    id: f.id,
    kind: f.kind,
    label: spec.label,
    severity: spec.severity,
    target: { type, id: id ?? null, name: e.faults.targetName(type, f.target) },
    params: { ...f.params },
    state: f.state,
    startAt: iso(f.startAt),
    endAt: f.endAt === null ? null : iso(f.endAt),
    activeSec: f.state === 'scheduled' || (f.state === 'cleared' && f.endAt === null) ? 0 : Math.max(0, end - f.startAt),
    ...(f.desktops ? { machines: f.desktops.map((d) => ({ id: v.desktopId(d) ?? '', name: e.lab.desktops[d]?.name ?? '' })) } : {}),
  };
}

/** The index of the fault's target, or a structured error naming the field. */
function targetIndex(e: Engine, kind: keyof typeof FAULT_CATALOGUE, targetId: string | undefined): number {
  const type = FAULT_CATALOGUE[kind].target;
  if (type === 'global') {
    if (targetId !== undefined) throw new LabError('invalid-input', `${FAULT_CATALOGUE[kind].label} acts on the whole estate: give no target`, ['targetId']);
    return -1;
  }
  if (targetId === undefined) throw new LabError('invalid-input', `${FAULT_CATALOGUE[kind].label} needs a target (a ${type})`, ['targetId']);
  const v = engineView(e);
  let i: number;
  if (type === 'network') {
    i = (NETWORK_PROFILES as readonly string[]).indexOf(targetId);
    if (i < 0 || targetId === 'custom')
      throw new LabError('not-found', `No client network profile "${targetId}" (one of ${NETWORK_PROFILES.filter((n) => n !== 'custom').join(', ')})`, [
        'targetId',
      ]);
    return i;
  }
  i = type === 'host' ? v.hostIndex(targetId) : type === 'datastore' ? v.datastoreIndex(targetId) : v.poolIndex(targetId);
  if (i < 0) throw new LabError('not-found', `No ${type} with id "${targetId}"`, ['targetId']);
  return i;
}

/** The kind's parameters: defaults for those left out, each given one checked against its bounds. */
function faultParams(kind: keyof typeof FAULT_CATALOGUE, given: Record<string, number> | undefined): Record<string, number> {
  const spec = FAULT_CATALOGUE[kind].params as Record<string, { min: number; max: number; default: number; label: string; unit: string }>;
  const out: Record<string, number> = {};
  for (const name of Object.keys(given ?? {})) {
    if (!Object.prototype.hasOwnProperty.call(spec, name)) {
      const known = Object.keys(spec);
      throw new LabError(
        'invalid-input',
        `${FAULT_CATALOGUE[kind].label} has no parameter "${name}"${known.length ? ` (it takes ${known.join(', ')})` : ' (it takes none)'}`,
        ['params', name],
      );
    }
  }
  for (const [name, p] of Object.entries(spec)) {
    const v = given?.[name] ?? p.default;
    if (!(v >= p.min && v <= p.max))
      throw new LabError('invalid-input', `${p.label} must be between ${p.min} and ${p.max} ${p.unit}, got ${v}`, ['params', name]);
    out[name] = v;
  }
  return out;
}

function commit(ctx: AppContext): void {
  ctx.pushes.push(...ctx.services.simulation().flush());
}

/**
 * Fault injection (issue 17, part 1). A fault is planned in the engine (its start is an event on
 * the tick grid: "now" is the next tick), kept in the engine's durable state, and told to the event
 * log when it starts and ends. Refusals (unknown target, bad parameter) change nothing.
 */
export const faultHandlers: Pick<Handlers, 'fault-catalogue' | 'fault-list' | 'fault-inject' | 'fault-clear'> = {
  'fault-catalogue': () => ({ kinds: FAULT_KINDS.map((kind): FaultCatalogueEntry => ({ kind, ...FAULT_CATALOGUE[kind] })) }),
  'fault-list': (_input, ctx) => {
    const { e } = live(ctx);
    return { now: iso(e.t), faults: e.faults.all().map((f) => faultRow(e, f)) };
  },
  'fault-inject': (input, ctx) => {
    const { e } = live(ctx);
    const target = targetIndex(e, input.kind, input.targetId);
    const params = faultParams(input.kind, input.params);
    const f = e.faults.inject(input.kind, target, params, e.t + (input.delaySec ?? 0), input.durationSec ?? null, e.t);
    const row = faultRow(e, f);
    const when = input.delaySec ? `in ${Math.round(input.delaySec)} s (simulated)` : 'now';
    ctx.audit({
      objectKind: row.target.type === 'global' ? 'lab' : row.target.type,
      objectId: row.target.id ?? 'lab',
      objectName: row.target.name,
      type: 'warning',
      severity: 'warning',
      message: `Training: fault #${f.id} injected: ${e.faults.describe(f)}, starting ${when}${input.durationSec ? ` for ${Math.round(input.durationSec)} s` : ' until cleared'}`,
    });
    commit(ctx);
    return faultRow(e, f);
  },
  'fault-clear': (input, ctx) => {
    const { e } = live(ctx);
    const f = e.faults.get(input.id);
    if (!f) throw new LabError('not-found', `No fault #${input.id}`, ['id']);
    if (f.state !== 'active' && f.state !== 'scheduled') throw new LabError('conflict', `Fault #${input.id} has already ${f.state}`, ['id']);
    e.faults.clear(input.id, e.t);
    const row = faultRow(e, f);
    ctx.audit({
      objectKind: row.target.type === 'global' ? 'lab' : row.target.type,
      objectId: row.target.id ?? 'lab',
      objectName: row.target.name,
      message: `Training: fault #${f.id} cleared: ${e.faults.describe(f)}`,
    });
    commit(ctx);
    return faultRow(e, f);
  },
};
