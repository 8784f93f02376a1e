import type { UserChange, UserWhere } from '@rollcall/domain';
import { DomainError } from '@rollcall/domain';
import type { GraphQLResolveInfo } from 'graphql';
import {
  Arg,
  Authorized,
  Ctx,
  FieldResolver,
  ID,
  Info,
  Int,
  Mutation,
  Query,
  Resolver,
  Root,
} from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { selects } from '../selection.js';
import { toAuditEvent } from './activity.resolver.js';
import { AuditEvent } from '../types/activity.type.js';
import { CustomAttributeValue, type CustomAttributeValueInput } from '../types/custom-attribute.type.js';
import { OrderDirection, UserOrderField } from '../types/enums.js';
import { GroupRef } from '../types/group.type.js';
import { offsetCursor, pageSize, PageInfo } from '../types/page.js';
import {
  CreateUserInput,
  UpdateUserInput,
  User,
  UserConnection,
  UserFilter,
  type UserAttributesInput,
} from '../types/user.type.js';

/** The attributes an input sets: absent fields are left out (unchanged), null clears. */
function attributes(
  input: UserAttributesInput & { userName?: string | null; active?: boolean | null },
): UserChange {
  const {
    id: _id,
    ifVersion: _v,
    ...rest
  } = input as UserAttributesInput & { id?: string; ifVersion?: number | null };
  const change: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    if (key === 'customAttributes') {
      change[key] = customValues(value as CustomAttributeValueInput[] | null);
      continue;
    }
    change[key] = Array.isArray(value) ? value.map((v: object) => ({ ...v })) : value;
  }
  if (change.emails === null) change.emails = [];
  if (change.phoneNumbers === null) change.phoneNumbers = [];
  if (change.active === null) delete change.active;
  if (change.userName === null) delete change.userName;
  return change as UserChange;
}

/**
 * Custom values as the input lists them, by attribute id: one value as itself, several as a list,
 * none as null (cleared). The domain converts the text to each attribute's type.
 */
function customValues(input: CustomAttributeValueInput[] | null): Record<string, unknown> {
  return Object.fromEntries(
    (input ?? []).map(({ attributeId, values }) => [
      attributeId,
      values.length === 0 ? null : values.length === 1 ? values[0] : values,
    ]),
  );
}

@Resolver(() => User)
export class UserResolver {
  @Authorized('viewer')
  @Query(() => UserConnection, {
    description: 'Users, newest last unless ordered; filtered and searched; cursor-paged (first ≤ 100).',
  })
  async users(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
    @Arg('filter', () => UserFilter, { nullable: true, description: 'Conditions.' }) filter?: UserFilter,
    @Arg('orderBy', () => UserOrderField, { nullable: true, description: 'Order (default: creation).' })
    orderBy?: UserOrderField,
    @Arg('direction', () => OrderDirection, { nullable: true, description: 'Direction (default ascending).' })
    direction?: OrderDirection,
    @Info() info?: GraphQLResolveInfo,
  ): Promise<UserConnection> {
    const limit = pageSize(first);
    const where: UserWhere = {
      ...(filter?.search ? { $text: filter.search } : {}),
      ...(filter?.origin ? { origin: filter.origin } : {}),
      ...(filter?.managedBy ? { managedBy: filter.managedBy } : {}),
      ...(typeof filter?.active === 'boolean' ? { active: filter.active } : {}),
      ...(filter?.groupId ? { $memberOf: filter.groupId } : {}),
    };
    const offset = orderBy ? offsetCursor.decode(after) : 0;
    if (offset < 0) throw new DomainError('invalid_input', 'The cursor is not valid');
    // One read: the page, its total and (when asked for) each user's groups in the same statement.
    const withGroups = !info || selects(info, ['nodes', 'groups']);
    const withTotal = !info || selects(info, ['totalCount']);
    const page = await ctx.read((s) =>
      s.users.searchWithGroups(
        where,
        orderBy
          ? { limit: limit + 1, offset, withTotal }
          : { limit, after: after ?? '00000000-0000-0000-0000-000000000000', withTotal },
        orderBy ? { field: orderBy, direction: direction ?? OrderDirection.ASC } : undefined,
        { withGroups },
      ),
    );
    const nodes = page.items
      .slice(0, limit)
      .map((u) => Object.assign(User.from(u), withGroups ? { readGroups: page.groups.get(u.id) ?? [] } : {}));
    const hasNextPage = orderBy ? page.items.length > limit : page.nextCursor !== null;
    const endCursor =
      nodes.length === 0 ? null : orderBy ? offsetCursor.encode(offset + nodes.length) : nodes.at(-1)!.id;
    return Object.assign(new UserConnection(), {
      nodes,
      totalCount: page.total ?? nodes.length,
      pageInfo: Object.assign(new PageInfo(), { endCursor, hasNextPage }),
    });
  }

  @Authorized('viewer')
  @Query(() => User, {
    nullable: true,
    description: 'A user by id (null when there is none in this tenant).',
  })
  async user(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User | null> {
    try {
      return User.from(await ctx.run((s) => s.users.get(id)));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'user.not_found') return null;
      throw error;
    }
  }

  @Authorized('viewer')
  @FieldResolver(() => [GroupRef], { description: 'The groups the user belongs to.' })
  async groups(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<GroupRef[]> {
    // A list page read them with its users; elsewhere the groups of all users asked for take one query.
    const groupsOf = ctx.batch('userGroups', (s, ids) => s.users.groupsOfMany(ids));
    const groups = user.readGroups ?? (await groupsOf(user.id)) ?? [];
    return groups.map((g) => Object.assign(new GroupRef(), g));
  }

  @Authorized('viewer')
  @FieldResolver(() => [CustomAttributeValue], {
    description: "The user's values of the tenant's custom attributes, by URN then name.",
  })
  async customAttributes(@Root() user: User, @Ctx() ctx: GraphQLContext): Promise<CustomAttributeValue[]> {
    if (!user.customValues || Object.keys(user.customValues).length === 0) return [];
    // The declarations are read once per request, whatever the number of users.
    const declared = ctx.batch('customAttributes', async (s, keys) => {
      const list = await s.customAttributes.list();
      return new Map(keys.map((key) => [key, list]));
    });
    const values = user.customValues;
    return ((await declared('all')) ?? [])
      .filter((a) => values[a.id] !== undefined)
      .map((a) => CustomAttributeValue.from(a, values[a.id]!));
  }

  @Authorized('viewer')
  @FieldResolver(() => [AuditEvent], {
    description: "The user's history, newest first (before → after per attribute).",
  })
  async history(
    @Root() user: User,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'How many events (default 50, at most 100).' })
    first?: number,
  ): Promise<AuditEvent[]> {
    return (await ctx.run((s) => s.audit.list({ targetId: user.id, limit: pageSize(first) }))).map(
      toAuditEvent,
    );
  }

  @Authorized('admin')
  @Mutation(() => User, { description: 'Create a console-managed user.' })
  async createUser(
    @Arg('input', () => CreateUserInput, { description: 'The user.' }) input: CreateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    return User.from(
      await ctx.run((s) => s.users.create({ ...attributes(input), userName: input.userName })),
    );
  }

  @Authorized('admin')
  @Mutation(() => User, {
    description: 'Change a console-managed user (IdP-managed users: MANAGED_BY_IDP, naming the IdP).',
  })
  async updateUser(
    @Arg('input', () => UpdateUserInput, { description: 'What to change.' }) input: UpdateUserInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    const change = attributes(input);
    const given = change.customAttributes;
    return User.from(
      await ctx.run((s) =>
        s.users.update(
          input.id,
          // The custom attributes listed are set (none: cleared); the others stay as they are.
          given
            ? (current) => ({
                ...change,
                customAttributes: Object.fromEntries(
                  Object.entries({ ...current.customAttributes, ...given }).filter(([, v]) => v !== null),
                ),
              })
            : change,
          { ifVersion: input.ifVersion ?? undefined },
        ),
      ),
    );
  }

  @Authorized('admin')
  @Mutation(() => User, { description: 'Deactivate a console-managed user; it keeps its data and groups.' })
  async deactivateUser(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    return User.from(await ctx.run((s) => s.users.update(id, { active: false })));
  }

  @Authorized('admin')
  @Mutation(() => User, { description: 'Reactivate a console-managed user.' })
  async reactivateUser(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    return User.from(await ctx.run((s) => s.users.update(id, { active: true })));
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Delete a console-managed user and its memberships.' })
  async deleteUser(
    @Arg('id', () => ID, { description: 'User id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.run((s) => s.users.remove(id));
    return true;
  }
}
