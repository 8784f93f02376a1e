import { randomBytes } from 'node:crypto';

/**
 * UUIDv7 (RFC 9562 §5.7): time-ordered, so new rows land at the right edge of the
 * primary-key index instead of splitting random pages — it matters at a million users.
 */
export function newId(): string {
  const bytes = randomBytes(16);
  const ms = BigInt(Date.now());
  for (let i = 0; i < 6; i++) bytes[i] = Number((ms >> BigInt(8 * (5 - i))) & 0xffn);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
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
