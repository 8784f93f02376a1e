import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { scimTestServer, USER } from '../support/scim.js';

const { state, newTenant } = scimTestServer();
const PREVIEW = '{ takeoverPreview { total users { id userName keepConsoleManaged idpAttempted } } }';

describe('takeover preview', () => {
  it('shows the console users an IdP could take over, those it already tried first; kept users get a clear 409', async () => {
    const tenant = await newTenant();
    await tenant.run((s) => s.scim.update({ provider: 'entra_id', userScope: 'idp_users_only' }));
    const [alice, bob, carol] = await tenant.run(async (s) => [
      await s.users.create({ userName: 'alice@acme.test' }),
      await s.users.create({ userName: 'Bob@acme.test' }),
      await s.users.create({ userName: 'carol@acme.test' }),
    ]);
    const idpOwn = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'dave@acme.test' });
    expect(idpOwn.status).toBe(201);
    // While the IdP sees only its own users, it already tried to create Bob's login ID.
    expect((await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'bob@ACME.test' })).status).toBe(
      409,
    );

    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'preview', role: 'admin' }));
    const gql = (query: string, variables: Record<string, unknown> = {}) =>
      graphql(state.server.url)(query, variables, { bearer: key });
    const preview = (await gql(PREVIEW)).data.takeoverPreview;
    expect(preview.total).toBe(3); // dave is the IdP's own: nothing to take over
    expect(preview.users.map((u: { userName: string }) => u.userName)).toEqual([
      'Bob@acme.test', // the IdP already tried: first
      'alice@acme.test',
      'carol@acme.test',
    ]);
    expect(preview.users[0]).toMatchObject({ id: bob.id, idpAttempted: true, keepConsoleManaged: false });

    // Keep Alice console-managed, then widen the scope to "All users".
    const kept = await gql(
      'mutation($id: ID!) { setKeepConsoleManaged(id: $id, keep: true) { keepConsoleManaged } }',
      {
        id: alice.id,
      },
    );
    expect(kept.data.setKeepConsoleManaged.keepConsoleManaged).toBe(true);
    await tenant.run((s) => s.scim.update({ userScope: 'all_users' }));

    const refused = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'ALICE@acme.test' });
    expect(refused.status).toBe(409);
    expect(refused.body.scimType).toBe('uniqueness');
    expect(refused.body.detail).toMatch(/an admin chose to keep console-managed/);
    const taken = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'carol@acme.test' });
    expect(taken.status).toBe(201);
    expect(taken.body.id).toBe(carol.id);
    // Alice's refusal is in the conflict inbox: handing her over lets the next create take her over.
    const conflicts = (await gql('{ scimConflicts(status: OPEN) { id userName } }')).data.scimConflicts;
    const aliceConflict = conflicts.find((c: { userName: string }) => c.userName === 'ALICE@acme.test');
    await gql('mutation($id: ID!) { linkScimConflict(id: $id) { status } }', { id: aliceConflict.id });
    const handed = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'alice@acme.test' });
    expect(handed.status).toBe(201);
    expect(handed.body.id).toBe(alice.id);
    expect(await tenant.run((s) => s.users.get(alice.id))).toMatchObject({
      managedBy: 'idp',
      keepConsoleManaged: false,
    });
    const actions = (await tenant.run((s) => s.audit.list({ limit: 30 }))).map((e) => e.action);
    expect(actions).toEqual(expect.arrayContaining(['user.keep_console_managed', 'user.takeover']));
    // Only Bob (never provisioned) is left to preview.
    expect((await gql(PREVIEW)).data.takeoverPreview.total).toBe(1);
  });

  it('an IdP-managed user cannot be "kept": it is not the console’s', async () => {
    const tenant = await newTenant();
    const idp = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'erin@acme.test' });
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'preview', role: 'admin' }));
    const result = await graphql(state.server.url)(
      'mutation($id: ID!) { setKeepConsoleManaged(id: $id, keep: true) { id } }',
      { id: idp.body.id },
      { bearer: key },
    );
    expect(result.errors?.[0]?.extensions.code).toBe('VALIDATION');
  });
});
