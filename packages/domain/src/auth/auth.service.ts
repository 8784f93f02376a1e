import { createHash } from 'node:crypto';
import { Admin } from '../admins/admin.entity.js';
import { Session } from '../admins/session.entity.js';
import { DomainError } from '../errors.js';
import { hashPassword, hashSecret, newSecret, passwordMatches } from '../secrets.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import type { Principal } from './principal.js';
import { RateLimiter, type Window } from './rate-limit.js';

export interface LoginPolicy {
  sessionTtlSeconds: number;
  /** Failed sign-ins allowed per account, and per client address, in a window. */
  perAccount: Window;
  perAddress: Window;
}

export interface LoginResult {
  /** The session secret for the cookie: shown this once, stored only as its SHA-256. */
  secret: string;
  expiresAt: Date;
  principal: Principal;
}

/** Last-seen / last-used times are kept to the minute (a write per request would make reads writes). */
const due = (column: string) => `(${column} is null or ${column} < now() - interval '1 minute')`;

/** A credential as `credential` finds it: who it is, and the row whose last-seen time it keeps. */
export interface Credential {
  principal: Principal;
  touchDue: boolean;
  rowId: string;
}

let dummyHash: Promise<string> | undefined;

/** Sign-in, sessions and API-key authentication for the admin API. */
export class AuthService {
  private readonly limiter: RateLimiter;

  constructor(private readonly scope: TenantScope) {
    this.limiter = new RateLimiter(scope);
  }

  private get em() {
    return this.scope.em;
  }

  /**
   * Check an email and password and open a session. Failed attempts are counted per account and per
   * client address (in PostgreSQL, shared by all server processes); over either limit the answer is
   * `auth.rate_limited` with a retry time, whatever the password. An unknown email costs the same
   * argon2 work as a wrong password. Errors: `auth.invalid_credentials`, `auth.rate_limited`.
   */
  async login(
    input: { email: string; password: string; clientAddress: string | null; userAgent: string | null },
    policy: LoginPolicy,
  ): Promise<LoginResult> {
    const email = input.email.trim().toLowerCase();
    const accountKey = `login:account:${this.scope.tenantId}:${createHash('sha256').update(email).digest('hex')}`;
    const addressKey = input.clientAddress ? `login:address:${input.clientAddress}` : null;
    for (const [key, window] of [
      [accountKey, policy.perAccount],
      [addressKey, policy.perAddress],
    ] as const) {
      if (!key) continue;
      const { hits, retryAfterSeconds } = await this.limiter.hits(key, window);
      if (hits >= window.limit) {
        throw new DomainError(
          'auth.rate_limited',
          `Too many failed sign-ins. Try again in ${retryAfterSeconds} seconds.`,
          {
            retryAfterSeconds,
          },
        );
      }
    }
    const admin = await this.em.findOne(Admin, { emailKey: email });
    const valid = await passwordMatches(
      input.password,
      admin?.passwordHash ?? (await (dummyHash ??= hashPassword(newSecret('key')))),
    );
    if (!admin || !valid) {
      // Counted in a separate transaction, so the failure's own rollback does not undo it.
      this.scope.onRollback(async (scope) => {
        const limiter = new RateLimiter(scope);
        await limiter.hit(accountKey, policy.perAccount);
        if (addressKey) await limiter.hit(addressKey, policy.perAddress);
      });
      throw new DomainError('auth.invalid_credentials', 'Wrong email or password');
    }
    const secret = newSecret('sess');
    const expiresAt = new Date(Date.now() + policy.sessionTtlSeconds * 1000);
    this.em.create(Session, {
      tenantId: this.scope.tenantId,
      adminId: admin.id,
      idHash: hashSecret(secret),
      expiresAt,
      clientAddress: input.clientAddress,
      userAgent: input.userAgent?.slice(0, 512) ?? null,
    } as Session);
    admin.lastLoginAt = new Date();
    await this.em.flush();
    return {
      secret,
      expiresAt,
      principal: { kind: 'admin', id: admin.id, role: admin.role, label: admin.email },
    };
  }

  /** The admin a session secret belongs to, or null when unknown or expired; keeps its last-seen time. */
  async session(secret: string): Promise<Principal | null> {
    return this.touched(await this.credential('session', secret));
  }

  /** End a session (unknown secrets are ignored: signing out twice is fine). */
  async logout(secret: string): Promise<void> {
    await this.em.nativeDelete(Session, { idHash: hashSecret(secret) });
  }

  /** The key an API-key secret belongs to, or null when unknown or revoked; keeps its last-used time. */
  async apiKey(secret: string): Promise<Principal | null> {
    return this.touched(await this.credential('api_key', secret));
  }

  /**
   * Who a session or API-key secret is, in one statement that writes nothing (so it can be a
   * one-round-trip read): null when unknown, revoked or expired. `touchDue`: its last-seen time is
   * more than a minute old, and `session`/`apiKey` would keep it.
   */
  async credential(kind: 'session' | 'api_key', secret: string): Promise<Credential | null> {
    const [row] = await this.scope.sql<{
      id: string;
      role: Principal['role'];
      label: string;
      touchDue: boolean;
      rowId: string;
    }>(
      kind === 'api_key'
        ? `select id, id as "rowId", role, name as label, ${due('last_used_at')} as "touchDue"
             from api_key where tenant_id = ? and secret_hash = ? and revoked_at is null`
        : `select a.id, s.id as "rowId", a.role, a.email as label, ${due('s.last_seen_at')} as "touchDue"
             from admin_session s join admin a on a.tenant_id = s.tenant_id and a.id = s.admin_id
            where s.tenant_id = ? and s.id_hash = ? and s.expires_at > now()`,
      [this.scope.tenantId, hashSecret(secret)],
    );
    if (!row) return null;
    return {
      principal: {
        kind: kind === 'session' ? 'admin' : 'api_key',
        id: row.id,
        role: row.role,
        label: row.label,
      },
      touchDue: row.touchDue,
      rowId: row.rowId,
    };
  }

  private async touched(credential: Credential | null): Promise<Principal | null> {
    if (!credential) return null;
    if (credential.touchDue) {
      await this.scope.sql(
        credential.principal.kind === 'api_key'
          ? 'update api_key set last_used_at = now() where tenant_id = ? and id = ?'
          : 'update admin_session set last_seen_at = now() where tenant_id = ? and id = ?',
        [this.scope.tenantId, credential.rowId],
      );
    }
    return credential.principal;
  }
}
