import { DomainError } from '../errors.js';
import type { TenantScope } from '../tenancy/with-tenant.js';
import { providerLabels, type ScimProvider } from './scim-settings.entity.js';

/**
 * What an IdP manages is changed in the IdP: the console and the API (admins, API keys) may read it
 * but not change it. The error names the provider so the admin knows where to go.
 */
export async function assertConsoleMayChange(
  scope: TenantScope,
  target: { managedBy: string; kind: 'user' | 'group'; name: string },
): Promise<void> {
  const { kind } = scope.context.actor;
  if (target.managedBy !== 'idp' || (kind !== 'admin' && kind !== 'api_key')) return;
  const [settings] = await scope.sql<{ provider: ScimProvider }>(
    'select provider from scim_settings where tenant_id = ?',
    [scope.tenantId],
  );
  const provider = providerLabels[settings?.provider ?? 'other'];
  throw new DomainError(
    target.kind === 'user' ? 'user.managed_by_idp' : 'group.managed_by_idp',
    `${target.name} is managed by ${provider}: change it in ${provider}, which will sync the change here`,
    { provider: settings?.provider ?? 'other' },
  );
}
