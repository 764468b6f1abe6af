import { LabError } from '../contract/errors.ts';

/**
 * Horizon-style naming patterns: `LAB-{n:3}` gives LAB-001, LAB-002, ...
 * `{n}` without a width gives LAB-1, LAB-2, .... Exactly one `{n...}` token is
 * allowed; the rest must be valid in a NetBIOS computer name (letters, digits,
 * hyphen; 15 characters at most once expanded).
 */
export interface NamingPattern {
  prefix: string;
  suffix: string;
  width: number; // 0 = no padding
}

const TOKEN = /\{n(?::(\d))?\}/g;
export const MAX_NETBIOS_NAME = 15;

export function parseNamingPattern(pattern: string): NamingPattern {
  const tokens = [...pattern.matchAll(TOKEN)];
  if (tokens.length !== 1) {
    throw new LabError('invalid-input', `naming pattern "${pattern}" must contain exactly one {n} or {n:W} token`, ['namingPattern']);
  }
  const token = tokens[0] as RegExpMatchArray;
  const at = token.index ?? 0;
  const prefix = pattern.slice(0, at);
  const suffix = pattern.slice(at + token[0].length);
  if (!/^[A-Za-z0-9-]*$/.test(prefix + suffix)) {
    throw new LabError('invalid-input', `naming pattern "${pattern}" may only use letters, digits and hyphens around {n}`, ['namingPattern']);
  }
  const width = token[1] ? Number(token[1]) : 0;
  if (width === 0 && token[1] !== undefined) {
    throw new LabError('invalid-input', `naming pattern "${pattern}": width must be 1 to 9`, ['namingPattern']);
  }
  return { prefix, suffix, width };
}

export function expandName(p: NamingPattern, n: number): string {
  return `${p.prefix}${p.width ? String(n).padStart(p.width, '0') : String(n)}${p.suffix}`;
}

/** How many distinct names the pattern can produce within the NetBIOS length limit. */
export function namingCapacity(p: NamingPattern): number {
  const room = MAX_NETBIOS_NAME - p.prefix.length - p.suffix.length;
  if (room <= 0) return 0;
  if (p.width === 0) return 10 ** Math.min(room, 9) - 1;
  if (p.width > room) return 0;
  return 10 ** p.width - 1; // 1 .. 10^w - 1 (0 is never used)
}
