import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { systemActor } from '../src/tenancy/actor.js';
import { runInTenant } from '../src/tenancy/with-tenant.js';
import { newTenant, testOrm, uniqueName } from './support.js';

// Every tenant transaction is bounded in time, and one PostgreSQL picks as a deadlock victim runs again.
const orm = await testOrm({ statementTimeoutMs: 300 });
// PostgreSQL looks for deadlocks after deadlock_timeout (1 s): longer than the timeout above.
const patient = await testOrm({ statementTimeoutMs: 10_000 });
const context = { actor: systemActor('test') };

describe('tenant transactions', () => {
  it('stop a statement that runs past the statement timeout: request.too_slow, nothing kept', async () => {
    const tenant = await newTenant(orm);
    const slow = runInTenant(
      orm,
      tenant.id,
      {
        establish: async (em) => {
          await em.execute('select pg_sleep(3)');
          return context;
        },
      },
      async () => 'finished',
    );
    const started = performance.now();
    await expect(slow).rejects.toMatchObject({ code: 'request.too_slow', details: { retryAfterSeconds: 5 } });
    expect(performance.now() - started).toBeLessThan(2000);
    // Transaction-local: the next transaction on the same pool runs with its own, fresh setting.
    const setting = await runInTenant(
      orm,
      tenant.id,
      { establish: async () => context },
      async (s) => (await s.users.search({}, { limit: 1 })).items.length,
    );
    expect(setting).toBe(0);
  });

  it('run a deadlock victim again: two transactions locking two users in opposite order both succeed', async () => {
    const tenant = await newTenant(patient);
    const [a, b] = await tenant.run(async (s) => [
      (await s.users.create({ userName: uniqueName('a') })).id,
      (await s.users.create({ userName: uniqueName('b') })).id,
    ]);
    let attempts = 0;
    let arrived = 0;
    let release: () => void = () => undefined;
    const bothLockedFirst = new Promise<void>((resolve) => (release = resolve));
    const lockInOrder = (first: string, second: string) =>
      runInTenant(
        patient,
        tenant.id,
        {
          establish: async (em) => {
            attempts++;
            await em.execute('select 1 from directory_user where id = ? for update', [first]);
            if (++arrived === 2) release();
            await bothLockedFirst;
            await em.execute('select 1 from directory_user where id = ? for update', [second]);
            return context;
          },
        },
        async () => 'done',
      );
    expect(await Promise.all([lockInOrder(a!, b!), lockInOrder(b!, a!)])).toEqual(['done', 'done']);
    // The victim ran again (a second deadlock on a busy machine may add one more attempt).
    expect(attempts).toBeGreaterThanOrEqual(3);
  });

  it('say the outcome is unknown (not "nothing was changed") when the connection dies during COMMIT', async () => {
    const tenant = await newTenant(patient);
    const owner = new pg.Client({ connectionString: inject('databaseUrl') });
    await owner.connect();
    // A deferred trigger makes COMMIT take a while, so the connection can be cut in the middle of it.
    await owner.query(`
      create table if not exists commit_probe (id int);
      create or replace function commit_probe_wait() returns trigger language plpgsql as
        $$ begin perform pg_sleep(3); return null; end $$;
      drop trigger if exists commit_probe_wait on commit_probe;
      create constraint trigger commit_probe_wait after insert on commit_probe
        deferrable initially deferred for each row execute function commit_probe_wait();
      grant insert on commit_probe to rollcall_app;`);
    try {
      const cut = (async () => {
        for (let i = 0; i < 50; i++) {
          await new Promise((resolve) => setTimeout(resolve, 100));
          const { rows } = await owner.query(
            `select pg_terminate_backend(pid) as cut from pg_stat_activity
              where state = 'active' and query ilike 'commit%' and pid <> pg_backend_pid()`,
          );
          if (rows.length) return;
        }
      })();
      const change = runInTenant(
        patient,
        tenant.id,
        {
          establish: async (em) => {
            await em.execute('insert into commit_probe (id) values (1)');
            return context;
          },
        },
        async () => 'done',
      );
      await expect(change).rejects.toMatchObject({ code: 'database.outcome_unknown' });
      await cut;
    } finally {
      await owner.query('drop table commit_probe; drop function commit_probe_wait()');
      await owner.end();
    }
  });
});
