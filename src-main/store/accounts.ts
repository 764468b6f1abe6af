import { randomBytes, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import type { AdminAccount } from '../contract/admin-entities.ts';
import { LabError } from '../contract/errors.ts';
import type { Role } from '../contract/roles.ts';
import type { Db } from './db.ts';
import { all, get, run } from './stmt.ts';
import { nextIdNumber } from './ids.ts';

/**
 * Password hashing: Node's crypto.scrypt (memory-hard). Parameters from the OWASP Password Storage
 * Cheat Sheet (2023, "scrypt with a minimum CPU/memory cost parameter of (2^17), a minimum block size
 * of 8 (1024 bytes), and a parallelization parameter of 1"): N = 2^17, r = 8, p = 1 → 128 MiB per
 * hash. A 16-byte salt (NIST SP 800-63B §5.1.1.2: at least 32 bits) and a 32-byte key. The stored
 * string names its parameters (`scrypt$N$r$p$salt$key`, base64url), so a later change of the
 * defaults still verifies the hashes written before it.
 */
export const SCRYPT_PARAMS = { N: 2 ** 17, r: 8, p: 1, saltBytes: 16, keyBytes: 32 } as const;
/**
 * VDI_CONSOLE_SCRYPT_N lowers N for test runs on a shared machine (a hash at 2^17 costs 1–2 s
 * there): a power of two from 2^14 up. Hashes name their N, so either kind verifies later.
 */
export function scryptCost(): number {
  const env = Number(process.env.VDI_CONSOLE_SCRYPT_N);
  return Number.isInteger(env) && env >= 2 ** 14 && env <= 2 ** 20 && (env & (env - 1)) === 0 ? env : SCRYPT_PARAMS.N;
}

/** Node refuses scrypt above 32 MiB unless told: 128 × N × r bytes plus headroom. */
function maxmem(N: number, r: number): number {
  return 128 * N * r + 16 * 1024 * 1024;
}

export function hashPassword(password: string): string {
  const { r, p, saltBytes, keyBytes } = SCRYPT_PARAMS;
  const N = scryptCost();
  const salt = randomBytes(saltBytes);
  const key = scryptSync(password.normalize('NFC'), salt, keyBytes, { N, r, p, maxmem: maxmem(N, r) });
  return `scrypt$${N}$${r}$${p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  key: Buffer;
}

function parseHash(stored: string): ParsedHash | null {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((v) => Number.isInteger(v) && v > 0) || N > 2 ** 20 || r > 32 || p > 16) return null;
  return { N, r, p, salt: Buffer.from(parts[4] as string, 'base64url'), key: Buffer.from(parts[5] as string, 'base64url') };
}

/** Constant-time comparison of the derived key with the stored one (timingSafeEqual). */
export function verifyPasswordSync(password: string, stored: string): boolean {
  const h = parseHash(stored);
  if (!h) return false;
  const key = scryptSync(password.normalize('NFC'), h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) });
  return timingSafeEqual(key, h.key);
}

export function verifyPassword(password: string, stored: string): Promise<boolean> {
  const h = parseHash(stored);
  if (!h) return Promise.resolve(false);
  return new Promise((resolve) => {
    scrypt(password.normalize('NFC'), h.salt, h.key.length, { N: h.N, r: h.r, p: h.p, maxmem: maxmem(h.N, h.r) }, (err, key) =>
      resolve(!err && timingSafeEqual(key, h.key)),
    );
  });
}

/** A hash of a random password: a login for an unknown name still costs one scrypt, so timing does not tell which names exist. */
let dummyHash: string | null = null;
export function dummyPasswordHash(): string {
  return (dummyHash ??= hashPassword(randomBytes(16).toString('hex')));
}

interface Row {
  id: string;
  name: string;
  role: Role;
  disabled: number;
  created_at: string;
  updated_at: string;
  last_login_at: string | null;
  password_hash: string;
  tenant_id?: string | null;
}

const toAccount = (r: Row): AdminAccount => ({
  id: r.id,
  name: r.name,
  role: r.role,
  disabled: r.disabled === 1,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  lastLoginAt: r.last_login_at,
  ...(r.tenant_id ? { tenantId: r.tenant_id } : {}),
});

export function accountCount(db: Db): number {
  return (get<{ n: number }>(db, 'SELECT count(*) AS n FROM admin_accounts') as { n: number }).n;
}

export function listAccounts(db: Db): AdminAccount[] {
  return all<Row>(db, 'SELECT * FROM admin_accounts ORDER BY name').map(toAccount);
}

export function getAccount(db: Db, id: string): AdminAccount | null {
  const r = get<Row>(db, 'SELECT * FROM admin_accounts WHERE id = ?', id);
  return r ? toAccount(r) : null;
}

export function mustGetAccount(db: Db, id: string): AdminAccount {
  const a = getAccount(db, id);
  if (!a) throw new LabError('not-found', `No admin account with id "${id}"`, ['id']);
  return a;
}

/** The account and its stored hash, by name (case-insensitive), for a sign-in. */
export function accountForLogin(db: Db, name: string): (AdminAccount & { passwordHash: string }) | null {
  const r = get<Row>(db, 'SELECT * FROM admin_accounts WHERE name = ?', name);
  return r ? { ...toAccount(r), passwordHash: r.password_hash } : null;
}

export function passwordHashOf(db: Db, id: string): string | null {
  return get<{ h: string }>(db, 'SELECT password_hash AS h FROM admin_accounts WHERE id = ?', id)?.h ?? null;
}

export function insertAccount(db: Db, a: { name: string; role: Role; passwordHash: string }, at: string): AdminAccount {
  if (get(db, 'SELECT 1 FROM admin_accounts WHERE name = ?', a.name)) {
    throw new LabError('conflict', `An account named "${a.name}" exists already`, ['name']);
  }
  // Numbered like every other id (store/ids.ts), so the same script on the same seed makes the same lab (found by a black-box
  // run: random ids reached the events, and two identical runs had different digests).
  let id = `acct-${nextIdNumber(db, 'account')}`;
  while (get(db, 'SELECT 1 FROM admin_accounts WHERE id = ?', id)) id = `acct-${nextIdNumber(db, 'account')}`;
  run(
    db,
    'INSERT INTO admin_accounts (id, name, role, password_hash, disabled, created_at, updated_at) VALUES (?, ?, ?, ?, 0, ?, ?)',
    id,
    a.name,
    a.role,
    a.passwordHash,
    at,
    at,
  );
  return mustGetAccount(db, id);
}

/** Enabled administrators other than `exceptId`: at least one must remain. */
export function otherEnabledAdmins(db: Db, exceptId: string, opts: { estateOnly?: boolean } = {}): number {
  // estateOnly: those not scoped to a tenant (issue 19), who can manage the whole estate.
  const scope = opts.estateOnly ? ' AND tenant_id IS NULL' : '';
  return (
    get<{ n: number }>(db, `SELECT count(*) AS n FROM admin_accounts WHERE role = 'administrators' AND disabled = 0 AND id <> ?${scope}`, exceptId) as {
      n: number;
    }
  ).n;
}

export function updateAccount(
  db: Db,
  id: string,
  set: { role?: Role; disabled?: boolean; passwordHash?: string; lastLoginAt?: string },
  at: string,
): AdminAccount {
  mustGetAccount(db, id);
  if (set.role !== undefined) run(db, 'UPDATE admin_accounts SET role = ?, updated_at = ? WHERE id = ?', set.role, at, id);
  if (set.disabled !== undefined) run(db, 'UPDATE admin_accounts SET disabled = ?, updated_at = ? WHERE id = ?', set.disabled ? 1 : 0, at, id);
  if (set.passwordHash !== undefined) run(db, 'UPDATE admin_accounts SET password_hash = ?, updated_at = ? WHERE id = ?', set.passwordHash, at, id);
  if (set.lastLoginAt !== undefined) run(db, 'UPDATE admin_accounts SET last_login_at = ? WHERE id = ?', set.lastLoginAt, id);
  return mustGetAccount(db, id);
}

export function deleteAccount(db: Db, id: string): void {
  run(db, 'DELETE FROM admin_accounts WHERE id = ?', id);
}
