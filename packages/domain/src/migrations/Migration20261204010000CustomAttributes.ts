import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * Custom user attributes (issue 18): each tenant declares the extra attributes its IdP sends, under
 * extension URNs of its own (RFC 7643 §3.3).
 * - `custom_attribute`: the declarations. Names are case-insensitive within their URN (RFC 7643 §2.1).
 * - `directory_user.custom_attributes`: a user's values, by attribute id (JSONB; what reads return, no
 *   join needed). The one place values live.
 * - `custom_attribute_value`: the same values, one row each, typed and keyed for filtering (an index per
 *   type) and for `uniqueness: server` (a unique index): kept by a trigger on every write of
 *   `custom_attributes`, so the two can never disagree. Values of an attribute no longer declared get
 *   no row.
 * - `scim_settings.custom_schema_version`: bumped by every change of the declarations; `rollcall_enter`
 *   returns it, so a server process that knows an older schema learns of the change in the request's
 *   own round trip (as it does of a changed user scope).
 */
export class Migration20261204010000CustomAttributes extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table custom_attribute (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  schema_urn text not null,
  schema_key text generated always as (lower(schema_urn)) stored,
  name text not null,
  name_key text generated always as (lower(name)) stored,
  type text not null check (type in ('string', 'boolean', 'integer', 'decimal', 'dateTime', 'reference')),
  multi_valued boolean not null default false,
  case_exact boolean not null default false,
  required boolean not null default false,
  uniqueness text not null default 'none' check (uniqueness in ('none', 'server')),
  description text not null default '',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, schema_key, name_key)
);
${isolateTenantTable('custom_attribute')}

alter table directory_user add column custom_attributes jsonb not null default '{}';

create table custom_attribute_value (
  tenant_id uuid not null,
  user_id uuid not null,
  attribute_id uuid not null,
  position integer not null,
  -- Strings and references: as sent when caseExact, else lower-cased (what eq/co/sw/ew/gt… compare).
  text_key text,
  number numeric,
  flag boolean,
  at timestamptz,
  -- Set only for uniqueness "server": the unique index below decides races.
  unique_key text,
  primary key (tenant_id, user_id, attribute_id, position),
  foreign key (tenant_id, user_id) references directory_user (tenant_id, id) on delete cascade,
  foreign key (tenant_id, attribute_id) references custom_attribute (tenant_id, id) on delete cascade
);
${isolateTenantTable('custom_attribute_value')}
create index custom_attribute_value_text_idx on custom_attribute_value (tenant_id, attribute_id, text_key)
  where text_key is not null;
create index custom_attribute_value_number_idx on custom_attribute_value (tenant_id, attribute_id, number)
  where number is not null;
create index custom_attribute_value_at_idx on custom_attribute_value (tenant_id, attribute_id, at)
  where at is not null;
create unique index custom_attribute_value_unique_idx
  on custom_attribute_value (tenant_id, attribute_id, unique_key) where unique_key is not null;

-- A dateTime as sent, or null when it is not one (the transports check types; this never fails a write).
create function rollcall_try_timestamptz(p_text text) returns timestamptz language plpgsql immutable as $fn$
begin
  return p_text::timestamptz;
exception when others then
  return null;
end
$fn$;

-- The typed rows of one user's values (all of them: the user's custom_attributes is the truth).
create function rollcall_index_custom_values() returns trigger language plpgsql as $fn$
begin
  if tg_op = 'UPDATE' then
    if new.custom_attributes is not distinct from old.custom_attributes then
      return new;
    end if;
    delete from custom_attribute_value where tenant_id = new.tenant_id and user_id = new.id;
  end if;
  if new.custom_attributes = '{}'::jsonb then
    return new;
  end if;
  insert into custom_attribute_value (tenant_id, user_id, attribute_id, position, text_key, number, flag, at, unique_key)
  select new.tenant_id, new.id, a.id, v.position::integer,
         k.text_key,
         case when a.type in ('integer', 'decimal') and jsonb_typeof(v.value) = 'number' then (v.value #>> '{}')::numeric end,
         case when a.type = 'boolean' and jsonb_typeof(v.value) = 'boolean' then (v.value #>> '{}')::boolean end,
         case when a.type = 'dateTime' then rollcall_try_timestamptz(v.value #>> '{}') end,
         case when a.uniqueness = 'server'
              then coalesce(k.text_key, (v.value #>> '{}')) end
    from jsonb_each(new.custom_attributes) as e(key, value)
    join custom_attribute a on a.tenant_id = new.tenant_id and a.id::text = e.key
    cross join lateral jsonb_array_elements(
      case when jsonb_typeof(e.value) = 'array' then e.value else jsonb_build_array(e.value) end
    ) with ordinality as v(value, position)
    cross join lateral (
      select case when a.type in ('string', 'reference') and jsonb_typeof(v.value) = 'string'
                  then case when a.case_exact then v.value #>> '{}' else lower(v.value #>> '{}') end
             end as text_key
    ) k
   where jsonb_typeof(v.value) <> 'null';
  return new;
end
$fn$;
create trigger directory_user_custom_values after insert or update of custom_attributes on directory_user
  for each row execute function rollcall_index_custom_values();

alter table scim_settings add column custom_schema_version integer not null default 0;

drop function rollcall_enter(uuid, text, integer);
create function rollcall_enter(p_tenant uuid, p_token_hash text, p_statement_timeout_ms integer)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean,
               purpose text, strict_attributes boolean, custom_schema_version integer)
language plpgsql volatile as $fn$
declare
  found_token record;
begin
  if p_statement_timeout_ms is not null then
    perform set_config('statement_timeout', p_statement_timeout_ms || 'ms', true);
  end if;
  perform set_config('rollcall.tenant_id', p_tenant::text, true);
  perform set_config('rollcall.user_scope', '', true);
  perform set_config('role', 'rollcall_app', true);
  if p_token_hash is null then
    return;
  end if;
  -- Last-used times are kept to the minute: recording every request would make every read a write.
  select t.id, t.token_hash::text as token_hash, s.provider::text as provider, s.user_scope::text as user_scope,
         (t.last_used_at is null or t.last_used_at < now() - interval '60 seconds') as stale,
         t.last_used_at is null and t.purpose = 'idp' as first_use,
         t.purpose, s.strict_attributes, s.custom_schema_version
    into found_token
    from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
   where t.tenant_id = p_tenant and t.token_hash = p_token_hash and t.revoked_at is null
     and (t.expires_at is null or t.expires_at > now()) and s.enabled;
  if not found then
    -- No valid token: nothing of the tenant is readable in this transaction.
    perform set_config('rollcall.tenant_id', '', true);
    return;
  end if;
  perform set_config('rollcall.user_scope', found_token.user_scope, true);
  return query select found_token.id, found_token.token_hash, found_token.provider, found_token.user_scope,
                      found_token.stale, found_token.first_use, found_token.purpose, found_token.strict_attributes,
                      found_token.custom_schema_version;
end
$fn$;
grant execute on function rollcall_enter(uuid, text, integer) to rollcall_app;
`);
  }
}
