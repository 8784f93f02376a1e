import type { FilterQuery } from '@mikro-orm/postgresql';
import { isId } from '../ids.js';
import { maxPageSize } from '../paging.js';
import { assertSearchable } from '../rules.js';
import type { Actor } from '../tenancy/actor.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { AuditEvent, type AttributeChange } from './audit-event.entity.js';

export interface AuditEventSnapshot {
  id: string;
  at: Date;
  actor: { kind: Actor['kind']; id: string | null; label: string };
  action: string;
  targetType: string;
  targetId: string | null;
  changes: Record<string, AttributeChange>;
  requestId: string | null;
  dialect: string | null;
  outcome: string;
}

export interface AuditQuery {
  limit: number;
  /** Keyset cursor: events older than this event id (ids are time-ordered UUIDv7). */
  before?: string | undefined;
  targetId?: string | undefined;
  actorKind?: Actor['kind'] | undefined;
  action?: string | undefined;
  from?: Date | undefined;
  to?: Date | undefined;
}

/** The audit trail, newest first. */
export class AuditService {
  constructor(private readonly scope: TenantScope) {}

  async list(query: AuditQuery): Promise<AuditEventSnapshot[]> {
    assertSearchable(query);
    if (
      (query.targetId !== undefined && !isId(query.targetId)) ||
      (query.before !== undefined && !isId(query.before))
    )
      return [];
    const where: FilterQuery<AuditEvent> = {
      ...(query.targetId ? { targetId: query.targetId } : {}),
      ...(query.actorKind ? { actorKind: query.actorKind } : {}),
      ...(query.action ? { action: query.action } : {}),
      ...(query.before ? { id: { $lt: query.before } } : {}),
      ...(query.from || query.to
        ? { at: { ...(query.from ? { $gte: query.from } : {}), ...(query.to ? { $lt: query.to } : {}) } }
        : {}),
    };
    const events = await this.scope.em.find(AuditEvent, where, {
      orderBy: { id: 'desc' },
      limit: Math.min(query.limit, maxPageSize),
    });
    return events.map((e) => ({
      id: e.id,
      at: e.at,
      actor: { kind: e.actorKind, id: e.actorId, label: e.actorLabel },
      action: e.action,
      targetType: e.targetType,
      targetId: e.targetId,
      changes: e.changes,
      requestId: e.requestId,
      dialect: e.dialect,
      outcome: e.outcome,
    }));
  }
}
