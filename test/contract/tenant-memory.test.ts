import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApiCallError } from '../../src-main/contract/client.ts';
import type { ApiError } from '../../src-main/contract/errors.ts';
import { tempLab, type TempLab } from '../helpers/lab.ts';

// Issue 19, tenant memory limits as a vSphere resource pool's: admission control at power-on, and the
// excess over the limit reclaimed inside the tenant (balloon, then swap), on the multi-tenant lab
// (Contoso: pool-1, pool-2, no limit; Fabrikam: pool-3, pool-4 on h-3 and h-4, 160 GB limit).

let lab: TempLab;
beforeAll(() => {
  lab = tempLab('multi-tenant', 1);
});
afterAll(() => lab.dispose());

const byName = async (name: string) => {
  const t = (await lab.client.call('tenant-list', {})).find((x) => x.name === name);
  if (!t) throw new Error(`no tenant ${name}`);
  return t;
};
const fabrikamDesktops = async () =>
  (await lab.client.call('desktop-list', { poolId: 'pool-3' })).rows.concat((await lab.client.call('desktop-list', { poolId: 'pool-4' })).rows);
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof ApiCallError) return err.error;
    throw err;
  }
  throw new Error('expected a refusal');
}
const powerState = async (id: string) => (await fabrikamDesktops()).find((d) => d.id === id)?.powerState;

describe('tenant memory limits', () => {
  it('admission control refuses a power-on whose reservation would take the tenant past its limit, changing nothing', async () => {
    await lab.client.call('clock-step', { seconds: 2 * 3600 });
    const fab = await byName('Fabrikam');
    expect(fab.usage.memoryBalloonedGb).toBe(0);
    const off = (await fabrikamDesktops()).find((d) => d.powerState !== 'poweredOn' && d.sessions === 0);
    if (!off) throw new Error('no Fabrikam desktop to power on');
    if (off.powerState !== 'poweredOff') await lab.client.call('desktop-bulk', { ids: [off.id], action: 'power-off' });
    await lab.client.call('desktop-hardware-set', { desktopId: off.id, memoryReservationGb: 8 });
    const reserved = (await byName('Fabrikam')).usage.memoryReservedGb;
    // The limit leaves less than its 8 GB reservation unreserved.
    await lab.client.call('tenant-update', { id: fab.id, memLimitGb: Math.ceil(reserved) + 4 });
    const err = await refusal(lab.client.call('vm-power-on', { desktopId: off.id }));
    expect(err.code).toBe('conflict');
    expect(err.message).toMatch(/cannot power on: Insufficient memory resources: tenant Fabrikam's limit of \d+ GB would be exceeded/);
    expect(await powerState(off.id)).toBe('poweredOff');
    // Room again: it powers on.
    await lab.client.call('tenant-update', { id: fab.id, memLimitGb: 160 });
    await lab.client.call('vm-power-on', { desktopId: off.id });
    expect(await powerState(off.id)).toBe('poweredOn');
    expect((await byName('Fabrikam')).usage.memoryReservedGb).toBeGreaterThan(reserved + 8);
  }, 300_000);

  it('a limit below what the tenant holds is reclaimed inside it: its desktops page, the other tenant’s do not', async () => {
    await lab.client.call('clock-step', { seconds: 300 });
    const before = await byName('Fabrikam');
    const conBefore = await byName('Contoso');
    expect(before.usage.pagingDesktops).toBe(0);
    const limit = Math.round(before.usage.memoryConsumedGb * 0.5);
    await lab.client.call('tenant-update', { id: before.id, memLimitGb: limit });
    await lab.client.call('clock-step', { seconds: 120 });
    const fab = await byName('Fabrikam');
    const con = await byName('Contoso');
    expect(fab.usage.memoryBalloonedGb).toBeGreaterThan(0);
    expect(fab.usage.memorySwappedGb).toBeGreaterThan(0);
    // Balloon + swap = what it holds above the limit.
    expect(fab.usage.memoryLimitReclaimGb).toBeCloseTo(fab.usage.memoryConsumedGb - limit, 0);
    expect(fab.usage.pagingDesktops).toBeGreaterThan(0);
    expect(fab.usage.responseMs).toBeGreaterThan(before.usage.responseMs * 1.5);
    expect(fab.warnings.join(' ')).toMatch(/over the \d+ GB memory limit: [\d.]+ GB ballooned, [\d.]+ GB swapped/);
    expect(con.usage.memoryBalloonedGb).toBe(0);
    expect(con.usage.memorySwappedGb).toBe(0);
    expect(con.usage.pagingDesktops).toBe(0);
    expect(con.usage.responseMs).toBeLessThan(conBefore.usage.responseMs * 1.1);
    // The limit lifted: nothing is reclaimed.
    await lab.client.call('tenant-update', { id: before.id, memLimitGb: null });
    await lab.client.call('clock-step', { seconds: 120 });
    const free = await byName('Fabrikam');
    expect(free.usage.memoryLimitReclaimGb).toBe(0);
    expect(free.usage.memoryBalloonedGb + free.usage.memorySwappedGb).toBe(0);
    expect(free.usage.pagingDesktops).toBe(0);
  }, 300_000);

  it('without a limit a memory-hungry tenant makes its hosts reclaim from every tenant (noisy neighbour); a limit keeps it inside', async () => {
    // Fabrikam's desktops without sessions grow to 448 GB each (half of it held from power-on): more than h-3 and h-4 have.
    const mine = (await fabrikamDesktops()).filter((d) => d.sessions === 0 && d.state !== 'PROVISIONING' && d.state !== 'DELETING');
    const running = mine.filter((d) => d.powerState === 'poweredOn').map((d) => d.id);
    if (running.length) await lab.client.call('desktop-bulk', { ids: running, action: 'power-off' });
    for (const d of mine) await lab.client.call('desktop-hardware-set', { desktopId: d.id, memoryGb: 448 });
    const on = await lab.client.call('desktop-bulk', { ids: mine.map((d) => d.id), action: 'power-on' });
    expect(on.done).toBeGreaterThanOrEqual(3);
    await lab.client.call('clock-step', { seconds: 300 });
    const con = await byName('Contoso');
    const fab = await byName('Fabrikam');
    expect(fab.memLimitGb).toBeNull();
    expect(fab.usage.memoryLimitReclaimGb).toBe(0);
    // h-3 is over-committed by Fabrikam alone: its balloon takes memory from Contoso's desktops there too.
    expect(con.usage.memoryBalloonedGb).toBeGreaterThan(0);
    expect(con.warnings.join(' ')).toMatch(/Its hosts are short of memory: [\d.]+ GB ballooned/);
    // A 300-GB limit: Fabrikam gives memory back inside itself, and Contoso's desktops stop paging.
    await lab.client.call('tenant-update', { id: fab.id, memLimitGb: 300 });
    await lab.client.call('clock-step', { seconds: 300 });
    const calm = await byName('Contoso');
    const capped = await byName('Fabrikam');
    expect(capped.usage.memorySwappedGb).toBeGreaterThan(0);
    expect(capped.usage.pagingDesktops).toBeGreaterThan(0);
    expect(calm.usage.memoryBalloonedGb).toBe(0);
    expect(calm.usage.pagingDesktops).toBe(0);
    expect(calm.warnings).toEqual([]);
  }, 300_000);
});
