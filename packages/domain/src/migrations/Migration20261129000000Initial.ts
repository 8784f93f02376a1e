import { Migration } from '@mikro-orm/migrations';

/** The tables of this migration that carry tenant_id (the full list: tenant-owned-tables.ts). */
export const initialTenantOwnedTables = [
  'admin',
  'admin_session',
  'api_key',
  'directory_user',
  'directory_group',
  'group_member',
  'scim_settings',
  'scim_token',
  'audit_event',
  'scim_request_log',
] as const;

/**
 * The initial schema. Written by hand rather than generated, because what matters most here is what
 * the ORM cannot express: expression and partial indexes, composite tenant-scoped foreign keys, and
 * row-level security.
 *
 * Conventions: every tenant-owned table has `tenant_id` first in its primary/unique keys, and child
 * rows reference parents by (tenant_id, id), so a row can never point into another tenant.
 */
export class Migration20261129000000Initial extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tenant (
  id uuid primary key,
  slug text not null,
  name text not null,
  created_at timestamptz not null default now()
);
create unique index tenant_slug_key on tenant (lower(slug));

create table admin (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  email text not null,
  email_key text generated always as (lower(email)) stored,
  name text,
  role text not null check (role in ('owner', 'admin', 'viewer')),
  password_hash text not null,
  created_at timestamptz not null default now(),
  last_login_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, email_key)
);

create table admin_session (
  tenant_id uuid not null,
  id uuid not null,
  admin_id uuid not null,
  id_hash text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null,
  last_seen_at timestamptz not null default now(),
  client_address text,
  user_agent text,
  primary key (tenant_id, id),
  foreign key (tenant_id, admin_id) references admin (tenant_id, id) on delete cascade
);
create unique index admin_session_id_hash_key on admin_session (tenant_id, id_hash);

create table api_key (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  name text not null,
  role text not null check (role in ('owner', 'admin', 'viewer')),
  prefix text not null,
  secret_hash text not null,
  created_by uuid,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
create unique index api_key_secret_hash_key on api_key (tenant_id, secret_hash);

create table directory_user (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  user_name text not null,
  user_name_key text generated always as (lower(user_name)) stored,
  external_id text,
  formatted_name text,
  family_name text,
  given_name text,
  middle_name text,
  honorific_prefix text,
  honorific_suffix text,
  display_name text,
  nick_name text,
  profile_url text,
  title text,
  user_type text,
  preferred_language text,
  locale text,
  timezone text,
  active boolean not null default true,
  emails jsonb not null default '[]',
  work_email_key text generated always as
    (lower(jsonb_path_query_first(emails, '$[*] ? (@.type == "work").value') #>> '{}')) stored,
  phone_numbers jsonb not null default '[]',
  ims jsonb not null default '[]',
  photos jsonb not null default '[]',
  addresses jsonb not null default '[]',
  entitlements jsonb not null default '[]',
  roles jsonb not null default '[]',
  x509_certificates jsonb not null default '[]',
  employee_number text,
  cost_center text,
  organization text,
  division text,
  department text,
  manager_id uuid,
  origin text not null check (origin in ('console', 'idp')),
  managed_by text not null check (managed_by in ('console', 'idp')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  -- userName is unique per tenant, case-insensitively (RFC 7643 §4.1.1: caseExact false).
  unique (tenant_id, user_name_key),
  foreign key (tenant_id, manager_id) references directory_user (tenant_id, id) on delete set null (manager_id)
);
-- The lookups IdPs make before every create (Entra: externalId, work email; Okta: userName).
create index directory_user_external_id_idx on directory_user (tenant_id, external_id);
create index directory_user_work_email_idx on directory_user (tenant_id, work_email_key);
create index directory_user_manager_idx on directory_user (tenant_id, manager_id) where manager_id is not null;

create table directory_group (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  display_name text not null,
  display_name_key text generated always as (lower(display_name)) stored,
  external_id text,
  origin text not null check (origin in ('console', 'idp')),
  managed_by text not null check (managed_by in ('console', 'idp')),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, display_name_key)
);
create index directory_group_external_id_idx on directory_group (tenant_id, external_id);

create table group_member (
  tenant_id uuid not null,
  group_id uuid not null,
  user_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, group_id, user_id),
  foreign key (tenant_id, group_id) references directory_group (tenant_id, id) on delete cascade,
  foreign key (tenant_id, user_id) references directory_user (tenant_id, id) on delete cascade
);
create index group_member_user_idx on group_member (tenant_id, user_id);

create table scim_settings (
  tenant_id uuid not null primary key references tenant (id) on delete cascade,
  enabled boolean not null default false,
  provider text not null default 'other' check (provider in ('entra_id', 'okta', 'other')),
  user_scope text not null default 'all_users' check (user_scope in ('all_users', 'idp_users_only')),
  updated_at timestamptz not null default now()
);

create table scim_token (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  prefix text not null,
  token_hash text not null,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz,
  primary key (tenant_id, id)
);
create unique index scim_token_hash_key on scim_token (tenant_id, token_hash);

create table audit_event (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  at timestamptz not null default now(),
  actor_kind text not null,
  actor_id text,
  actor_label text not null,
  action text not null,
  target_type text not null,
  target_id uuid,
  changes jsonb not null default '{}',
  request_id text,
  dialect text,
  outcome text not null default 'success',
  primary key (tenant_id, id)
);
create index audit_event_tenant_at_idx on audit_event (tenant_id, at desc, id desc);
create index audit_event_target_idx on audit_event (tenant_id, target_id, at desc);

create table scim_request_log (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  at timestamptz not null default now(),
  method text not null,
  path text not null,
  status integer not null,
  scim_type text,
  duration_ms integer not null default 0,
  token_prefix text,
  dialect text,
  request_id text,
  user_agent text,
  request_body jsonb,
  response_body jsonb,
  primary key (tenant_id, id)
);
create index scim_request_log_tenant_at_idx on scim_request_log (tenant_id, at desc, id desc);
`);

    // The app role: tenant work runs as it (set_config('role') in withTenant), so RLS applies even when
    // the connection itself belongs to a superuser or the tables' owner. Roles are cluster-wide; create once.
    this.addSql(`${roleForTransactions('rollcall_app')}grant select on tenant to rollcall_app;
`);
    for (const table of initialTenantOwnedTables) this.addSql(isolateTenantTable(table));
  }
}

/**
 * A role the server switches to inside a transaction (`set_config('role', …, true)`): made once per
 * cluster (roles are cluster-wide), granted to the connecting user, with the schema usable.
 */
export const roleForTransactions = (role: string): string => `
do $$ begin
  if not exists (select from pg_roles where rolname = '${role}') then
    create role ${role} nologin;
  end if;
end $$;
grant ${role} to current_user;
grant usage on schema public to ${role};
`;

/** The app role's grants and the forced row-level-security policy every tenant-owned table gets. */
export const isolateTenantTable = (table: string): string => `
grant select, insert, update, delete on ${table} to rollcall_app;
alter table ${table} enable row level security;
alter table ${table} force row level security;
create policy tenant_isolation on ${table}
  using (tenant_id = nullif(current_setting('rollcall.tenant_id', true), '')::uuid)
  with check (tenant_id = nullif(current_setting('rollcall.tenant_id', true), '')::uuid);
`;
