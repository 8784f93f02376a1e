import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * What real identity providers send (issue 14):
 * - `manager` keeps the enterprise manager's `value` exactly as sent (RFC 7643 §2.3.7 makes referential
 *   integrity a MAY: Okta's `managerId` is free-form); it is resolved to a user when read, so a manager
 *   provisioned later, renamed or deleted is reflected without the IdP resending anything. The old
 *   uuid column and its foreign key go; its values are kept.
 * - `employee_number` gets an index: it is one of the keys a manager value resolves by.
 * - `scim_settings.strict_attributes`: refuse attributes Rollcall does not keep (off: ignore them).
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

drop function rollcall_enter(uuid, text);
create function rollcall_enter(p_tenant uuid, p_token_hash text)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean,
               purpose text, strict_attributes boolean)
language plpgsql volatile as $fn$
begin
  perform set_config('rollcall.tenant_id', p_tenant::text, true);
  perform set_config('role', 'rollcall_app', true);
  if p_token_hash is null then
    return;
  end if;
  -- Last-used times are kept to the minute: recording every request would make every read a write.
  return query
    select t.id, t.token_hash::text, s.provider::text, s.user_scope::text,
           (t.last_used_at is null or t.last_used_at < now() - interval '60 seconds'),
           t.last_used_at is null and t.purpose = 'idp',
           t.purpose, s.strict_attributes
      from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
     where t.tenant_id = p_tenant and t.token_hash = p_token_hash and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > now()) and s.enabled;
end
$fn$;
grant execute on function rollcall_enter(uuid, text) to rollcall_app;
`);
  }
}
