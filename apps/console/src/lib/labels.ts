import type { Provider } from '$lib/server/operations';

/** How providers are named on badges ("Managed by Okta") and in messages. */
export const providerBadge: Record<Provider, string> = {
  ENTRA_ID: 'Microsoft Entra ID',
  OKTA: 'Okta',
  OTHER: 'IdP',
};
