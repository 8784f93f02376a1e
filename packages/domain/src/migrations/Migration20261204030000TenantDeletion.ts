import { Migration } from '@mikro-orm/migrations';

/**
 * Tenant offboarding (issue 19): a deleted tenant leaves a record outside itself — who deleted it,
 * when, and how many rows of each kind went — since nothing of the tenant remains to hold it.
 */
export class Migration20261204030000TenantDeletion extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tenant_deletion (
  id uuid primary key default gen_random_uuid(),
  deleted_tenant_id uuid not null,
  slug text not null,
  name text not null,
  deleted_at timestamptz not null default now(),
  deleted_by text not null,
  rows jsonb not null
);
`);
  }
}
