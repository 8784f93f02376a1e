import { invalidValue } from '../errors.js';
import { findAttribute, type Attribute } from '../schema/attribute.js';
import { refuseUnknownAttributes, type UnknownAttributes } from '../schema/unknown-attributes.js';

/**
 * Bring a client's value to the attribute's canonical shape (lenient in, strict out):
 * - sub-attribute names to their canonical case; unknown ones go to `unknown` (ignored, or refused);
 * - booleans sent as strings (Entra's `"True"`/`"False"`);
 * - multi-valued attributes sent as one element, or as a JSON-encoded string (Entra's roles);
 * - a single-valued complex attribute sent as an array of one (Entra's `manager: [{value, $ref}]`);
 * - a reference-like complex attribute sent as a bare id (Entra's manager: `"id"`, and `""` to clear);
 * - a number or boolean for a string attribute, as its text (Okta's number-typed profile attributes
 *   mapped to, say, employeeNumber).
 * Returns `null` for "no value". Anything that still does not fit — a string for a list of complex
 * values, an object for a string, a string for an integer — is `invalidValue`.
 */
export function coerceValue(
  attribute: Attribute,
  value: unknown,
  where: string,
  unknown: UnknownAttributes = refuseUnknownAttributes,
): unknown {
  if (value === null || value === undefined) return null;
  if (attribute.multiValued) {
    let list: unknown = value;
    if (typeof list === 'string' && /^\s*[[{]/.test(list)) list = parseJson(list, where);
    // A bare string is no list of complex values (`emails: "x"`): refused, not guessed at.
    if (attribute.type === 'complex' && typeof list === 'string')
      throw invalidValue(`${where} must be a list of ${attribute.name} values, not a string`);
    const items = Array.isArray(list) ? list : [list];
    return items
      .map((item, i) => coerceSingle(attribute, item, `${where}[${i}]`, unknown))
      .filter((item) => item !== null);
  }
  if (attribute.type === 'complex' && Array.isArray(value)) {
    if (value.length > 1) throw invalidValue(`${where} takes one value, not a list of ${value.length}`);
    return coerceSingle(attribute, value[0], where, unknown);
  }
  return coerceSingle(attribute, value, where, unknown);
}

/** One element (or the single value) of an attribute. */
export function coerceSingle(
  attribute: Attribute,
  value: unknown,
  where: string,
  unknown: UnknownAttributes = refuseUnknownAttributes,
): unknown {
  if (value === null || value === undefined) return null;
  if (attribute.type === 'complex') {
    let object: unknown = value;
    if (typeof object === 'string') {
      if (/^\s*\{/.test(object)) object = parseJson(object, where);
      else if (findAttribute(attribute.subAttributes ?? [], 'value')) {
        // A bare value for a complex attribute whose key is `value` (Entra's manager, members).
        return object === '' ? null : { value: object };
      }
    }
    if (typeof object !== 'object' || object === null || Array.isArray(object)) {
      throw invalidValue(`${where} must be an object`);
    }
    const result: Record<string, unknown> = {};
    for (const [key, sub] of Object.entries(object)) {
      const definition = findAttribute(attribute.subAttributes ?? [], key);
      if (!definition) {
        if (unknown.strict)
          throw invalidValue(`${where}: "${key}" is not a sub-attribute of ${attribute.name}`);
        unknown.ignore(`${attribute.name}.${key}`);
        continue;
      }
      const coerced = coerceSingle(definition, sub, `${where}.${definition.name}`, unknown);
      if (coerced !== null) result[definition.name] = coerced;
    }
    return result;
  }
  return coerceScalar(attribute, value, where);
}

export function coerceScalar(attribute: Attribute, value: unknown, where: string): unknown {
  if (value === null || value === undefined) return null;
  switch (attribute.type) {
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value.trim()))
        return value.trim().toLowerCase() === 'true';
      throw invalidValue(`${where} must be a boolean`);
    // Numbers sent as text (Entra's expression mappings produce strings) are taken as numbers.
    case 'integer': {
      const n = typeof value === 'string' && /^\s*-?\d{1,15}\s*$/.test(value) ? Number(value) : value;
      if (typeof n === 'number' && Number.isInteger(n)) return n;
      throw invalidValue(`${where} must be an integer`);
    }
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      throw invalidValue(`${where} must be a number`);
    }
    case 'dateTime':
      if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return value;
      throw invalidValue(`${where} must be an xsd:dateTime string`);
    default:
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      throw invalidValue(`${where} must be a string`);
  }
}

function parseJson(text: string, where: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw invalidValue(`${where} is not valid JSON`);
  }
}
