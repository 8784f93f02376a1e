import { initialTenantOwnedTables } from './Migration20261129000000Initial.js';

/** Every table that carries tenant_id; each has a forced RLS policy (the tenancy tests check this list). */
export const tenantOwnedTables = [
  ...initialTenantOwnedTables,
  'deprovision_event',
  'scim_conflict',
  'webhook_endpoint',
  'webhook_delivery',
  'scim_ignored_attribute',
  'directory_user_count',
  'custom_attribute',
  'custom_attribute_value',
  'tenant_retention',
  'tenant_usage',
] as const;
