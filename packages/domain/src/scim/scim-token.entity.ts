import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';

/** A bearer token for the tenant's SCIM endpoint. Only its SHA-256 and a short prefix are kept. */
@Entity({ tableName: 'scim_token' })
export class ScimToken extends TenantOwned {
  @Property({ type: 'string' }) prefix!: string;
  @Property({ type: 'string', hidden: true }) tokenHash!: string;
  @Property({ type: 'datetime', columnType: 'timestamptz' }) createdAt: Date = new Date();
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) lastUsedAt: Date | null = null;
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) revokedAt: Date | null = null;
  /** A replaced token keeps working until then (or until its successor is first used). */
  @Property({ type: 'datetime', columnType: 'timestamptz', nullable: true }) expiresAt: Date | null = null;
  /** `idp`: pasted into the identity provider; `self_check`: "Test my connection", short-lived. */
  @Property({ type: 'string' }) purpose: 'idp' | 'self_check' = 'idp';
}
