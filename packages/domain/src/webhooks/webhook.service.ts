import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { AttributeChange } from '../audit/audit-event.entity.js';
import { diffAttributes } from '../audit/diff.js';
import { arrayLiteral } from '../database/array-literal.js';
import { toStorableText } from '../database/storable-text.js';
import { DomainError } from '../errors.js';
import { isId, newId } from '../ids.js';
import { maxPageSize } from '../paging.js';
import { parseInput, requiredName, text } from '../rules.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { webhookUrlProblem, type WebhookNetworkPolicy } from './network-policy.js';
import type { SecretBox } from './secret-box.js';
import { webhookEventTypes, webhookTestEventType, type WebhookEventType } from './webhook-events.js';
import { retryDelayMs, webhookPayload, type RetryPolicy, type WebhookEventRow } from './webhook-payload.js';

export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdAt: Date;
  /** After a secret rotation, deliveries are signed with the previous secret too until then. */
  previousSecretExpiresAt: Date | null;
  /** Deliveries waiting for their first or next attempt (paused ones included). */
  pending: number;
  /** Deliveries that ran out of attempts. */
  failed: number;
}

export type WebhookDeliveryStatus = 'pending' | 'delivered' | 'failed' | 'paused';

export interface WebhookDelivery {
  id: string;
  endpointId: string;
  /** The audit event delivered; also the `webhook-id` header, the same on every attempt. */
  eventId: string;
  eventType: string;
  occurredAt: Date;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  lastAttemptAt: Date | null;
  /** The receiver's HTTP status of the last attempt (null: no answer). */
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  /** The body sent (the same on every attempt; signed per attempt). */
  payload: Record<string, unknown>;
}

/** A claimed delivery, ready to send. */
export interface WebhookJob {
  id: string;
  eventId: string;
  url: string;
  /** Sign with each (the current secret, and the previous one during a rotation). */
  secrets: string[];
  /** Why it cannot be sent (its secret does not open): recorded as a failed attempt. */
  problem: string | null;
  /** Attempts before this one. */
  attempts: number;
  payload: Record<string, unknown>;
}

export interface WebhookAttempt {
  id: string;
  ok: boolean;
  status: number | null;
  error: string | null;
  /** The receiver's Retry-After, if it sent one. */
  retryAfterMs: number | null;
}

const endpointInput = z.strictObject({
  url: requiredName(2048),
  description: text(200).optional(),
  eventTypes: z.array(z.enum(webhookEventTypes)).min(1, 'Choose at least one event').max(50),
  enabled: z.boolean().optional(),
});
export type NewWebhookEndpoint = z.input<typeof endpointInput>;
export type WebhookEndpointChange = Partial<NewWebhookEndpoint>;

/** How long deliveries are signed with both secrets after a rotation, so receivers can switch over. */
const rotationOverlapHours = 24;

const endpointColumns = `e.id, e.url, e.description, e.event_types as "eventTypes", e.enabled,
  e.created_at as "createdAt",
  case when e.previous_secret_expires_at > now() then e.previous_secret_expires_at end as "previousSecretExpiresAt",
  (select count(*)::int from webhook_delivery d where d.tenant_id = e.tenant_id and d.endpoint_id = e.id
      and d.status in ('pending', 'paused')) as pending,
  (select count(*)::int from webhook_delivery d where d.tenant_id = e.tenant_id and d.endpoint_id = e.id
      and d.status = 'failed') as failed`;

/** The audit event a delivery carries, with its tenant: what `webhookPayload` builds the body from. */
const eventColumns = `a.at, a.tenant_id as "tenantId", t.slug as "tenantSlug", a.actor_kind as "actorKind",
  a.actor_label as "actorLabel", a.target_type as "targetType", a.target_id as "targetId", a.changes`;
const eventJoins = `join audit_event a on a.tenant_id = d.tenant_id and a.id = d.event_id
  join tenant t on t.id = d.tenant_id`;

const deliveryColumns = `d.id, d.endpoint_id as "endpointId", d.event_id as "eventId", d.event_type as "eventType",
  ${eventColumns}, d.status, d.attempts,
  case when d.status = 'pending' then d.next_attempt_at end as "nextAttemptAt",
  d.last_attempt_at as "lastAttemptAt", d.last_status as "lastStatus", d.last_error as "lastError",
  d.delivered_at as "deliveredAt"`;

const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));
const toEndpoint = (row: WebhookEndpoint): WebhookEndpoint => ({
  ...row,
  createdAt: date(row.createdAt)!,
  previousSecretExpiresAt: date(row.previousSecretExpiresAt),
});
type DeliveryRow = Omit<WebhookDelivery, 'occurredAt' | 'payload'> & WebhookEventRow;
const toDelivery = (row: DeliveryRow): WebhookDelivery => ({
  id: row.id,
  endpointId: row.endpointId,
  eventId: row.eventId,
  eventType: row.eventType,
  occurredAt: date(row.at)!,
  status: row.status,
  attempts: row.attempts,
  nextAttemptAt: date(row.nextAttemptAt),
  lastAttemptAt: date(row.lastAttemptAt),
  lastStatus: row.lastStatus,
  lastError: row.lastError,
  deliveredAt: date(row.deliveredAt),
  payload: webhookPayload(row),
});

const endpointNotFound = (id: string) =>
  new DomainError('webhook.not_found', `No webhook endpoint with id ${id}`, { id });
const deliveryNotFound = (id: string) =>
  new DomainError('webhook.delivery_not_found', `No webhook delivery with id ${id}`, { id });

/** A signing secret in the Standard Webhooks form: `whsec_` and 32 random bytes in base64. */
const newSigningSecret = () => `whsec_${randomBytes(32).toString('base64')}`;

/**
 * Webhook endpoints and their deliveries. Deliveries are queued by the database in the transaction
 * of each audited provisioning change (see Migration20261129080000Webhooks); the dispatcher claims
 * them, sends them with `forDelivery`, and reports back with `recordAttempts`.
 */
export class WebhookService {
  constructor(private readonly scope: TenantScope) {}

  async listEndpoints(): Promise<WebhookEndpoint[]> {
    const rows = await this.scope.sql<WebhookEndpoint>(
      `select ${endpointColumns} from webhook_endpoint e where e.tenant_id = ? order by e.created_at, e.id`,
      [this.scope.tenantId],
    );
    return rows.map(toEndpoint);
  }

  /**
   * Add an endpoint; its signing secret is returned this once (it can be rotated, not shown again).
   * Errors: `invalid_input` (URL not allowed by `policy`, unknown event types).
   */
  async createEndpoint(
    input: NewWebhookEndpoint,
    policy: WebhookNetworkPolicy,
    box: SecretBox,
  ): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    const endpoint = parseInput(endpointInput, input);
    assertUrlAllowed(endpoint.url, policy);
    const id = newId();
    const secret = newSigningSecret();
    await this.scope.sql(
      `insert into webhook_endpoint (tenant_id, id, url, description, event_types, enabled, secret)
       values (?, ?, ?, ?, ?::text[], ?, ?)`,
      [
        this.scope.tenantId,
        id,
        endpoint.url,
        endpoint.description?.trim() ?? '',
        arrayLiteral(endpoint.eventTypes),
        endpoint.enabled ?? true,
        box.seal(secret, this.secretContext(id)),
      ],
    );
    this.auditEndpoint('webhook.create', id, { url: { before: null, after: endpoint.url } });
    await this.scope.em.flush();
    return { endpoint: await this.endpoint(id), secret };
  }

  /**
   * Change an endpoint. Disabling pauses its queued deliveries (and queues nothing new); enabling
   * sends the paused ones. Errors: `webhook.not_found`, `invalid_input`.
   */
  async updateEndpoint(
    id: string,
    input: WebhookEndpointChange,
    policy: WebhookNetworkPolicy,
  ): Promise<WebhookEndpoint> {
    const change = parseInput(endpointInput.partial(), input);
    if (change.url !== undefined) assertUrlAllowed(change.url, policy);
    const before = await this.endpoint(id, { lock: true });
    await this.scope.sql(
      `update webhook_endpoint set url = coalesce(?, url), description = coalesce(?, description),
              event_types = coalesce(?::text[], event_types), enabled = coalesce(?, enabled), updated_at = now()
        where tenant_id = ? and id = ?`,
      [
        change.url ?? null,
        change.description?.trim() ?? null,
        change.eventTypes ? arrayLiteral(change.eventTypes) : null,
        change.enabled ?? null,
        this.scope.tenantId,
        id,
      ],
    );
    if (change.enabled !== undefined && change.enabled !== before.enabled) {
      await this.scope.sql(
        `update webhook_delivery set status = ?, next_attempt_at = now()
          where tenant_id = ? and endpoint_id = ? and status = ?`,
        change.enabled
          ? ['pending', this.scope.tenantId, id, 'paused']
          : ['paused', this.scope.tenantId, id, 'pending'],
      );
    }
    const after = await this.endpoint(id);
    const changes = diffAttributes(before, after, ['url', 'description', 'eventTypes', 'enabled']);
    if (Object.keys(changes).length > 0) {
      this.auditEndpoint('webhook.update', id, changes);
      await this.scope.em.flush();
    }
    return after;
  }

  /** Remove an endpoint with its delivery log. Errors: `webhook.not_found`. */
  async removeEndpoint(id: string): Promise<void> {
    const endpoint = await this.endpoint(id, { lock: true });
    await this.scope.sql(`delete from webhook_endpoint where tenant_id = ? and id = ?`, [
      this.scope.tenantId,
      id,
    ]);
    this.auditEndpoint('webhook.delete', id, { url: { before: endpoint.url, after: null } });
    await this.scope.em.flush();
  }

  /**
   * A new signing secret, returned this once. Deliveries carry signatures by both secrets for a day,
   * so the receiver can switch without losing one. Errors: `webhook.not_found`.
   */
  async rotateSecret(id: string, box: SecretBox): Promise<{ endpoint: WebhookEndpoint; secret: string }> {
    await this.endpoint(id, { lock: true });
    const secret = newSigningSecret();
    await this.scope.sql(
      `update webhook_endpoint set previous_secret = secret, secret = ?,
              previous_secret_expires_at = now() + make_interval(hours => ?), updated_at = now()
        where tenant_id = ? and id = ?`,
      [box.seal(secret, this.secretContext(id)), rotationOverlapHours, this.scope.tenantId, id],
    );
    this.auditEndpoint('webhook.rotate_secret', id, {});
    await this.scope.em.flush();
    return { endpoint: await this.endpoint(id), secret };
  }

  /**
   * Seal every endpoint's signing secrets (current and previous) under `box`'s current key, where they
   * are not already: after the key was rotated or first set. Returns how many values were sealed anew.
   * Errors: `invalid_input` when no key of `box` opens a secret (nothing is changed then).
   */
  async resealSecrets(box: SecretBox): Promise<number> {
    const rows = await this.scope.sql<{ id: string; secret: string; previous: string | null }>(
      `select id, secret, previous_secret as previous from webhook_endpoint where tenant_id = ? for update`,
      [this.scope.tenantId],
    );
    let resealed = 0;
    for (const row of rows) {
      const context = this.secretContext(row.id);
      const reseal = (stored: string) => {
        try {
          return box.resealed(stored, context);
        } catch (error) {
          throw new DomainError('invalid_input', `Webhook endpoint ${row.id}: ${(error as Error).message}`);
        }
      };
      const secret = reseal(row.secret);
      const previous = row.previous === null ? null : reseal(row.previous);
      if (secret === null && previous === null) continue;
      resealed += (secret === null ? 0 : 1) + (previous === null ? 0 : 1);
      await this.scope.sql(
        `update webhook_endpoint set secret = ?, previous_secret = ? where tenant_id = ? and id = ?`,
        [secret ?? row.secret, previous ?? row.previous, this.scope.tenantId, row.id],
      );
    }
    if (resealed > 0)
      this.scope.audit({
        action: 'webhook.reseal_secrets',
        targetType: 'tenant',
        targetId: this.scope.tenantId,
        changes: { secrets: { before: null, after: resealed } },
      });
    return resealed;
  }

  /** An endpoint's deliveries, newest event first; `before` is a delivery's event id (keyset paging). */
  async deliveries(
    endpointId: string,
    query: { status?: WebhookDeliveryStatus | undefined; before?: string | undefined; limit: number },
  ): Promise<WebhookDelivery[]> {
    await this.endpoint(endpointId);
    if (query.before !== undefined && !isId(query.before))
      throw new DomainError('invalid_input', 'The cursor is not valid');
    const params: unknown[] = [this.scope.tenantId, endpointId];
    let where = '';
    if (query.status) {
      where += ' and d.status = ?';
      params.push(query.status);
    }
    if (query.before) {
      where += ' and d.event_id < ?';
      params.push(query.before);
    }
    params.push(Math.min(Math.max(query.limit, 0), maxPageSize));
    const rows = await this.scope.sql<DeliveryRow>(
      `select ${deliveryColumns} from webhook_delivery d ${eventJoins}
        where d.tenant_id = ? and d.endpoint_id = ?${where} order by d.event_id desc limit ?`,
      params,
    );
    return rows.map(toDelivery);
  }

  /**
   * Send a delivery again as soon as possible: a failed one, a pending one now rather than at its
   * next back-off, or a delivered one the receiver lost (it carries the same `webhook-id`).
   * Errors: `webhook.delivery_not_found`, `invalid_input` (its endpoint is disabled).
   */
  async retryDelivery(id: string): Promise<WebhookDelivery> {
    if (!isId(id)) throw deliveryNotFound(id);
    const [row] = await this.scope.sql<{ status: WebhookDeliveryStatus; endpointId: string }>(
      `select status, endpoint_id as "endpointId" from webhook_delivery where tenant_id = ? and id = ? for update`,
      [this.scope.tenantId, id],
    );
    if (!row) throw deliveryNotFound(id);
    if (row.status === 'paused')
      throw new DomainError('invalid_input', 'The endpoint is disabled: enable it to send its deliveries');
    await this.scope.sql(
      `update webhook_delivery set status = 'pending', next_attempt_at = now() where tenant_id = ? and id = ?`,
      [this.scope.tenantId, id],
    );
    this.auditEndpoint('webhook.retry', row.endpointId, {
      delivery: { before: row.status, after: 'pending' },
    });
    await this.scope.em.flush();
    return this.delivery(id);
  }

  /** Queue a `webhook.test` event for one endpoint (delivered like any other). Errors: `webhook.not_found`. */
  async sendTest(endpointId: string): Promise<WebhookDelivery> {
    const endpoint = await this.endpoint(endpointId);
    const eventId = this.auditEndpoint('webhook.test', endpointId, {});
    await this.scope.em.flush();
    const [row] = await this.scope.sql<{ id: string }>(
      `insert into webhook_delivery (tenant_id, endpoint_id, event_id, event_type, status)
       values (?, ?, ?, ?, ?) returning id`,
      [
        this.scope.tenantId,
        endpointId,
        eventId,
        webhookTestEventType,
        endpoint.enabled ? 'pending' : 'paused',
      ],
    );
    return this.delivery(row!.id);
  }

  /** For the dispatcher: the claimed deliveries that are still due, with what to send and where. */
  async forDelivery(ids: string[], box: SecretBox): Promise<WebhookJob[]> {
    const rows = await this.scope.sql<
      WebhookEventRow & Omit<WebhookJob, 'payload' | 'problem'> & { endpointId: string }
    >(
      `select d.id, d.event_id as "eventId", d.event_type as "eventType", d.attempts, e.url,
              d.endpoint_id as "endpointId",
              array_remove(array[e.secret, case when e.previous_secret_expires_at > now()
                                               then e.previous_secret end], null) as secrets,
              ${eventColumns}
         from webhook_delivery d
         join webhook_endpoint e on e.tenant_id = d.tenant_id and e.id = d.endpoint_id
         ${eventJoins}
        where d.tenant_id = ? and d.id = any(?::uuid[]) and d.status = 'pending' and e.enabled`,
      [this.scope.tenantId, arrayLiteral(ids.filter(isId))],
    );
    return rows.map((row) => {
      let secrets: string[] = [];
      let problem: string | null = null;
      try {
        secrets = row.secrets.map((secret) => box.open(secret, this.secretContext(row.endpointId)));
      } catch (error) {
        problem = `Not sent: ${(error as Error).message}`;
      }
      return {
        id: row.id,
        eventId: row.eventId,
        url: row.url,
        secrets,
        problem,
        attempts: row.attempts,
        payload: webhookPayload(row),
      };
    });
  }

  /** For the dispatcher: each attempt's outcome; failures are scheduled by `retry` or given up. */
  async recordAttempts(attempts: WebhookAttempt[], jobs: WebhookJob[], retry: RetryPolicy): Promise<void> {
    const tried = new Map(jobs.map((job) => [job.id, job.attempts + 1]));
    const outcomes = attempts.map((attempt) => {
      const count = tried.get(attempt.id) ?? 1;
      const delay = attempt.ok ? null : retryDelayMs(count, retry, attempt.retryAfterMs);
      return {
        id: attempt.id,
        status: attempt.ok ? 'delivered' : delay === null ? 'failed' : 'pending',
        http: attempt.status,
        error: attempt.error === null ? null : toStorableText(attempt.error.slice(0, 500)),
        delay_ms: delay ?? 0,
      };
    });
    await this.scope.sql(
      `update webhook_delivery d
          set status = r.status, attempts = d.attempts + 1, last_attempt_at = now(), last_status = r.http,
              last_error = r.error, next_attempt_at = now() + make_interval(secs => r.delay_ms / 1000.0),
              delivered_at = case when r.status = 'delivered' then now() else d.delivered_at end
         from json_to_recordset(?::json) as r(id uuid, status text, http int, error text, delay_ms int)
        where d.tenant_id = ? and d.id = r.id and d.status = 'pending'`,
      [JSON.stringify(outcomes), this.scope.tenantId],
    );
  }

  private async endpoint(id: string, options: { lock?: boolean } = {}): Promise<WebhookEndpoint> {
    if (!isId(id)) throw endpointNotFound(id);
    const [row] = await this.scope.sql<WebhookEndpoint>(
      `select ${endpointColumns} from webhook_endpoint e where e.tenant_id = ? and e.id = ?${options.lock ? ' for update of e' : ''}`,
      [this.scope.tenantId, id],
    );
    if (!row) throw endpointNotFound(id);
    return toEndpoint(row);
  }

  private async delivery(id: string): Promise<WebhookDelivery> {
    const [row] = await this.scope.sql<DeliveryRow>(
      `select ${deliveryColumns} from webhook_delivery d ${eventJoins}
        where d.tenant_id = ? and d.id = ?`,
      [this.scope.tenantId, id],
    );
    if (!row) throw deliveryNotFound(id);
    return toDelivery(row);
  }

  /** What a sealed secret is bound to: its endpoint, in its tenant. */
  private secretContext(endpointId: string): string {
    return `webhook_endpoint/${this.scope.tenantId}/${endpointId}`;
  }

  private auditEndpoint(action: string, id: string, changes: Record<string, AttributeChange>) {
    return this.scope.audit({ action, targetType: 'webhook', targetId: id, changes });
  }
}

function assertUrlAllowed(url: string, policy: WebhookNetworkPolicy): void {
  const problem = webhookUrlProblem(url, policy);
  if (problem) throw new DomainError('invalid_input', problem, { fields: ['url'] });
}
