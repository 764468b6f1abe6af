import { LabError } from '../../contract/errors.ts';
import type { HardwareChange } from '../../contract/hardware-entities.ts';
import { hypervisorCatalogue } from '../../shared/hypervisors/catalogue.ts';
import { hardwareFigures, planChange, vcpuOf } from '../../shared/hypervisors/hardware.ts';
import { poolDesktopsWithoutHardware, writeDesktopHardware, writePoolTemplate, writePoolSize } from '../../store/hardware.ts';
import { live } from '../cluster-common.ts';
import type { Handlers } from '../context.ts';
import {
  applySize,
  setEnginePending,
  desktopContext,
  desktopHardwareView,
  mergeChecked,
  poolContext,
  poolHardwareView,
  poolTemplate,
  thinWrittenShare,
} from '../hardware.ts';
import { assertTenantNics } from './tenants.ts';
import { poolMachineTotal } from '../../store/pools.ts';
import { engineView } from '../../core/engine/engine-view.ts';

/**
 * Virtual hardware (issue 19). Refusals (nothing changes):
 * | case                                                              | error         |
 * |-------------------------------------------------------------------|---------------|
 * | unknown desktop, pool, or a vNIC's network not in the VM's cluster | not-found     |
 * | hardware the hypervisor or the guest cannot have (Windows 11 without UEFI + Secure Boot + vTPM, Secure Boot on BIOS, a controller or adapter of another hypervisor, CPU hot-add on Hyper-V, a confidential VM with hot-add / vGPU / unreserved memory, an unknown vGPU profile, reservation above memory) | invalid-input |
 * | a disk shrinking; a VM being provisioned, deleted or live-migrated | conflict      |
 * A running VM takes vCPUs and memory at once where hot-add allows (shared/hypervisors/hardware.ts
 * planChange); the rest waits in `pending` until the VM is next powered off (the flush applies it).
 */
const BUSY_STATES = new Set(['PROVISIONING', 'DELETING', 'CUSTOMIZING']);

const changeOf = <T extends HardwareChange>(input: T): HardwareChange => {
  const { desktopId: _d, poolId: _p, ...rest } = input as T & { desktopId?: string; poolId?: string };
  return rest;
};

export const hardwareHandlers: Pick<
  Handlers,
  'hypervisor-catalogue' | 'desktop-hardware-get' | 'desktop-hardware-set' | 'pool-hardware-get' | 'pool-hardware-set'
> = {
  'hypervisor-catalogue': () => hypervisorCatalogue(),
  'desktop-hardware-get': (input, ctx) => desktopHardwareView(desktopContext(ctx.db, input.desktopId), live(ctx).e),
  'desktop-hardware-set': (input, ctx) => {
    const c = desktopContext(ctx.db, input.desktopId);
    if (BUSY_STATES.has(c.row.state))
      throw new LabError('conflict', `${c.row.name} is ${c.row.state.toLowerCase()}: its hardware can be edited once that is done`, ['desktopId']);
    const { e } = live(ctx);
    const v = engineView(e);
    const d = v.desktopIndex(c.row.id);
    if (d >= 0 && v.migrating(d))
      throw new LabError('conflict', `${c.row.name} is being migrated: edit its hardware when the migration is done`, ['desktopId']);
    const change = changeOf(input);
    if (Object.keys(change).length === 0) throw new LabError('invalid-input', 'give at least one hardware field to change', []);
    // The admin edits the configuration the VM is headed for: a pending change, else what it runs.
    const base = c.pending ?? c.hardware;
    const next = mergeChecked(c, base, c.hardware, change, c.row.id);
    if (change.nics) assertTenantNics(ctx.db, c.pool.id, next.nics); // issue 19: tenant isolation
    const running = c.row.power_state !== 'poweredOff';
    const plan = planChange(c.hardware, next, running, c.hv, c.guestOs);
    const sizeChanged =
      vcpuOf(plan.now) !== c.row.vcpu ||
      plan.now.memoryGb !== c.row.ram_gb ||
      JSON.stringify(plan.now.disks) !== JSON.stringify(c.hardware.disks) ||
      plan.now.confidential !== c.hardware.confidential ||
      plan.now.nestedVirtualization !== c.hardware.nestedVirtualization;
    if (sizeChanged) applySize(ctx.db, e, c, plan.now);
    writeDesktopHardware(ctx.db, c.row.id, { hardware: plan.now, pending: plan.pending, reasons: plan.reasons });
    setEnginePending(e, c.row.id, plan.pending, plan.now);
    const notes: string[] = [];
    const figures = hardwareFigures(plan.now, { hv: c.hv, thinWrittenShare: thinWrittenShare(c.pool.kind) });
    if (plan.hotAdded.length) notes.push(`Hot-added to the running VM: ${plan.hotAdded.join(', ')}.`);
    if (plan.pending) notes.push(`Pending until the next power cycle: ${plan.reasons.join('; ')}.`);
    if (plan.now.cpuHotAdd && !figures.vnumaExposed) notes.push('CPU hot-add is on: vSphere gives this VM a single virtual NUMA node (vNUMA off).');
    if (plan.now.confidential !== 'none')
      notes.push('Confidential VM: no snapshots with memory, no live migration (it is powered off to move), memory fully reserved.');
    const applied = !running ? 'applied' : plan.pending ? 'pending' : 'hot-added';
    const what =
      applied === 'applied'
        ? 'hardware changed (powered off)'
        : applied === 'hot-added'
          ? `hot-added ${plan.hotAdded.join(', ')}`
          : `${plan.hotAdded.length ? `hot-added ${plan.hotAdded.join(', ')}; ` : ''}pending until the next power cycle: ${plan.reasons.join('; ')}`;
    ctx.audit({ objectKind: 'desktop', objectId: c.row.id, objectName: c.row.name, message: `${c.row.name}: ${what}` });
    ctx.changed('desktop');
    const after = desktopContext(ctx.db, c.row.id);
    return { ...desktopHardwareView(after, e), applied, notes };
  },
  'pool-hardware-get': (input, ctx) => poolHardwareView(ctx.db, input.poolId),
  'pool-hardware-set': (input, ctx) => {
    const c = poolContext(ctx.db, input.poolId);
    const change = changeOf(input);
    if (Object.keys(change).length === 0) throw new LabError('invalid-input', 'give at least one hardware field to change', []);
    const cur = poolTemplate(ctx.db, c.pool, c.hv);
    // A template's disk may shrink (new clones only): no "before" for the shrink rule.
    const next = mergeChecked(c, cur.hardware, null, change, c.pool.id);
    if (change.nics) assertTenantNics(ctx.db, c.pool.id, next.nics); // issue 19: tenant isolation
    // Existing machines keep what they have: those still showing the template get it as their own first.
    const keep = poolDesktopsWithoutHardware(ctx.db, c.pool.id);
    for (const id of keep) {
      const dc = desktopContext(ctx.db, id);
      writeDesktopHardware(ctx.db, id, { hardware: dc.hardware, pending: null, reasons: [] });
    }
    writePoolTemplate(ctx.db, c.pool.id, next);
    const vcpu = vcpuOf(next);
    const diskGb = next.disks.reduce((s, k) => s + k.sizeGb, 0);
    // The pool's sizes are what new machines are cloned with (provisioning reads them).
    writePoolSize(ctx.db, c.pool.id, { vcpu, ramGb: next.memoryGb, diskGb });
    ctx.audit({
      objectKind: 'pool',
      objectId: c.pool.id,
      objectName: c.pool.name,
      message: `${c.pool.name}: template hardware ${vcpu} vCPUs (${next.sockets} × ${next.coresPerSocket}), ${next.memoryGb} GB, ${next.firmware.toUpperCase()}${next.vtpm ? ' + vTPM' : ''}${next.vgpuProfile ? `, vGPU ${next.vgpuProfile}` : ''}${next.confidential !== 'none' ? `, ${next.confidential}` : ''}${next.nestedVirtualization ? ', nested virtualization' : ''}`,
    });
    ctx.changed('pool');
    ctx.rebuildEngine();
    const existing = poolMachineTotal(ctx.db, c.pool.id);
    return {
      ...poolHardwareView(ctx.db, c.pool.id),
      existingMachines: existing,
      notes: [`Machines provisioned from now on get this hardware; the ${existing} existing machine(s) keep theirs.`],
    };
  },
};
