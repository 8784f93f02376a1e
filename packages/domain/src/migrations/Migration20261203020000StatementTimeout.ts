import { Migration } from '@mikro-orm/migrations';

/**
 * Every tenant transaction is bounded in time: `rollcall_enter` also sets a transaction-local
 * `statement_timeout` (in the same round trip, and safe behind a transaction-pooling PgBouncer, unlike
 * a session setting), so a hostile search cannot keep a PostgreSQL core busy after its client left.
 */
export class Migration20261203020000StatementTimeout extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
drop function rollcall_enter(uuid, text);
create function rollcall_enter(p_tenant uuid, p_token_hash text, p_statement_timeout_ms integer)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean,
               purpose text, strict_attributes boolean)
language plpgsql volatile as $fn$
begin
  if p_statement_timeout_ms is not null then
    perform set_config('statement_timeout', p_statement_timeout_ms || 'ms', true);
  end if;
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
grant execute on function rollcall_enter(uuid, text, integer) to rollcall_app;
`);
  }
}
