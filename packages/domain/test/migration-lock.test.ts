import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { holdingMigrationLock, migrationLockKey } from '../src/database/migration-lock.js';

// The lock that lets one starting process at a time apply migrations (database/migration-lock.ts).
const url = inject('databaseUrl');

async function holder(name: string) {
  const client = new pg.Client({ connectionString: url, application_name: name });
  await client.connect();
  await client.query('begin');
  await client.query('select pg_advisory_xact_lock($1)', [migrationLockKey]);
  const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
  return { client, pid: rows[0]!.pid };
}

describe('migration lock', () => {
  it('gives up after its wait with an error naming the holder, and never runs the work', async () => {
    const stuck = await holder('stuck-migrator');
    let ran = false;
    const started = performance.now();
    try {
      await expect(
        holdingMigrationLock({ url, timeoutMs: 5000, waitMs: 800 }, async () => {
          ran = true;
        }),
      ).rejects.toThrow(new RegExp(`held by PostgreSQL backend ${stuck.pid} \\("stuck-migrator"`));
      expect(performance.now() - started).toBeLessThan(3000);
      expect(ran).toBe(false);
    } finally {
      await stuck.client.end();
    }
  });

  it('waits its turn, then holds the lock only while the work runs', async () => {
    const first = await holder('first');
    const order: string[] = [];
    const second = holdingMigrationLock({ url, timeoutMs: 5000, waitMs: 10_000 }, async () => {
      order.push('second');
      // Held now: another taker is refused.
      const probe = new pg.Client({ connectionString: url });
      await probe.connect();
      const { rows } = await probe.query('select pg_try_advisory_xact_lock($1) as locked', [
        migrationLockKey,
      ]);
      await probe.end();
      return rows[0].locked as boolean;
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    // The waiting process names itself, so an operator can tell who waits for whom.
    const { rows: waiting } = await first.client.query<{ name: string }>(
      `select application_name as name from pg_stat_activity where application_name like 'rollcall % (migrations)'`,
    );
    expect(waiting.length).toBeGreaterThan(0);
    order.push('first done');
    await first.client.query('rollback');
    await first.client.end();
    expect(await second).toBe(false);
    expect(order).toEqual(['first done', 'second']);
    // Released with the transaction: free again.
    const after = new pg.Client({ connectionString: url });
    await after.connect();
    const { rows } = await after.query('select pg_try_advisory_xact_lock($1) as locked', [migrationLockKey]);
    await after.end();
    expect(rows[0].locked).toBe(true);
  });
});
