import type { MikroORM } from '@mikro-orm/postgresql';

/**
 * Claim up to `limit` due deliveries across all tenants, for one dispatcher. Claiming pushes each
 * one's next attempt `leaseMs` ahead, so another process (or this one, after a crash) takes it up
 * only once the lease has run out: a delivery is sent at least once, and twice only if its sender
 * died or overran the lease. `skip locked` lets concurrent dispatchers claim disjoint rows.
 *
 * Runs as `rollcall_dispatcher`, which sees only the ids and schedule of pending deliveries; what to
 * send is read inside each delivery's tenant (`WebhookService.forDelivery`).
 */
export async function claimDueWebhookDeliveries(
  orm: MikroORM,
  options: { limit: number; leaseMs: number },
): Promise<{ tenantId: string; id: string }[]> {
  return orm.em.fork().transactional(async (em) => {
    await em.execute(`select set_config('role', 'rollcall_dispatcher', true)`);
    return em.execute<{ tenantId: string; id: string }[]>(
      `update webhook_delivery d set next_attempt_at = now() + make_interval(secs => ? / 1000.0)
         from (select tenant_id, id from webhook_delivery
                where status = 'pending' and next_attempt_at <= now()
                order by next_attempt_at limit ? for update skip locked) due
        where d.tenant_id = due.tenant_id and d.id = due.id
       returning d.tenant_id as "tenantId", d.id`,
      [options.leaseMs, options.limit],
    );
  });
}
