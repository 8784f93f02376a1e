import { Migration } from '@mikro-orm/migrations';

/**
 * Self-check tokens: "Test my connection" calls the tenant's own SCIM endpoint with a short-lived
 * token of its own (`purpose = 'self_check'`), so the IdP's token is never shown, used or retired by it.
 */
export class Migration20261129070000SelfCheckTokens extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table scim_token add column purpose text not null default 'idp' check (purpose in ('idp', 'self_check'));

drop function rollcall_enter(uuid, text);
create function rollcall_enter(p_tenant uuid, p_token_hash text)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean,
               purpose text)
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
           (t.last_used_at is null or t.last_used_at < now() - interval '60 seconds'),
           t.last_used_at is null and t.purpose = 'idp',
           t.purpose
      from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
     where t.tenant_id = p_tenant and t.token_hash = p_token_hash and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > now()) and s.enabled;
end
$fn$;
grant execute on function rollcall_enter(uuid, text) to rollcall_app;
`);
  }
}
