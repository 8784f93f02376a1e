import type { MikroORM } from '@mikro-orm/postgresql';
import { arrayLiteral } from '../database/array-literal.js';

export interface ClaimOptions {
  limit: number;
  leaseMs: number;
  /** At most this many deliveries of one endpoint in flight in the claiming process… */
  perEndpoint: number;
  /** …counting those it is already sending (endpoint id → deliveries in flight). */
  busy: ReadonlyMap<string, number>;
}

export interface ClaimedDelivery {
  tenantId: string;
  id: string;
  endpointId: string;
}

/**
 * Claim up to `limit` due deliveries across all tenants, for one dispatcher. Claiming pushes each
 * one's next attempt `leaseMs` ahead, so another process (or this one, after a crash) takes it up
 * only once the lease has run out: a delivery is sent at least once, and twice only if its sender
 * died or overran the lease. `skip locked` lets concurrent dispatchers claim disjoint rows.
 *
 * Fairness: no endpoint gets more than `perEndpoint` of the process's slots, so a receiver that hangs
 * until the timeout, with thousands of deliveries queued, cannot hold back other endpoints' (or other
 * tenants') deliveries.
 *
 * Runs as `rollcall_dispatcher`, which sees only the ids and schedule of pending deliveries; what to
 * send is read inside each delivery's tenant (`WebhookService.forDelivery`).
 */
export async function claimDueWebhookDeliveries(
  orm: MikroORM,
  options: ClaimOptions,
): Promise<ClaimedDelivery[]> {
  return orm.em.fork().transactional(async (em) => {
    await em.execute(`select set_config('role', 'rollcall_dispatcher', true)`);
    return em.execute<ClaimedDelivery[]>(
      `with due as (
         select tenant_id, id, endpoint_id, next_attempt_at from webhook_delivery
          where status = 'pending' and next_attempt_at <= now()
          order by next_attempt_at limit 1000
       ), fair as (
         select due.tenant_id, due.id, due.next_attempt_at from (
           select *, row_number() over (partition by endpoint_id order by next_attempt_at) as place from due
         ) due
         left join unnest(?::uuid[], ?::int[]) as busy(endpoint_id, sending) on busy.endpoint_id = due.endpoint_id
          where due.place <= ? - coalesce(busy.sending, 0)
       ), claimed as (
         select d.tenant_id, d.id from webhook_delivery d join fair using (tenant_id, id)
          where d.status = 'pending' and d.next_attempt_at <= now()
          order by fair.next_attempt_at limit ? for update of d skip locked
       )
       update webhook_delivery d set next_attempt_at = now() + make_interval(secs => ? / 1000.0)
         from claimed where d.tenant_id = claimed.tenant_id and d.id = claimed.id
       returning d.tenant_id as "tenantId", d.id, d.endpoint_id as "endpointId"`,
      [
        arrayLiteral([...options.busy.keys()]),
        arrayLiteral([...options.busy.values()]),
        options.perEndpoint,
        options.limit,
        options.leaseMs,
      ],
    );
  });
}
