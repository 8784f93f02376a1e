import { PrimaryKey, type PrimaryKeyProp } from '@mikro-orm/core';
import { newId } from '../ids.js';

/**
 * Base of every tenant-owned entity. The primary key is (tenant_id, id): every key leads with the
 * tenant, so the schema can be sharded by tenant (e.g. Citus) and no key can point across tenants.
 * The tenant is a required constructor argument, so an insert cannot forget it; reads, updates and
 * deletes are covered by the `tenant` filter (orm.ts) and, underneath, by row-level security.
 */
export abstract class TenantOwned {
  declare [PrimaryKeyProp]?: ['tenantId', 'id'];
  @PrimaryKey({ type: 'uuid' }) tenantId: string;
  @PrimaryKey({ type: 'uuid' }) id: string = newId();

  constructor(tenantId: string) {
    this.tenantId = tenantId;
  }
}
