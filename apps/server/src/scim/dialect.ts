/**
 * Which SCIM dialect a request speaks, for the audit trail and the request log (design.md §4).
 * Entra's 2020 behaviour is opted into with `?aadOptscim062020` on the tenant URL.
 */
export type Dialect = 'entra' | 'entra-2020' | 'okta' | 'other';

export function detectDialect(query: Record<string, unknown>, userAgent: string): Dialect {
  if (Object.keys(query).some((k) => k.toLowerCase() === 'aadoptscim062020')) return 'entra-2020';
  if (/azure|aad|microsoft/i.test(userAgent)) return 'entra';
  if (/okta/i.test(userAgent)) return 'okta';
  return 'other';
}
