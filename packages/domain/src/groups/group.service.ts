import { LockMode, type FilterQuery } from '@mikro-orm/postgresql';
import { diffAttributes } from '../audit/diff.js';
import { mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId, uuidArray } from '../ids.js';
import { maxPageSize, type Page, type PageRequest } from '../paging.js';
import { parseInput } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import type { WriteOptions } from '../users/user.service.js';
import { Group } from './group.entity.js';
import {
  groupChangeSchema,
  memberIdsSchema,
  newGroupSchema,
  type GroupChange,
  type NewGroup,
} from './group.rules.js';
import {
  groupAttributeNames,
  toGroupSnapshot,
  type GroupMemberRef,
  type GroupSnapshot,
} from './group.snapshot.js';

export type GroupMutation = GroupChange | ((current: GroupSnapshot) => GroupChange);

export interface MembershipResult {
  version: number;
  added: string[];
  removed: string[];
}

export interface GroupWhere {
  displayNameKey?: string;
  externalId?: string | null;
  id?: string | { $in: string[] };
}

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

  private get em() {
    return this.scope.em;
  }

  /** Errors: `invalid_input`, `group.display_name_taken` (case-insensitive). */
  async create(input: NewGroup): Promise<GroupSnapshot> {
    const attributes = parseInput(newGroupSchema, input);
    const origin = this.scope.context.actor.kind === 'idp' ? 'idp' : 'console';
    const group = this.em.create(Group, {
      displayName: attributes.displayName,
      externalId: attributes.externalId ?? null,
      tenantId: this.scope.tenantId,
      origin,
      managedBy: origin,
    } as Group);
    this.scope.audit({
      action: 'group.create',
      targetType: 'group',
      targetId: group.id,
      changes: diffAttributes(null, group, groupAttributeNames),
    });
    await this.flush(attributes.displayName);
    return toGroupSnapshot(group);
  }

  /** Errors: `group.not_found`. */
  async get(id: string): Promise<GroupSnapshot> {
    const group = isId(id) ? await this.em.findOne(Group, { id }) : null;
    if (!group) throw notFound(id);
    return toGroupSnapshot(group);
  }

  /** Groups matching `where` in id order (offset or keyset paging). */
  async search(where: GroupWhere, page: PageRequest): Promise<Page<GroupSnapshot>> {
    const limit = Math.min(Math.max(page.limit, 0), maxPageSize);
    const keyset = page.after !== undefined;
    const condition = (keyset ? { $and: [where, { id: { $gt: page.after } }] } : where) as FilterQuery<Group>;
    const rows =
      limit === 0
        ? []
        : await this.em.find(Group, condition, {
            orderBy: { id: 'asc' },
            limit: keyset ? limit + 1 : limit,
            offset: keyset ? 0 : (page.offset ?? 0),
          });
    const items = rows.slice(0, limit).map(toGroupSnapshot);
    const total = page.withTotal ? await this.em.count(Group, where as FilterQuery<Group>) : null;
    return { items, total, nextCursor: keyset && rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Rename or re-key a group inside one transaction with the row locked. Members are untouched:
   * an Okta rename (path-less replace of displayName) must never clear them.
   * Errors: `group.not_found`, `version_mismatch`, `invalid_input`, `group.display_name_taken`.
   */
  async update(id: string, mutation: GroupMutation, options: WriteOptions = {}): Promise<GroupSnapshot> {
    const group = await this.lock(id, options);
    const before = toGroupSnapshot(group);
    const change = parseInput(
      groupChangeSchema,
      typeof mutation === 'function' ? mutation(before) : mutation,
    );
    this.em.assign(group, change);
    const changes = diffAttributes(before, group, groupAttributeNames);
    if (Object.keys(changes).length === 0) return before;
    this.scope.audit({ action: 'group.update', targetType: 'group', targetId: id, changes });
    await this.flush(group.displayName);
    return toGroupSnapshot(group);
  }

  /** Errors: `group.not_found`, `version_mismatch`. Memberships go with the group. */
  async remove(id: string, options: WriteOptions = {}): Promise<void> {
    const group = await this.lock(id, options);
    this.scope.audit({
      action: 'group.delete',
      targetType: 'group',
      targetId: id,
      changes: diffAttributes(group, null, groupAttributeNames),
    });
    this.em.remove(group);
    await this.em.flush();
  }

  /**
   * Add users to a group in one set-based statement (plus the lock and the audit row): the same number
   * of statements, and about the same work, for a group of 0 or 100,000 members. Users already in the
   * group are skipped. Errors: `group.not_found`, `version_mismatch`, `group.member_not_found` (nothing
   * is added when any id is not a user of this tenant).
   */
  async addMembers(id: string, userIds: string[], options: WriteOptions = {}): Promise<MembershipResult> {
    const ids = parseInput(memberIdsSchema, userIds);
    const version = await this.lockVersion(id, options);
    const unknown = ids.filter((userId) => !isId(userId));
    const [row] = await this.scope.sql<{ missing: string[]; added: string[]; version: number | null }>(
      `with wanted as (select distinct unnest(?::uuid[]) as user_id),
            found as (select u.id as user_id from directory_user u join wanted w on w.user_id = u.id
                       where u.tenant_id = ?),
            added as (insert into group_member (tenant_id, group_id, user_id)
                      select ?, ?, user_id from found on conflict do nothing returning user_id),
            bumped as (update directory_group set version = version + 1, updated_at = now()
                        where tenant_id = ? and id = ? and exists (select 1 from added) returning version)
       select array(select w.user_id::text from wanted w where not exists
                      (select 1 from found f where f.user_id = w.user_id)) as missing,
              array(select user_id::text from added) as added,
              (select version from bumped) as version`,
      [uuidArray(ids.filter(isId)), this.scope.tenantId, this.scope.tenantId, id, this.scope.tenantId, id],
    );
    const missing = [...unknown, ...(row?.missing ?? [])];
    if (missing.length > 0) {
      throw new DomainError('group.member_not_found', `No user with id ${missing.join(', ')}`, {
        ids: missing,
      });
    }
    return this.recordMembership(id, {
      version: row?.version ?? version,
      added: row?.added ?? [],
      removed: [],
    });
  }

  /**
   * Remove exactly the listed users (RFC 7644 §3.5.2.2 with a value list); ids that are not members are
   * ignored. One set-based statement. Errors: `group.not_found`, `version_mismatch`.
   */
  async removeMembers(id: string, userIds: string[], options: WriteOptions = {}): Promise<MembershipResult> {
    const ids = parseInput(memberIdsSchema, userIds).filter(isId);
    const version = await this.lockVersion(id, options);
    const [row] = await this.scope.sql<{ removed: string[]; version: number | null }>(
      `with removed as (delete from group_member where tenant_id = ? and group_id = ? and user_id = any(?::uuid[])
                        returning user_id),
            bumped as (update directory_group set version = version + 1, updated_at = now()
                        where tenant_id = ? and id = ? and exists (select 1 from removed) returning version)
       select array(select user_id::text from removed) as removed, (select version from bumped) as version`,
      [this.scope.tenantId, id, uuidArray(ids), this.scope.tenantId, id],
    );
    return this.recordMembership(id, {
      version: row?.version ?? version,
      added: [],
      removed: row?.removed ?? [],
    });
  }

  /** Members in user-id order, keyset-paged: a page of a 100,000-member group is an index range scan. */
  async members(id: string, page: { limit: number; after?: string }): Promise<Page<GroupMemberRef>> {
    await this.get(id);
    const limit = Math.min(Math.max(page.limit, 0), maxPageSize);
    const rows = await this.scope.sql<GroupMemberRef>(
      `select u.id, u.user_name as "userName", u.display_name as "displayName"
         from group_member m join directory_user u on u.tenant_id = m.tenant_id and u.id = m.user_id
        where m.tenant_id = ? and m.group_id = ? and (?::uuid is null or m.user_id > ?::uuid)
        order by m.user_id limit ?`,
      [this.scope.tenantId, id, page.after ?? null, page.after ?? null, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, total: null, nextCursor: rows.length > limit ? (items.at(-1)?.id ?? null) : null };
  }

  private recordMembership(id: string, result: MembershipResult): MembershipResult {
    if (result.added.length > 0 || result.removed.length > 0) {
      this.scope.audit({
        action: 'group.members',
        targetType: 'group',
        targetId: id,
        changes: { members: { before: null, after: null, added: result.added, removed: result.removed } },
      });
    }
    return result;
  }

  /** Lock the group row (membership changes of one group are serialised) and check the version. */
  private async lockVersion(id: string, options: WriteOptions): Promise<number> {
    return (await this.lock(id, options)).version;
  }

  private async lock(id: string, { ifVersion }: WriteOptions): Promise<Group> {
    const group = isId(id)
      ? await this.em.findOne(Group, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    if (!group) throw notFound(id);
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

  private flush(displayName: string): Promise<void> {
    return mapConstraintErrors(() => this.em.flush(), { display_name_key: () => nameTaken(displayName) });
  }
}
