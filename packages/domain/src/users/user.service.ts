import type { AttributeChange } from '../audit/audit-event.entity.js';
import { CustomAttributeService } from './custom-attribute.service.js';
import {
  checkCustomValues,
  missingRequired,
  type CustomAttribute,
  type CustomValues,
} from './custom-attribute.js';
import { raw, type EntityManager, type FilterQuery, type QueryBuilder } from '@mikro-orm/postgresql';
import { diffAttributes } from '../audit/diff.js';
import { constraintError } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId, newId, uuidArray } from '../ids.js';
import { maxPageSize, type Page, type PageRequest } from '../paging.js';
import { assertSearchable, parseInput } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { User, type Origin } from './user.entity.js';
import { toFilterQuery } from './user-query.js';
import { fromUserRow, idpSees, resolvedManager, userColumns, userInsert, userUpdate } from './user-rows.js';
import { DeprovisioningBrake } from '../scim/deprovisioning-brake.js';
import { dependentVersions, managerKeys } from '../database/dependent-versions.js';
import { conflictInbox } from '../scim/scim-conflict.service.js';
import { assertConsoleMayChange } from '../scim/managed-by-idp.js';
import {
  blankUserAttributes,
  newUserSchema,
  userAttributesSchema,
  userChangeSchema,
  type NewUser,
  type UserChange,
} from './user.rules.js';
import { toUserSnapshot, userAttributeNames, type UserRef, type UserSnapshot } from './user.snapshot.js';
import type { UserOrder, UserWhere } from './user.where.js';

/** A change, or a pure function computing one from the current state inside the write transaction. */
export type UserMutation = UserChange | ((current: UserSnapshot) => UserChange);

export interface WriteOptions {
  /** The version the caller last saw (SCIM If-Match); a different current version → `version_mismatch`. */
  ifVersion?: number | undefined;
}

/** What the audit trail compares: the attributes plus who manages the user. */
const auditedNames = [...userAttributeNames, 'managedBy'] as const;

const notFound = (id: string) => new DomainError('user.not_found', `No user with id ${id}`, { id });
const userNameTaken = (userName: string) =>
  new DomainError('user.username_taken', `A user with userName "${userName}" already exists`, { userName });
const heldByConsole = (userName: string) =>
  new DomainError(
    'user.username_held_by_console',
    `A user created in the Rollcall console already has userName "${userName}". This identity provider may ` +
      'manage only the users it created: an admin can hand that user over to it, or set "Which users the IdP ' +
      'may see and manage" to "All users" in Identity & Security.',
    { userName },
  );
/** A group as a user's `groups` attribute names it. */
export interface GroupRef {
  id: string;
  displayName: string;
}

const keptConsoleManaged = (userName: string) =>
  new DomainError(
    'user.kept_console_managed',
    `"${userName}" is a user created in the Rollcall console that an admin chose to keep console-managed, so ` +
      'this identity provider may not take it over. An admin can hand it over in Identity & Security.',
    { userName },
  );

/** A console user an IdP could take over, for the takeover preview. */
export interface TakeoverCandidate {
  id: string;
  userName: string;
  displayName: string | null;
  keepConsoleManaged: boolean;
  /** The IdP already tried to create this login ID (it is in the conflict inbox). */
  idpAttempted: boolean;
}

export class UserService {
  constructor(private readonly scope: TenantScope) {}

  private get idp() {
    const { actor } = this.scope.context;
    return actor.kind === 'idp' ? actor : undefined;
  }

  /** Who creates decides the origin: an IdP's users are IdP-managed from the start. */
  private get actorOrigin(): Origin {
    return this.idp ? 'idp' : 'console';
  }

  /**
   * Under "Only users created by your identity provider", users the console manages do not exist for
   * the IdP: not found by id, never listed, never matched by a filter (`idpSees`).
   */
  private get idpUsersOnly(): boolean {
    return this.idp?.userScope === 'idp_users_only';
  }

  /**
   * Creates a user. When an IdP creates a userName that exists (case-insensitively):
   * - a deactivated user the IdP manages is revived in place (same id) with the new attributes;
   * - a console user is taken over (becomes IdP-managed, same id, audited) under "All users", and
   *   refused with `user.username_held_by_console` under "Only users created by your identity provider";
   * - otherwise `user.username_taken`. Concurrent creates are decided by the unique index.
   * Errors: `invalid_input`, `user.username_taken`, `user.username_held_by_console`.
   */
  async create(input: NewUser): Promise<UserSnapshot> {
    return (await this.createReturning(input, false)).user;
  }

  /** `create`, with the user's groups (a user an IdP revives or takes over may have some). */
  async createWithGroups(input: NewUser): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    return this.createReturning(input, true);
  }

  private async createReturning(
    input: NewUser,
    withGroups: boolean,
  ): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    const attributes = parseInput(newUserSchema, input);
    attributes.customAttributes = await this.checkedCustom(attributes.customAttributes ?? {});
    if (this.idp) {
      const existing = await this.lockWhere(
        'u.user_name_key = lower(?)',
        [attributes.userName],
        false,
        withGroups,
      );
      if (existing)
        return {
          user: await this.claim(existing.user, { ...blankUserAttributes(), ...attributes }),
          groups: existing.groups,
        };
    }
    const now = new Date();
    const user: UserSnapshot = {
      ...blankUserAttributes(),
      ...attributes,
      id: newId(),
      origin: this.actorOrigin,
      managedBy: this.actorOrigin,
      keepConsoleManaged: false,
      version: 1,
      createdAt: now,
      updatedAt: now,
      managerUser: null,
    };
    const insert = userInsert(this.scope.tenantId, user);
    this.scope.defer(insert.query, insert.params, userNameTakenOn(attributes.userName));
    this.scope.audit({
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      changes: await this.perCustomAttribute(diffAttributes(null, user, auditedNames)),
    });
    // Reports that named this user before it existed now resolve their manager to it.
    dependentVersions.reportsOf(this.scope, managerKeys(user), user.id);
    return { user: await this.withManager(user), groups: [] };
  }

  /** An IdP's create that found an existing user with its userName (see `create`). */
  private async claim(user: UserSnapshot, attributes: UserChange): Promise<UserSnapshot> {
    const idp = this.idp!;
    if (user.managedBy === 'console') {
      // Under "only its users", or for a user an admin kept console-managed, the IdP may take over only
      // what an admin handed over in the conflict inbox; anything else is refused and listed there.
      const mayTakeOver = idp.userScope === 'all_users' && !user.keepConsoleManaged;
      if (!mayTakeOver && !(await conflictInbox.linkedFor(this.scope, user.userName))) {
        conflictInbox.recordAfterRollback(this.scope, attributes.userName ?? user.userName, user.id);
        throw idp.userScope === 'all_users'
          ? keptConsoleManaged(user.userName)
          : heldByConsole(user.userName);
      }
      return this.write(user, attributes, 'user.takeover', { keepConsoleManaged: false });
    }
    if (user.active) throw userNameTaken(user.userName);
    return this.write(user, attributes, 'user.revive');
  }

  /** Errors: `user.not_found` (also for ids that are not UUIDs). */
  async get(id: string): Promise<UserSnapshot> {
    return (await this.read(id, false)).user;
  }

  /**
   * A user and its groups in one statement (SCIM GET returns both, RFC 7643 §4.1.2).
   * Errors: `user.not_found`.
   */
  async getWithGroups(id: string): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    const { user, groups } = await this.read(id, true);
    return { user, groups: groups ?? [] };
  }

  private async read(id: string, withGroups: boolean): Promise<{ user: UserSnapshot; groups?: GroupRef[] }> {
    if (!isId(id)) throw notFound(id);
    // The groups through `rollcall_user_groups`, whose plan PostgreSQL keeps (ReadFunctions migration).
    const groups = withGroups ? `, rollcall_user_groups(u.tenant_id, u.id) as "groups"` : '';
    const [row] = await this.scope.sql(
      `select ${userColumns('u')}${groups} from directory_user u
        where u.tenant_id = ? and u.id = ? and ${idpSees('u', this.idpUsersOnly)}`,
      [this.scope.tenantId, id],
    );
    if (!row) throw notFound(id);
    return { user: fromUserRow(row), ...(withGroups ? { groups: row['groups'] as GroupRef[] } : {}) };
  }

  /**
   * Users matching `where`, ordered by `order` then id (a stable order, so paging never skips or repeats).
   * With `page.after`, keyset paging by id: the cost of a page does not grow with its depth.
   */
  async search(where: UserWhere, page: PageRequest, order?: UserOrder): Promise<Page<UserSnapshot>> {
    const { groups: _groups, ...result } = await this.searchRows(where, page, order, false);
    return result;
  }

  /**
   * `search`, with each user's groups read in the same statement (a SCIM list returns them; a GraphQL
   * page when its query asks for them: `withGroups`).
   */
  async searchWithGroups(
    where: UserWhere,
    page: PageRequest,
    order?: UserOrder,
    { withGroups = true }: { withGroups?: boolean } = {},
  ): Promise<Page<UserSnapshot> & { groups: Map<string, GroupRef[]> }> {
    return this.searchRows(where, page, order, withGroups);
  }

  private async searchRows(
    where: UserWhere,
    page: PageRequest,
    order: UserOrder | undefined,
    withGroups: boolean,
  ): Promise<Page<UserSnapshot> & { groups: Map<string, GroupRef[]> }> {
    const limit = Math.min(Math.max(page.limit, 0), maxPageSize);
    if (page.after !== undefined && !isId(page.after))
      throw new DomainError('invalid_input', 'The cursor is not valid');
    const keyset = page.after !== undefined;
    // Raw fragments (multi-valued conditions) are single-use in MikroORM: build the query per statement.
    // The statements are rendered (values escaped by the driver) and sent with scope.sql, which is
    // what lets a read go in one round trip.
    const matching = (em: EntityManager) =>
      em
        .createQueryBuilder(User, 'u')
        .where({ $and: [{ tenantId: this.scope.tenantId }, toFilterQuery(where)] } as FilterQuery<User>)
        .andWhere(idpSees('u', this.idpUsersOnly));
    const orderBy =
      keyset || !order
        ? { id: 'asc' as const }
        : order.custom
          ? { [raw(customSortKey(order.custom))]: order.direction, id: 'asc' as const }
          : { [order.field]: order.direction, id: 'asc' as const };
    const offset = keyset ? 0 : (page.offset ?? 0);
    // An unfiltered page's total is a column of its own statement: one round trip, not two.
    const totalInPage = page.withTotal === true && isUnfiltered(where);
    const columns =
      userColumns('u') +
      (withGroups ? `, rollcall_user_groups(u.tenant_id, u.id) as "groups"` : '') +
      (totalInPage ? `, ${directorySize(this.idpUsersOnly)} as "directorySize"` : '');
    const lookup = keyset || !order ? indexedLookup(where) : undefined;
    // By id, unfiltered or on one indexed key (an IdP's lookup, a list page): written SQL, not a query
    // builder rendered per request (a tenth of the server's time on lookups in the profile).
    const byId = lookup
      ? { sql: (a: string) => `and ${a}.${lookup.column} = ?`, values: [lookup.value] }
      : (keyset || !order) && isUnfiltered(where)
        ? { sql: () => '', values: [] }
        : undefined;
    const sees = (a: string) => idpSees(a, this.idpUsersOnly);
    const rows =
      limit === 0
        ? []
        : byId && offset === 0
          ? await this.scope.sql(
              `select ${columns} from directory_user u
                where u.tenant_id = ? ${byId.sql('u')} and ${sees('u')} ${keyset ? 'and u.id > ?' : ''}
                order by u.id limit ?`,
              [
                this.scope.tenantId,
                ...byId.values,
                ...(keyset ? [page.after] : []),
                keyset ? limit + 1 : limit,
              ],
            )
          : byId
            ? // Deep in the directory: the rows skipped are found on the index alone (a deferred join),
              // and only the page's rows are read whole.
              await this.scope.sql(
                `select ${columns} from directory_user u
                  where u.tenant_id = ? and u.id in (
                        select k.id from directory_user k where k.tenant_id = ? ${byId.sql('k')} and ${sees('k')}
                         order by k.id limit ? offset ?)
                  order by u.id`,
                [this.scope.tenantId, this.scope.tenantId, ...byId.values, limit, offset],
              )
            : await this.scope.sqlOf((em) =>
                matching(em)
                  .select(raw(columns))
                  .andWhere(keyset ? { id: { $gt: page.after } } : {})
                  .orderBy(orderBy)
                  .limit(keyset ? limit + 1 : limit)
                  .offset(offset),
              );
    const more = keyset && rows.length > limit;
    const items = rows.slice(0, limit).map(fromUserRow);
    // A short page ends the result: no count needed (every filter lookup by userName, externalId, email).
    const complete = !keyset && limit > 0 && rows.length < limit && (offset === 0 || rows.length > 0);
    const total = !page.withTotal
      ? null
      : complete
        ? offset + rows.length
        : totalInPage && rows.length > 0
          ? Number(rows[0]!['directorySize'])
          : await this.countMatching(where, lookup, matching);
    const groups = new Map(
      withGroups ? rows.slice(0, limit).map((row) => [row['id'] as string, row['groups'] as GroupRef[]]) : [],
    );
    return { items, total, nextCursor: more ? (items.at(-1)?.id ?? null) : null, groups };
  }

  /** How many users match `where` as the caller sees them: kept by trigger when unfiltered, else counted. */
  private async countMatching(
    where: UserWhere,
    lookup: { column: string; value: string } | undefined,
    matching: (em: EntityManager) => QueryBuilder<User, 'u'>,
  ): Promise<number> {
    const idpOnly = this.idpUsersOnly;
    const [row] = isUnfiltered(where)
      ? await this.scope.sql<{ count: string }>(`select ${directorySize(idpOnly)} as count`)
      : lookup
        ? await this.scope.sql<{ count: string }>(
            `select count(*) as count from directory_user u
              where u.tenant_id = ? and u.${lookup.column} = ? and ${idpSees('u', idpOnly)}`,
            [this.scope.tenantId, lookup.value],
          )
        : await this.scope.sqlOf<{ count: string }>((em) => matching(em).select(raw('count(*) as count')));
    return Number(row?.count ?? 0);
  }

  /**
   * Read, change and write one user in this transaction, with the row locked (`SELECT … FOR UPDATE`),
   * so concurrent mutators are applied one after the other and none is lost. A mutator sees the
   * current state. A change that changes nothing writes nothing and keeps the version. An IdP changing
   * a console-managed user (possible under "All users") takes it over.
   * Errors: `user.not_found`, `version_mismatch`, `invalid_input`, `user.username_taken`,
   * `user.managed_by_idp` (the console changing what an IdP manages).
   */
  async update(id: string, mutation: UserMutation, options: WriteOptions = {}): Promise<UserSnapshot> {
    return (await this.updateReturning(id, mutation, options, false)).user;
  }

  /** `update`, with the user's groups (read with the lock: a user's write never changes them). */
  async updateWithGroups(
    id: string,
    mutation: UserMutation,
    options: WriteOptions = {},
  ): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    return this.updateReturning(id, mutation, options, true);
  }

  private async updateReturning(
    id: string,
    mutation: UserMutation,
    options: WriteOptions,
    withGroups: boolean,
  ): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    const { user, groups } = await this.lock(id, options, withGroups);
    await assertConsoleMayChange(this.scope, {
      managedBy: user.managedBy,
      kind: 'user',
      name: user.userName,
    });
    const change =
      typeof mutation === 'function' ? mutation(toUserSnapshot(user, user.managerUser)) : mutation;
    if (this.idp && !this.idp.selfCheck && user.active && change.active === false)
      await new DeprovisioningBrake(this.scope, this.idp).admit(user);
    const takeover = this.idp !== undefined && user.managedBy === 'console';
    return { user: await this.write(user, change, takeover ? 'user.takeover' : 'user.update'), groups };
  }

  /**
   * Write a change to a locked user. The statements need no answer, so they ride along with the
   * transaction's next statement or its COMMIT (TenantScope.defer): a SCIM PATCH is two round trips.
   */
  private async write(
    before: UserSnapshot,
    input: UserChange,
    action: string,
    /** What else the write sets (a takeover from the conflict inbox ends "keep console-managed"). */
    extra: Partial<Pick<UserSnapshot, 'keepConsoleManaged'>> = {},
  ): Promise<UserSnapshot> {
    const change = parseInput(userChangeSchema, input);
    if (change.customAttributes !== undefined)
      change.customAttributes = await this.checkedCustom(change.customAttributes);
    // The result must be a valid user as a whole, not just a valid change.
    parseInput(userAttributesSchema, { ...before, ...change });
    // An IdP writing a user manages it from now on.
    const after: UserSnapshot = {
      ...before,
      ...change,
      ...extra,
      ...(this.idp ? { managedBy: 'idp' as const } : {}),
    };
    const changes = diffAttributes(before, after, auditedNames);
    if (Object.keys(changes).length === 0) return before;
    const written: UserSnapshot = { ...after, version: before.version + 1, updatedAt: new Date() };
    const fields = Object.keys(changes) as (keyof UserSnapshot)[];
    if (written.keepConsoleManaged !== before.keepConsoleManaged) fields.push('keepConsoleManaged');
    const update = userUpdate(this.scope.tenantId, written, fields);
    this.scope.defer(update.query, update.params, userNameTakenOn(written.userName));
    this.scope.audit({
      action,
      targetType: 'user',
      targetId: before.id,
      changes: await this.perCustomAttribute(changes),
    });
    // What other resources return of this user: its name in its groups, and as a manager.
    if (changes.displayName || changes.userName) dependentVersions.groupsOf(this.scope, before.id);
    if (changes.displayName || changes.userName || changes.externalId || changes.employeeNumber)
      dependentVersions.reportsOf(this.scope, [...managerKeys(before), ...managerKeys(written)], before.id);
    return changes.manager ? this.withManager(written) : written;
  }

  /**
   * Deletes a user; its group memberships go with it.
   * Errors: `user.not_found`, `version_mismatch`, `user.managed_by_idp` (from the console).
   */
  async remove(id: string, options: WriteOptions = {}): Promise<void> {
    const { user } = await this.lock(id, options);
    await assertConsoleMayChange(this.scope, {
      managedBy: user.managedBy,
      kind: 'user',
      name: user.userName,
    });
    if (this.idp && !this.idp.selfCheck) await new DeprovisioningBrake(this.scope, this.idp).admit(user);
    this.scope.audit({
      action: 'user.delete',
      targetType: 'user',
      targetId: id,
      changes: diffAttributes(user, null, auditedNames),
    });
    dependentVersions.groupsOf(this.scope, user.id);
    dependentVersions.reportsOf(this.scope, managerKeys(user), user.id);
    this.scope.defer('delete from directory_user where tenant_id = ? and id = ?', [
      this.scope.tenantId,
      user.id,
    ]);
  }

  /**
   * The takeover preview: console-managed users an IdP would take over under "All users" when it
   * provisions the same login ID (case-insensitively) — those it already tried to create first.
   */
  async takeoverPreview(limit = 500): Promise<{ total: number; users: TakeoverCandidate[] }> {
    const [{ total }] = (await this.scope.sql<{ total: number }>(
      `select count(*)::int as total from directory_user where tenant_id = ? and managed_by = 'console'`,
      [this.scope.tenantId],
    )) as [{ total: number }];
    const users = await this.scope.sql<TakeoverCandidate>(
      `select u.id, u.user_name as "userName", u.display_name as "displayName",
              u.keep_console_managed as "keepConsoleManaged",
              exists (select 1 from scim_conflict c where c.tenant_id = u.tenant_id
                        and c.user_name_key = u.user_name_key and c.status in ('open', 'dismissed')) as "idpAttempted"
         from directory_user u where u.tenant_id = ? and u.managed_by = 'console'
        order by 5 desc, u.user_name_key limit ?`,
      [this.scope.tenantId, Math.min(Math.max(limit, 0), 1000)],
    );
    return { total, users };
  }

  /**
   * Exclude a console user from IdP takeover, or include it again (audited).
   * Errors: `user.not_found`, `invalid_input` (an IdP-managed user is not the console's to keep).
   */
  async setKeepConsoleManaged(id: string, keep: boolean): Promise<UserSnapshot> {
    const { user } = await this.lock(id, {});
    if (user.managedBy !== 'console')
      throw new DomainError('invalid_input', `${user.userName} is already managed by the identity provider`);
    if (user.keepConsoleManaged === keep) return user;
    this.scope.audit({
      action: keep ? 'user.keep_console_managed' : 'user.allow_takeover',
      targetType: 'user',
      targetId: user.id,
      changes: { keepConsoleManaged: { before: !keep, after: keep } },
    });
    const written: UserSnapshot = {
      ...user,
      keepConsoleManaged: keep,
      version: user.version + 1,
      updatedAt: new Date(),
    };
    const update = userUpdate(this.scope.tenantId, written, ['keepConsoleManaged']);
    this.scope.defer(update.query, update.params);
    return written;
  }

  /**
   * The tenant's declared custom attributes: the IdP's actor carries them (checked live by
   * `rollcall_enter`'s schema version), anyone else reads them.
   */
  private async declared(): Promise<readonly CustomAttribute[]> {
    return this.idp?.customSchema?.attributes ?? (await new CustomAttributeService(this.scope).list());
  }

  /** Custom values checked against the declarations (custom-attribute.ts), required ones present. */
  private async checkedCustom(values: Record<string, unknown>): Promise<CustomValues> {
    const declared = await this.declared();
    if (declared.length === 0 && Object.keys(values).length === 0) return {};
    const checked = checkCustomValues(values, declared);
    const missing = missingRequired(checked, declared);
    if (missing.length > 0)
      throw new DomainError('invalid_input', `Required attributes are missing: ${missing.join(', ')}`);
    return checked;
  }

  /** The audit trail names each custom attribute that changed (`urn:…:User:badgeNumber`), not their set. */
  private async perCustomAttribute(
    changes: Record<string, AttributeChange>,
  ): Promise<Record<string, AttributeChange>> {
    const custom = changes['customAttributes'];
    if (!custom) return changes;
    const { customAttributes: _, ...rest } = changes;
    const before = (custom.before ?? {}) as CustomValues;
    const after = (custom.after ?? {}) as CustomValues;
    for (const attribute of await this.declared()) {
      const was = before[attribute.id] ?? null;
      const is = after[attribute.id] ?? null;
      if (JSON.stringify(was) !== JSON.stringify(is))
        rest[`${attribute.schema}:${attribute.name}`] = { before: was, after: is };
    }
    return rest;
  }

  /** The groups a user belongs to (SCIM's read-only `groups` attribute, RFC 7643 §4.1.2). */
  async groupsOf(id: string): Promise<GroupRef[]> {
    return (await this.getWithGroups(id)).groups;
  }

  /** Groups of several users in one query (a list page), keyed by user id. Invisible users get none. */
  async groupsOfMany(ids: readonly string[]): Promise<Map<string, { id: string; displayName: string }[]>> {
    const wanted = ids.filter(isId);
    const result = new Map<string, { id: string; displayName: string }[]>();
    if (wanted.length === 0) return result;
    const rows = await this.scope.sql<{ userId: string; id: string; displayName: string }>(
      `select m.user_id as "userId", g.id, g.display_name as "displayName"
         from group_member m join directory_group g on g.tenant_id = m.tenant_id and g.id = m.group_id
        where m.tenant_id = ? and m.user_id = any(?::uuid[]) order by g.display_name_key, g.id`,
      [this.scope.tenantId, uuidArray(wanted)],
    );
    for (const { userId, id, displayName } of rows) {
      const list = result.get(userId) ?? [];
      list.push({ id, displayName });
      result.set(userId, list);
    }
    return result;
  }

  /** The user `id` as the caller may see it, locked for this transaction (`SELECT … FOR UPDATE`). */
  private async lock(
    id: string,
    { ifVersion }: WriteOptions,
    withGroups = false,
  ): Promise<{ user: UserSnapshot; groups: GroupRef[] }> {
    const found = isId(id) ? await this.lockWhere('u.id = ?', [id], true, withGroups) : undefined;
    if (!found) throw notFound(id);
    const { user } = found;
    if (ifVersion !== undefined && user.version !== ifVersion) {
      throw new DomainError('version_mismatch', `The user is at version ${user.version}, not ${ifVersion}`, {
        current: user.version,
      });
    }
    return found;
  }

  /**
   * The user matching `condition`, locked; `visibleOnly`: only one the caller may see (`idpSees`);
   * `withGroups`: its groups in the same statement (else none are read).
   */
  private async lockWhere(
    condition: string,
    params: unknown[],
    visibleOnly: boolean,
    withGroups: boolean,
  ): Promise<{ user: UserSnapshot; groups: GroupRef[] } | undefined> {
    const groups = withGroups ? `, rollcall_user_groups(u.tenant_id, u.id) as "groups"` : '';
    const [row] = await this.scope.sql(
      `select ${userColumns('u')}${groups} from directory_user u
        where u.tenant_id = ? and ${condition} and ${idpSees('u', visibleOnly && this.idpUsersOnly)}
        for update of u`,
      [this.scope.tenantId, ...params],
    );
    return row
      ? { user: fromUserRow(row), groups: (row['groups'] as GroupRef[] | undefined) ?? [] }
      : undefined;
  }

  /** A written user's snapshot, with its manager resolved as a read would (one query, only if set). */
  private async withManager(user: UserSnapshot): Promise<UserSnapshot> {
    if (user.manager === null) return { ...user, managerUser: null };
    const [row] = await this.scope.sql<{ managerUser: UserRef | null }>(
      `select ${resolvedManager('u')} as "managerUser"
         from directory_user u where u.tenant_id = ? and u.id = ?`,
      [this.scope.tenantId, user.id],
    );
    return { ...user, managerUser: row?.managerUser ?? null };
  }
}

/** A write's refusal by the userName index, as the domain's `user.username_taken`. */
const userNameTakenOn =
  (userName: string) =>
  (error: unknown): unknown =>
    constraintError(error, {
      user_name_key: () => userNameTaken(userName),
      // A custom attribute declared unique (uniqueness "server"): the trigger's index decides races.
      custom_attribute_value_unique_idx: () =>
        new DomainError(
          'user.custom_value_taken',
          'Another user already has this value of a unique custom attribute',
        ),
    });

/** The indexed keys an IdP looks a user up by (SCIM filters `userName eq`, `externalId eq`, work email). */
const lookupColumns: Partial<Record<string, string>> = {
  userNameKey: 'user_name_key',
  externalId: 'external_id',
  workEmailKey: 'work_email_key',
};

/**
 * An IdP's lookup — one indexed key equal to one value — as its column and value, so its statement is
 * written directly: the query builder's rendering cost a tenth of the server's time on lookups
 * (profile of `pnpm bench`, 2026-12-04). Anything else goes through the query builder.
 */
function indexedLookup(where: UserWhere): { column: string; value: string } | undefined {
  const keys = Object.keys(where);
  if (keys.length !== 1) return undefined;
  const column = lookupColumns[keys[0]!];
  const value = (where as Record<string, unknown>)[keys[0]!];
  if (!column || typeof value !== 'string') return undefined;
  assertSearchable(where);
  return { column, value };
}

/** A user's smallest value of a custom attribute, to sort by (PostgreSQL puts nulls last ascending). */
function customSortKey({ attribute, type }: NonNullable<UserOrder['custom']>): string {
  if (!isId(attribute)) throw new DomainError('invalid_input', 'Not a custom attribute id');
  const column = {
    string: 'text_key',
    uuid: 'text_key',
    integer: 'number',
    decimal: 'number',
    boolean: 'flag',
    dateTime: 'at',
  }[type];
  // The id is a checked UUID: inlined, so the statement text (and its prepared plan) is per attribute.
  return `(select min(v.${column}${type === 'boolean' ? '::int' : ''}) from custom_attribute_value v
            where v.tenant_id = u.tenant_id and v.user_id = u.id and v.attribute_id = '${attribute}')`;
}

const isUnfiltered = (where: UserWhere): boolean => Object.values(where).every((v) => v === undefined);

/**
 * How many users the caller sees in the whole directory, as a scalar subquery: kept by trigger
 * (Migration20261204000000UserCounts), nothing to count. The tenant is the one `rollcall_enter` set
 * (what row-level security checks too), so the expression needs no value of its own.
 */
const directorySize = (idpUsersOnly: boolean): string =>
  `(select coalesce(sum(delta), 0) from directory_user_count
     where tenant_id = nullif(current_setting('rollcall.tenant_id', true), '')::uuid
       and ${idpUsersOnly ? `managed_by = 'idp'` : 'true'})`;
