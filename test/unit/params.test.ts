import { describe, expect, it } from 'vitest';
import { minFreeMb, vmOverheadMb } from '../../src-main/core/params.ts';

describe('DOMAIN.md memory formulas', () => {
  it('minFree = 899 MB + 1% of RAM above 28 GB', () => {
    expect(minFreeMb(16)).toBe(899);
    expect(minFreeMb(28)).toBe(899);
    expect(minFreeMb(768)).toBeCloseTo(899 + 740 * 1024 * 0.01, 6);
  });

  it('VM overhead = 18 MB + 7.4 MB per GB + 4 MB per extra vCPU', () => {
    expect(vmOverheadMb(4, 2)).toBeCloseTo(18 + 29.6 + 4, 6);
    expect(vmOverheadMb(1, 1)).toBeCloseTo(25.4, 6);
  });
});
