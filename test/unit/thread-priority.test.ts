import { getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import { WORKER_PRIORITY, lowerThisThreadPriority, threadId, workerNicenessFrom } from '../../src-main/host/runner/thread-priority.ts';

// The simulation worker's lower scheduling priority (runner/thread-priority.ts). The worker itself
// is checked in test/contract/serve-worker-host.test.ts; here the parts that need no thread.

describe('VDI_CONSOLE_WORKER_NICE', () => {
  it('takes 0–19 and ignores anything else (the default then applies)', () => {
    expect(workerNicenessFrom({ VDI_CONSOLE_WORKER_NICE: '0' })).toBe(0);
    expect(workerNicenessFrom({ VDI_CONSOLE_WORKER_NICE: '19' })).toBe(19);
    for (const bad of ['20', '-1', '5.5', 'ten', '', ' 3', '100']) expect(workerNicenessFrom({ VDI_CONSOLE_WORKER_NICE: bad })).toBeUndefined();
    expect(workerNicenessFrom({})).toBeUndefined();
  });
  it('defaults to a niceness within Linux range', () => {
    expect(WORKER_PRIORITY.niceness).toBeGreaterThanOrEqual(0);
    expect(WORKER_PRIORITY.niceness).toBeLessThanOrEqual(WORKER_PRIORITY.maxNiceness);
  });
});

describe.runIf(process.platform === 'linux')('on Linux', () => {
  it("knows this thread's kernel id (/proc/thread-self)", () => {
    const tid = threadId();
    expect(tid).toBeGreaterThan(0);
    // The test's own thread: its niceness can be read by that id.
    expect(Number.isInteger(getPriority(tid as number))).toBe(true);
  });
  it('never raises a priority: asking for less niceness than the thread has changes nothing', () => {
    const tid = threadId() as number;
    const before = getPriority(tid);
    expect(lowerThisThreadPriority(0)).toBe(before);
    expect(lowerThisThreadPriority(Number.NaN)).toBe(before);
    expect(getPriority(tid)).toBe(before);
  });
});
