import { describe, expect, it } from 'vitest';
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
    expect(attempts).toBe(3); // the victim ran twice
  });
});
