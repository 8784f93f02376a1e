/**
 * Whether an error means "the database cannot be reached right now" (as opposed to a bug or a bad
 * statement): the transports answer those with 503 + Retry-After, so clients retry and nothing is
 * lost, and the pool reconnects by itself once the database is back.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const { code, message } = e as { code?: unknown; message?: unknown };
    if (typeof code === 'string') {
      // Class 08: connection exception, except 08P01 (protocol violation: a bad request of ours, e.g.
      // a NUL in a parameter); 57P01–57P03: shutting down / not accepting; 53300: too many clients;
      // 25006: a write reached a standby (a pooler pointed at it before its promotion finished).
      if (
        (code.startsWith('08') && code !== '08P01') ||
        /^57P0[123]$/.test(code) ||
        code === '53300' ||
        code === '25006'
      )
        return true;
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
        return true;
    }
    // Knex reports a transaction whose connection died under it as "already complete"; node-postgres
    // says "timeout expired" when a connection attempt runs out (PgBouncer still retrying its login);
    // PgBouncer answers 08P01 with a message of its own while its server is away.
    if (typeof message === 'string' && (driverUnavailable.test(message) || poolerUnavailable.test(message)))
      return true;
  }
  return false;
}

const driverUnavailable =
  /Connection terminated|Timeout acquiring a connection|connection timeout|timeout expired|Client has encountered a connection error|Connection ended unexpectedly|Transaction query already complete/i;

/** PgBouncer's own errors when it has no server to give (its source, `src/*.c`, disconnect reasons). */
const poolerUnavailable =
  /server conn crashed|server login has been failing|no more connections allowed|pgbouncer cannot connect to server|query_wait_timeout|server closed the connection unexpectedly|database removed|client_login_timeout|server shutting down/i;

/** How long clients are told to wait before retrying while the database is away. */
export const unavailableRetryAfterSeconds = 5;
