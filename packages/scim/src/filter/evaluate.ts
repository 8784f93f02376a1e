import { invalidFilter } from '../errors.js';
import { findAttribute, type Attribute } from '../schema/attribute.js';
import {
  assertNever,
  formatPath,
  type AttrPath,
  type CompareOp,
  type FilterNode,
  type FilterValue,
} from './filter-node.js';

/**
 * Does one element of a multi-valued attribute match a value filter (`emails[type eq "work"]`)?
 * Used by the PATCH engine; searches never evaluate filters in memory (they compile to SQL).
 * Inside a value filter, paths name sub-attributes of the element.
 */
export function matchesElement(
  element: unknown,
  filter: FilterNode,
  subAttributes: readonly Attribute[],
): boolean {
  switch (filter.kind) {
    case 'and':
      return (
        matchesElement(element, filter.left, subAttributes) &&
        matchesElement(element, filter.right, subAttributes)
      );
    case 'or':
      return (
        matchesElement(element, filter.left, subAttributes) ||
        matchesElement(element, filter.right, subAttributes)
      );
    case 'not':
      return !matchesElement(element, filter.filter, subAttributes);
    case 'present': {
      const value = read(element, filter.path, subAttributes);
      return (
        value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0)
      );
    }
    case 'compare': {
      const definition = findAttribute(subAttributes, filter.path.attr);
      const value = read(element, filter.path, subAttributes);
      return compare(value, filter.op, filter.value, definition?.caseExact ?? false);
    }
    case 'valuePath':
      throw invalidFilter('A value filter cannot contain another value filter');
    default:
      return assertNever(filter);
  }
}

function read(element: unknown, path: AttrPath, subAttributes: readonly Attribute[]): unknown {
  if (path.sub || path.uri || !findAttribute(subAttributes, path.attr)) {
    throw invalidFilter(`"${formatPath(path)}" is not a sub-attribute of this value`);
  }
  if (typeof element !== 'object' || element === null) return undefined;
  const wanted = path.attr.toLowerCase();
  const key = Object.keys(element).find((k) => k.toLowerCase() === wanted);
  return key === undefined ? undefined : (element as Record<string, unknown>)[key];
}

/** RFC 7644 §3.4.2.2 comparison of one value; strings compare case-insensitively unless caseExact. */
export function compare(actual: unknown, op: CompareOp, expected: FilterValue, caseExact: boolean): boolean {
  if (expected === null) {
    if (op === 'eq') return actual === null || actual === undefined;
    if (op === 'ne') return actual !== null && actual !== undefined;
    throw invalidFilter(`"${op}" cannot compare with null`);
  }
  if (actual === undefined || actual === null) return op === 'ne';
  if (typeof expected === 'boolean' || typeof actual === 'boolean') {
    const a = typeof actual === 'string' ? actual.toLowerCase() === 'true' : actual;
    if (op === 'eq') return a === expected;
    if (op === 'ne') return a !== expected;
    throw invalidFilter(`"${op}" cannot compare booleans`);
  }
  const fold = (v: unknown) => (typeof v === 'string' && !caseExact ? v.toLowerCase() : v);
  const a = fold(typeof expected === 'number' ? Number(actual) : String(actual)) as string | number;
  const e = fold(expected) as string | number;
  switch (op) {
    case 'eq':
      return a === e;
    case 'ne':
      return a !== e;
    case 'co':
      return String(a).includes(String(e));
    case 'sw':
      return String(a).startsWith(String(e));
    case 'ew':
      return String(a).endsWith(String(e));
    case 'gt':
      return a > e;
    case 'ge':
      return a >= e;
    case 'lt':
      return a < e;
    case 'le':
      return a <= e;
    default:
      return assertNever(op);
  }
}
