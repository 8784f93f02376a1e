import type { AuditEventSnapshot } from '@rollcall/domain';
import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { GraphQLContext } from '../context.js';
import {
  Actor,
  AttributeChange,
  AuditEvent,
  AuditEventConnection,
  AuditFilter,
  ScimRequest,
  ScimRequestConnection,
  ScimRequestFilter,
} from '../types/activity.type.js';
import type { ActorKindEnum } from '../types/enums.js';
import { pageSize, PageInfo } from '../types/page.js';

export function toAuditEvent(e: AuditEventSnapshot): AuditEvent {
  return Object.assign(new AuditEvent(), {
    ...e,
    actor: Object.assign(new Actor(), { ...e.actor, kind: e.actor.kind as ActorKindEnum }),
    changes: Object.entries(e.changes).map(([attribute, c]) =>
      Object.assign(new AttributeChange(), {
        attribute,
        before: c.before,
        after: c.after,
        added: c.added ?? null,
        removed: c.removed ?? null,
      }),
    ),
  });
}

const pageInfo = (nodes: { id: string }[], limit: number) =>
  Object.assign(new PageInfo(), { endCursor: nodes.at(-1)?.id ?? null, hasNextPage: nodes.length === limit });

@Resolver()
export class ActivityResolver {
  @Authorized('viewer')
  @Query(() => AuditEventConnection, {
    description: 'The audit trail, newest first, filtered, cursor-paged (first ≤ 100).',
  })
  async auditEvents(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
    @Arg('filter', () => AuditFilter, { nullable: true, description: 'Conditions.' }) filter?: AuditFilter,
  ): Promise<AuditEventConnection> {
    const limit = pageSize(first);
    const events = await ctx.run((s) =>
      s.audit.list({
        limit,
        before: after ?? undefined,
        targetId: filter?.targetId ?? undefined,
        actorKind: filter?.actorKind ?? undefined,
        action: filter?.action ?? undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
      }),
    );
    const nodes = events.map(toAuditEvent);
    return Object.assign(new AuditEventConnection(), { nodes, pageInfo: pageInfo(nodes, limit) });
  }

  @Authorized('viewer')
  @Query(() => ScimRequestConnection, {
    description: 'The SCIM request log (every call, refused ones too), newest first, cursor-paged.',
  })
  async scimRequests(
    @Ctx() ctx: GraphQLContext,
    @Arg('first', () => Int, { nullable: true, description: 'Page size (default 50, at most 100).' })
    first?: number,
    @Arg('after', () => String, { nullable: true, description: "The previous page's endCursor." })
    after?: string,
    @Arg('filter', () => ScimRequestFilter, { nullable: true, description: 'Conditions.' })
    filter?: ScimRequestFilter,
  ): Promise<ScimRequestConnection> {
    const limit = pageSize(first);
    const rows = await ctx.run((s) =>
      s.requestLog.list({
        limit,
        before: after ?? undefined,
        statusClass: filter?.statusClass ?? undefined,
        method: filter?.method ?? undefined,
        pathContains: filter?.path ?? undefined,
        from: filter?.from ?? undefined,
        to: filter?.to ?? undefined,
      }),
    );
    const nodes = rows.map((r) => Object.assign(new ScimRequest(), r));
    return Object.assign(new ScimRequestConnection(), { nodes, pageInfo: pageInfo(nodes, limit) });
  }
}
