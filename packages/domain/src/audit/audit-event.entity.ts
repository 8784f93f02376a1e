import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';
import type { Actor } from '../tenancy/actor.js';

export interface AttributeChange {
  before: unknown;
  after: unknown;
  /** For set-valued changes such as group membership: which elements came and went. */
  added?: string[];
  removed?: string[];
}

/** One change made by an IdP, an admin, an API key or the system, written in the change's own transaction. */
@Entity({ tableName: 'audit_event' })
export class AuditEvent extends TenantOwned {
  @Property({ type: 'datetime', columnType: 'timestamptz' }) at: Date = new Date();
  @Property({ type: 'string' }) actorKind!: Actor['kind'];
  @Property({ type: 'string', nullable: true }) actorId: string | null = null;
  @Property({ type: 'string' }) actorLabel!: string;
  @Property({ type: 'string' }) action!: string;
  @Property({ type: 'string' }) targetType!: string;
  @Property({ type: 'uuid', nullable: true }) targetId: string | null = null;
  @Property({ type: 'json' }) changes: Record<string, AttributeChange> = {};
  @Property({ type: 'string', nullable: true }) requestId: string | null = null;
  @Property({ type: 'string', nullable: true }) dialect: string | null = null;
  @Property({ type: 'string' }) outcome: 'success' | 'refused' = 'success';
  /** Set for provisioning events: a trigger queues a webhook delivery per subscribed endpoint. */
  @Property({ type: 'string', nullable: true }) webhookType: string | null = null;
}
