import { parseAttrPath } from '../filter/parse-filter.js';
import type { ScimResource } from '../patch/apply-patch.js';
import { canonicalPath } from '../filter/to-where.js';
import { resolveAttribute, type ResourceType } from '../schema/registry.js';
import { isObject } from '../json.js';

export interface Projection {
  attributes?: string[];
  excludedAttributes?: string[];
}

/** `?attributes=userName,emails&excludedAttributes=…` → lists (comma-separated, RFC 7644 §3.4.2.5). */
export function parseProjection(query: Record<string, unknown>): Projection {
  const list = (name: string) => {
    const key = Object.keys(query).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key === undefined ? undefined : query[key];
    const text = Array.isArray(raw) ? raw.join(',') : typeof raw === 'string' ? raw : undefined;
    const items = text
      ?.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    return items && items.length > 0 ? items : undefined;
  };
  const attributes = list('attributes');
  const excludedAttributes = list('excludedAttributes');
  return { ...(attributes ? { attributes } : {}), ...(excludedAttributes ? { excludedAttributes } : {}) };
}

/** Canonical, lower-cased paths of a list; names that resolve to nothing are ignored (RFC 7644 §3.9). */
function canonicalSet(type: ResourceType, paths: string[] | undefined): Set<string> | undefined {
  if (!paths) return undefined;
  const set = new Set<string>();
  for (const text of paths) {
    // A whole extension by its URN: every attribute under it.
    const extension = type.extensions.find((e) => e.id.toLowerCase() === text.toLowerCase());
    if (extension) {
      set.add(`${extension.id.toLowerCase()}:*`);
      continue;
    }
    const parsed = parseAttrPath(text);
    const resolved = parsed ? resolveAttribute(type, parsed) : undefined;
    if (resolved) set.add(canonicalPath(resolved).toLowerCase());
  }
  return set;
}

/** Decides, for a canonical path, whether the projection includes it. */
function selector(type: ResourceType, projection: Projection) {
  const requested = canonicalSet(type, projection.attributes);
  const excluded = canonicalSet(type, projection.excludedAttributes);
  const parent = (path: string) =>
    path.lastIndexOf('.') > path.lastIndexOf(':') ? path.slice(0, path.lastIndexOf('.')) : undefined;
  const extension = (path: string) =>
    path.startsWith('urn:') ? `${path.slice(0, path.lastIndexOf(':'))}:*` : undefined;
  const listed = (set: Set<string>, path: string) => {
    const p = parent(path);
    const e = extension(path);
    return set.has(path) || (p !== undefined && set.has(p)) || (e !== undefined && set.has(e));
  };
  return {
    includes(path: string): boolean {
      if (requested) return listed(requested, path);
      return !(excluded && listed(excluded, path));
    },
    /** Some, not all, of a complex attribute's sub-attributes are asked for. */
    partially(path: string): boolean {
      return requested !== undefined && [...requested].some((r) => r.startsWith(`${path}.`));
    },
  };
}

/** Whether the projection asks for an attribute at all (to skip loading e.g. a group's members). */
export function wants(projection: Projection, type: ResourceType, name: string): boolean {
  const resolved = resolveAttribute(type, { attr: name });
  if (!resolved) return false;
  const path = canonicalPath(resolved).toLowerCase();
  const select = selector(type, projection);
  return select.includes(path) || select.partially(path);
}

/**
 * Apply attributes / excludedAttributes and the `returned` rules (RFC 7643 §2.2, RFC 7644 §3.9):
 * `always` (id) is always there, `never` (password) never, `request` only when asked for.
 */
export function project(
  resource: ScimResource,
  type: ResourceType,
  projection: Projection = {},
): ScimResource {
  const select = selector(type, projection);
  const result: ScimResource = {};

  const pick = (uri: string | undefined, key: string, value: unknown): [string, unknown] | undefined => {
    const resolved = resolveAttribute(type, { ...(uri ? { uri } : {}), attr: key });
    if (!resolved) return undefined;
    const { attribute } = resolved;
    if (attribute.returned === 'never') return undefined;
    if (attribute.returned === 'always') return [attribute.name, value];
    const path = canonicalPath(resolved).toLowerCase();
    const explicitlyRequested = projection.attributes !== undefined && select.includes(path);
    if (attribute.returned === 'request' && !explicitlyRequested) return undefined;
    if (select.includes(path)) {
      if (!attribute.subAttributes || projection.attributes) return [attribute.name, value];
      // Excluding a sub-attribute (e.g. `name.givenName`) keeps the rest of the complex value.
      return [attribute.name, mapSubs(value, (sub) => select.includes(`${path}.${sub.toLowerCase()}`))];
    }
    if (attribute.subAttributes && select.partially(path)) {
      return [attribute.name, mapSubs(value, (sub) => select.includes(`${path}.${sub.toLowerCase()}`))];
    }
    return undefined;
  };

  for (const [key, value] of Object.entries(resource)) {
    if (key === 'schemas') {
      result[key] = value;
      continue;
    }
    const extension = type.extensions.find((e) => e.id === key);
    if (extension && isObject(value)) {
      const inner: ScimResource = {};
      for (const [attr, item] of Object.entries(value)) {
        const kept = pick(extension.id, attr, item);
        if (kept && !isEmpty(kept[1])) inner[kept[0]] = kept[1];
      }
      if (Object.keys(inner).length > 0) result[key] = inner;
      continue;
    }
    const kept = pick(undefined, key, value);
    if (kept && !isEmpty(kept[1])) result[kept[0]] = kept[1];
  }
  return result;
}

function mapSubs(value: unknown, keep: (sub: string) => boolean): unknown {
  const filterObject = (object: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(object).filter(([k]) => keep(k)));
  if (Array.isArray(value))
    return value.map((e) => (isObject(e) ? filterObject(e) : e)).filter((e) => !isEmpty(e));
  return isObject(value) ? filterObject(value) : value;
}

const isEmpty = (value: unknown) => isObject(value) && Object.keys(value).length === 0;
