import { hostname } from 'node:os';
import { setTimeout } from 'node:timers/promises';
import pg from 'pg';

/** How every connection of this process names itself to PostgreSQL (`pg_stat_activity`). */
export const applicationName = `rollcall ${hostname()} pid ${process.pid}`.slice(0, 63);

/** Any fixed number, the same in every process: the advisory lock that serialises migrations. */
export const migrationLockKey = 0x526f6c6c; // "Roll"

/**
 * Processes starting together on one database would each run the same migrations at once (and all
 * but one fail). They take turns on an advisory lock held by a transaction on a connection of its
 * own (the migrator needs the pool); the later ones then find nothing left to apply.
 *
 * A transaction-level lock, not a session one: behind PgBouncer in transaction mode, a session lock
 * stays on the server connection after this client is gone, and every later start waits for it
 * forever. A transaction keeps its server connection until it ends, and its lock ends with it —
 * also when this process dies (PostgreSQL, or PgBouncer, rolls the transaction back).
 *
 * The wait is bounded: past `waitMs` the start fails with an error naming the holder.
 */
export async function holdingMigrationLock<T>(
  lock: { url: string; timeoutMs: number; waitMs: number },
  work: () => Promise<T>,
): Promise<T> {
  const client = new pg.Client({
    connectionString: lock.url,
    connectionTimeoutMillis: lock.timeoutMs,
    application_name: `${applicationName} (migrations)`.slice(0, 63),
  });
  await client.connect();
  try {
    // The lock's transaction idles while the migrations run on other connections.
    await client.query('begin; set local idle_in_transaction_session_timeout = 0');
    const deadline = Date.now() + lock.waitMs;
    for (let attempt = 0; ; attempt++) {
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_xact_lock($1) as locked',
        [migrationLockKey],
      );
      if (rows[0]!.locked) break;
      if (Date.now() >= deadline) throw new Error(await stillHeld(client, lock.waitMs));
      await setTimeout(Math.min(1000, 50 * 2 ** attempt) * (0.5 + Math.random() / 2));
    }
    return await work();
  } finally {
    try {
      await client.query('rollback'); // the lock goes with the transaction
    } finally {
      await client.end();
    }
  }
}

/** The error for a lock still held after the wait, naming who holds it (as far as PostgreSQL knows). */
async function stillHeld(client: pg.Client, waitMs: number): Promise<string> {
  const { rows } = await client.query<{ pid: number; name: string; address: string | null; since: Date }>(
    `select a.pid, a.application_name as name, a.client_addr::text as address, a.xact_start as since
       from pg_locks l join pg_stat_activity a on a.pid = l.pid
      where l.locktype = 'advisory' and l.granted and l.classid = 0 and l.objid = $1 and l.objsubid = 1`,
    [migrationLockKey],
  );
  const holder = rows[0];
  const who = holder
    ? `PostgreSQL backend ${holder.pid} ("${holder.name || 'no application_name'}"` +
      `${holder.address ? ` from ${holder.address}` : ''}, in a transaction since ${new Date(holder.since).toISOString()})`
    : 'a process that has just released it';
  return (
    `Another process has been applying the database migrations for more than ${Math.round(waitMs / 1000)} s: ` +
    `the migration lock is held by ${who}. Wait for it to finish, or end that backend ` +
    `(select pg_terminate_backend(<pid>)) if it is stuck, then start again.`
  );
}
