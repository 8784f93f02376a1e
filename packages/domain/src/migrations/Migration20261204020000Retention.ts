import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * Retention (issue 19): how long each kind of record is kept, per tenant (defaults from the
 * environment), and what pruning needs to stay cheap on a large table.
 * - `tenant_retention`: a tenant's overrides (null: the instance default).
 * - An index on finished webhook deliveries by their last attempt (the others are pruned by `at`,
 *   which their (tenant_id, at) indexes already order).
 * - `prune_lease`: one server process prunes at a time, whatever the pooler (a lease row, not a
 *   session lock: PgBouncer's transaction mode drops those). `prune_run`: when each kind was last
 *   pruned and how many rows went, for /metrics and the console.
 */
export class Migration20261204020000Retention extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tenant_retention (
  tenant_id uuid not null primary key references tenant (id) on delete cascade,
  request_log_days integer check (request_log_days between 1 and 3650),
  webhook_days integer check (webhook_days between 1 and 3650),
  audit_days integer check (audit_days between 1 and 36500),
  updated_at timestamptz not null default now()
);
${isolateTenantTable('tenant_retention')}

create index webhook_delivery_finished_idx on webhook_delivery (tenant_id, last_attempt_at)
  where status in ('delivered', 'failed');

create table prune_lease (
  id integer primary key check (id = 1),
  holder text,
  until timestamptz not null default '-infinity'
);
insert into prune_lease (id) values (1);
grant select, update on prune_lease to rollcall_app;

create table prune_run (
  kind text primary key,
  last_run_at timestamptz not null,
  rows_deleted bigint not null default 0
);
grant select, insert, update on prune_run to rollcall_app;
`);
  }
}
