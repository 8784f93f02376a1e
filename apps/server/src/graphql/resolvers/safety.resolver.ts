import type { ScimConflict as Conflict } from '@rollcall/domain';
import { Arg, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { ScimConflict, TakeoverCandidate, TakeoverPreview } from '../types/conflict.type.js';
import { User } from '../types/user.type.js';
import { ConflictStatusEnum } from '../types/enums.js';

const toConflict = (c: Conflict) =>
  Object.assign(new ScimConflict(), { ...c, status: c.status as ConflictStatusEnum });

/** Provisioning safety: the takeover preview and the conflict inbox (design.md §1). */
@Resolver()
export class SafetyResolver {
  @Authorized('viewer')
  @Query(() => TakeoverPreview, {
    description: 'The console users an IdP would take over under "All users" (those it already tried first).',
  })
  async takeoverPreview(
    @Arg('first', () => Int, { nullable: true, description: 'How many users (default 500, at most 1000).' })
    first: number | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<TakeoverPreview> {
    const preview = await ctx.run((s) => s.users.takeoverPreview(first ?? 500));
    return Object.assign(new TakeoverPreview(), {
      total: preview.total,
      users: preview.users.map((u) => Object.assign(new TakeoverCandidate(), u)),
    });
  }

  @Authorized('admin')
  @Mutation(() => User, {
    description:
      'Keep a console user from IdP takeover (an IdP create of its login ID then gets 409), or allow it again.',
  })
  async setKeepConsoleManaged(
    @Arg('id', () => ID, { description: 'A console-managed user.' }) id: string,
    @Arg('keep', () => Boolean, { description: 'Keep it console-managed (true) or allow takeover (false).' })
    keep: boolean,
    @Ctx() ctx: GraphQLContext,
  ): Promise<User> {
    return User.from(await ctx.run((s) => s.users.setKeepConsoleManaged(id, keep)));
  }

  @Authorized('viewer')
  @Query(() => [ScimConflict], { description: 'The conflict inbox, newest activity first (at most 200).' })
  async scimConflicts(
    @Arg('status', () => ConflictStatusEnum, { nullable: true, description: 'Only these (default: all).' })
    status: ConflictStatusEnum | null,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimConflict[]> {
    return (await ctx.run((s) => s.conflicts.list(status ?? undefined))).map(toConflict);
  }

  @Authorized('admin')
  @Mutation(() => ScimConflict, {
    description:
      'Hand the console user to the IdP: its next create of this login ID takes the user over (same id).',
  })
  async linkScimConflict(
    @Arg('id', () => ID, { description: 'An open conflict.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimConflict> {
    return toConflict(await ctx.run((s) => s.conflicts.link(id)));
  }

  @Authorized('admin')
  @Mutation(() => ScimConflict, { description: 'Keep the user console-managed: the IdP keeps getting 409.' })
  async dismissScimConflict(
    @Arg('id', () => ID, { description: 'An open conflict.' }) id: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<ScimConflict> {
    return toConflict(await ctx.run((s) => s.conflicts.dismiss(id)));
  }
}
