/** One page of a search: offset paging (SCIM startIndex) or keyset paging after a cursor (RFC 9865). */
export interface PageRequest {
  /** How many items at most (0 is allowed: SCIM count=0 asks for the total only). */
  limit: number;
  /** Items to skip (offset paging). Ignored when `after` is set. */
  offset?: number;
  /** Keyset cursor: the id of the last item of the previous page, in id order. */
  after?: string;
  /** Whether to count all matches (costs a count over the filter; callers ask only when they need it). */
  withTotal?: boolean;
}

export interface Page<T> {
  items: T[];
  total: number | null;
  /** Cursor for the next page when keyset paging and more may follow, else null. */
  nextCursor: string | null;
}

export const maxPageSize = 1000;
