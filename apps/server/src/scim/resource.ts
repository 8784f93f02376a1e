import {
  coerceValue,
  findExtension,
  invalidValue,
  resolveAttribute,
  type ResourceType,
  type ScimResource,
} from '@rollcall/scim';

/**
 * A POST/PUT body in canonical form: attribute names in their schema's case, values coerced to their
 * types, extension attributes under their URN. Read-only attributes (id, meta, groups) and `schemas`
 * are ignored, as RFC 7644 §3.3/§3.5.1 say; unknown attributes are refused, never dropped silently.
 */
export function normalizeResource(body: unknown, type: ResourceType): ScimResource {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidValue('The body must be a JSON object');
  const result: ScimResource = {};
  const unknown: string[] = [];
  const put = (extension: string | undefined, key: string, value: unknown) => {
    const resolved = resolveAttribute(type, { ...(extension ? { uri: extension } : {}), attr: key });
    if (!resolved) return unknown.push(extension ? `${extension}:${key}` : key);
    const { attribute } = resolved;
    if (attribute.mutability === 'readOnly') return;
    const coerced = coerceValue(attribute, value, attribute.name);
    const container = resolved.extension ? ((result[resolved.extension] ??= {}) as ScimResource) : result;
    container[attribute.name] = coerced;
  };
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtension(type, key);
    if (extension) {
      if (value === null) continue;
      if (typeof value !== 'object' || Array.isArray(value)) throw invalidValue(`${key} must be an object`);
      for (const [attr, item] of Object.entries(value)) put(extension.id, attr, item);
    } else put(undefined, key, value);
  }
  if (unknown.length > 0) throw invalidValue(`Unknown attributes: ${unknown.join(', ')}`);
  return result;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of a string attribute, or null. */
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
