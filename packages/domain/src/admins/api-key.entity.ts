import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';
import type { AdminRole } from './admin.entity.js';

/** An integrator's key for the GraphQL API: named, role-scoped, stored hashed, revocable. */
@Entity({ tableName: 'api_key' })
export class ApiKey extends TenantOwned {
  @Property({ type: 'string' }) name!: string;
  @Property({ type: 'string' }) role!: AdminRole;
  @Property({ type: 'string' }) prefix!: string;
  @Property({ type: 'string', hidden: true }) secretHash!: string;
  @Property({ type: 'uuid', nullable: true }) createdBy: string | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) lastUsedAt: Date | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) revokedAt: Date | null = null;
}
