import { LockMode, type FilterQuery } from '@mikro-orm/postgresql';
import { diffAttributes } from '../audit/diff.js';
import { mapConstraintErrors } from '../database/constraint-errors.js';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { maxPageSize, type Page, type PageRequest } from '../paging.js';
import { parseInput } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { User, type Origin } from './user.entity.js';
import {
  newUserSchema,
  userAttributesSchema,
  userChangeSchema,
  type NewUser,
  type UserChange,
} from './user.rules.js';
import { toUserSnapshot, userAttributeNames, type UserSnapshot } from './user.snapshot.js';
import type { UserOrder, UserWhere } from './user.where.js';

/** A change, or a pure function computing one from the current state inside the write transaction. */
export type UserMutation = UserChange | ((current: UserSnapshot) => UserChange);

export interface WriteOptions {
  /** The version the caller last saw (SCIM If-Match); a different current version → `version_mismatch`. */
  ifVersion?: number | undefined;
}

const notFound = (id: string) => new DomainError('user.not_found', `No user with id ${id}`, { id });
const userNameTaken = (userName: string) =>
  new DomainError('user.username_taken', `The userName "${userName}" is already taken in this tenant`, {
    userName,
  });
const managerNotFound = () =>
  new DomainError('invalid_input', 'managerId does not name a user of this tenant');

export class UserService {
  constructor(private readonly scope: TenantScope) {}

  private get em() {
    return this.scope.em;
  }

  /** Who creates decides the origin: an IdP's users are IdP-managed from the start. */
  private get actorOrigin(): Origin {
    return this.scope.context.actor.kind === 'idp' ? 'idp' : 'console';
  }

  /** Creates a user. Errors: `invalid_input`, `user.username_taken` (case-insensitive, race-safe). */
  async create(input: NewUser): Promise<UserSnapshot> {
    const attributes = parseInput(newUserSchema, input);
    const user = this.em.create(User, {
      ...attributes,
      tenantId: this.scope.tenantId,
      origin: this.actorOrigin,
      managedBy: this.actorOrigin,
    } as User);
    const after = toUserSnapshot(user);
    this.scope.audit({
      action: 'user.create',
      targetType: 'user',
      targetId: user.id,
      changes: diffAttributes(null, after, userAttributeNames),
    });
    await this.flush(attributes.userName);
    return toUserSnapshot(user);
  }

  /** Errors: `user.not_found` (also for ids that are not UUIDs). */
  async get(id: string): Promise<UserSnapshot> {
    const user = isId(id) ? await this.em.findOne(User, { id }) : null;
    if (!user) throw notFound(id);
    return toUserSnapshot(user);
  }

  /**
   * Users matching `where`, ordered by `order` then id (a stable order, so paging never skips or repeats).
   * With `page.after`, keyset paging by id: the cost of a page does not grow with its depth.
   */
  async search(where: UserWhere, page: PageRequest, order?: UserOrder): Promise<Page<UserSnapshot>> {
    const limit = Math.min(Math.max(page.limit, 0), maxPageSize);
    const keyset = page.after !== undefined;
    const condition = (keyset ? { $and: [where, { id: { $gt: page.after } }] } : where) as FilterQuery<User>;
    const orderBy =
      keyset || !order ? { id: 'asc' as const } : { [order.field]: order.direction, id: 'asc' as const };
    const rows =
      limit === 0
        ? []
        : await this.em.find(User, condition, {
            orderBy,
            limit: keyset ? limit + 1 : limit,
            offset: keyset ? 0 : (page.offset ?? 0),
          });
    const more = keyset && rows.length > limit;
    const items = rows.slice(0, limit).map(toUserSnapshot);
    const total = page.withTotal ? await this.em.count(User, where as FilterQuery<User>) : null;
    return { items, total, nextCursor: more ? (items.at(-1)?.id ?? null) : null };
  }

  /**
   * Read, change and write one user in this transaction, with the row locked (`SELECT … FOR UPDATE`),
   * so concurrent mutators are applied one after the other and none is lost. A mutator sees the
   * current state. A change that changes nothing writes nothing and keeps the version.
   * Errors: `user.not_found`, `version_mismatch`, `invalid_input`, `user.username_taken`.
   */
  async update(id: string, mutation: UserMutation, options: WriteOptions = {}): Promise<UserSnapshot> {
    const user = await this.lock(id, options);
    const before = toUserSnapshot(user);
    const change = parseInput(userChangeSchema, typeof mutation === 'function' ? mutation(before) : mutation);
    // The result must be a valid user as a whole, not just a valid change.
    parseInput(userAttributesSchema, { ...before, ...change });
    this.em.assign(user, change);
    const changes = diffAttributes(before, { ...before, ...change }, userAttributeNames);
    if (Object.keys(changes).length === 0) return before;
    this.scope.audit({ action: 'user.update', targetType: 'user', targetId: id, changes });
    await this.flush(user.userName);
    return toUserSnapshot(user);
  }

  /** Deletes a user; its group memberships go with it. Errors: `user.not_found`, `version_mismatch`. */
  async remove(id: string, options: WriteOptions = {}): Promise<void> {
    const user = await this.lock(id, options);
    this.scope.audit({
      action: 'user.delete',
      targetType: 'user',
      targetId: id,
      changes: diffAttributes(toUserSnapshot(user), null, userAttributeNames),
    });
    this.em.remove(user);
    await this.em.flush();
  }

  /** The groups a user belongs to (SCIM's read-only `groups` attribute, RFC 7643 §4.1.2). */
  async groupsOf(id: string): Promise<{ id: string; displayName: string }[]> {
    await this.get(id);
    return this.scope.sql<{ id: string; displayName: string }>(
      `select g.id, g.display_name as "displayName"
         from group_member m join directory_group g on g.tenant_id = m.tenant_id and g.id = m.group_id
        where m.tenant_id = ? and m.user_id = ? order by g.display_name_key, g.id`,
      [this.scope.tenantId, id],
    );
  }

  private async lock(id: string, { ifVersion }: WriteOptions): Promise<User> {
    const user = isId(id)
      ? await this.em.findOne(User, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE, refresh: true })
      : null;
    if (!user) throw notFound(id);
    if (ifVersion !== undefined && user.version !== ifVersion) {
      throw new DomainError('version_mismatch', `The user is at version ${user.version}, not ${ifVersion}`, {
        current: user.version,
      });
    }
    return user;
  }

  private flush(userName: string): Promise<void> {
    return mapConstraintErrors(() => this.em.flush(), {
      user_name_key: () => userNameTaken(userName),
      manager_id: managerNotFound,
    });
  }
}
