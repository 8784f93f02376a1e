import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * The conflict inbox: one row per login ID an IdP tried to create while a console user holds it
 * under "Only users created by your identity provider" (refused with 409), for an admin to link or
 * dismiss.
 */
export class Migration20261129050000ConflictInbox extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table scim_conflict (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  user_name text not null,
  user_name_key text not null,
  console_user_id uuid not null,
  status text not null default 'open' check (status in ('open', 'linked', 'resolved', 'dismissed')),
  attempts integer not null default 1,
  first_at timestamptz not null default now(),
  last_at timestamptz not null default now(),
  decided_by text,
  primary key (tenant_id, id)
);
create unique index scim_conflict_user_name_key on scim_conflict (tenant_id, user_name_key);
${isolateTenantTable('scim_conflict')}
`);
  }
}
