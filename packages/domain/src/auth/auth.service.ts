import { createHash } from 'node:crypto';
import { Admin } from '../admins/admin.entity.js';
import { ApiKey } from '../admins/api-key.entity.js';
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
const touchAfterMs = 60_000;

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

  /** The admin a session secret belongs to, or null when unknown or expired. */
  async session(secret: string): Promise<Principal | null> {
    const session = await this.em.findOne(Session, {
      idHash: hashSecret(secret),
      expiresAt: { $gt: new Date() },
    });
    if (!session) return null;
    const admin = await this.em.findOne(Admin, { id: session.adminId });
    if (!admin) return null;
    if (Date.now() - session.lastSeenAt.getTime() > touchAfterMs) {
      session.lastSeenAt = new Date();
      await this.em.flush();
    }
    return { kind: 'admin', id: admin.id, role: admin.role, label: admin.email };
  }

  /** End a session (unknown secrets are ignored: signing out twice is fine). */
  async logout(secret: string): Promise<void> {
    await this.em.nativeDelete(Session, { idHash: hashSecret(secret) });
  }

  /** The key an API-key secret belongs to, or null when unknown or revoked. */
  async apiKey(secret: string): Promise<Principal | null> {
    const key = await this.em.findOne(ApiKey, { secretHash: hashSecret(secret), revokedAt: null });
    if (!key) return null;
    if (!key.lastUsedAt || Date.now() - key.lastUsedAt.getTime() > touchAfterMs) {
      key.lastUsedAt = new Date();
      await this.em.flush();
    }
    return { kind: 'api_key', id: key.id, role: key.role, label: key.name };
  }
}
