import { TenantDirectory, pruneRuns, type Retention as DomainRetention } from '@rollcall/domain';
import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import { unauthenticated } from '../graphql-errors.js';
import {
  Retention,
  RetentionInput,
  RetentionOverrides,
  UsageOfKind,
  WorkspaceDeletion,
} from '../types/retention.type.js';

async function toRetention(ctx: GraphQLContext, retention: DomainRetention): Promise<Retention> {
  const runs = await pruneRuns(ctx.orm.em.fork());
  const last = runs.reduce<Date | null>((a, r) => (!a || r.lastRunAt > a ? r.lastRunAt : a), null);
  const usage = await ctx.read((s) => s.retention.usage());
  const measured = usage.reduce<Date | null>((a, u) => (!a || u.measuredAt > a ? u.measuredAt : a), null);
  return Object.assign(new Retention(), {
    ...retention,
    overrides: Object.assign(new RetentionOverrides(), retention.overrides),
    lastPrunedAt: last,
    usage: usage.map(({ kind, rows, bytes }) => Object.assign(new UsageOfKind(), { kind, rows, bytes })),
    usageMeasuredAt: measured,
  });
}

/**
 * The data lifecycle (issue 19): how long this workspace's request log, deliveries and audit trail are
 * kept, and deleting the workspace (its archive: `GET /api/export/workspace`).
 */
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

  @Authorized('owner')
  @Mutation(() => WorkspaceDeletion, {
    description:
      'Delete this workspace and everything it owns, at once and for good: users, groups, settings, audit trail, admins, tokens and API keys (they stop working now). Download its archive first.',
  })
  async deleteWorkspace(
    @Arg('confirm', () => String, { description: "The workspace's slug, typed again." }) confirm: string,
    @Ctx() ctx: GraphQLContext,
  ): Promise<WorkspaceDeletion> {
    if (!ctx.tenant || !ctx.principal) throw unauthenticated();
    const { tenant, rows } = await new TenantDirectory(ctx.orm).delete(ctx.tenant.slug, {
      confirm,
      by: `${ctx.principal.kind} ${ctx.principal.label}`,
    });
    const rowsDeleted = Object.values(rows).reduce((a, b) => a + b, 0);
    return Object.assign(new WorkspaceDeletion(), { id: tenant.id, slug: tenant.slug, rowsDeleted });
  }
}
