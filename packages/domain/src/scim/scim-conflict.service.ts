import { DomainError } from '../errors.js';
import { isId, newId } from '../ids.js';
import type { TenantScope } from '../tenancy/with-tenant.js';

export type ConflictStatus = 'open' | 'linked' | 'resolved' | 'dismissed';

/** An IdP create refused because a console user holds the login ID (design.md §1, "only its users"). */
export interface ScimConflict {
  id: string;
  userName: string;
  consoleUserId: string;
  /** open → linked (an admin hands the user over) → resolved (the IdP's create took it over); or dismissed. */
  status: ConflictStatus;
  attempts: number;
  firstAt: Date;
  lastAt: Date;
  /** Who linked or dismissed it. */
  decidedBy: string | null;
}

const columns = `id, user_name as "userName", console_user_id as "consoleUserId", status, attempts,
  first_at as "firstAt", last_at as "lastAt", decided_by as "decidedBy"`;

const toConflict = (row: ScimConflict): ScimConflict => ({
  ...row,
  firstAt: new Date(row.firstAt),
  lastAt: new Date(row.lastAt),
});

const notFound = (id: string) =>
  new DomainError('scim.conflict_not_found', `No open conflict with id ${id}`, { id });

/**
 * The conflict inbox. Under "Only users created by your identity provider", every IdP create refused
 * because a console user holds the login ID is recorded here (one row per login ID, counting
 * attempts). An admin links it — the IdP's next create of that login ID takes the console user over
 * (same id, audited) — or dismisses it, and the IdP keeps getting 409.
 */
export class ScimConflictService {
  constructor(private readonly scope: TenantScope) {}

  /** Newest activity first. */
  async list(status?: ConflictStatus): Promise<ScimConflict[]> {
    const rows = await this.scope.sql<ScimConflict>(
      `select ${columns} from scim_conflict where tenant_id = ?${status ? ' and status = ?' : ''}
        order by last_at desc, id desc limit 200`,
      status ? [this.scope.tenantId, status] : [this.scope.tenantId],
    );
    return rows.map(toConflict);
  }

  /** Hand the console user to the IdP: its next create of this login ID takes the user over. */
  async link(id: string): Promise<ScimConflict> {
    return this.decide(id, 'linked', 'scim.conflict.link');
  }

  /** Keep the user console-managed: the IdP keeps getting 409 for this login ID. */
  async dismiss(id: string): Promise<ScimConflict> {
    return this.decide(id, 'dismissed', 'scim.conflict.dismiss');
  }

  private async decide(id: string, status: 'linked' | 'dismissed', action: string): Promise<ScimConflict> {
    if (!isId(id)) throw notFound(id);
    const [row] = await this.scope.sql<ScimConflict>(
      `update scim_conflict set status = ?, decided_by = ?
        where tenant_id = ? and id = ? and status = 'open' returning ${columns}`,
      [status, this.scope.context.actor.label, this.scope.tenantId, id],
    );
    if (!row) throw notFound(id);
    this.scope.audit({
      action,
      targetType: 'user',
      targetId: row.consoleUserId,
      changes: {
        conflict: { before: 'open', after: status },
        userName: { before: row.userName, after: row.userName },
      },
    });
    return toConflict(row);
  }
}

/**
 * Called by the user service inside an IdP create that collides with a console user: whether an
 * admin linked this login ID (then the create takes the user over), and otherwise how to record the
 * refusal (after the rollback, in its own transaction; the first one is audited).
 */
export const conflictInbox = {
  async linkedFor(scope: TenantScope, userName: string): Promise<boolean> {
    const rows = await scope.sql(
      `update scim_conflict set status = 'resolved', last_at = now()
        where tenant_id = ? and user_name_key = lower(?) and status = 'linked' returning id`,
      [scope.tenantId, userName],
    );
    return rows.length > 0;
  },

  /** `userName` as the IdP sent it; `consoleUserId` the user holding it. */
  recordAfterRollback(scope: TenantScope, userName: string, consoleUserId: string): void {
    scope.onRollback(async (own) => {
      const [row] = await own.sql<{ inserted: boolean }>(
        `insert into scim_conflict (tenant_id, id, user_name, user_name_key, console_user_id)
         values (?, ?, ?, lower(?), ?)
         on conflict (tenant_id, user_name_key) do update
           set attempts = scim_conflict.attempts + 1, last_at = now(), user_name = excluded.user_name,
               console_user_id = excluded.console_user_id
         returning (xmax = 0) as inserted`,
        [own.tenantId, newId(), userName, userName, consoleUserId],
      );
      if (row?.inserted)
        own.audit({
          action: 'scim.conflict.open',
          targetType: 'user',
          targetId: consoleUserId,
          outcome: 'refused',
          changes: { userName: { before: userName, after: userName } },
        });
    });
  },
};
