// The start-up gate (src-renderer/shell/startup.ts): work that waits for the first page's content.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

describe('start-up gate', () => {
  beforeEach(() => {
    vi.resetModules(); // the gate is module state: a fresh one per test
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  it('holds work for a page that paints its own first content, and runs it once when it says so', async () => {
    const gate = await import('../../src-renderer/shell/startup.ts');
    expect(gate.holdForFirstContent(gate.firstPageOf('#/sessions?state=idle'))).toBe(true);
    const ran: string[] = [];
    gate.afterFirstContent(() => ran.push('live feed'));
    gate.afterFirstContent(() => ran.push('prefetch'));
    expect(ran).toEqual([]);
    expect(gate.firstContentPending()).toBe(true);
    gate.firstContentShown();
    gate.firstContentShown();
    expect(ran).toEqual(['live feed', 'prefetch']);
    gate.afterFirstContent(() => ran.push('later'));
    expect(ran).toEqual(['live feed', 'prefetch', 'later']);
  });

  it('opens at once for any other page, and by itself after the fallback when the page never says so', async () => {
    let gate = await import('../../src-renderer/shell/startup.ts');
    expect(gate.holdForFirstContent(gate.firstPageOf('#/hosts/h-1'))).toBe(false);
    expect(gate.firstContentPending()).toBe(false);

    vi.resetModules();
    gate = await import('../../src-renderer/shell/startup.ts');
    gate.holdForFirstContent('sessions');
    const ran: string[] = [];
    gate.afterFirstContent(() => ran.push('live feed'));
    vi.advanceTimersByTime(gate.FIRST_CONTENT_FALLBACK_MS - 1);
    expect(ran).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(ran).toEqual(['live feed']);
  });

  it('reads the first page from the address', async () => {
    const { firstPageOf } = await import('../../src-renderer/shell/startup.ts');
    expect(firstPageOf('#/sessions')).toBe('sessions');
    expect(firstPageOf('#/sessions?vocab=avd')).toBe('sessions');
    expect(firstPageOf('#/pools/p-1')).toBe('pools');
    expect(firstPageOf('')).toBe('');
    expect(firstPageOf('#/')).toBe('');
  });
});
