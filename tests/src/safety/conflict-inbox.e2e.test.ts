import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { scimTestServer, USER } from '../support/scim.js';

const { state, newTenant } = scimTestServer();
const LIST = '{ scimConflicts { id userName consoleUserId status attempts decidedBy } }';

async function setup() {
  const tenant = await newTenant();
  await tenant.run((s) => s.scim.update({ provider: 'okta', userScope: 'idp_users_only' }));
  const alice = await tenant.run((s) =>
    s.users.create({ userName: 'Alice@acme.test', title: 'Console-made' }),
  );
  const bob = await tenant.run((s) => s.users.create({ userName: 'bob@acme.test' }));
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'inbox', role: 'admin' }));
  const gql = (query: string, variables: Record<string, unknown> = {}) =>
    graphql(state.server.url)(query, variables, { bearer: key });
  return { tenant, alice, bob, gql };
}

describe('conflict inbox (only users created by the IdP)', () => {
  it('lists refused IdP creates; linking lets the next retry take the console user over, same id', async () => {
    const { tenant, alice, gql } = await setup();
    const create = () =>
      tenant.scim('POST', '/Users', { schemas: [USER], userName: 'alice@acme.test', title: 'From Okta' });
    expect((await create()).status).toBe(409);
    expect((await create()).status).toBe(409);

    const [conflict] = (await gql(LIST)).data.scimConflicts;
    expect(conflict).toMatchObject({
      userName: 'alice@acme.test',
      consoleUserId: alice.id,
      status: 'OPEN',
      attempts: 2,
      decidedBy: null,
    });
    const linked = await gql('mutation($id: ID!) { linkScimConflict(id: $id) { status decidedBy } }', {
      id: conflict.id,
    });
    expect(linked.data.linkScimConflict).toEqual({ status: 'LINKED', decidedBy: 'inbox' });

    const retry = await create();
    expect(retry.status).toBe(201);
    expect(retry.body).toMatchObject({ id: alice.id, title: 'From Okta' });
    const user = await tenant.run((s) => s.users.get(alice.id));
    expect(user).toMatchObject({ managedBy: 'idp', origin: 'console' });
    expect((await gql(LIST)).data.scimConflicts[0]).toMatchObject({ status: 'RESOLVED', attempts: 2 });
    const actions = (await tenant.run((s) => s.audit.list({ limit: 20 }))).map((e) => e.action);
    expect(actions).toEqual(
      expect.arrayContaining(['scim.conflict.open', 'scim.conflict.link', 'user.takeover']),
    );
    // Taken over once: a further create of the same login ID is the usual 409.
    expect((await create()).status).toBe(409);
  });

  it('dismissing keeps the user console-managed: the IdP keeps getting the same 409, attempts still counted', async () => {
    const { tenant, bob, gql } = await setup();
    const create = () => tenant.scim('POST', '/Users', { schemas: [USER], userName: 'BOB@acme.test' });
    const first = await create();
    expect(first.status).toBe(409);
    const [conflict] = (await gql(LIST)).data.scimConflicts;
    await gql('mutation($id: ID!) { dismissScimConflict(id: $id) { status } }', { id: conflict.id });
    const again = await create();
    expect(again.status).toBe(409);
    expect(again.body.detail).toBe(first.body.detail);
    expect((await gql(LIST)).data.scimConflicts[0]).toMatchObject({ status: 'DISMISSED', attempts: 2 });
    expect(await tenant.run((s) => s.users.get(bob.id))).toMatchObject({ managedBy: 'console' });
    // A decided conflict cannot be decided again.
    const twice = await gql('mutation($id: ID!) { linkScimConflict(id: $id) { status } }', {
      id: conflict.id,
    });
    expect(twice.errors?.[0]?.extensions.code).toBe('NOT_FOUND');
  });

  it('under "All users" there is nothing to decide: the create takes over at once, no conflict', async () => {
    const { tenant, alice, gql } = await setup();
    await tenant.run((s) => s.scim.update({ userScope: 'all_users' }));
    const taken = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'alice@acme.test' });
    expect(taken.status).toBe(201);
    expect(taken.body.id).toBe(alice.id);
    expect((await gql(LIST)).data.scimConflicts).toEqual([]);
  });
});
