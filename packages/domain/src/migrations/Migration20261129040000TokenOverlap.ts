import { Migration } from '@mikro-orm/migrations';

/**
 * Zero-downtime token rotation: a replaced SCIM token keeps working until `expires_at` (the overlap
 * the admin chose) or until the new token is first used, whichever comes first. `rollcall_enter`
 * honours the expiry and says when a token is used for the first time.
 */
export class Migration20261129040000TokenOverlap extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table scim_token add column expires_at timestamptz;

drop function rollcall_enter(uuid, text);
create function rollcall_enter(p_tenant uuid, p_token_hash text)
returns table (id uuid, token_hash text, provider text, user_scope text, stale boolean, first_use boolean)
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
           t.last_used_at is null
      from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
     where t.tenant_id = p_tenant and t.token_hash = p_token_hash and t.revoked_at is null
       and (t.expires_at is null or t.expires_at > now()) and s.enabled;
end
$fn$;
grant execute on function rollcall_enter(uuid, text) to rollcall_app;
`);
  }
}
