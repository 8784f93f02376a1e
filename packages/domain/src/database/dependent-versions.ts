import type { TenantScope } from '../tenancy/with-tenant.js';
import { arrayLiteral } from './array-literal.js';

/**
 * A resource's version (its SCIM ETag) and `lastModified` change whenever what it returns changes —
 * also when the change happened to another resource (RFC 7644 §3.14: an ETag must change with the
 * representation). What one resource returns of another:
 * - a group lists its members with their display names;
 * - a user lists its groups with their display names;
 * - a user's manager is resolved, by id, externalId, userName or employeeNumber, to a user whose
 *   display name it returns.
 * These statements bump the dependants, set-based, inside the change's transaction; they need no
 * answer, so they are deferred (sent with the transaction's next statement or its COMMIT).
 */
export const dependentVersions = {
  /** The groups a user is a member of (the user was renamed or is being deleted). */
  groupsOf(scope: TenantScope, userId: string): void {
    scope.defer(
      `update directory_group g set version = g.version + 1, updated_at = now()
         from group_member m
        where m.tenant_id = ? and m.user_id = ? and g.tenant_id = m.tenant_id and g.id = m.group_id`,
      [scope.tenantId, userId],
    );
  },

  /** The members of a group (the group was renamed or is being deleted). */
  membersOf(scope: TenantScope, groupId: string): void {
    scope.defer(
      `update directory_user u set version = u.version + 1, updated_at = now()
         from group_member m
        where m.tenant_id = ? and m.group_id = ? and u.tenant_id = m.tenant_id and u.id = m.user_id`,
      [scope.tenantId, groupId],
    );
  },

  /**
   * The users whose manager value is one of `keys` (compared case-insensitively: a spare bump is
   * harmless, a missed one is a stale ETag), but `except` itself.
   */
  reportsOf(scope: TenantScope, keys: readonly (string | null)[], except: string): void {
    const values = [...new Set(keys.filter((k): k is string => !!k).map((k) => k.toLowerCase()))];
    if (values.length === 0) return;
    scope.defer(
      `update directory_user set version = version + 1, updated_at = now()
        where tenant_id = ? and lower(manager) = any(?::text[]) and id <> ?`,
      [scope.tenantId, arrayLiteral(values), except],
    );
  },
};

/** The values a manager reference may resolve a user by (user-rows.ts `resolvedManager`). */
export const managerKeys = (user: {
  id: string;
  externalId: string | null;
  userName: string;
  employeeNumber: string | null;
}): (string | null)[] => [user.id, user.externalId, user.userName, user.employeeNumber];
