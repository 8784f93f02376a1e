import { invalidValue, parseFilter, parseProjection, type FilterNode, type Projection } from '@rollcall/scim';

export interface ListQuery {
  filter: FilterNode | undefined;
  startIndex: number;
  count: number;
  sortBy: string | undefined;
  sortOrder: 'asc' | 'desc';
  /** RFC 9865: present (even empty) → cursor paging; the value is the last id of the previous page. */
  cursor: string | undefined;
  projection: Projection;
}

export interface ListLimits {
  defaultCount: number;
  maxResults: number;
  maxFilterLength: number;
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
  return {
    filter:
      filterText === undefined || filterText.trim() === ''
        ? undefined
        : parseFilter(filterText, { maxLength: limits.maxFilterLength }),
    startIndex: Math.max(1, integer('startIndex', 1)),
    count: Math.min(Math.max(0, integer('count', limits.defaultCount)), limits.maxResults),
    sortBy: typeof sortBy === 'string' && sortBy !== '' ? sortBy : undefined,
    sortOrder: String(sortOrder ?? 'ascending').toLowerCase() === 'descending' ? 'desc' : 'asc',
    cursor: cursor === undefined ? undefined : String(cursor),
    projection: parseProjection(source),
  };
}
