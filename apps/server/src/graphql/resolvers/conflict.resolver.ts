import type { ScimConflict as Conflict } from '@rollcall/domain';
import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { ScimConflict } from '../types/conflict.type.js';
import { ConflictStatusEnum } from '../types/enums.js';

const toConflict = (c: Conflict) =>
  Object.assign(new ScimConflict(), { ...c, status: c.status as ConflictStatusEnum });

/** The conflict inbox (design.md §1: "only users created by your IdP"). */
@Resolver()
export class ConflictResolver {
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
