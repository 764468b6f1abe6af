import type { AdminAccount } from '../contract/admin-entities.ts';
import type { TransportKind } from '../contract/roles.ts';
import { accountCount, accountForLogin, dummyPasswordHash, updateAccount, verifyPassword } from '../store/accounts.ts';
import type { AuditLog } from '../store/audit-log.ts';
import type { Db } from '../store/db.ts';

/**
 * Sign-in checks, shared by every transport that takes a name and password (the serve login page,
 * the Horizon /rest/login, `vdi-console call --as`). Parameters from the CIS Microsoft Windows
 * Benchmark's account lockout policy (1.2.1–1.2.3: lockout threshold 5 invalid attempts, duration
 * 15 minutes, reset the counter after 15 minutes) and, per client, a throttle in the spirit of NIST
 * SP 800-63B §5.2.2 (rate limiting of failed authentication attempts).
 *
 * | situation                                             | answer                                  |
 * |-------------------------------------------------------|-----------------------------------------|
 * | right name and password, account enabled, not locked  | the account                             |
 * | wrong name or password                                | bad-credentials (same words either way) |
 * | LOCKOUT_THRESHOLD failures of one name in the window  | locked for LOCKOUT_MINUTES, right password or not |
 * | more than CLIENT_ATTEMPTS_PER_MINUTE from one client  | rate-limited, without checking           |
 * | account disabled                                      | disabled                                |
 *
 * Lockouts are not the lab's (the lab is rewound by restores, and a lockout must not be): every attempt
 * is on the audit trail as `login`, and a process meeting a name for the first time starts from that
 * name's attempts there, so a restart of the console, or another process (`vdi-console call --as`),
 * keeps a lock and counts the failures before it (found by a black-box run: a restart cleared them).
 */
export const LOGIN_PARAMS = {
  lockoutThreshold: 5,
  lockoutMinutes: 15,
  failureWindowMinutes: 15,
  clientAttemptsPerMinute: 10,
} as const;

/** The words of the attempt that locks a name (the audit row that starts a lock, read back by `seed`). */
const LOCK_STARTS = 'Wrong name or password; the account is now locked for';

export type LoginResult =
  | { ok: true; account: AdminAccount }
  | { ok: false; reason: 'bad-credentials' | 'locked' | 'rate-limited' | 'disabled'; message: string; retryAfterSeconds?: number };

export class AccountGate {
  private readonly failures = new Map<string, number[]>();
  private readonly lockedUntil = new Map<string, number>();
  private readonly clientAttempts = new Map<string, number[]>();
  /** Names whose failures and lock this process has taken from the audit trail. */
  private readonly seeded = new Set<string>();

  constructor(
    private readonly db: Db,
    private readonly audit: AuditLog,
    private readonly wallClock: () => Date,
    private readonly simTime: () => string | null,
  ) {}

  /** True once the lab has accounts: browser mode then asks for a sign-in. */
  exist(): boolean {
    return accountCount(this.db) > 0;
  }

  async login(name: string, password: string, transport: TransportKind, client: string): Promise<LoginResult> {
    const result = await this.check(name, password, client);
    let sim: string | null = null;
    try {
      sim = this.simTime();
    } catch {
      sim = null;
    }
    this.audit.append({
      wallTime: this.wallClock().toISOString(),
      simTime: sim,
      user: name.slice(0, 64),
      role: result.ok ? result.account.role : '(not signed in)',
      transport,
      method: 'login',
      input: JSON.stringify({ name: name.slice(0, 64), password: '[redacted]', client }),
      outcome: result.ok ? 'ok' : 'error',
      code: result.ok ? null : result.reason,
      message: result.ok ? null : result.message,
    });
    return result;
  }

  /** The name's recent attempts on the audit trail, once per process: its failures in the window and a lock still running. */
  private seed(key: string, now: number): void {
    if (this.seeded.has(key)) return;
    this.seeded.add(key);
    const minute = 60_000;
    const window = LOGIN_PARAMS.failureWindowMinutes * minute;
    const since = new Date(now - Math.max(window, LOGIN_PARAMS.lockoutMinutes * minute)).toISOString();
    let failures: number[] = [];
    let until = 0;
    for (const r of this.audit.loginsSince(key, since)) {
      const t = Date.parse(r.wallTime);
      if (!Number.isFinite(t)) continue;
      if (r.outcome === 'ok') failures = [];
      else if (r.code === 'bad-credentials') failures.push(t);
      else if (r.code === 'locked' && r.message?.startsWith(LOCK_STARTS)) {
        until = t + LOGIN_PARAMS.lockoutMinutes * minute;
        failures = [];
      }
    }
    failures = failures.filter((t) => t > now - window);
    if (failures.length) this.failures.set(key, failures);
    if (until > now) this.lockedUntil.set(key, until);
  }

  private async check(name: string, password: string, client: string): Promise<LoginResult> {
    const now = this.wallClock().getTime();
    const minute = 60_000;
    const recent = (this.clientAttempts.get(client) ?? []).filter((t) => t > now - minute);
    recent.push(now);
    this.clientAttempts.set(client, recent);
    if (recent.length > LOGIN_PARAMS.clientAttemptsPerMinute) {
      const retry = Math.ceil(((recent[0] as number) + minute - now) / 1000);
      return { ok: false, reason: 'rate-limited', message: `Too many sign-in attempts from this client: try again in ${retry} s`, retryAfterSeconds: retry };
    }
    const key = name.toLowerCase();
    this.seed(key, now);
    const until = this.lockedUntil.get(key) ?? 0;
    if (until > now) {
      const retry = Math.ceil((until - now) / 1000);
      return {
        ok: false,
        reason: 'locked',
        message: `The account is locked after ${LOGIN_PARAMS.lockoutThreshold} failed sign-ins: try again in ${Math.ceil(retry / 60)} min`,
        retryAfterSeconds: retry,
      };
    }
    const account = name.length <= 64 ? accountForLogin(this.db, name) : null;
    // An unknown name costs the same scrypt as a known one, so the answer's timing does not say which names exist.
    const good = await verifyPassword(password.slice(0, 1024), account?.passwordHash ?? dummyPasswordHash());
    if (!account || !good) {
      const window = LOGIN_PARAMS.failureWindowMinutes * minute;
      const list = (this.failures.get(key) ?? []).filter((t) => t > now - window);
      list.push(now);
      this.failures.set(key, list);
      if (list.length >= LOGIN_PARAMS.lockoutThreshold) {
        this.lockedUntil.set(key, now + LOGIN_PARAMS.lockoutMinutes * minute);
        this.failures.delete(key);
        return {
          ok: false,
          reason: 'locked',
          message: `${LOCK_STARTS} ${LOGIN_PARAMS.lockoutMinutes} min`,
          retryAfterSeconds: LOGIN_PARAMS.lockoutMinutes * 60,
        };
      }
      return { ok: false, reason: 'bad-credentials', message: 'Wrong name or password' };
    }
    if (account.disabled) return { ok: false, reason: 'disabled', message: 'This account is disabled' };
    this.failures.delete(key);
    const { passwordHash: _h, ...plain } = account;
    updateAccount(this.db, account.id, { lastLoginAt: this.wallClock().toISOString() }, this.wallClock().toISOString());
    return { ok: true, account: plain };
  }
}
