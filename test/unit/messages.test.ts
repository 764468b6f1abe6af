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
});
