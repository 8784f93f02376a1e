import {
  coerceValue,
  findExtension,
  invalidValue,
  isSchemaUrn,
  parseAttrPath,
  refuseUnknownAttributes,
  resolveAttribute,
  type ResourceType,
  type ScimResource,
  type UnknownAttributes,
} from '@rollcall/scim';

/**
 * A POST/PUT body in canonical form: attribute names in their schema's case, values coerced to their
 * types, extension attributes under their URN. Read-only attributes (id, meta, groups) and `schemas`
 * are ignored, as RFC 7644 §3.3/§3.5.1 say. Attributes the resource type does not define — a misspelt
 * name, an undeclared extension (Entra leaves its URN out of `schemas`), a flat `urn:…:attr` key — go
 * to `unknown`: ignored and named (lenient), or all named in one refusal (strict).
 */
export function normalizeResource(
  body: unknown,
  type: ResourceType,
  unknown: UnknownAttributes = refuseUnknownAttributes,
): ScimResource {
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw invalidValue('The body must be a JSON object');
  const result: ScimResource = {};
  const refused: string[] = [];
  const unknownAttribute = (path: string) => (unknown.strict ? refused.push(path) : unknown.ignore(path));
  const put = (extension: string | undefined, key: string, value: unknown) => {
    // A flat `urn:…:User:attr` key names its schema itself.
    const path = extension ? { uri: extension, attr: key } : (parseAttrPath(key) ?? { attr: key });
    const resolved = resolveAttribute(type, path);
    if (!resolved || resolved.sub) return unknownAttribute(extension ? `${extension}:${key}` : key);
    const { attribute } = resolved;
    if (attribute.mutability === 'readOnly') return;
    const coerced = coerceValue(attribute, value, attribute.name, unknown);
    const container = resolved.extension ? ((result[resolved.extension] ??= {}) as ScimResource) : result;
    container[attribute.name] = coerced;
  };
  for (const [key, value] of Object.entries(body)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtension(type, key);
    if (extension || (isSchemaUrn(key) && isObject(value))) {
      if (value === null) continue;
      if (!isObject(value)) throw invalidValue(`${key} must be an object`);
      for (const [attr, item] of Object.entries(value)) put(extension?.id ?? key, attr, item);
    } else put(undefined, key, value);
  }
  if (refused.length > 0) throw invalidValue(`Unknown attributes: ${refused.join(', ')}`);
  return result;
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The value of a string attribute, or null. */
export const str = (value: unknown): string | null => (typeof value === 'string' ? value : null);
