import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { installHumanMessages } from '../../src-main/contract/messages.ts';

installHumanMessages();

const message = (schema: z.ZodType, input: unknown) => {
  const r = schema.safeParse(input);
  return r.success ? null : r.error.issues[0]?.message;
};

describe('input errors name what was given', () => {
  it('an array, null or a string where an object is expected', () => {
    const obj = z.object({ seconds: z.number() });
    // A black-box run of `vdi-console call clock-step '[]'` read "must be an object (object given)".
    expect(message(obj, [])).toBe('must be an object (array given)');
    expect(message(obj, null)).toBe('must be an object (null given)');
    expect(message(obj, 'x')).toBe('must be an object (string given)');
    expect(message(z.array(z.string()), {})).toBe('must be an array (object given)');
  });

  it('a value of the wrong type for a choice says the form meant', () => {
    const speed = z.object({ speed: z.enum(['1', '10', '60', '600', 'paused', 'max']) });
    // A black-box run of `vdi-console call clock-set '{"speed":600}'` read "must be one of 1, 10, 60, 600, paused, max".
    expect(message(speed, { speed: 600 })).toBe('must be one of 1, 10, 60, 600, paused, max (as text: "600", not the number 600)');
    expect(message(speed, { speed: true })).toBe('must be one of 1, 10, 60, 600, paused, max (boolean given)');
    expect(message(speed, { speed: '7' })).toBe('must be one of 1, 10, 60, 600, paused, max');
    expect(message(z.literal('x'), 5)).toBe('must be "x" (number given)');
  });
});

describe('numbers in limit errors', () => {
  it('a huge value reads as an exponent, not 309 grouped digits', () => {
    // A black-box run of `vdi-console capacity` with hosts.ramGb 1e308 printed "(100,000,000,…,000 given)".
    expect(message(z.number().max(24_576), 1e308)).toBe('must be at most 24,576 (1e+308 given)');
    expect(message(z.number().min(-5), -2.5e20)).toBe('must be at least -5 (-2.5e+20 given)');
    expect(message(z.number().max(24_576), 30_000.25)).toBe('must be at most 24,576 (30,000.25 given)');
    expect(message(z.number().max(10), 999_999_999_999_999)).toBe('must be at most 10 (999,999,999,999,999 given)');
  });
});
