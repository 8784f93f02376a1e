import { Migration } from '@mikro-orm/migrations';
import { isolateTenantTable, roleForTransactions } from './Migration20261129000000Initial.js';

/**
 * Webhooks: signed deliveries of provisioning events to integrators' endpoints, at least once.
 *
 * The outbox is filled by a trigger on `audit_event`: an audited change whose `webhook_type` is set
 * gets one `webhook_delivery` row per enabled, subscribed endpoint, inserted by the same statement in
 * the same transaction as the change. So an event is queued if and only if its change commits, with
 * no extra round trip, whichever code path made the change.
 *
 * Dispatchers in every server process claim due deliveries across tenants as `rollcall_dispatcher`:
 * the only role that sees other tenants' rows, and only the ids, status and schedule of pending
 * deliveries. Everything else (URL, secret, payload) is read back inside the delivery's tenant.
 */
export class Migration20261129080000Webhooks extends Migration {
  override async up(): Promise<void> {
    this.addSql(`
alter table audit_event add column webhook_type text;

create table webhook_endpoint (
  tenant_id uuid not null references tenant (id) on delete cascade,
  id uuid not null,
  url text not null,
  description text not null default '',
  event_types text[] not null,
  enabled boolean not null default true,
  -- Not hashed, unlike every other secret: signing each delivery needs the key itself. Sealed with
  -- ROLLCALL_SECRETS_KEY when the server has one (SecretBox).
  secret text not null,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
${isolateTenantTable('webhook_endpoint')}

create table webhook_delivery (
  tenant_id uuid not null,
  id uuid not null default gen_random_uuid(),
  endpoint_id uuid not null,
  event_id uuid not null,
  event_type text not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed', 'paused')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  last_status integer,
  last_error text,
  delivered_at timestamptz,
  primary key (tenant_id, id),
  unique (tenant_id, endpoint_id, event_id),
  foreign key (tenant_id, endpoint_id) references webhook_endpoint (tenant_id, id) on delete cascade,
  foreign key (tenant_id, event_id) references audit_event (tenant_id, id) on delete cascade
);
create index webhook_delivery_due_idx on webhook_delivery (next_attempt_at) where status = 'pending';
-- The endpoint list counts what waits or failed; delivered rows (nearly all, in time) stay out of it.
create index webhook_delivery_open_idx on webhook_delivery (tenant_id, endpoint_id) where status <> 'delivered';
${isolateTenantTable('webhook_delivery')}

create function rollcall_queue_webhooks() returns trigger language plpgsql as $fn$
begin
  insert into webhook_delivery (tenant_id, endpoint_id, event_id, event_type)
  select new.tenant_id, e.id, new.id, new.webhook_type
    from webhook_endpoint e
   where e.tenant_id = new.tenant_id and e.enabled and new.webhook_type = any (e.event_types);
  return null;
end
$fn$;
create trigger audit_event_queue_webhooks after insert on audit_event
  for each row when (new.webhook_type is not null) execute function rollcall_queue_webhooks();

${roleForTransactions('rollcall_dispatcher')}
grant select (tenant_id, id, endpoint_id, status, next_attempt_at), update (next_attempt_at)
  on webhook_delivery to rollcall_dispatcher;
create policy dispatch_due on webhook_delivery to rollcall_dispatcher using (status = 'pending');
`);
  }
}
