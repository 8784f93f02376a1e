import { pruneRuns, type Retention as DomainRetention } from '@rollcall/domain';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { Retention, RetentionInput, RetentionOverrides } from '../types/retention.type.js';

async function toRetention(ctx: GraphQLContext, retention: DomainRetention): Promise<Retention> {
  const runs = await pruneRuns(ctx.orm);
  const last = runs.reduce<Date | null>((a, r) => (!a || r.lastRunAt > a ? r.lastRunAt : a), null);
  return Object.assign(new Retention(), {
    ...retention,
    overrides: Object.assign(new RetentionOverrides(), retention.overrides),
    lastPrunedAt: last,
  });
}

/** Retention (issue 19): how long this workspace's request log, deliveries and audit trail are kept. */
@Resolver()
export class RetentionResolver {
  @Authorized('viewer')
  @Query(() => Retention, { description: 'How long records are kept before they are pruned.' })
  async retention(@Ctx() ctx: GraphQLContext): Promise<Retention> {
    return toRetention(ctx, await ctx.read((s) => s.retention.get(ctx.config.retention.defaults)));
  }

  @Authorized('owner')
  @Mutation(() => Retention, { description: "Set this workspace's own retention periods (audited)." })
  async updateRetention(
    @Arg('input', () => RetentionInput, { description: 'The periods.' }) input: RetentionInput,
    @Ctx() ctx: GraphQLContext,
  ): Promise<Retention> {
    return toRetention(ctx, await ctx.run((s) => s.retention.update(input, ctx.config.retention.defaults)));
  }
}
