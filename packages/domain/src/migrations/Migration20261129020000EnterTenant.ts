import { Migration } from '@mikro-orm/migrations';

/**
 * `rollcall_enter(tenant, token_hash)`: the first statement of every tenant transaction. It sets the
 * tenant for row-level security, drops to the app role and — for SCIM — returns the bearer token's
 * row, in one round trip instead of two. A function (not one SELECT with several set_config calls)
 * because only a function guarantees the settings are made before the token is read under RLS.
 * Not SECURITY DEFINER: it runs as the caller, and PostgreSQL refuses SET ROLE inside definer code.
 */
export class Migration20261129020000EnterTenant extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
create function rollcall_enter(p_tenant uuid, p_token_hash text)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean)
language plpgsql volatile as $fn$
begin
  perform set_config('rollcall.tenant_id', p_tenant::text, true);
  perform set_config('role', 'rollcall_app', true);
  if p_token_hash is null then
    return;
  end if;
  -- Last-used times are kept to the minute: recording every request would make every read a write.
  return query
    select t.id, t.token_hash::text, s.provider::text, s.user_scope::text,
           (t.last_used_at is null or t.last_used_at < now() - interval '60 seconds')
      from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
     where t.tenant_id = p_tenant and t.token_hash = p_token_hash and t.revoked_at is null and s.enabled;
end
$fn$;
grant execute on function rollcall_enter(uuid, text) to rollcall_app;
`);
  }
}
