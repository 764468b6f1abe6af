import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabError } from '../../contract/errors.ts';
import { ROLES, type Role } from '../../contract/roles.ts';

/**
 * Tokens for scripts that call the HTTP API (`Authorization: Bearer vdi_…`), made by
 * `vdi-console token create --role …`. They live next to the lab, in `api-tokens.json` of the
 * data folder, as SHA-256 hashes only: the token is printed once and cannot be read back. A file
 * (not a table) so a token can be made while a console holds the lab open, and a running server
 * sees it at once (it rereads the file when its modification time changes).
 */
export const TOKENS_FILE = 'api-tokens.json';
/** A token acts with one of the lab's admin roles (contract/roles.ts): the dispatcher checks its permissions as for an account. */
export const TOKEN_ROLES: readonly Role[] = ROLES;
export type TokenRole = Role;
/**
 * Before the roles landed there was one role, `administrator`, with every right: tokens made then
 * carry it in their file, and scripts still pass it to `token create`. It is the Administrators role.
 */
const LEGACY_ROLES: Readonly<Record<string, Role>> = { administrator: 'administrators' };

/** The role a `--role` value or a stored token's role names, or null. */
export function tokenRole(name: string): Role | null {
  return (ROLES as readonly string[]).includes(name) ? (name as Role) : (LEGACY_ROLES[name] ?? null);
}
const PREFIX = 'vdi_';

export interface ScriptTokenRecord {
  id: string;
  name: string;
  role: TokenRole;
  createdAt: string;
  sha256: string;
}

interface TokensFile {
  version: 1;
  tokens: ScriptTokenRecord[];
}

const hash = (token: string) => createHash('sha256').update(token).digest('hex');

function read(dataDir: string): TokensFile {
  const file = join(dataDir, TOKENS_FILE);
  if (!existsSync(file)) return { version: 1, tokens: [] };
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as TokensFile;
    if (parsed.version !== 1 || !Array.isArray(parsed.tokens)) throw new Error('unexpected content');
    return parsed;
  } catch (err) {
    throw new LabError('store-corrupt', `${file} is not a token file this version can read: ${(err as Error).message}`);
  }
}

function write(dataDir: string, content: TokensFile): void {
  const file = join(dataDir, TOKENS_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file); // atomic: a reader sees the old file or the new one
}

export function createScriptToken(dataDir: string, opts: { role: string; name?: string; now?: Date }): { token: string; record: ScriptTokenRecord } {
  const role = tokenRole(opts.role);
  if (!role) throw new LabError('invalid-input', `Unknown role "${opts.role}": the roles are ${TOKEN_ROLES.join(', ')}`, ['role']);
  const name = opts.name ?? 'script';
  if (!/^[A-Za-z0-9 ._-]{1,64}$/.test(name)) throw new LabError('invalid-input', 'A token name is 1–64 letters, digits, spaces, ., - or _', ['name']);
  const content = read(dataDir);
  const token = PREFIX + randomBytes(32).toString('base64url');
  const n = content.tokens.reduce((m, t) => Math.max(m, Number(t.id.replace(/^tok-/, '')) || 0), 0) + 1;
  const record: ScriptTokenRecord = {
    id: `tok-${n}`,
    name,
    role,
    createdAt: (opts.now ?? new Date()).toISOString(),
    sha256: hash(token),
  };
  write(dataDir, { version: 1, tokens: [...content.tokens, record] });
  return { token, record };
}

export function listScriptTokens(dataDir: string): Omit<ScriptTokenRecord, 'sha256'>[] {
  return read(dataDir).tokens.map(({ sha256: _sha256, ...t }) => t);
}

export function revokeScriptToken(dataDir: string, id: string): boolean {
  const content = read(dataDir);
  const kept = content.tokens.filter((t) => t.id !== id);
  if (kept.length === content.tokens.length) return false;
  write(dataDir, { version: 1, tokens: kept });
  return true;
}

/** Verifies presented tokens against the folder's file, rereading it only when it changed. */
export class ScriptTokenVerifier {
  /** Modification time, size and inode of the file last read (a rename gives a new inode). */
  private stamp = '';
  private records: ScriptTokenRecord[] = [];

  constructor(private readonly dataDir: string) {}

  private load(): ScriptTokenRecord[] {
    const file = join(this.dataDir, TOKENS_FILE);
    let stamp: string;
    try {
      const s = statSync(file);
      stamp = `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      this.stamp = '';
      this.records = [];
      return this.records;
    }
    if (stamp !== this.stamp) {
      try {
        // A token of the one role before roles landed is an Administrators token; a role this version does not know grants nothing.
        this.records = read(this.dataDir).tokens.flatMap((t) => {
          const role = tokenRole(t.role);
          return role ? [{ ...t, role }] : [];
        });
      } catch {
        this.records = []; // a damaged file grants nothing
      }
      this.stamp = stamp;
    }
    return this.records;
  }

  /** The token's record, or null. Constant-time comparison of the hashes. */
  verify(token: string): ScriptTokenRecord | null {
    if (!token.startsWith(PREFIX)) return null;
    const h = Buffer.from(hash(token), 'hex');
    for (const r of this.load()) {
      const other = Buffer.from(r.sha256, 'hex');
      if (other.length === h.length && timingSafeEqual(other, h)) return r;
    }
    return null;
  }

  list(): Omit<ScriptTokenRecord, 'sha256'>[] {
    return this.load().map(({ sha256: _sha256, ...t }) => t);
  }
}
