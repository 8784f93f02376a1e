import { z } from 'zod';
import { DomainError } from '../errors.js';

/** The types a custom attribute may have: RFC 7643 §2.3's simple types (no complex, no binary). */
export const customAttributeTypes = [
  'string',
  'boolean',
  'integer',
  'decimal',
  'dateTime',
  'reference',
] as const;
export type CustomAttributeType = (typeof customAttributeTypes)[number];

/** A custom user attribute a tenant declared, under an extension URN of its own (RFC 7643 §3.3). */
export interface CustomAttribute {
  id: string;
  /** E.g. Entra's `urn:ietf:params:scim:schemas:extension:Acme:2.0:User`. */
  schema: string;
  name: string;
  type: CustomAttributeType;
  multiValued: boolean;
  caseExact: boolean;
  required: boolean;
  uniqueness: 'none' | 'server';
  description: string;
  createdAt: Date;
  updatedAt: Date;
}

/** What the declarations are at a version of the tenant's schema (`scim_settings.custom_schema_version`). */
export interface CustomSchema {
  version: number;
  attributes: CustomAttribute[];
}

/** A stored value: what the attribute's type holds (a dateTime as ISO 8601 text). */
export type CustomScalar = string | number | boolean;
/** A user's custom values by attribute id; a multi-valued attribute holds a list. */
export type CustomValues = Record<string, CustomScalar | CustomScalar[]>;

const reserved = new Set(
  [
    'urn:ietf:params:scim:schemas:core:2.0:User',
    'urn:ietf:params:scim:schemas:core:2.0:Group',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
  ].map((urn) => urn.toLowerCase()),
);

/** RFC 7643 §2.1: ATTRNAME = ALPHA *(nameChar), nameChar = "-" / "_" / DIGIT / ALPHA. */
const attributeName = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** An extension schema URN (RFC 7643 §3.3 and RFC 8141's shape), without a trailing `:` or spaces. */
const schemaUrn = /^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$/;

export const declarationSchema = z.object({
  schema: z
    .string()
    .trim()
    .max(200)
    .regex(schemaUrn, 'must be a URN, e.g. urn:ietf:params:scim:schemas:extension:Acme:2.0:User')
    .refine((urn) => !urn.endsWith(':'), 'must not end with ":"')
    .refine((urn) => !reserved.has(urn.toLowerCase()), 'is a schema Rollcall defines itself'),
  name: z
    .string()
    .trim()
    .regex(
      attributeName,
      'must start with a letter and hold only letters, digits, "-" and "_" (RFC 7643 §2.1)',
    ),
  type: z.enum(customAttributeTypes),
  multiValued: z.boolean().default(false),
  caseExact: z.boolean().default(false),
  required: z.boolean().default(false),
  uniqueness: z.enum(['none', 'server']).default('none'),
  description: z.string().trim().max(500).default(''),
});
export type CustomAttributeDeclaration = z.input<typeof declarationSchema>;

/** What may change of a declared attribute; its URN, name, type and multiValued stay (remove, declare). */
export const declarationChangeSchema = declarationSchema
  .pick({ caseExact: true, required: true, uniqueness: true, description: true })
  .partial();
export type CustomAttributeChange = z.input<typeof declarationChangeSchema>;

const maxText = 2048;
const maxValues = 100;

/**
 * One value as the attribute's type holds it, or a message saying why it does not fit. Lenient with
 * what IdPs send: Entra sends numbers and booleans as strings now and then.
 */
export function customScalar(attribute: CustomAttribute, value: unknown): CustomScalar | string[] {
  switch (attribute.type) {
    case 'string':
    case 'reference':
      if (typeof value === 'string' && value.length <= maxText && !value.includes('\u0000')) return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return [`${attribute.name} is a ${attribute.type} of at most ${maxText} characters`];
    case 'boolean':
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return [`${attribute.name} is a boolean`];
    case 'integer': {
      const n = typeof value === 'string' && /^-?\d{1,15}$/.test(value.trim()) ? Number(value) : value;
      if (typeof n === 'number' && Number.isSafeInteger(n)) return n;
      return [`${attribute.name} is an integer`];
    }
    case 'decimal': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n === 'number' && Number.isFinite(n)) return n;
      return [`${attribute.name} is a decimal`];
    }
    case 'dateTime': {
      const date =
        typeof value === 'string' && /^\d{4}-\d{2}-\d{2}/.test(value) ? new Date(value) : undefined;
      if (date && !Number.isNaN(date.getTime())) return date.toISOString();
      return [`${attribute.name} is a dateTime (xsd:dateTime, e.g. 2026-12-04T09:00:00Z)`];
    }
  }
}

/**
 * A user's custom values checked against the declarations and put in canonical form: each key an
 * attribute id, each value of its type (a list for a multi-valued one; a single value given for one is
 * taken as a list of one). Nulls and empty lists clear. Errors: `invalid_input` naming the attribute.
 */
export function checkCustomValues(
  values: Record<string, unknown>,
  declared: readonly CustomAttribute[],
): CustomValues {
  const byId = new Map(declared.map((a) => [a.id, a]));
  const result: CustomValues = {};
  for (const [id, value] of Object.entries(values)) {
    const attribute = byId.get(id);
    if (!attribute) throw new DomainError('invalid_input', `No custom attribute has the id ${id}`);
    if (value === null || value === undefined || (Array.isArray(value) && value.length === 0)) continue;
    if (attribute.multiValued) {
      const list = Array.isArray(value) ? value : [value];
      if (list.length > maxValues)
        throw new DomainError('invalid_input', `${attribute.name} holds at most ${maxValues} values`);
      result[id] = list.map((item) => scalarOrThrow(attribute, item));
    } else {
      if (Array.isArray(value))
        throw new DomainError('invalid_input', `${attribute.name} is single-valued, not a list`);
      result[id] = scalarOrThrow(attribute, value);
    }
  }
  return result;
}

function scalarOrThrow(attribute: CustomAttribute, value: unknown): CustomScalar {
  const scalar = customScalar(attribute, value);
  if (Array.isArray(scalar))
    throw new DomainError('invalid_input', scalar[0]!, { attribute: attribute.name });
  return scalar;
}

/** The declared attributes a user lacks although they are required (RFC 7643 §2.2 `required`). */
export function missingRequired(values: CustomValues, declared: readonly CustomAttribute[]): string[] {
  return declared.filter((a) => a.required && values[a.id] === undefined).map((a) => a.name);
}

/** A declaration row as `select … from custom_attribute` gives it (see `customAttributeColumns`). */
export function fromCustomAttributeRow(row: Record<string, unknown>): CustomAttribute {
  return {
    id: row['id'] as string,
    schema: row['schema'] as string,
    name: row['name'] as string,
    type: row['type'] as CustomAttributeType,
    multiValued: row['multiValued'] as boolean,
    caseExact: row['caseExact'] as boolean,
    required: row['required'] as boolean,
    uniqueness: row['uniqueness'] as 'none' | 'server',
    description: row['description'] as string,
    createdAt: new Date(String(row['createdAt'])),
    updatedAt: new Date(String(row['updatedAt'])),
  };
}

export const customAttributeColumns = `id, schema_urn as "schema", name, type, multi_valued as "multiValued",
  case_exact as "caseExact", required, uniqueness, description, created_at as "createdAt", updated_at as "updatedAt"`;
