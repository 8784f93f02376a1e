import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';
import type { Origin } from '../users/user.entity.js';

/** A group (RFC 7643 §4.2). Members are rows in `group_member`, never an array on this row. */
@Entity({ tableName: 'directory_group' })
export class Group extends TenantOwned {
  @Property({ type: 'string' }) displayName!: string;
  @Property({ type: 'string', generated: '(lower(display_name)) stored', nullable: true })
  displayNameKey?: string;
  @Property({ type: 'string', nullable: true }) externalId: string | null = null;
  @Property({ type: 'string' }) origin: Origin = 'console';
  @Property({ type: 'string' }) managedBy: Origin = 'console';
  @Property({ type: 'integer', version: true }) version = 1;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', onUpdate: () => new Date() }) updatedAt: Date =
    new Date();
}
