import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable, roleForTransactions } from './Migration20261129000000Initial.js';

/**
 * Usage (issue 19): the rows and (estimated) bytes of each kind of record per tenant, measured by the
 * pruner after each pass — counting a large table on every scrape or page view would cost what the
 * counters of issue 16 saved. Tenant-owned (a tenant sees its own on Settings); `rollcall_monitor`
 * reads every tenant's numbers for /metrics and nothing else (a role like `rollcall_dispatcher`).
 */
export class Migration20261204040000Usage extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table tenant_usage (
  tenant_id uuid not null references tenant (id) on delete cascade,
  kind text not null,
  rows bigint not null,
  bytes bigint not null,
  measured_at timestamptz not null default now(),
  primary key (tenant_id, kind)
);
${isolateTenantTable('tenant_usage')}

${roleForTransactions('rollcall_monitor')}
grant select on tenant_usage, prune_run to rollcall_monitor;
grant select (id, slug) on tenant to rollcall_monitor;
create policy monitor_read on tenant_usage for select to rollcall_monitor using (true);
`);
  }
}
