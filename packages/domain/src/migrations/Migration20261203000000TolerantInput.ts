import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * What real identity providers send (issue 14):
 * - `manager` keeps the enterprise manager's `value` exactly as sent (RFC 7643 §2.3.7 makes referential
 *   integrity a MAY: Okta's `managerId` is free-form); it is resolved to a user when read, so a manager
 *   provisioned later, renamed or deleted is reflected without the IdP resending anything. The old
 *   uuid column and its foreign key go; its values are kept.
 * - `employee_number` gets an index: it is one of the keys a manager value resolves by.
 * - `scim_settings.strict_attributes`: refuse attributes Rollcall does not keep (off: ignore them);
 *   `rollcall_enter` returns it from Migration20261203020000StatementTimeout on.
 * - `scim_ignored_attribute`: which attributes the IdP sends that Rollcall ignores, for the admin.
 * - `scim_request_log.ignored_attributes`: what each request sent that was ignored.
 */
export class Migration20261203000000TolerantInput extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table directory_user add column manager text;
update directory_user set manager = manager_id::text where manager_id is not null;
alter table directory_user drop column manager_id;
create index directory_user_manager_idx on directory_user (tenant_id, manager) where manager is not null;
-- Which reports name a user (case-insensitively): their versions change when that user does.
create index directory_user_manager_key_idx on directory_user (tenant_id, lower(manager))
  where manager is not null;
create index directory_user_employee_number_idx on directory_user (tenant_id, employee_number)
  where employee_number is not null;

alter table scim_settings add column strict_attributes boolean not null default false;

create table scim_ignored_attribute (
  tenant_id uuid not null references tenant (id) on delete cascade,
  resource_type text not null check (resource_type in ('User', 'Group')),
  name text not null,
  first_seen_at timestamptz not null default now(),
  last_seen_at timestamptz not null default now(),
  requests bigint not null default 1,
  primary key (tenant_id, resource_type, name)
);
${isolateTenantTable('scim_ignored_attribute')}

alter table scim_request_log add column ignored_attributes jsonb;

`);
  }
}
