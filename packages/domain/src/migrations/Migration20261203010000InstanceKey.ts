import { Migration } from '@mikro-orm/migrations';

/**
 * One secret for the whole instance, made by PostgreSQL (gen_random_uuid draws from its strong random
 * source) so every server process shares it without configuration: it signs what the server hands out
 * and must get back unchanged, such as SCIM paging cursors (RFC 9865 cursors are opaque to clients).
 * Not tenant data: only the owner reads it, once at start.
 */
export class Migration20261203010000InstanceKey extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create table instance_key (
  id integer primary key default 1 check (id = 1),
  signing_key text not null
    default replace(gen_random_uuid()::text || gen_random_uuid()::text || gen_random_uuid()::text, '-', ''),
  created_at timestamptz not null default now()
);
insert into instance_key default values;
revoke all on instance_key from public;
`);
  }
}
