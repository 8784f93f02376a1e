import { DomainError, type GroupWhere } from '@rollcall/domain';
import { escapeLike } from '@rollcall/scim';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import {
  CreateGroupInput,
  Group,
  GroupConnection,
  GroupMember,
  GroupMemberConnection,
} from '../types/group.type.js';
import { pageSize, PageInfo } from '../types/page.js';

const pageInfo = (endCursor: string | null, hasNextPage: boolean) =>
  Object.assign(new PageInfo(), { endCursor, hasNextPage });

@Resolver(() => Group)
export class GroupResolver {
  @Authorized('viewer')
  @Query(() => GroupConnection, {
    description: 'Groups in creation order, searchable by name, cursor-paged (first ≤ 100).',
  })
  async groups(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
    @Arg('search', () => String, { nullable: true, description: 'Text in the name.' }) search?: string,
  ): Promise<GroupConnection> {
    const where: GroupWhere = search
      ? { displayNameKey: { $like: `%${escapeLike(search.toLowerCase())}%` } }
      : {};
    const page = await ctx.run((s) =>
      s.groups.search(where, {
        limit: pageSize(first),
        after: after ?? '00000000-0000-0000-0000-000000000000',
        withTotal: true,
      }),
    );
    const nodes = page.items.map(Group.from);
    return Object.assign(new GroupConnection(), {
      nodes,
      totalCount: page.total ?? nodes.length,
      pageInfo: pageInfo(nodes.at(-1)?.id ?? null, page.nextCursor !== null),
    });
  }

  @Authorized('viewer')
  @Query(() => Group, {
    nullable: true,
    description: 'A group by id (null when there is none in this tenant).',
  })
  async group(
    @Arg('id', () => ID, { description: 'Group id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Group | null> {
    try {
      return Group.from(await ctx.run((s) => s.groups.get(id)));
    } catch (error) {
      if (error instanceof DomainError && error.code === 'group.not_found') return null;
      throw error;
    }
  }

  @Authorized('viewer')
  @FieldResolver(() => GroupMemberConnection, {
    description: 'Members in pages (a page of a 100,000-member group costs the same as of a small one).',
  })
  async members(
    @Root() group: Group,
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
  ): Promise<GroupMemberConnection> {
    const page = await ctx.run((s) =>
      s.groups.members(group.id, { limit: pageSize(first), ...(after ? { after } : {}) }),
    );
    const nodes = page.items.map(GroupMember.from);
    return Object.assign(new GroupMemberConnection(), {
      nodes,
      pageInfo: pageInfo(nodes.at(-1)?.id ?? null, page.nextCursor !== null),
    });
  }

  @Authorized('viewer')
  @FieldResolver(() => Int, { description: 'How many members the group has.' })
  async memberCount(@Root() group: Group, @Ctx() ctx: GraphQLContext): Promise<number> {
    const count = ctx.batch('groupMemberCounts', (s, ids) => s.groups.memberCounts(ids));
    return (await count(group.id)) ?? 0;
  }

  @Authorized('admin')
  @Mutation(() => Group, { description: 'Create a console-managed group.' })
  async createGroup(
    @Arg('input', () => CreateGroupInput, { description: 'The group.' }) input: CreateGroupInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Group> {
    return Group.from(
      await ctx.run((s) => s.groups.create({ displayName: input.displayName }, input.memberIds ?? [])),
    );
  }

  @Authorized('admin')
  @Mutation(() => Group, { description: 'Rename a console-managed group; members are kept.' })
  async renameGroup(
    @Arg('id', () => ID, { description: 'Group id.' }) id: string,
    @Arg('displayName', () => String, { description: 'New name.' }) displayName: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Group> {
    return Group.from(await ctx.run((s) => s.groups.update(id, { change: { displayName } })));
  }

  @Authorized('admin')
  @Mutation(() => Group, {
    description: 'Add users to a console-managed group (users already in it are skipped).',
  })
  async addGroupMembers(
    @Arg('id', () => ID, { description: 'Group id.' }) id: string,
    @Arg('userIds', () => [ID], { description: 'Users to add.' }) userIds: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<Group> {
    return Group.from(
      await ctx.run((s) => s.groups.update(id, { members: { replace: null, add: userIds, remove: [] } })),
    );
  }

  @Authorized('admin')
  @Mutation(() => Group, { description: 'Remove users from a console-managed group.' })
  async removeGroupMembers(
    @Arg('id', () => ID, { description: 'Group id.' }) id: string,
    @Arg('userIds', () => [ID], { description: 'Users to remove.' }) userIds: string[],
    @Ctx() ctx: GraphQLContext,
  ): Promise<Group> {
    return Group.from(
      await ctx.run((s) => s.groups.update(id, { members: { replace: null, add: [], remove: userIds } })),
    );
  }

  @Authorized('admin')
  @Mutation(() => Boolean, { description: 'Delete a console-managed group (its users stay).' })
  async deleteGroup(
    @Arg('id', () => ID, { description: 'Group id.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<boolean> {
    await ctx.run((s) => s.groups.remove(id));
    return true;
  }
}
