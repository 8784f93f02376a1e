import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { hashSecret } from '../src/secrets.js';
import { readWithScimToken } from '../src/scim/scim-auth.js';
import { readInTenant } from '../src/tenancy/one-round-trip.js';
import { systemActor } from '../src/tenancy/actor.js';
import { newTenant, testOrm, uniqueName } from './support.js';

// Reads sent in one round trip with rollcall_enter (tenancy/one-round-trip.ts).
const statements: string[] = [];
const orm = await testOrm({ onQuery: (sql) => statements.push(sql) });
const context = { actor: systemActor('test') };
const refuse = () => new Error('refused');

async function tenantWithToken() {
  const tenant = await newTenant(orm);
  const { token } = await tenant.run((s) => s.scim.enable());
  const user = await tenant.run((s) => s.users.create({ userName: uniqueName('u') }));
  return { tenant, token, user };
}

describe('one-round-trip reads', () => {
  it('rollcall_enter leaves nothing readable for a token that is not valid, even to the statement sent with it', async () => {
    const { tenant, token } = await tenantWithToken();
    const client = new pg.Client({ connectionString: inject('databaseUrl') }); // the owner, a superuser here
    await client.connect();
    try {
      const count = async (hash: string) => {
        const [, read] = (await client.query(
          `select * from rollcall_enter('${tenant.id}', '${hash}', 5000); select count(*)::int as n from directory_user`,
        )) as unknown as { rows: { n: number }[] }[];
        return read!.rows[0]!.n;
      };
      expect(await count(hashSecret(token))).toBe(1);
      expect(await count(hashSecret('rc_scim_wrong'))).toBe(0);
      await tenant.run((s) => s.scim.disable()); // "SCIM off" revokes: at once
      expect(await count(hashSecret(token))).toBe(0);
    } finally {
      await client.end();
    }
  });

  it('sends each statement together with the enter, and never touches the ORM', async () => {
    const { tenant, token, user } = await tenantWithToken();
    statements.length = 0;
    const { result } = await readInTenant(
      orm,
      tenant.id,
      { tokenHash: hashSecret(token), context, refuse },
      (s) => s.users.getWithGroups(user.id),
    );
    expect(result.user.userName).toBe(user.userName);
    expect(statements).toEqual([]); // knex's query log never saw BEGIN, enter or COMMIT: one raw message
    await expect(
      readInTenant(orm, tenant.id, { context, refuse }, (s) => s.users.update(user.id, { title: 'x' })),
    ).rejects.toThrow(/one-round-trip read writes nothing/);
  });

  it('answers 401 at once for a token revoked after this process learnt it', async () => {
    const { tenant, token, user } = await tenantWithToken();
    const read = () =>
      readWithScimToken(orm, tenant.id, token, {}, (s) => s.users.get(user.id)).then(
        (u) => u.userName,
        (error: { code?: string }) => error.code,
      );
    expect(await read()).toBe(user.userName); // learnt on the transactional path
    expect(await read()).toBe(user.userName); // one round trip now
    await tenant.run((s) => s.scim.regenerateToken({ overlapMinutes: 0 }));
    expect(await read()).toBe('scim.unauthorized');
  });

  it('applies the user scope from the settings as they are now', async () => {
    const { tenant, token, user } = await tenantWithToken(); // a console user
    const read = () =>
      readWithScimToken(orm, tenant.id, token, {}, (s) => s.users.search({}, { limit: 10, withTotal: true }));
    expect((await read()).total).toBe(1);
    expect((await read()).items.map((u) => u.id)).toEqual([user.id]);
    await tenant.run((s) => s.scim.update({ userScope: 'idp_users_only' }));
    expect(await read()).toMatchObject({ items: [], total: 0 });
  });
});
