import { describe, expect, it } from 'vitest';
import { isDatabaseUnavailable } from './availability.js';

// What means "the database is away right now" (503 + Retry-After, the request log holds its lines),
// as opposed to a bug or a bad statement (500, or the domain's own 4xx).
describe(isDatabaseUnavailable.name, () => {
  it.each([
    ['connection refused', { code: 'ECONNREFUSED' }, true],
    [
      'admin shutdown (failover)',
      { code: '57P01', message: 'terminating connection due to administrator command' },
      true,
    ],
    ['node-postgres connect timeout (PgBouncer retrying its login)', new Error('timeout expired'), true],
    ['knex pool timeout', new Error('Timeout acquiring a connection. The pool is probably full.'), true],
    ['PgBouncer: server gone mid-query', { code: '08P01', message: 'server conn crashed?' }, true],
    [
      'PgBouncer: login to the server failing',
      { code: '08P01', message: 'server login has been failing, try again later (server_login_retry)' },
      true,
    ],
    [
      'PgBouncer: pool exhausted',
      { code: '08P01', message: 'no more connections allowed (max_client_conn)' },
      true,
    ],
    ['PgBouncer: waited too long for a server', { code: '08P01', message: 'query_wait_timeout' }, true],
    ['wrapped in a driver exception', { message: 'x', cause: { code: '57P03' } }, true],
    [
      'a protocol violation of ours (NUL in a parameter)',
      { code: '08P01', message: 'invalid message format' },
      false,
    ],
    [
      'a write on a standby not yet promoted',
      { code: '25006', message: 'cannot execute INSERT in a read-only transaction' },
      true,
    ],
    ['a unique violation', { code: '23505', message: 'duplicate key value' }, false],
    ['a bug', new TypeError('x is undefined'), false],
  ])('%s → %s', (_name, error, expected) => {
    expect(isDatabaseUnavailable(error)).toBe(expected);
  });
});
