import { DomainError } from '../errors.js';
import { newId } from '../ids.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import type { IdpActor } from './scim-auth.js';

/** How long an IdP is told to wait before retrying a held deactivation or delete. */
export const heldRetryAfterSeconds = 600;
/** The brake never trips below this many users in a window, however small the tenant. */
export const minimumBrakeLimit = 5;

interface BrakeRow {
  enabled: boolean;
  maxUsers: number;
  maxPercent: number;
  windowMinutes: number;
  heldSince: Date | null;
  released: boolean;
}

/**
 * The mass-deprovisioning brake. Before an IdP deactivates or deletes a user, `admit` counts the
 * distinct established users it deprovisioned within the window; past the limit — the smaller of
 * `maxUsers` and `maxPercent` of the tenant's users, never fewer than 5 — deprovisioning is held: this
 * and every later deactivation or delete is refused with `scim.deprovisioning_held` (SCIM 503 +
 * Retry-After, so the IdP retries and nothing is lost) until an admin releases the hold. Everything
 * else flows. The settings row is locked for the check, so concurrent deprovisions are counted one by one.
 *
 * Established means created before the window began. The brake protects the directory that was there
 * from a mis-scoped IdP; users created within the window and removed again — Microsoft's SCIM
 * validator, a "test with a few users first" rollout — are neither counted nor held (while a hold is
 * on, though, every deprovision waits for the admin).
 */
export class DeprovisioningBrake {
  constructor(
    private readonly scope: TenantScope,
    private readonly idp: IdpActor,
  ) {}

  async admit(user: { id: string; createdAt: Date }): Promise<void> {
    const tenantId = this.scope.tenantId;
    const userId = user.id;
    const [brake] = await this.scope.sql<BrakeRow>(
      `select brake_enabled as enabled, brake_max_users as "maxUsers", brake_max_percent as "maxPercent",
              brake_window_minutes as "windowMinutes", brake_held_since as "heldSince",
              coalesce(brake_released_until > now(), false) as released
         from scim_settings where tenant_id = ? for update`,
      [tenantId],
    );
    if (brake?.enabled && !brake.released && brake.heldSince)
      this.hold(`Deprovisioning has been on hold since ${new Date(brake.heldSince).toISOString()}`);
    const windowMinutes = brake?.windowMinutes ?? 60;
    // Compared with the application's clock, as `createdAt` was set by it (user.entity.ts).
    if (user.createdAt.getTime() > Date.now() - windowMinutes * 60_000) return;
    if (brake?.enabled && !brake.released) {
      const [{ recent }] = (await this.scope.sql<{ recent: number }>(
        `select count(distinct user_id)::int as recent from deprovision_event
          where tenant_id = ? and at > now() - make_interval(mins => ?) and user_id <> ?`,
        [tenantId, brake.windowMinutes, userId],
      )) as [{ recent: number }];
      if (recent + 1 > minimumBrakeLimit) {
        const limit = await this.limit(brake);
        if (recent + 1 > limit)
          this.hold(
            `${this.idp.label} deactivated or deleted ${recent} users within ${brake.windowMinutes} minutes ` +
              `(the brake allows ${limit}), so deprovisioning is now on hold`,
            true,
          );
      }
    }
    await this.scope.sql('insert into deprovision_event (tenant_id, id, user_id) values (?, ?, ?)', [
      tenantId,
      newId(),
      userId,
    ]);
  }

  private async limit(brake: BrakeRow): Promise<number> {
    // Users are counted only up to where the share reaches maxUsers (1,000 with the defaults): past
    // that the share no longer matters, and a million-user tenant is not scanned per deactivation.
    const enough = Math.ceil((brake.maxUsers * 100) / Math.max(brake.maxPercent, 1));
    const [{ users }] = (await this.scope.sql<{ users: number }>(
      'select count(*)::int as users from (select 1 from directory_user where tenant_id = ? limit ?) u',
      [this.scope.tenantId, enough],
    )) as [{ users: number }];
    const share = Math.ceil((brake.maxPercent * users) / 100);
    return Math.max(minimumBrakeLimit, Math.min(brake.maxUsers, share));
  }

  /** Refuse; after the rollback, engage the hold (once, audited) and count the held request. */
  private hold(why: string, engage = false): never {
    this.scope.onRollback(async (scope) => {
      const engaged = engage
        ? await scope.sql(
            `update scim_settings set brake_held_since = now()
              where tenant_id = ? and brake_held_since is null returning brake_held_since as "heldSince"`,
            [scope.tenantId],
          )
        : [];
      await scope.sql(
        'update scim_settings set brake_held_requests = brake_held_requests + 1 where tenant_id = ?',
        [scope.tenantId],
      );
      if (engaged.length)
        scope.audit({
          action: 'scim.deprovisioning.hold',
          targetType: 'scim_settings',
          targetId: null,
          changes: { deprovisioningHeld: { before: false, after: true } },
        });
    });
    throw new DomainError(
      'scim.deprovisioning_held',
      `${why}. Nothing was changed: an admin must release the hold in Rollcall (Identity & Security); ` +
        'retry later.',
      { retryAfterSeconds: heldRetryAfterSeconds },
    );
  }
}
