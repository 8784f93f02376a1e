import { Migration } from '@mikro-orm/migrations';

/**
 * Fixed-window counters shared by every server process (login throttling now, request rate limits
 * later). Keys are opaque strings built by the caller (e.g. a tenant + email hash, a client address);
 * no tenant data lives here, so the table has no tenant_id and no RLS policy.
 */
export class Migration20261129010000RateLimits extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table rate_limit (
  key text primary key,
  window_start timestamptz not null,
  hits integer not null
);
grant select, insert, update, delete on rate_limit to rollcall_app;
`);
  }
}
