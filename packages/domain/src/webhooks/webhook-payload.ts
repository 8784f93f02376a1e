import type { AttributeChange } from '../audit/audit-event.entity.js';

/** The audited change a delivery carries (its `audit_event` row, joined with the tenant). */
export interface WebhookEventRow {
  eventId: string;
  eventType: string;
  at: Date;
  tenantId: string;
  tenantSlug: string;
  actorKind: string;
  actorLabel: string;
  targetType: string;
  targetId: string | null;
  changes: Record<string, AttributeChange>;
}

/**
 * The body of a delivery, in the Standard Webhooks envelope (`type`, `timestamp`, `data`). It is built
 * from the immutable audit event, so every retry sends the same bytes. `changes` holds each changed
 * attribute's before and after (a create: every attribute's value; a delete: the last values); a
 * membership change lists the user ids added and removed instead.
 */
export function webhookPayload(event: WebhookEventRow): Record<string, unknown> {
  const members = event.changes['members'];
  const detail =
    event.eventType === 'group.membership_changed'
      ? { added: members?.added ?? [], removed: members?.removed ?? [] }
      : { changes: event.changes };
  return {
    type: event.eventType,
    timestamp: new Date(event.at).toISOString(),
    data: {
      eventId: event.eventId,
      tenant: { id: event.tenantId, slug: event.tenantSlug },
      actor: { kind: event.actorKind, label: event.actorLabel },
      object: event.targetType,
      id: event.targetId,
      ...detail,
    },
  };
}

export interface RetryPolicy {
  /** The wait after the first failed attempt; each further failure doubles it… */
  baseMs: number;
  /** …up to this. */
  maxMs: number;
  /** After this many attempts a delivery is `failed` (an admin can still retry it). */
  maxAttempts: number;
}

/**
 * When to try again after `attempts` failed attempts: exponential back-off with ±20 % jitter (so
 * endpoints that failed together do not retry together), never sooner than the receiver's
 * Retry-After, never later than `maxMs`. Null: give up.
 */
export function retryDelayMs(
  attempts: number,
  policy: RetryPolicy,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const backoff = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempts - 1));
  const jittered = Math.round(backoff * (0.8 + 0.4 * random()));
  return Math.min(policy.maxMs, Math.max(jittered, retryAfterMs ?? 0));
}
