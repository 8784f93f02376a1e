import type { ScimProvider, WebhookEventType } from '$lib/graphql/generated/graphql';

/** How providers are named on badges ("Managed by Okta") and in messages. */
export const providerBadge: Record<ScimProvider, string> = {
  ENTRA_ID: 'Microsoft Entra ID',
  OKTA: 'Okta',
  OTHER: 'IdP',
};

/** Webhook event types as the console names them (the API's names are e.g. `user.deactivated`). */
export const webhookEventLabels: Record<WebhookEventType, string> = {
  USER_CREATED: 'User created',
  USER_UPDATED: 'User updated',
  USER_DEACTIVATED: 'User deactivated',
  USER_REACTIVATED: 'User reactivated',
  USER_DELETED: 'User deleted',
  USER_TAKEN_OVER: 'User taken over by the IdP',
  GROUP_CREATED: 'Group created',
  GROUP_UPDATED: 'Group updated',
  GROUP_DELETED: 'Group deleted',
  GROUP_MEMBERSHIP_CHANGED: 'Group membership changed',
};
