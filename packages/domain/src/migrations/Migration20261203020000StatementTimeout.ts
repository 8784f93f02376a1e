import { Migration } from '@mikro-orm/migrations';

/**
 * `rollcall_enter`, the first statement of every tenant transaction, in its current form:
 * - it sets a transaction-local `statement_timeout` (in the same round trip, and safe behind a
 *   transaction-pooling PgBouncer, unlike a session setting), so a hostile search cannot keep a
 *   PostgreSQL core busy after its client left;
 * - with a SCIM token, it leaves the tenant set only when the token is valid, and returns the token's
 *   user scope and strict-attributes setting: a statement sent in the same message
 *   (tenancy/one-round-trip.ts) reads nothing for a bad, revoked or switched-off token.
 */
export class Migration20261203020000StatementTimeout extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
drop function rollcall_enter(uuid, text);
create function rollcall_enter(p_tenant uuid, p_token_hash text, p_statement_timeout_ms integer)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean,
               purpose text, strict_attributes boolean)
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
         t.purpose, s.strict_attributes
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
                      found_token.stale, found_token.first_use, found_token.purpose, found_token.strict_attributes;
end
$fn$;
grant execute on function rollcall_enter(uuid, text, integer) to rollcall_app;
`);
  }
}
