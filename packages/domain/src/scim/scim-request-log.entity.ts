import { Entity, Property } from '@mikro-orm/core';
import { TenantOwned } from '../tenancy/tenant-owned.js';

/** Every SCIM call, refused ones included, with masked bodies: the admin's "why did my sync fail". */
@Entity({ tableName: 'scim_request_log' })
export class ScimRequestLog extends TenantOwned {
  @Property({ type: 'datetime', columnType: 'timestamptz' }) at: Date = new Date();
  @Property({ type: 'string' }) method!: string;
  @Property({ type: 'string' }) path!: string;
  @Property({ type: 'integer' }) status!: number;
  @Property({ type: 'string', nullable: true }) scimType: string | null = null;
  @Property({ type: 'integer' }) durationMs = 0;
  @Property({ type: 'string', nullable: true }) tokenPrefix: string | null = null;
  @Property({ type: 'string', nullable: true }) dialect: string | null = null;
  @Property({ type: 'string', nullable: true }) requestId: string | null = null;
  @Property({ type: 'string', nullable: true }) userAgent: string | null = null;
  @Property({ type: 'json', nullable: true }) requestBody: unknown = null;
  @Property({ type: 'json', nullable: true }) responseBody: unknown = null;
  /** Attributes the request sent that Rollcall does not keep, and so ignored (names). */
  @Property({ type: 'json', nullable: true }) ignoredAttributes: string[] | null = null;
}
