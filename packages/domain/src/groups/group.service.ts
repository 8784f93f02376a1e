import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { diffAttributes } from '../audit/diff.js';
import { arrayLiteral } from '../database/array-literal.js';
import { constraintError, mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId, newId, uuidArray } from '../ids.js';
import { maxPageSize, type Page, type PageRequest } from '../paging.js';
import { assertSearchable, parseInput } from '../rules.js';
import { dependentVersions } from '../database/dependent-versions.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import type { WriteOptions } from '../users/user.service.js';
import type { FieldCondition } from '../users/user.where.js';
import { Group } from './group.entity.js';
import { fromGroupRow, groupColumns, groupInsert, groupUpdate } from './group-rows.js';
import { idpSees } from '../users/user-rows.js';
import { assertConsoleMayChange } from '../scim/managed-by-idp.js';
import {
  groupChangeSchema,
  memberIdsSchema,
  newGroupSchema,
  type GroupChange,
  type NewGroup,
} from './group.rules.js';
import { groupAttributeNames, type GroupMemberRef, type GroupSnapshot } from './group.snapshot.js';

export type GroupMutation = GroupChange | ((current: GroupSnapshot) => GroupChange);

export interface MembershipResult {
  version: number;
  added: string[];
  removed: string[];
}

/** The net membership change a request asks for, in user ids (as SCIM's planGroupPatch produces). */
export interface MembershipPlan {
  /** When set, the members become exactly these, and `add`/`remove` are ignored. */
  replace: string[] | null;
  add: string[];
  remove: string[];
}

/** Columns a group search may filter on (`displayNameKey` is lower-cased and indexed). */
export type GroupField =
  | 'id'
  | 'displayName'
  | 'displayNameKey'
  | 'externalId'
  | 'origin'
  | 'managedBy'
  | 'createdAt'
  | 'updatedAt';

/** A typed, plain where-object over groups (the same operator vocabulary as UserWhere). */
export type GroupWhere = { [K in GroupField]?: string | Date | null | FieldCondition } & {
  $and?: GroupWhere[];
  $or?: GroupWhere[];
  $not?: GroupWhere;
};

const notFound = (id: string) => new DomainError('group.not_found', `No group with id ${id}`, { id });
const nameTaken = (displayName: string) =>
  new DomainError(
    'group.display_name_taken',
    `A group named "${displayName}" already exists in this tenant`,
    {
      displayName,
    },
  );

export class GroupService {
  constructor(private readonly scope: TenantScope) {}

  /**
   * Creates a group, with initial members when given (in the same transaction).
   * Errors: `invalid_input`, `group.display_name_taken` (case-insensitive), `group.member_not_found`.
   */
  async create(input: NewGroup, members: string[] = []): Promise<GroupSnapshot> {
    const attributes = parseInput(newGroupSchema, input);
    const origin = this.scope.context.actor.kind === 'idp' ? 'idp' : 'console';
    const now = new Date();
    const group: GroupSnapshot = {
      id: newId(),
      displayName: attributes.displayName,
      externalId: attributes.externalId ?? null,
      origin,
      managedBy: origin,
      version: 1,
      createdAt: now,
      updatedAt: now,
    };
    // Deferred: it goes with the membership statement below (which needs the row), or with COMMIT.
    const insert = groupInsert(this.scope.tenantId, group);
    this.scope.defer(insert.query, insert.params, nameTakenOn(group.displayName));
    this.scope.audit({
      action: 'group.create',
      targetType: 'group',
      targetId: group.id,
      changes: diffAttributes(null, group, groupAttributeNames),
    });
    if (members.length > 0) {
      const { added } = await this.changeMembers(group.id, { replace: null, add: members, remove: [] });
      this.scope.audit({
        action: 'group.members',
        targetType: 'group',
        targetId: group.id,
        changes: { members: { before: null, after: null, added, removed: [] } },
      });
    }
    return group;
  }

  /** Errors: `group.not_found`. */
  async get(id: string): Promise<GroupSnapshot> {
    const [row] = isId(id)
      ? await this.scope.sql(
          `select ${groupColumns('g')} from directory_group g where g.tenant_id = ? and g.id = ?`,
          [this.scope.tenantId, id],
        )
      : [];
    if (!row) throw notFound(id);
    return fromGroupRow(row);
  }

  /** Groups matching `where`, ordered by `order` then id (offset paging), or by id after a cursor. */
  async search(
    where: GroupWhere,
    page: PageRequest,
    order?: { field: GroupField; direction: 'asc' | 'desc' },
  ): Promise<Page<GroupSnapshot>> {
    if (page.after !== undefined && !isId(page.after))
      throw new DomainError('invalid_input', 'The cursor is not valid');
    assertSearchable(where);
    const limit = Math.min(Math.max(page.limit, 0), maxPageSize);
    const keyset = page.after !== undefined;
    // Rendered and sent with scope.sql (values escaped by the driver): a read in one round trip.
    const matching = (em: EntityManager) =>
      em
        .createQueryBuilder(Group, 'g')
        .where({ $and: [{ tenantId: this.scope.tenantId }, where] } as FilterQuery<Group>);
    const rows =
      limit === 0
        ? []
        : await this.scope.sqlOf((em) =>
            matching(em)
              .select(raw(groupColumns('g')))
              .andWhere(keyset ? { id: { $gt: page.after } } : {})
              .orderBy(keyset || !order ? { id: 'asc' } : { [order.field]: order.direction, id: 'asc' })
              .limit(keyset ? limit + 1 : limit)
              .offset(keyset ? 0 : (page.offset ?? 0)),
          );
    const items = rows.slice(0, limit).map(fromGroupRow);
    const total = page.withTotal
      ? Number(
          (
            await this.scope.sqlOf<{ count: string }>((em) => matching(em).select(raw('count(*) as count')))
          )[0]?.count ?? 0,
        )
      : null;
    return { items, total, nextCursor: keyset && rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Change a group in one transaction with its row locked: attributes (a change or a mutator) and
   * members (a plan: exact replacement, or ids to add and remove), audited, with one version bump.
   * Membership statements are set-based, so adding one member costs the same for a group of 0 or
   * 100,000 members; members are never loaded. A plan that adds unknown users changes nothing.
   * Renaming never touches members (an Okta rename is a path-less replace of displayName).
   * Errors: `group.not_found`, `version_mismatch`, `invalid_input`, `group.display_name_taken`,
   * `group.member_not_found`.
   */
  async update(
    id: string,
    { change, members }: { change?: GroupMutation; members?: MembershipPlan | null },
    options: WriteOptions = {},
  ): Promise<GroupSnapshot & { membership: MembershipResult | null }> {
    const before = await this.lock(id, options);
    await assertConsoleMayChange(this.scope, {
      managedBy: before.managedBy,
      kind: 'group',
      name: before.displayName,
    });
    const after: GroupSnapshot = change
      ? {
          ...before,
          ...parseInput(groupChangeSchema, typeof change === 'function' ? change(before) : change),
        }
      : before;
    const changes = diffAttributes(before, after, groupAttributeNames);
    if (Object.keys(changes).length > 0) {
      this.scope.audit({ action: 'group.update', targetType: 'group', targetId: id, changes });
    }
    // Its members return its name among their groups.
    if (changes.displayName) dependentVersions.membersOf(this.scope, id);
    const membership = members ? await this.changeMembers(id, members) : null;
    const moved = membership !== null && (membership.added.length > 0 || membership.removed.length > 0);
    if (moved) {
      this.scope.audit({
        action: 'group.members',
        targetType: 'group',
        targetId: id,
        changes: {
          members: { before: null, after: null, added: membership.added, removed: membership.removed },
        },
      });
    }
    // One version bump for attributes and members together.
    const written =
      moved || Object.keys(changes).length > 0
        ? { ...after, version: before.version + 1, updatedAt: new Date() }
        : before;
    if (written !== before) {
      const update = groupUpdate(this.scope.tenantId, written);
      this.scope.defer(update.query, update.params, nameTakenOn(written.displayName));
    }
    return { ...written, membership: membership && { ...membership, version: written.version } };
  }

  /** Errors: `group.not_found`, `version_mismatch`. Memberships go with the group. */
  async remove(id: string, options: WriteOptions = {}): Promise<void> {
    const group = await this.lock(id, options);
    await assertConsoleMayChange(this.scope, {
      managedBy: group.managedBy,
      kind: 'group',
      name: group.displayName,
    });
    this.scope.audit({
      action: 'group.delete',
      targetType: 'group',
      targetId: id,
      changes: diffAttributes(group, null, groupAttributeNames),
    });
    // The members are found through the memberships the delete removes: bumped first.
    dependentVersions.membersOf(this.scope, id);
    this.scope.defer('delete from directory_group where tenant_id = ? and id = ?', [this.scope.tenantId, id]);
  }

  /** Add users to a group (see `update`). */
  async addMembers(id: string, userIds: string[], options: WriteOptions = {}): Promise<MembershipResult> {
    return (await this.update(id, { members: { replace: null, add: userIds, remove: [] } }, options))
      .membership!;
  }

  /** Remove exactly the listed users (RFC 7644 §3.5.2.2 with a value list); non-members are ignored. */
  async removeMembers(id: string, userIds: string[], options: WriteOptions = {}): Promise<MembershipResult> {
    return (await this.update(id, { members: { replace: null, add: [], remove: userIds } }, options))
      .membership!;
  }

  /**
   * How many members each group has, in one statement (a list page asks for all of its groups at
   * once). Ids that are not this tenant's groups are left out of the map.
   */
  async memberCounts(ids: string[]): Promise<Map<string, number>> {
    const rows = await this.scope.sql<{ id: string; count: number }>(
      `select g.id, (select count(*)::int from group_member m
                      where m.tenant_id = g.tenant_id and m.group_id = g.id
                      ${this.restrictedToIdpUsers ? `and exists (select 1 from directory_user u where u.tenant_id = m.tenant_id and u.id = m.user_id and u.managed_by = 'idp')` : ''}) as count
         from directory_group g where g.tenant_id = ? and g.id = any(?::uuid[])`,
      [this.scope.tenantId, arrayLiteral(ids.filter(isId))],
    );
    return new Map(rows.map((row) => [row.id, row.count]));
  }

  /**
   * Members in user-id order, keyset-paged: a page of a 100,000-member group is an index range scan.
   * Without `limit`, all members (SCIM's GET of a group with its members). Errors: `group.not_found`.
   */
  async members(id: string, page: { limit?: number; after?: string } = {}): Promise<Page<GroupMemberRef>> {
    await this.get(id);
    if (page.after !== undefined && !isId(page.after))
      throw new DomainError('invalid_input', 'The cursor is not valid');
    const limit = page.limit === undefined ? null : Math.min(Math.max(page.limit, 0), maxPageSize);
    const rows = await this.scope.sql<GroupMemberRef>(
      `select u.id, u.user_name as "userName", u.display_name as "displayName"
         from group_member m join directory_user u on u.tenant_id = m.tenant_id and u.id = m.user_id
        where m.tenant_id = ? and m.group_id = ? and (?::uuid is null or m.user_id > ?::uuid)
              and ${idpSees('u', this.restrictedToIdpUsers)}
        order by m.user_id ${limit === null ? '' : 'limit ?'}`,
      [
        this.scope.tenantId,
        id,
        page.after ?? null,
        page.after ?? null,
        ...(limit === null ? [] : [limit + 1]),
      ],
    );
    const items = limit === null ? rows : rows.slice(0, limit);
    return {
      items,
      total: null,
      nextCursor: limit !== null && rows.length > limit ? (items.at(-1)?.id ?? null) : null,
    };
  }

  /**
   * The members of several groups (a list page), in one statement, keyed by group id. A group deleted
   * meanwhile simply has none: a list read while groups are being deleted never fails for it.
   */
  async membersOfMany(ids: readonly string[]): Promise<Map<string, GroupMemberRef[]>> {
    const wanted = ids.filter(isId);
    const result = new Map<string, GroupMemberRef[]>(wanted.map((id) => [id, []]));
    if (wanted.length === 0) return result;
    const rows = await this.scope.sql<GroupMemberRef & { groupId: string }>(
      `select m.group_id as "groupId", u.id, u.user_name as "userName", u.display_name as "displayName"
         from group_member m join directory_user u on u.tenant_id = m.tenant_id and u.id = m.user_id
        where m.tenant_id = ? and m.group_id = any(?::uuid[])
              and ${idpSees('u', this.restrictedToIdpUsers)}
        order by m.group_id, m.user_id`,
      [this.scope.tenantId, uuidArray(wanted)],
    );
    for (const { groupId, ...member } of rows) result.get(groupId)?.push(member);
    return result;
  }

  /**
   * One set-based statement per plan: resolves the wanted ids to users of this tenant (the IdP's own
   * under "Only users created by your identity provider"), inserts and deletes membership rows, and
   * reports unknown ids, which roll the whole change back.
   */
  private async changeMembers(id: string, plan: MembershipPlan): Promise<MembershipResult> {
    const wanted = parseInput(memberIdsSchema, plan.replace ?? plan.add);
    const unknown = wanted.filter((userId) => !isId(userId));
    const restricted = this.restrictedToIdpUsers;
    const visibleUser = restricted ? `and u.managed_by = 'idp'` : '';
    const removable = restricted
      ? `and exists (select 1 from directory_user u where u.tenant_id = m.tenant_id and u.id = m.user_id ${visibleUser})`
      : '';
    const t = this.scope.tenantId;
    const [row] = await mapConstraintErrors(
      () =>
        this.scope.sql<{ missing: string[]; added: string[]; removed: string[] }>(
          `with wanted as (select distinct unnest(?::uuid[]) as user_id),
            -- Locked (key share) so that a user being deleted meanwhile is either gone before this
            -- statement reads it (and reported missing) or deleted only after this change commits:
            -- the membership insert then never meets a vanished user (a foreign-key error).
            found as (select u.id as user_id from directory_user u join wanted w on w.user_id = u.id
                       where u.tenant_id = ? ${visibleUser} for key share of u),
            removed as (delete from group_member m where m.tenant_id = ? and m.group_id = ? ${removable}
                          and ${plan.replace ? 'not exists (select 1 from found f where f.user_id = m.user_id)' : 'm.user_id = any(?::uuid[])'}
                        returning m.user_id),
            added as (insert into group_member (tenant_id, group_id, user_id)
                      select ?, ?, user_id from found on conflict do nothing returning user_id),
            -- The users added or removed return their groups: their versions change too.
            bumped as (update directory_user u set version = u.version + 1, updated_at = now()
                        where u.tenant_id = ? and u.id in (select user_id from added union all
                                                           select user_id from removed) returning 1)
       select array(select w.user_id::text from wanted w where not exists
                      (select 1 from found f where f.user_id = w.user_id)) as missing,
              array(select user_id::text from added) as added,
              array(select user_id::text from removed) as removed`,
          [
            uuidArray(wanted.filter(isId)),
            t,
            t,
            id,
            ...(plan.replace ? [] : [uuidArray(parseInput(memberIdsSchema, plan.remove).filter(isId))]),
            t,
            id,
            t,
          ],
        ),
      // Should a user still vanish between the read and the insert: the same answer as for one gone before.
      {
        group_member_tenant_id_user_id: () =>
          new DomainError('group.member_not_found', 'A user to add was deleted meanwhile', { ids: wanted }),
      },
    );
    const missing = [...unknown, ...(row?.missing ?? [])];
    if (missing.length > 0) {
      throw new DomainError('group.member_not_found', `No user with id ${missing.join(', ')}`, {
        ids: missing,
      });
    }
    return { version: 0, added: row?.added ?? [], removed: row?.removed ?? [] };
  }

  /** Under "Only users created by your identity provider", the IdP sees and moves only its own users. */
  private get restrictedToIdpUsers(): boolean {
    const { actor } = this.scope.context;
    return actor.kind === 'idp' && actor.userScope === 'idp_users_only';
  }

  /** The group `id`, locked for this transaction (`SELECT … FOR UPDATE`). */
  private async lock(id: string, { ifVersion }: WriteOptions): Promise<GroupSnapshot> {
    const [row] = isId(id)
      ? await this.scope.sql(
          `select ${groupColumns('g')} from directory_group g where g.tenant_id = ? and g.id = ? for update`,
          [this.scope.tenantId, id],
        )
      : [];
    if (!row) throw notFound(id);
    const group = fromGroupRow(row);
    if (ifVersion !== undefined && group.version !== ifVersion) {
      throw new DomainError(
        'version_mismatch',
        `The group is at version ${group.version}, not ${ifVersion}`,
        {
          current: group.version,
        },
      );
    }
    return group;
  }
}

/** A write's refusal by the display-name index, as the domain's `group.display_name_taken`. */
const nameTakenOn =
  (displayName: string) =>
  (error: unknown): unknown =>
    constraintError(error, { display_name_key: () => nameTaken(displayName) });
