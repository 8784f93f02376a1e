import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { withScimToken, writeWithScimToken } from '../src/scim/scim-auth.js';
import { newTenant, testOrm, uniqueName } from './support.js';

// SCIM user writes pipelined in two round trips (tenancy/pipelined-write.ts).
const ormStatements: string[] = [];
const orm = await testOrm({ onQuery: (sql) => ormStatements.push(sql) });
const request = { requestId: 'test' };

/** Every query the driver is handed, pipelines included (a pipeline is one round trip). */
const sent: unknown[] = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  sent.push(args[0]);
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
afterEach(() => {
  sent.length = 0;
  ormStatements.length = 0;
});

async function knownToken() {
  const tenant = await newTenant(orm);
  const { token } = await tenant.run((s) => s.scim.enable());
  // The transactional path authenticates the token once; from then on this process knows it.
  const user = await withScimToken(orm, tenant.id, token, request, (s) =>
    s.users.create({ userName: uniqueName('u') }),
  );
  sent.length = 0;
  ormStatements.length = 0;
  return { tenant, token, user };
}

describe('pipelined SCIM writes', () => {
  it('update a user in two round trips, the ORM untouched, with its audit event', async () => {
    const { tenant, token, user } = await knownToken();
    const written = await writeWithScimToken(orm, tenant.id, token, request, (s) =>
      s.users.updateWithGroups(user.id, { title: 'Engineer' }),
    );
    expect(sent).toHaveLength(2);
    expect(ormStatements).toEqual([]);
    expect(written.user).toMatchObject({ title: 'Engineer', version: user.version + 1 });
    const stored = await tenant.run((s) => s.users.get(user.id));
    expect(stored).toMatchObject({ title: 'Engineer', version: user.version + 1 });
    expect(stored.updatedAt.getTime()).toBe(written.user.updatedAt.getTime());
    const [event] = await tenant.run((s) => s.audit.list({ targetId: user.id, limit: 1 }));
    expect(event).toMatchObject({
      action: 'user.update',
      changes: { title: { before: null, after: 'Engineer' } },
    });
  });

  it('a deferred write the unique index refuses: user.username_taken, and nothing of it is kept', async () => {
    const { tenant, token, user } = await knownToken();
    const other = await tenant.run((s) => s.users.create({ userName: uniqueName('other') }));
    await expect(
      writeWithScimToken(orm, tenant.id, token, request, (s) =>
        s.users.update(user.id, { userName: other.userName.toUpperCase(), title: 'lost' }),
      ),
    ).rejects.toMatchObject({ code: 'user.username_taken' });
    expect(await tenant.run((s) => s.users.get(user.id))).toMatchObject({
      title: null,
      version: user.version,
    });
    const events = await tenant.run((s) => s.audit.list({ targetId: user.id, limit: 5 }));
    expect(events.map((e) => e.action)).toEqual(['user.create']);
  });

  it('a token switched off since the process learnt it: unauthorized, before and after any statement', async () => {
    const { tenant, token, user } = await knownToken();
    await tenant.run((s) => s.scim.disable());
    await expect(
      writeWithScimToken(orm, tenant.id, token, request, (s) => s.users.update(user.id, { title: 'x' })),
    ).rejects.toMatchObject({ code: 'scim.unauthorized' });
    // Work that fails before its first statement (invalid input) still answers a bad token first.
    await expect(
      writeWithScimToken(orm, tenant.id, token, request, (s) => s.users.create({ userName: '' })),
    ).rejects.toMatchObject({ code: 'scim.unauthorized' });
  });

  it('a user scope changed since the process learnt it: the write runs again on the transactional path', async () => {
    const { tenant, token, user } = await knownToken();
    await tenant.run((s) => s.scim.update({ userScope: 'idp_users_only' }));
    const consoleUser = await tenant.run((s) => s.users.create({ userName: uniqueName('console') }));
    // Under the new scope the console user does not exist for the IdP.
    await expect(
      writeWithScimToken(orm, tenant.id, token, request, (s) =>
        s.users.update(consoleUser.id, { title: 'x' }),
      ),
    ).rejects.toMatchObject({ code: 'user.not_found' });
    const written = await writeWithScimToken(orm, tenant.id, token, request, (s) =>
      s.users.update(user.id, { title: 'still mine' }),
    );
    expect(written.title).toBe('still mine');
  });
});
