import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * The mass-deprovisioning brake: its settings and state on scim_settings, and one row per user an
 * IdP deactivated or deleted (counted over a sliding window; the brake holds further ones past it).
 */
export class Migration20261129030000DeprovisioningBrake extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table scim_settings
  add column brake_enabled boolean not null default true,
  add column brake_max_users integer not null default 100 check (brake_max_users >= 1),
  add column brake_max_percent integer not null default 10 check (brake_max_percent between 1 and 100),
  add column brake_window_minutes integer not null default 60 check (brake_window_minutes between 1 and 10080),
  add column brake_held_since timestamptz,
  add column brake_held_requests integer not null default 0,
  add column brake_released_until timestamptz;

create table deprovision_event (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  user_id uuid not null,
  at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create index deprovision_event_tenant_at_idx on deprovision_event (tenant_id, at);
${isolateTenantTable('deprovision_event')}
`);
  }
}
