import { selfCheckUserAgent } from './self-check.js';

/**
 * Which SCIM dialect a request speaks, for the audit trail and the request log (design.md §4).
 * Entra's 2020 behaviour is opted into with `?aadOptscim062020` on the tenant URL.
 */
export type Dialect = 'entra' | 'entra-2020' | 'okta' | 'other' | 'self-check';

export function detectDialect(query: Record<string, unknown>, userAgent: string, body?: unknown): Dialect {
  if (userAgent === selfCheckUserAgent) return 'self-check'; // "Test my connection", not the IdP
  if (Object.keys(query).some((k) => k.toLowerCase() === 'aadoptscim062020')) return 'entra-2020';
  if (/azure|aad|microsoft/i.test(userAgent)) return 'entra';
  if (/okta/i.test(userAgent)) return 'okta';
  return speaksLegacyEntra(body) ? 'entra' : 'other';
}

/**
 * Entra's legacy PATCH shape, recognisable without its User-Agent: capitalised op names ("Replace")
 * and booleans sent as the strings "True"/"False".
 */
function speaksLegacyEntra(body: unknown): boolean {
  const operations = (body as { Operations?: unknown } | null)?.Operations;
  if (!Array.isArray(operations)) return false;
  return operations.some((operation: { op?: unknown; value?: unknown }) => {
    const capitalised = typeof operation?.op === 'string' && /^(Add|Replace|Remove)$/.test(operation.op);
    const stringBoolean = operation?.value === 'True' || operation?.value === 'False';
    return capitalised || stringBoolean;
  });
}
