import { randomBytes } from 'node:crypto';

let lastMs = 0;
let sequence = 0;

/**
 * UUIDv7 (RFC 9562 §5.7): time-ordered, so new rows land at the right edge of the primary-key index
 * instead of splitting random pages — it matters at a million users. Within one millisecond a 12-bit
 * counter in `rand_a` keeps ids increasing (RFC 9562 §6.2, method 1), so ids made by one process sort
 * in creation order (the audit trail and the request log page by id).
 */
export function newId(): string {
  const bytes = randomBytes(16);
  let now = Date.now();
  if (now <= lastMs) {
    sequence++;
    if (sequence > 0xfff) {
      lastMs++;
      sequence = 0;
    }
    now = lastMs;
  } else {
    lastMs = now;
    sequence = 0;
  }
  const ms = BigInt(now);
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = 0x70 | (sequence >> 8);
  bytes[7] = sequence & 0xff;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const uuidPattern = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids arrive from IdPs as arbitrary strings (e.g. `00919288221112222`); anything else is simply not found. */
export function isId(value: string): boolean {
  return uuidPattern.test(value);
}

/**
 * A PostgreSQL array literal of UUIDs, bound as one `?::uuid[]` parameter (the query builder would
 * expand a JS array into a list). Only validated UUIDs get here, so no quoting is needed.
 */
export function uuidArray(ids: readonly string[]): string {
  if (!ids.every(isId)) throw new TypeError('uuidArray takes UUIDs only');
  return `{${ids.join(',')}}`;
}
