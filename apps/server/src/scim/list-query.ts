import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Page, PageRequest } from '@rollcall/domain';
import {
  invalidCursor,
  invalidValue,
  listResponse,
  parseFilter,
  parseProjection,
  type FilterNode,
  type Projection,
} from '@rollcall/scim';
import type { ScimReply } from './scim-call.js';

export interface ListQuery {
  filter: FilterNode | undefined;
  startIndex: number;
  count: number;
  sortBy: string | undefined;
  sortOrder: 'asc' | 'desc';
  /**
   * RFC 9865: present → cursor paging, from the start (`cursor=` empty) or after the last id of the
   * previous page, with the total counted on the first page.
   */
  cursor: { after: string; total: number } | { after: undefined; total: undefined } | undefined;
  projection: Projection;
  /** Signs the next page's cursor. */
  cursors: CursorCodec;
}

export interface ListLimits {
  defaultCount: number;
  maxResults: number;
  maxFilterLength: number;
  /** The instance's signing key: cursors are signed so a client cannot make one up. */
  signingKey: string;
}

/**
 * Paging, sorting, filtering and projection parameters from a query string or a `.search` body
 * (RFC 7644 §3.4.2–§3.4.3), names case-insensitive. startIndex < 1 is 1 and a negative count is 0
 * (§3.4.2.4); count is capped at maxResults.
 */
export function parseListQuery(source: Record<string, unknown>, limits: ListLimits): ListQuery {
  const get = (name: string) => {
    const key = Object.keys(source).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key === undefined ? undefined : source[key];
    return Array.isArray(value) &&
      typeof value[0] === 'string' &&
      name !== 'attributes' &&
      name !== 'excludedAttributes'
      ? value[0]
      : value;
  };
  const integer = (name: string, fallback: number) => {
    const raw = get(name);
    if (raw === undefined || raw === '') return fallback;
    const n = typeof raw === 'number' ? raw : Number(raw);
    if (!Number.isInteger(n)) throw invalidValue(`${name} must be an integer`);
    return n;
  };
  const filterText = get('filter');
  if (filterText !== undefined && typeof filterText !== 'string')
    throw invalidValue('filter must be a string');
  const sortOrder = get('sortOrder');
  if (sortOrder !== undefined && !/^(ascending|descending)$/i.test(String(sortOrder))) {
    throw invalidValue('sortOrder must be "ascending" or "descending"');
  }
  const sortBy = get('sortBy');
  const cursor = get('cursor');
  const cursors = cursorCodec(limits.signingKey);
  return {
    filter:
      filterText === undefined || filterText.trim() === ''
        ? undefined
        : parseFilter(filterText, { maxLength: limits.maxFilterLength }),
    startIndex: Math.max(1, integer('startIndex', 1)),
    count: Math.min(Math.max(0, integer('count', limits.defaultCount)), limits.maxResults),
    sortBy: typeof sortBy === 'string' && sortBy !== '' ? sortBy : undefined,
    sortOrder: String(sortOrder ?? 'ascending').toLowerCase() === 'descending' ? 'desc' : 'asc',
    cursor:
      cursor === undefined
        ? undefined
        : cursor === ''
          ? { after: undefined, total: undefined }
          : cursors.decode(String(cursor)),
    projection: parseProjection(source),
    cursors,
  };
}

/**
 * RFC 9865 cursors are opaque to clients: here `<last id>:<total>.<signature>`, base64url. The total is
 * counted once, on the first page of a walk, and carried in the cursor, so a deep page of a
 * million-user directory costs an index range scan and never a count of every row. The signature
 * (HMAC-SHA256 with the instance's key, cut to 128 bits) makes the cursor one this server issued: a
 * made-up one cannot set `totalResults` or start anywhere.
 */
export interface CursorCodec {
  encode(lastId: string, total: number): string;
  decode(cursor: string): { after: string; total: number };
}

export function cursorCodec(key: string): CursorCodec {
  const sign = (payload: string) => createHmac('sha256', key).update(payload).digest().subarray(0, 16);
  return {
    encode: (lastId, total) => {
      const payload = `${lastId}:${total}`;
      return Buffer.concat([Buffer.from(`${payload}.`), sign(payload)]).toString('base64url');
    },
    decode: (cursor) => {
      const bytes = Buffer.from(cursor, 'base64url');
      const dot = bytes.indexOf('.');
      const payload = dot < 0 ? '' : bytes.subarray(0, dot).toString();
      const signature = dot < 0 ? Buffer.alloc(0) : bytes.subarray(dot + 1);
      const expected = sign(payload);
      const match = /^([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}):(\d{1,12})$/.exec(
        payload,
      );
      if (!match || signature.length !== expected.length || !timingSafeEqual(signature, expected))
        throw invalidCursor('The cursor is not one this server issued: start again with cursor= (empty)');
      return { after: match[1]!, total: Number(match[2]) };
    },
  };
}

/** The domain page a list query asks for: keyset after the cursor (RFC 9865), else by offset. */
export function pageRequest(query: ListQuery): PageRequest {
  const { cursor } = query;
  if (cursor === undefined) return { limit: query.count, offset: query.startIndex - 1, withTotal: true };
  if (cursor.after === undefined)
    return { limit: query.count, after: '00000000-0000-0000-0000-000000000000', withTotal: true };
  return { limit: query.count, after: cursor.after, withTotal: false };
}

/** A domain sort field for `sortBy`, or 400 when the attribute is not sortable. */
export function sortOrder<F extends string>(
  query: ListQuery,
  fields: Record<string, F>,
): { field: F; direction: 'asc' | 'desc' } | undefined {
  if (!query.sortBy) return undefined;
  const field = fields[query.sortBy.toLowerCase()];
  if (!field) throw invalidValue(`sortBy "${query.sortBy}" is not a sortable attribute`);
  return { field, direction: query.sortOrder };
}

/** The ListResponse for a page: index paging echoes startIndex, cursor paging gives nextCursor. */
export function listReply(resources: unknown[], page: Page<unknown>, query: ListQuery): ScimReply {
  const total = page.total ?? query.cursor?.total ?? resources.length;
  const nextCursor = page.nextCursor ? query.cursors.encode(page.nextCursor, total) : null;
  return {
    status: 200,
    body: listResponse(resources, {
      totalResults: total,
      ...(query.cursor === undefined ? { startIndex: query.startIndex } : { nextCursor }),
    }),
  };
}
