import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';

export type AdminRole = 'owner' | 'admin' | 'viewer';
export const adminRoles = ['owner', 'admin', 'viewer'] as const satisfies readonly AdminRole[];

/** A console operator of one tenant. The password is stored only as an argon2id hash. */
@Entity({ tableName: 'admin' })
export class Admin extends TenantOwned {
  @Property({ type: 'string' }) email!: string;
  @Property({ type: 'string', generated: '(lower(email)) stored', nullable: true }) emailKey?: string;
  @Property({ type: 'string', nullable: true }) name: string | null = null;
  @Property({ type: 'string' }) role!: AdminRole;
  @Property({ type: 'string', hidden: true }) passwordHash!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) lastLoginAt: Date | null = null;
}
