import { describe, expect, it } from 'vitest';
import { LabError } from '../../src-main/contract/errors.ts';
import { expandName, namingCapacity, parseNamingPattern } from '../../src-main/core/naming.ts';

describe('Horizon naming patterns', () => {
  it('expands {n:3} with zero padding and {n} without', () => {
    expect(expandName(parseNamingPattern('LAB-{n:3}'), 7)).toBe('LAB-007');
    expect(expandName(parseNamingPattern('KW-{n}-X'), 42)).toBe('KW-42-X');
  });

  it('counts how many names a pattern can produce within 15 characters', () => {
    expect(namingCapacity(parseNamingPattern('LAB-{n:3}'))).toBe(999);
    expect(namingCapacity(parseNamingPattern('ABCDEFGHIJKLM-{n:3}'))).toBe(0); // 14 + 3 > 15
    expect(namingCapacity(parseNamingPattern('ABCDEFGHIJKL{n}'))).toBe(999); // 3 digits of room
  });

  it.each([
    ['LAB-001', /exactly one/],
    ['LAB-{n}-{n}', /exactly one/],
    ['LAB_{n:3}', /letters, digits and hyphens/],
    ['LAB-{n:0}', /width/],
  ])('rejects %s with a clear error on namingPattern', (pattern, message) => {
    try {
      parseNamingPattern(pattern);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(LabError);
      expect((err as LabError).code).toBe('invalid-input');
      expect((err as LabError).path).toEqual(['namingPattern']);
      expect((err as LabError).message).toMatch(message);
    }
  });
});
