import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';

/** A console session: a server-side row found by the SHA-256 of the random id in the cookie. */
@Entity({ tableName: 'admin_session' })
export class Session extends TenantOwned {
  @Property({ type: 'uuid' }) adminId!: string;
  @Property({ type: 'string', hidden: true }) idHash!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz' }) expiresAt!: Date;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) lastSeenAt: Date = new Date();
  @Property({ type: 'string', nullable: true }) clientAddress: string | null = null;
  @Property({ type: 'string', nullable: true }) userAgent: string | null = null;
}
