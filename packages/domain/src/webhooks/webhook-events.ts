import type { AttributeChange } from '../audit/audit-event.entity.js';

/** The provisioning events an endpoint can subscribe to (the `type` of each delivery). */
export const webhookEventTypes = [
  'user.created',
  'user.updated',
  'user.deactivated',
  'user.reactivated',
  'user.deleted',
  'user.taken_over',
  'group.created',
  'group.updated',
  'group.deleted',
  'group.membership_changed',
] as const;
export type WebhookEventType = (typeof webhookEventTypes)[number];

/** Sent only by "Send test event", to the one endpoint chosen; never subscribed to. */
export const webhookTestEventType = 'webhook.test';

const byAction: Record<string, WebhookEventType> = {
  'user.create': 'user.created',
  'user.revive': 'user.reactivated',
  'user.takeover': 'user.taken_over',
  'user.delete': 'user.deleted',
  'group.create': 'group.created',
  'group.update': 'group.updated',
  'group.delete': 'group.deleted',
  'group.members': 'group.membership_changed',
};

/**
 * The webhook event an audited change is delivered as, if any. An update that switches `active`
 * is the deactivation or reactivation (its other changes travel with it); refused attempts and
 * administrative actions (settings, tokens, admins) are not provisioning events.
 */
export function webhookEventType(entry: {
  action: string;
  changes?: Record<string, AttributeChange>;
  outcome?: 'success' | 'refused';
}): WebhookEventType | null {
  if (entry.outcome === 'refused') return null;
  if (entry.action !== 'user.update') return byAction[entry.action] ?? null;
  const active = entry.changes?.['active'];
  if (active?.after === false) return 'user.deactivated';
  if (active?.after === true) return 'user.reactivated';
  return 'user.updated';
}
