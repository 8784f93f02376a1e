import type { TenantScope } from '../tenancy/with-tenant.js';
import { AuditEvent, type AttributeChange } from './audit-event.entity.js';
import type { Actor } from '../tenancy/actor.js';
import { maxPageSize } from '../paging.js';
import { isId } from '../ids.js';

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

/** The audit trail, newest first. */
export class AuditService {
  constructor(private readonly scope: TenantScope) {}

  async list(query: { targetId?: string; limit: number }): Promise<AuditEventSnapshot[]> {
    if (query.targetId !== undefined && !isId(query.targetId)) return [];
    const events = await this.scope.em.find(AuditEvent, query.targetId ? { targetId: query.targetId } : {}, {
      orderBy: { at: 'desc', id: 'desc' },
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
