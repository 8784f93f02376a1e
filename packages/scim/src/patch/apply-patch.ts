import { invalidPath, invalidValue, mutability, noTarget } from '../errors.js';
import { matchesElement } from '../filter/evaluate.js';
import { formatPath, type FilterNode } from '../filter/filter-node.js';
import { parsePath, type PatchPath } from '../path/parse-path.js';
import { attribute, type Attribute } from '../schema/attribute.js';
import {
  findExtension,
  resolveAttribute,
  type ResolvedAttribute,
  type ResourceType,
} from '../schema/registry.js';
import { refuseUnknownAttributes, type UnknownAttributes } from '../schema/unknown-attributes.js';
import { coerceSingle, coerceValue } from './coerce.js';
import type { PatchOpName, PatchOperation } from './patch-op.js';
import { isObject } from '../json.js';

export type ScimResource = Record<string, unknown>;

/**
 * Apply PATCH operations (RFC 7644 §3.5.2) to a resource, in order, purely: the input is not touched
 * and any failing operation throws, so a caller that keeps the result only on success gets
 * all-or-nothing. The resource uses canonical attribute names with extension attributes under their
 * schema URN (as `toScimUser` produces). An operation on an attribute the resource type does not define
 * goes to `unknown`: lenient, it is skipped and the others apply; strict, the PATCH is refused.
 */
export function applyPatch(
  resource: ScimResource,
  operations: readonly PatchOperation[],
  type: ResourceType,
  unknown: UnknownAttributes = refuseUnknownAttributes,
): ScimResource {
  const result = structuredClone(resource);
  const context = { type, unknown };
  operations.forEach((operation, index) => {
    // Errors name the operation and, when it has one, its path (the attribute a wrong value is for).
    const where = `Operations[${index}]${operation.path === undefined ? '' : ` (${operation.path})`}`;
    if (operation.path === undefined) applyWithoutPath(result, operation, context, where);
    else applyAt(result, operation.op, parsePath(operation.path), operation.value, context, where);
  });
  return result;
}

/** The resource type the operations apply to, and what becomes of attributes it does not define. */
interface PatchContext {
  type: ResourceType;
  unknown: UnknownAttributes;
}

/**
 * RFC 7644 §3.5.2.1/§3.5.2.3 without a path: the value is an object of attributes. Keys may themselves be
 * paths (Entra with `aadOptscim062020` sends `{"name.givenName": …, "urn:…:User:department": …}`): they
 * are applied as paths, never stored under a literal dotted key. Extension objects nest under their URN.
 */
function applyWithoutPath(
  resource: ScimResource,
  operation: PatchOperation,
  context: PatchContext,
  where: string,
): void {
  if (operation.op === 'remove') throw noTarget(`${where}: remove needs a path`);
  const value = operation.value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw invalidValue(`${where}: without a path, the value must be an object of attributes`);
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.toLowerCase() === 'schemas') continue;
    const extension = findExtension(context.type, key);
    // An extension's object, or that of a schema URN this resource type does not have (Entra's
    // `urn:…:Acme:2.0:User`): its keys are attributes under that URN.
    if ((extension || isSchemaUrn(key)) && isObject(item)) {
      for (const [attr, extValue] of Object.entries(item)) {
        applyAt(
          resource,
          operation.op,
          parsePath(`${extension?.id ?? key}:${attr}`),
          extValue,
          context,
          `${where}.value.${key}`,
        );
      }
      continue;
    }
    applyAt(resource, operation.op, parsePath(key), item, context, `${where}.value.${key}`);
  }
}

/** `urn:ietf:params:scim:schemas:…` keys name a schema, not an attribute of the core schema. */
export const isSchemaUrn = (key: string): boolean => /^urn:ietf:params:scim:schemas:/i.test(key);

function applyAt(
  resource: ScimResource,
  op: PatchOpName,
  target: PatchPath,
  value: unknown,
  { type, unknown }: PatchContext,
  where: string,
): void {
  const resolved = resolveAttribute(type, target.path);
  if (!resolved) {
    if (unknown.strict)
      throw invalidPath(`${where}: no attribute "${formatPath(target.path)}" on ${type.name}`);
    unknown.ignore(formatPath(target.path));
    return;
  }
  const { attribute } = resolved;
  const container = containerOf(resource, resolved, op !== 'remove');
  if (!container) return; // removing from an extension the resource does not have: nothing to do

  if (target.filter) {
    if (!attribute.multiValued)
      throw invalidPath(`${where}: "${attribute.name}" is not multi-valued; it takes no value filter`);
    const sub = target.subAfterFilter ? findSub(attribute, target.subAfterFilter) : undefined;
    if (target.subAfterFilter && !sub) {
      if (unknown.strict)
        throw invalidPath(`${where}: "${target.subAfterFilter}" is not a sub-attribute of ${attribute.name}`);
      unknown.ignore(`${attribute.name}.${target.subAfterFilter}`);
      return;
    }
    checkMutable(attribute, sub, op, value, container, where);
    applyFiltered(container, attribute, target.filter, sub, op, value, where, unknown);
    return;
  }

  if (resolved.sub) {
    if (attribute.multiValued)
      throw invalidPath(
        `${where}: "${formatPath(target.path)}" needs a value filter, e.g. ${attribute.name}[type eq "work"].${resolved.sub.name}`,
      );
    checkMutable(attribute, resolved.sub, op, value, container, where);
    const current = container[attribute.name];
    if (op === 'remove') {
      if (isObject(current)) delete current[resolved.sub.name];
      return;
    }
    const coerced = coerceValue(resolved.sub, value, `${where}.value`, unknown);
    const object = isObject(current) ? current : {};
    if (coerced === null) delete object[resolved.sub.name];
    else object[resolved.sub.name] = coerced;
    container[attribute.name] = object;
    return;
  }

  checkMutable(attribute, undefined, op, value, container, where);
  if (op === 'remove') {
    if (attribute.multiValued && value !== undefined && value !== null) {
      // Entra: `Remove members [{value: id}, …]` removes exactly the listed elements.
      const listed = coerceValue(attribute, value, `${where}.value`, unknown) as Record<string, unknown>[];
      const current = asArray(container[attribute.name]);
      container[attribute.name] = current.filter((element) => !listed.some((l) => sameElement(l, element)));
      return;
    }
    delete container[attribute.name];
    return;
  }
  const coerced = coerceValue(attribute, value, `${where}.value`, unknown);
  if (attribute.multiValued) {
    // A null value (as for single-valued attributes) means no elements: add nothing, replace with none.
    const incoming = (coerced ?? []) as unknown[];
    const current = op === 'add' ? asArray(container[attribute.name]) : [];
    const merged = [...current];
    for (const element of incoming)
      if (!merged.some((existing) => sameElement(element, existing))) merged.push(element);
    container[attribute.name] = onePrimary(merged, incoming);
    return;
  }
  if (attribute.type === 'complex' && isObject(coerced) && isObject(container[attribute.name])) {
    // §3.5.2.1 / §3.5.2.3: sub-attributes not given are left unchanged.
    container[attribute.name] = { ...(container[attribute.name] as object), ...coerced };
    return;
  }
  if (coerced === null) delete container[attribute.name];
  else container[attribute.name] = coerced;
}

/** Operations on the elements a value filter selects (`emails[type eq "work"].value`). */
function applyFiltered(
  container: ScimResource,
  attribute: Attribute,
  filter: FilterNode,
  sub: Attribute | undefined,
  op: PatchOpName,
  value: unknown,
  where: string,
  unknown: UnknownAttributes,
): void {
  if (attribute.type !== 'complex' && !sub)
    return applyFilteredSimple(container, attribute, filter, op, value, where, unknown);
  const subAttributes = attribute.subAttributes ?? [];
  const elements = asArray(container[attribute.name]);
  const matched = elements.filter((element) => matchesElement(element, filter, subAttributes));
  if (op === 'remove') {
    // Removing what is not there leaves the resource as the client wants it: a no-op, not an error.
    container[attribute.name] = sub
      ? elements.map((element) => (matched.includes(element) ? withoutKey(element, sub.name) : element))
      : elements.filter((element) => !matched.includes(element));
    return;
  }
  const coerced = sub
    ? coerceValue(sub, value, `${where}.value`, unknown)
    : coerceSingle(attribute, value, `${where}.value`, unknown);
  if (matched.length === 0) {
    // Entra adds `emails[type eq "work"].value` to users without a work email: create the element
    // the filter describes. Only a conjunction of `eq` can describe one; anything else has no target.
    const seed = elementFromFilter(filter, subAttributes);
    if (!seed) throw noTarget(`${where}: no ${attribute.name} value matches the filter`);
    const created = sub
      ? { ...seed, [sub.name]: coerced }
      : { ...seed, ...(isObject(coerced) ? coerced : {}) };
    container[attribute.name] = onePrimary([...elements, created], [created]);
    return;
  }
  const written: unknown[] = [];
  const updated = elements.map((element) => {
    if (!matched.includes(element)) return element;
    let next: unknown;
    if (sub)
      next =
        coerced === null ? withoutKey(element, sub.name) : { ...(element as object), [sub.name]: coerced };
    else
      next = op === 'replace' ? coerced : { ...(element as object), ...(isObject(coerced) ? coerced : {}) };
    written.push(next);
    return next;
  });
  container[attribute.name] = onePrimary(updated, written);
}

/**
 * A value filter on a multi-valued attribute of simple values (a tenant's `skills[value eq "go"]`):
 * `value` names each value itself. Remove drops the values matched; replace and add put the given
 * value in their place, or add it when none matched and the filter is `value eq …`.
 */
function applyFilteredSimple(
  container: ScimResource,
  definition: Attribute,
  filter: FilterNode,
  op: PatchOpName,
  value: unknown,
  where: string,
  unknown: UnknownAttributes,
): void {
  const valueAttribute = attribute('value', definition.type, { caseExact: definition.caseExact });
  const elements = asArray(container[definition.name]);
  const matches = elements.map((element) => matchesElement({ value: element }, filter, [valueAttribute]));
  const kept = elements.filter((_, i) => !matches[i]);
  if (op === 'remove') {
    container[definition.name] = kept;
    return;
  }
  const coerced = coerceSingle(definition, value, `${where}.value`, unknown);
  if (!matches.includes(true) && !elementFromFilter(filter, [valueAttribute]))
    throw noTarget(`${where}: no ${definition.name} value matches the filter`);
  container[definition.name] = coerced === null || kept.includes(coerced) ? kept : [...kept, coerced];
}

/** `type eq "work" and primary eq true` → { type: "work", primary: true }; other shapes → undefined. */
function elementFromFilter(
  filter: FilterNode,
  subAttributes: readonly Attribute[],
): Record<string, unknown> | undefined {
  if (filter.kind === 'and') {
    const left = elementFromFilter(filter.left, subAttributes);
    const right = elementFromFilter(filter.right, subAttributes);
    return left && right ? { ...left, ...right } : undefined;
  }
  if (filter.kind !== 'compare' || filter.op !== 'eq' || filter.path.sub || filter.path.uri) return undefined;
  const definition = subAttributes.find((a) => a.name.toLowerCase() === filter.path.attr.toLowerCase());
  return definition ? { [definition.name]: filter.value } : undefined;
}

/**
 * RFC 7643 §3.5.2 mutability: readOnly attributes cannot be changed by a client. Okta echoes `id`
 * (and clients echo `meta`) in path-less replaces: writing the value a readOnly attribute already
 * has changes nothing, so it is accepted; any other value is refused.
 */
function checkMutable(
  attribute: Attribute,
  sub: Attribute | undefined,
  op: PatchOpName,
  value: unknown,
  container: ScimResource,
  where: string,
): void {
  const readOnly = attribute.mutability === 'readOnly' || sub?.mutability === 'readOnly';
  if (!readOnly) return;
  const current = sub
    ? (container[attribute.name] as Record<string, unknown> | undefined)?.[sub.name]
    : container[attribute.name];
  if (op !== 'remove' && JSON.stringify(current) === JSON.stringify(value)) return;
  throw mutability(`${where}: "${sub ? `${attribute.name}.${sub.name}` : attribute.name}" is read-only`);
}

function containerOf(
  resource: ScimResource,
  resolved: ResolvedAttribute,
  create: boolean,
): ScimResource | undefined {
  if (!resolved.extension) return resource;
  const existing = resource[resolved.extension];
  if (isObject(existing)) return existing;
  if (!create) return undefined;
  const created: ScimResource = {};
  resource[resolved.extension] = created;
  return created;
}

function findSub(attribute: Attribute, name: string): Attribute | undefined {
  return attribute.subAttributes?.find((a) => a.name.toLowerCase() === name.toLowerCase());
}

/**
 * Elements are the same when they carry the same `value` (members, emails…, case-insensitively) and
 * no different `type`; elements without a value are the same when equal.
 */
function sameElement(a: unknown, b: unknown): boolean {
  if (isObject(a) && isObject(b) && 'value' in a && 'value' in b) {
    const sameType = a.type === undefined || b.type === undefined || a.type === b.type;
    return String(a.value).toLowerCase() === String(b.value).toLowerCase() && sameType;
  }
  return JSON.stringify(a) === JSON.stringify(b);
}

/** RFC 7643 §2.4: at most one element is primary; the one just written wins. */
function onePrimary(elements: unknown[], written: readonly unknown[]): unknown[] {
  const winner = [...written].reverse().find((e) => isObject(e) && e.primary === true);
  if (!winner) return elements;
  return elements.map((e) =>
    e !== winner && isObject(e) && e.primary === true ? { ...e, primary: false } : e,
  );
}

function withoutKey(element: unknown, key: string): unknown {
  if (!isObject(element)) return element;
  const copy = { ...element };
  delete copy[key];
  return copy;
}

const asArray = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);
