import { invalidFilter } from '../errors.js';
import { resolveAttribute, type ResolvedAttribute, type ResourceType } from '../schema/registry.js';
import {
  assertNever,
  formatPath,
  type AttrPath,
  type CompareOp,
  type FilterNode,
  type FilterValue,
} from './filter-node.js';

/**
 * The plain where-object filters compile to: field names of the store, MikroORM-style operators, never
 * SQL. `$some` matches elements of a multi-valued attribute (an array of objects); inside it, keys are
 * the elements' sub-attribute names.
 */
export type WhereScalar = string | number | boolean | Date | null;
export interface WhereCondition {
  $eq?: WhereScalar;
  $ne?: WhereScalar;
  $gt?: WhereScalar;
  $gte?: WhereScalar;
  $lt?: WhereScalar;
  $lte?: WhereScalar;
  $in?: WhereScalar[];
  $like?: string;
  $ilike?: string;
  $some?: Where;
}
export type Where = { [field: string]: WhereScalar | WhereCondition | Where[] | Where | undefined } & {
  $and?: Where[];
  $or?: Where[];
  $not?: Where;
};

export type ScalarType = 'string' | 'boolean' | 'dateTime' | 'integer' | 'decimal' | 'uuid';

/** How a SCIM attribute is stored, as the transport that owns the mapping tells it. */
export type FieldMapping =
  | {
      kind: 'scalar';
      field: string;
      type: ScalarType;
      caseExact: boolean;
      /** A lower-cased, indexed copy of the field: case-insensitive `eq` uses it as is (an index probe). */
      keyField?: string;
    }
  | {
      kind: 'elements';
      field: string;
      subAttributes: Record<string, { type: ScalarType; caseExact: boolean }>;
    }
  | {
      /**
       * A tenant's custom attribute, `field` its id: stored apart, one keyed row per value. Compiles to
       * `{ $custom: CustomCondition }`, where the condition's value is already what the store keys on
       * (lower-cased when not caseExact).
       */
      kind: 'custom';
      field: string;
      type: ScalarType;
      caseExact: boolean;
      multiValued: boolean;
    };

/** A condition on one custom attribute's values: some value matches (`op` absent: has a value). */
export interface CustomCondition {
  attribute: string;
  type: ScalarType;
  op?: 'eq' | 'gt' | 'ge' | 'lt' | 'le' | 'co' | 'sw' | 'ew';
  value?: string | number | boolean | Date;
}

export interface FilterTarget {
  resourceType: ResourceType;
  /** Canonical path (`userName`, `name.givenName`, `emails`, `urn:…:User:manager.value`) → storage. */
  fields: Record<string, FieldMapping>;
  /**
   * Optional rewrites for shapes that have a dedicated index, e.g. Entra's
   * `emails[type eq "work"].value eq "x"` → the indexed work-email column. Return undefined to decline.
   */
  rewrite?: (node: FilterNode, canonical: (path: AttrPath) => string) => Where | undefined;
}

/** The canonical spelling of a resolved path, the key of `FilterTarget.fields`. */
export function canonicalPath(resolved: ResolvedAttribute): string {
  const base = `${resolved.extension ? `${resolved.extension}:` : ''}${resolved.attribute.name}`;
  return resolved.sub ? `${base}.${resolved.sub.name}` : base;
}

/**
 * Compile a filter to a where-object. Every attribute must resolve and be filterable, every value must
 * fit its type: otherwise `invalidFilter`, never an empty or widened result (an empty answer makes an
 * IdP create a duplicate).
 */
export function toWhere(node: FilterNode, target: FilterTarget): Where {
  const canonical = (path: AttrPath) => {
    const resolved = resolveAttribute(target.resourceType, path);
    if (!resolved) throw invalidFilter(`Unknown attribute "${formatPath(path)}"`);
    return canonicalPath(resolved);
  };
  const rewritten = target.rewrite?.(node, canonical);
  if (rewritten) return rewritten;
  switch (node.kind) {
    case 'and':
      return { $and: [toWhere(node.left, target), toWhere(node.right, target)] };
    case 'or':
      return { $or: [toWhere(node.left, target), toWhere(node.right, target)] };
    case 'not':
      return { $not: toWhere(node.filter, target) };
    case 'present':
    case 'compare': {
      const key = canonical(node.path);
      const mapping = target.fields[key] ?? elementsParent(target, key);
      if (!mapping) throw invalidFilter(`Filtering on "${formatPath(node.path)}" is not supported`);
      if (mapping.kind === 'scalar') return scalarCondition(mapping, node);
      if (mapping.kind === 'custom') return customCondition(mapping, node);
      // `emails.value eq "x"` or `emails eq "x"` (the value sub-attribute): some element matches.
      const sub = key.includes('.') ? key.slice(key.lastIndexOf('.') + 1) : 'value';
      return {
        [mapping.field]: {
          $some: elementCondition(mapping, { ...node, path: { attr: sub } } as FilterNode, key),
        },
      };
    }
    case 'valuePath': {
      const key = canonical(node.path);
      const mapping = target.fields[key];
      if (mapping?.kind !== 'elements')
        throw invalidFilter(`"${formatPath(node.path)}" is not a multi-valued attribute`);
      return { [mapping.field]: { $some: elementCondition(mapping, node.filter, key) } };
    }
    default:
      return assertNever(node);
  }
}

function elementsParent(target: FilterTarget, key: string): FieldMapping | undefined {
  const parent = key.includes('.') ? target.fields[key.slice(0, key.lastIndexOf('.'))] : undefined;
  return parent?.kind === 'elements' ? parent : undefined;
}

function elementCondition(
  mapping: Extract<FieldMapping, { kind: 'elements' }>,
  node: FilterNode,
  parent: string,
): Where {
  switch (node.kind) {
    case 'and':
      return {
        $and: [elementCondition(mapping, node.left, parent), elementCondition(mapping, node.right, parent)],
      };
    case 'or':
      return {
        $or: [elementCondition(mapping, node.left, parent), elementCondition(mapping, node.right, parent)],
      };
    case 'not':
      return { $not: elementCondition(mapping, node.filter, parent) };
    case 'valuePath':
      throw invalidFilter('A value filter cannot contain another value filter');
    case 'present':
    case 'compare': {
      if (node.path.sub || node.path.uri)
        throw invalidFilter(`"${formatPath(node.path)}" is not a sub-attribute of ${parent}`);
      const wanted = node.path.attr.toLowerCase();
      const name = Object.keys(mapping.subAttributes).find((k) => k.toLowerCase() === wanted);
      if (!name) throw invalidFilter(`"${node.path.attr}" is not a sub-attribute of ${parent}`);
      return scalarCondition({ kind: 'scalar', field: name, ...mapping.subAttributes[name]! }, node);
    }
    default:
      return assertNever(node);
  }
}

type Leaf = Extract<FilterNode, { kind: 'compare' | 'present' }>;

/**
 * A filter on a custom attribute: RFC 7644 §3.4.2.2's operators over its values. `ne` and `eq null`
 * are "no value equals" and "no value" (absent counts, as for a core attribute).
 */
function customCondition(mapping: Extract<FieldMapping, { kind: 'custom' }>, node: Leaf): Where {
  const some = (condition: Omit<CustomCondition, 'attribute' | 'type'>): Where => ({
    $custom: { attribute: mapping.field, type: mapping.type, ...condition } as unknown as Where,
  });
  if (node.kind === 'present') return some({});
  const { op } = node;
  if (node.value === null) {
    if (op === 'eq') return { $not: some({}) };
    if (op === 'ne') return some({});
    throw invalidFilter(`"${op}" cannot compare with null`);
  }
  const typedValue = typed(mapping.type, node.value, node)!;
  const key =
    typeof typedValue === 'string' && !mapping.caseExact ? typedValue.toLowerCase() : (typedValue as string);
  if (op === 'ne') return { $not: some({ op: 'eq', value: key }) };
  if ((op === 'co' || op === 'sw' || op === 'ew') && mapping.type !== 'string')
    throw invalidFilter(`"${op}" needs a string attribute (${formatPath(node.path)})`);
  if (mapping.type === 'boolean' && op !== 'eq')
    throw invalidFilter(`"${op}" cannot compare booleans (${formatPath(node.path)})`);
  return some({ op, value: key });
}

function scalarCondition(mapping: Extract<FieldMapping, { kind: 'scalar' }>, node: Leaf): Where {
  const { field } = mapping;
  if (node.kind === 'present') {
    return mapping.type === 'string'
      ? { $and: [{ [field]: { $ne: null } }, { [field]: { $ne: '' } }] }
      : { [field]: { $ne: null } };
  }
  const { op } = node;
  if (node.value === null) {
    if (op === 'eq') return { [field]: null };
    if (op === 'ne') return { [field]: { $ne: null } };
    throw invalidFilter(`"${op}" cannot compare with null`);
  }
  const value = typed(mapping.type, node.value, node);
  if (mapping.type === 'uuid' && value === undefined) {
    // Not a UUID: no resource has such an id. A definite answer, not a guess.
    if (op === 'eq') return { [field]: { $in: [] } };
    if (op === 'ne') return {};
    throw invalidFilter(`"${op}" is not supported on ${formatPath(node.path)}`);
  }
  const text = typeof value === 'string';
  const insensitive = text && !mapping.caseExact;
  const orNull = (where: Where): Where => ({ $or: [where, { [field]: null }] });
  switch (op) {
    case 'eq':
      if (insensitive && mapping.keyField) return { [mapping.keyField]: (value as string).toLowerCase() };
      return insensitive ? { [field]: { $ilike: escapeLike(value as string) } } : { [field]: value };
    case 'ne':
      return insensitive
        ? orNull({ $not: { [field]: { $ilike: escapeLike(value as string) } } })
        : orNull({ [field]: { $ne: value } });
    case 'co':
    case 'sw':
    case 'ew': {
      if (!text || mapping.type !== 'string')
        throw invalidFilter(`"${op}" needs a string attribute and value (${formatPath(node.path)})`);
      const escaped = escapeLike(value as string);
      const pattern = op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`;
      return { [field]: insensitive ? { $ilike: pattern } : { $like: pattern } };
    }
    case 'gt':
    case 'ge':
    case 'lt':
    case 'le': {
      if (mapping.type === 'boolean')
        throw invalidFilter(`"${op}" cannot compare booleans (${formatPath(node.path)})`);
      const operator = ({ gt: '$gt', ge: '$gte', lt: '$lt', le: '$lte' } as const)[op];
      return { [field]: { [operator]: value } };
    }
    default:
      return assertNever(op satisfies CompareOp);
  }
}

/** The filter value converted to the attribute's type; a mismatch is `invalidFilter`. */
function typed(type: ScalarType, value: Exclude<FilterValue, null>, node: Leaf): WhereScalar | undefined {
  const where = formatPath(node.path);
  switch (type) {
    case 'string':
      if (typeof value !== 'string')
        throw invalidFilter(`${where} is a string; ${JSON.stringify(value)} is not`);
      return value;
    case 'uuid':
      if (typeof value !== 'string')
        throw invalidFilter(`${where} is a string; ${JSON.stringify(value)} is not`);
      return /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value)
        ? value.toLowerCase()
        : undefined;
    case 'boolean':
      // Entra sends booleans as strings now and then.
      if (typeof value === 'boolean') return value;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      throw invalidFilter(`${where} is a boolean; ${JSON.stringify(value)} is not`);
    case 'integer':
      if (typeof value === 'number' && Number.isInteger(value)) return value;
      throw invalidFilter(`${where} is an integer; ${JSON.stringify(value)} is not`);
    case 'decimal':
      if (typeof value === 'number') return value;
      throw invalidFilter(`${where} is a decimal; ${JSON.stringify(value)} is not`);
    case 'dateTime': {
      const date = typeof value === 'string' ? new Date(value) : undefined;
      if (!date || Number.isNaN(date.getTime()))
        throw invalidFilter(`${where} is a dateTime; ${JSON.stringify(value)} is not`);
      return date;
    }
    default:
      return assertNever(type);
  }
}

/** Escape LIKE's wildcards so a value matches literally (backslash is PostgreSQL's default escape). */
export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (c) => `\\${c}`);
}
