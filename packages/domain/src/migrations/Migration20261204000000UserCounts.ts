import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable } from './Migration20261129000000Initial.js';

/**
 * How many users a tenant has, by who manages them, without counting rows: `totalResults` of an
 * unfiltered list (SCIM's first cursor page, the console's Users page) was a count over the whole
 * directory, 10 ms at 100,000 users. A single counter row per tenant would serialise every create and
 * delete on its lock; instead each insert or delete statement adds a delta row (statement triggers
 * with transition tables: one row per statement, also for a bulk load), a change of `managed_by` a
 * pair, and the count is their sum. Now and then (one statement in 32) a statement folds the tenant's
 * deltas into one: a concurrent fold skips the rows the other one deleted, so the sum never changes.
 */
export class Migration20261204000000UserCounts extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table directory_user_count (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id bigint generated always as identity,
  managed_by text not null,
  delta bigint not null,
  primary key (tenant_id, id)
);
${isolateTenantTable('directory_user_count')}
insert into directory_user_count (tenant_id, managed_by, delta)
  select tenant_id, managed_by, count(*) from directory_user group by tenant_id, managed_by;

-- Fold a tenant's deltas into one row per managed_by.
create function rollcall_fold_user_count(p_tenant uuid) returns void language sql as $fn$
  with folded as (delete from directory_user_count where tenant_id = p_tenant returning managed_by, delta)
  insert into directory_user_count (tenant_id, managed_by, delta)
    select p_tenant, managed_by, sum(delta) from folded group by managed_by having sum(delta) <> 0;
$fn$;

create function rollcall_count_users() returns trigger language plpgsql as $fn$
declare
  t uuid;
begin
  if tg_op = 'INSERT' then
    insert into directory_user_count (tenant_id, managed_by, delta)
      select tenant_id, managed_by, count(*) from inserted group by tenant_id, managed_by;
    for t in select distinct tenant_id from inserted loop
      if random() < 1.0 / 32 then perform rollcall_fold_user_count(t); end if;
    end loop;
  elsif tg_op = 'DELETE' then
    -- Not for a tenant being deleted itself (its users go with it, by cascade).
    insert into directory_user_count (tenant_id, managed_by, delta)
      select d.tenant_id, d.managed_by, -count(*) from deleted d
       where exists (select 1 from tenant where id = d.tenant_id) group by d.tenant_id, d.managed_by;
    for t in select distinct tenant_id from deleted loop
      if random() < 1.0 / 32 then perform rollcall_fold_user_count(t); end if;
    end loop;
  else
    -- A takeover: one user moves from the console's count to the IdP's.
    insert into directory_user_count (tenant_id, managed_by, delta)
      values (old.tenant_id, old.managed_by, -1), (new.tenant_id, new.managed_by, 1);
    return null;
  end if;
  return null;
end
$fn$;

create trigger directory_user_count_insert after insert on directory_user
  referencing new table as inserted for each statement execute function rollcall_count_users();
create trigger directory_user_count_delete after delete on directory_user
  referencing old table as deleted for each statement execute function rollcall_count_users();
create trigger directory_user_count_managed_by after update of managed_by on directory_user
  for each row when (old.managed_by is distinct from new.managed_by) execute function rollcall_count_users();
`);
  }
}
