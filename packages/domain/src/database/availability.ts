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
      // a NUL in a parameter); 57P01–57P03: shutting down / not accepting; 53300: too many clients.
      if ((code.startsWith('08') && code !== '08P01') || /^57P0[123]$/.test(code) || code === '53300')
        return true;
      if (['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENOTFOUND'].includes(code))
        return true;
    }
    // Knex reports a transaction whose connection died under it as "already complete".
    if (
      typeof message === 'string' &&
      /Connection terminated|Timeout acquiring a connection|connection timeout|Client has encountered a connection error|Connection ended unexpectedly|Transaction query already complete/i.test(
        message,
      )
    )
      return true;
  }
  return false;
}

/** How long clients are told to wait before retrying while the database is away. */
export const unavailableRetryAfterSeconds = 5;
