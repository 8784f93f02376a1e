import { invalidPath } from '../errors.js';
import type { AttrPath, FilterNode } from '../filter/filter-node.js';
import { parseAttrPath, parseFilter } from '../filter/parse-filter.js';
import { ScimError } from '../errors.js';

/**
 * A PATCH path (RFC 7644 §3.5.2): `attrPath` or `valuePath [ "." subAttr ]`, e.g. `name.givenName`,
 * `emails[type eq "work"].value`, `members[value eq "2819c223"]`,
 * `urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager`.
 */
export interface PatchPath {
  /** The attribute (with `sub` set for `name.givenName`-style paths without a filter). */
  path: AttrPath;
  /** The value filter selecting elements of a multi-valued attribute. */
  filter?: FilterNode;
  /** The sub-attribute after a value filter: `emails[…].value` → `value`. */
  subAfterFilter?: string;
}

export function parsePath(text: string): PatchPath {
  const trimmed = text.trim();
  const open = trimmed.indexOf('[');
  if (open === -1) {
    const path = parseAttrPath(trimmed);
    if (!path) throw invalidPath(`"${text}" is not an attribute path`);
    return { path };
  }
  const close = closingBracket(trimmed, open);
  if (close === -1) throw invalidPath(`"${text}": "[" is never closed`);
  const path = parseAttrPath(trimmed.slice(0, open));
  if (!path || path.sub) throw invalidPath(`"${text}": a value filter must follow a multi-valued attribute`);
  let filter: FilterNode;
  try {
    filter = parseFilter(trimmed.slice(open + 1, close));
  } catch (error) {
    // RFC 7644 §3.5.2: a bad filter inside a path is an invalid path.
    throw error instanceof ScimError ? invalidPath(`"${text}": ${error.message}`) : error;
  }
  const rest = trimmed.slice(close + 1);
  if (rest === '') return { path, filter };
  const sub = /^\.([A-Za-z$][\w$-]*)$/.exec(rest);
  if (!sub) throw invalidPath(`"${text}": unexpected "${rest}" after the value filter`);
  return { path, filter, subAfterFilter: sub[1]! };
}

/** The index of the "]" closing the "[" at `open`, skipping quoted strings. */
function closingBracket(text: string, open: number): number {
  let quoted = false;
  for (let i = open + 1; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '\\') i++;
      else if (c === '"') quoted = false;
    } else if (c === '"') quoted = true;
    else if (c === ']') return i;
  }
  return -1;
}
