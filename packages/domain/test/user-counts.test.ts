import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { withScimToken } from '../src/scim/scim-auth.js';
import { newTenant, testOrm, uniqueName } from './support.js';

// totalResults of an unfiltered list from the per-tenant count kept by trigger
// (Migration20261204000000UserCounts), never a count over the directory.
const orm = await testOrm();
const request = { requestId: 'test' };
let owner: pg.Client;
beforeAll(async () => {
  owner = new pg.Client({ connectionString: inject('databaseUrl') });
  await owner.connect();
});
afterAll(() => owner.end());

const totals = (tenant: Awaited<ReturnType<typeof newTenant>>) =>
  tenant.run(async (s) => (await s.users.search({}, { limit: 1, withTotal: true })).total);
const counted = async (tenantId: string) =>
  (await owner.query('select count(*)::int as n from directory_user where tenant_id = $1', [tenantId]))
    .rows[0].n as number;

describe('user counts', () => {
  it('follow creates, deletes, bulk loads and takeovers, per tenant and per user scope', async () => {
    const tenant = await newTenant(orm);
    const other = await newTenant(orm);
    const { token } = await tenant.run((s) => s.scim.enable());
    const consoleUsers = await tenant.run(async (s) =>
      Promise.all([1, 2, 3].map(() => s.users.create({ userName: uniqueName('console') }))),
    );
    await other.run((s) => s.users.create({ userName: uniqueName('elsewhere') }));
    const idp = (work: Parameters<typeof withScimToken>[4]) =>
      withScimToken(orm, tenant.id, token, request, work);
    await idp((s) => s.users.create({ userName: uniqueName('idp') }));
    expect(await totals(tenant)).toBe(4);
    expect(await idp(async (s) => (await s.users.search({}, { limit: 1, withTotal: true })).total)).toBe(4);

    // A takeover moves a user from the console's count to the IdP's.
    await tenant.run((s) => s.scim.update({ userScope: 'idp_users_only' }));
    const idpTotal = () => idp(async (s) => (await s.users.search({}, { limit: 1, withTotal: true })).total);
    expect(await idpTotal()).toBe(1);
    await tenant.run((s) => s.scim.update({ userScope: 'all_users' }));
    await idp((s) => s.users.create({ userName: consoleUsers[0]!.userName }));
    await tenant.run((s) => s.scim.update({ userScope: 'idp_users_only' }));
    expect(await idpTotal()).toBe(2);

    // Deletes, and a bulk load in one statement (as the benchmark seeds), with folds in between.
    await tenant.run((s) => s.users.remove(consoleUsers[1]!.id));
    await owner.query(
      `insert into directory_user (tenant_id, id, user_name, origin, managed_by)
       select $1, gen_random_uuid(), 'bulk-' || n || '-' || $2, 'idp', 'idp' from generate_series(1, 500) n`,
      [tenant.id, uniqueName()],
    );
    for (let i = 0; i < 40; i++) {
      const user = await tenant.run((s) => s.users.create({ userName: uniqueName('churn') }));
      await tenant.run((s) => s.users.remove(user.id));
    }
    await owner.query('select rollcall_fold_user_count($1)', [tenant.id]);
    await tenant.run((s) => s.users.create({ userName: uniqueName('after-fold') }));
    expect(await totals(tenant)).toBe(await counted(tenant.id));
    expect(await totals(tenant)).toBe(504);
    expect(await idpTotal()).toBe(502);
    expect(await totals(other)).toBe(1);
  });

  it('stay exact under concurrent creates and deletes', async () => {
    const tenant = await newTenant(orm);
    const made = await Promise.all(
      Array.from({ length: 30 }, () => tenant.run((s) => s.users.create({ userName: uniqueName('c') }))),
    );
    await Promise.all(made.slice(0, 10).map((u) => tenant.run((s) => s.users.remove(u.id))));
    expect(await totals(tenant)).toBe(20);
    expect(await counted(tenant.id)).toBe(20);
  });
});
