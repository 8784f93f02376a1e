import { SecretBox } from '@rollcall/domain';
import { describe, expect, it } from 'vitest';
import { codeOf, graphql, type GraphQLCaller } from '../support/graphql.js';
import { client, newUserName, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

const { newTenant, state, flush } = scimTestServer();
const gql = () => graphql(state.server.url);

/** A tenant with an owner, an admin and a viewer, each with an API key of that role. */
async function staffedTenant() {
  const tenant = await newTenant();
  const keys = {} as Record<'owner' | 'admin' | 'viewer', GraphQLCaller>;
  for (const role of ['owner', 'admin', 'viewer'] as const) {
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: role, role }));
    keys[role] = { bearer: key };
  }
  return { tenant, keys };
}

async function seed(tenant: TestTenant) {
  const conflict = await openConflict(tenant);
  const seeded = await tenant.run(async (s) => {
    const user = await s.users.create({ userName: newUserName('seed') });
    const other = await s.users.create({ userName: newUserName('other') });
    const group = await s.groups.create({ displayName: `Team ${user.id.slice(-6)}` });
    const { admin } = await s.admins.create({
      email: `${user.id.slice(-6)}@staff.test`,
      role: 'viewer',
      password: 'a long password!',
    });
    const { apiKey } = await s.apiKeys.create({ name: 'victim', role: 'viewer' });
    const { endpoint } = await s.webhooks.createEndpoint(
      { url: 'https://hooks.example.com/rollcall', eventTypes: ['user.created'] },
      { allowPrivateNetworks: false },
      new SecretBox(),
    );
    const delivery = await s.webhooks.sendTest(endpoint.id);
    const attribute = await s.customAttributes.declare({
      schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
      name: `seed${user.id.slice(-6).replace(/-/g, '')}`,
      type: 'string',
    });
    return {
      user: user.id,
      other: other.id,
      group: group.id,
      admin: admin.id,
      key: apiKey.id,
      webhook: endpoint.id,
      delivery: delivery.id,
      customAttribute: attribute.id,
    };
  });
  return { ...seeded, conflict, slug: tenant.slug };
}

/** An open conflict: the IdP tried to create a console user's login ID under "only its users". */
async function openConflict(tenant: TestTenant): Promise<string> {
  const userName = newUserName('clash');
  const token = await tenant.run(async (s) => {
    await s.scim.update({ userScope: 'idp_users_only' });
    await s.users.create({ userName });
    return (await s.scim.enable()).token; // the operations below may have switched SCIM off
  });
  const refused = await client(tenant.base, token)('POST', '/Users', { schemas: [USER], userName });
  expect(refused.status).toBe(409);
  const conflicts = await tenant.run((s) => s.conflicts.list('open'));
  return conflicts.find((c) => c.userName === userName)!.id;
}

type Ids = Awaited<ReturnType<typeof seed>>;

/** Every mutation (and the owner-only queries), with the lowest role that may call it. */
const operations: [string, 'viewer' | 'admin' | 'owner', (ids: Ids) => [string, Record<string, unknown>]][] =
  [
    ['scimSettings', 'viewer', () => ['{ scimSettings { enabled } }', {}]],
    ['users', 'viewer', () => ['{ users { totalCount } }', {}]],
    ['auditEvents', 'viewer', () => ['{ auditEvents { nodes { id } } }', {}]],
    ['scimRequests', 'viewer', () => ['{ scimRequests { nodes { id } } }', {}]],
    ['setScimEnabled', 'admin', () => ['mutation { setScimEnabled(enabled: true) { token } }', {}]],
    ['regenerateScimToken', 'admin', () => ['mutation { regenerateScimToken { token } }', {}]],
    ['revokePreviousScimToken', 'admin', () => ['mutation { revokePreviousScimToken { enabled } }', {}]],
    ['releaseDeprovisioningHold', 'admin', () => ['mutation { releaseDeprovisioningHold { enabled } }', {}]],
    ['scimConflicts', 'viewer', () => ['{ scimConflicts { id } }', {}]],
    ['takeoverPreview', 'viewer', () => ['{ takeoverPreview { total } }', {}]],
    ['connectionHealth', 'viewer', () => ['{ connectionHealth { dialect } }', {}]],
    ['attention', 'viewer', () => ['{ attention { openConflicts } }', {}]],
    ['webhookEndpoints', 'admin', () => ['{ webhookEndpoints { id } }', {}]],
    ['customAttributes', 'viewer', () => ['{ customAttributes { id name } }', {}]],
    ['retention', 'viewer', () => ['{ retention { auditDays } }', {}]],
    [
      'updateRetention',
      'owner',
      () => ['mutation { updateRetention(input: { webhookDays: 14 }) { webhookDays } }', {}],
    ],
    [
      'declareCustomAttribute',
      'admin',
      (ids) => [
        `mutation { declareCustomAttribute(input: { schema: "urn:ietf:params:scim:schemas:extension:Acme:2.0:User", name: "d${ids.user.slice(-8).replace(/-/g, '')}", type: INTEGER }) { id } }`,
        {},
      ],
    ],
    [
      'updateCustomAttribute',
      'admin',
      (ids) => [
        'mutation($id: ID!) { updateCustomAttribute(input: { id: $id, description: "Badge" }) { description } }',
        { id: ids.customAttribute },
      ],
    ],
    [
      'removeCustomAttribute',
      'admin',
      (ids) => [
        'mutation($id: ID!) { removeCustomAttribute(id: $id) { valuesDropped } }',
        { id: ids.customAttribute },
      ],
    ],
    [
      'webhookDeliveries',
      'admin',
      (ids) => ['query($id: ID!) { webhookDeliveries(endpointId: $id) { id } }', { id: ids.webhook }],
    ],
    [
      'createWebhookEndpoint',
      'owner',
      () => [
        'mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/x", eventTypes: [USER_DELETED] }) { secret } }',
        {},
      ],
    ],
    [
      'updateWebhookEndpoint',
      'owner',
      (ids) => [
        'mutation($id: ID!) { updateWebhookEndpoint(id: $id, input: { enabled: false }) { enabled } }',
        { id: ids.webhook },
      ],
    ],
    [
      'rotateWebhookSecret',
      'owner',
      (ids) => ['mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }', { id: ids.webhook }],
    ],
    [
      'retryWebhookDelivery',
      'admin',
      (ids) => ['mutation($id: ID!) { retryWebhookDelivery(id: $id) { status } }', { id: ids.delivery }],
    ],
    [
      'sendTestWebhook',
      'admin',
      (ids) => ['mutation($id: ID!) { sendTestWebhook(endpointId: $id) { status } }', { id: ids.webhook }],
    ],
    [
      'deleteWebhookEndpoint',
      'owner',
      (ids) => ['mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }', { id: ids.webhook }],
    ],
    ['runScimSelfCheck', 'admin', () => ['mutation { runScimSelfCheck { ok } }', {}]],
    [
      'setKeepConsoleManaged',
      'admin',
      (ids) => [
        'mutation($id: ID!) { setKeepConsoleManaged(id: $id, keep: true) { keepConsoleManaged } }',
        { id: ids.user },
      ],
    ],
    [
      'linkScimConflict',
      'admin',
      (ids) => ['mutation($id: ID!) { linkScimConflict(id: $id) { status } }', { id: ids.conflict }],
    ],
    [
      'dismissScimConflict',
      'admin',
      (ids) => ['mutation($id: ID!) { dismissScimConflict(id: $id) { status } }', { id: ids.conflict }],
    ],
    [
      'updateScimSettings',
      'admin',
      () => ['mutation { updateScimSettings(input: { provider: OKTA }) { provider } }', {}],
    ],
    [
      'createUser',
      'admin',
      () => [`mutation { createUser(input: { userName: "${newUserName('m')}" }) { id } }`, {}],
    ],
    [
      'updateUser',
      'admin',
      (ids) => ['mutation($id: ID!) { updateUser(input: { id: $id, title: "T" }) { id } }', { id: ids.user }],
    ],
    [
      'deactivateUser',
      'admin',
      (ids) => ['mutation($id: ID!) { deactivateUser(id: $id) { id } }', { id: ids.user }],
    ],
    [
      'reactivateUser',
      'admin',
      (ids) => ['mutation($id: ID!) { reactivateUser(id: $id) { id } }', { id: ids.user }],
    ],
    ['deleteUser', 'admin', (ids) => ['mutation($id: ID!) { deleteUser(id: $id) }', { id: ids.other }]],
    [
      'createGroup',
      'admin',
      () => [`mutation { createGroup(input: { displayName: "${newUserName('g')}" }) { id } }`, {}],
    ],
    [
      'renameGroup',
      'admin',
      (ids) => [
        'mutation($id: ID!) { renameGroup(id: $id, displayName: "Renamed") { id } }',
        { id: ids.group },
      ],
    ],
    [
      'addGroupMembers',
      'admin',
      (ids) => [
        'mutation($id: ID!, $u: [ID!]!) { addGroupMembers(id: $id, userIds: $u) { id } }',
        { id: ids.group, u: [ids.user] },
      ],
    ],
    [
      'removeGroupMembers',
      'admin',
      (ids) => [
        'mutation($id: ID!, $u: [ID!]!) { removeGroupMembers(id: $id, userIds: $u) { id } }',
        { id: ids.group, u: [ids.user] },
      ],
    ],
    ['deleteGroup', 'admin', (ids) => ['mutation($id: ID!) { deleteGroup(id: $id) }', { id: ids.group }]],
    ['admins', 'owner', () => ['{ admins { id } }', {}]],
    ['apiKeys', 'owner', () => ['{ apiKeys { id } }', {}]],
    [
      'createAdmin',
      'owner',
      () => [
        `mutation { createAdmin(input: { email: "${newUserName('a')}", role: VIEWER }) { password } }`,
        {},
      ],
    ],
    [
      'changeAdminRole',
      'owner',
      (ids) => ['mutation($id: ID!) { changeAdminRole(id: $id, role: ADMIN) { role } }', { id: ids.admin }],
    ],
    ['removeAdmin', 'owner', (ids) => ['mutation($id: ID!) { removeAdmin(id: $id) }', { id: ids.admin }]],
    ['createApiKey', 'owner', () => ['mutation { createApiKey(name: "x", role: VIEWER) { key } }', {}]],
    [
      'revokeApiKey',
      'owner',
      (ids) => ['mutation($id: ID!) { revokeApiKey(id: $id) { id } }', { id: ids.key }],
    ],
    // Last: for an owner it deletes the tenant.
    [
      'deleteWorkspace',
      'owner',
      (ids) => ['mutation($c: String!) { deleteWorkspace(confirm: $c) { slug } }', { c: ids.slug }],
    ],
  ];

const rank = { viewer: 1, admin: 2, owner: 3 };

it('the table covers every mutation but signing in and out and changing one’s own password', async () => {
  const schema = await gql()('{ __schema { mutationType { fields { name } } } }');
  const mutations = schema.data.__schema.mutationType.fields.map((f: { name: string }) => f.name);
  const covered = new Set(operations.map(([name]) => name));
  const exempt = ['login', 'logout', 'changePassword'];
  expect(mutations.filter((m: string) => !covered.has(m) && !exempt.includes(m))).toEqual([]);
});

describe('authorisation', () => {
  it.each(['viewer', 'admin', 'owner'] as const)(
    'role %s: allowed exactly what its role allows',
    async (role) => {
      const { tenant, keys } = await staffedTenant();
      for (const [name, needed, build] of operations) {
        const ids = await seed(tenant);
        const [query, variables] = build(ids);
        const r = await gql()(query, variables, keys[role]);
        if (rank[role] >= rank[needed]) expect(r.errors, `${role} ${name}`).toBeUndefined();
        else expect(codeOf(r), `${role} ${name}`).toBe('FORBIDDEN');
      }
    },
  );

  it('without credentials everything but login is UNAUTHENTICATED', async () => {
    const ids = await seed(await newTenant());
    for (const [name, , build] of operations) {
      const [query, variables] = build(ids);
      expect(codeOf(await gql()(query, variables)), name).toBe('UNAUTHENTICATED');
    }
  });

  it('viewers never see tokens or key secrets', async () => {
    const { keys } = await staffedTenant();
    const viewer = await gql()('{ scimSettings { enabled token { prefix } } }', {}, keys.viewer);
    expect(viewer.data.scimSettings).toEqual({ enabled: true, token: null });
    const admin = await gql()('{ scimSettings { token { prefix } } }', {}, keys.admin);
    expect(admin.data.scimSettings.token.prefix).toMatch(/^rc_scim_/);
  });

  it("another tenant's ids are simply not found", async () => {
    const a = await newTenant();
    const ids = await seed(a);
    const { keys } = await staffedTenant();
    expect(
      (await gql()('query($id: ID!) { user(id: $id) { id } }', { id: ids.user }, keys.owner)).data.user,
    ).toBeNull();
    expect(
      (await gql()('query($id: ID!) { group(id: $id) { id } }', { id: ids.group }, keys.owner)).data.group,
    ).toBeNull();
    for (const [name, , build] of operations.filter(([, , b]) => b.length > 0 && /\$id/.test(b(ids)[0]))) {
      const [query, variables] = build(ids);
      expect(codeOf(await gql()(query, variables, keys.owner)), name).toBe('NOT_FOUND');
    }
    expect((await gql()('{ users { totalCount } }', {}, keys.owner)).data.users.totalCount).toBe(0);
  });
});

describe('Identity & Security over GraphQL, seen from SCIM', () => {
  it('off → the token fails at once; on → a working token; regenerate retires the old one', async () => {
    const { tenant, keys } = await staffedTenant();
    const off = await gql()(
      'mutation { setScimEnabled(enabled: false) { token settings { enabled token { prefix } } } }',
      {},
      keys.admin,
    );
    expect(off.data.setScimEnabled).toEqual({ token: null, settings: { enabled: false, token: null } });
    expect((await tenant.scim('GET', '/Users')).status).toBe(401);

    const on = await gql()(
      'mutation { setScimEnabled(enabled: true) { token settings { enabled scimUrl } } }',
      {},
      keys.admin,
    );
    const token = on.data.setScimEnabled.token as string;
    expect(on.data.setScimEnabled.settings).toEqual({ enabled: true, scimUrl: tenant.base });
    expect((await client(tenant.base, token)('GET', '/Users')).status).toBe(200);

    const again = await gql()(
      'mutation { regenerateScimToken(overlapMinutes: 0) { token } }',
      {},
      keys.admin,
    );
    expect((await client(tenant.base, token)('GET', '/Users')).status).toBe(401);
    expect((await client(tenant.base, again.data.regenerateScimToken.token)('GET', '/Users')).status).toBe(
      200,
    );
  });

  it('changing the scope flips what a SCIM filter sees; every change is audited before → after', async () => {
    const { tenant, keys } = await staffedTenant();
    const created = await gql()(
      'mutation { createUser(input: { userName: "Console.Person@acme.test" }) { id managedBy } }',
      {},
      keys.admin,
    );
    expect(created.data.createUser.managedBy).toBe('CONSOLE');
    const find = async () =>
      (
        await tenant.scim(
          'GET',
          `/Users?filter=${encodeURIComponent('userName eq "console.person@acme.test"')}`,
        )
      ).body.totalResults;
    expect(await find()).toBe(1);
    const saved = await gql()(
      'mutation { updateScimSettings(input: { provider: ENTRA_ID, userScope: IDP_USERS_ONLY }) { provider userScope consoleUsers idpManagedUsers } }',
      {},
      keys.admin,
    );
    expect(saved.data.updateScimSettings).toEqual({
      provider: 'ENTRA_ID',
      userScope: 'IDP_USERS_ONLY',
      consoleUsers: 1,
      idpManagedUsers: 0,
    });
    expect(await find()).toBe(0);
    await gql()(
      'mutation { updateScimSettings(input: { userScope: ALL_USERS }) { userScope } }',
      {},
      keys.admin,
    );
    expect(await find()).toBe(1);
    const events = await gql()(
      '{ auditEvents(filter: { action: "scim.settings" }) { nodes { actor { kind label } changes { attribute before after } } } }',
      {},
      keys.viewer,
    );
    expect(events.data.auditEvents.nodes[1]).toEqual({
      actor: { kind: 'API_KEY', label: 'admin' },
      changes: [
        { attribute: 'provider', before: 'other', after: 'entra_id' },
        { attribute: 'userScope', before: 'all_users', after: 'idp_users_only' },
      ],
    });
  });

  it('an IdP-managed user refuses console edits with MANAGED_BY_IDP naming the IdP; the history shows the SCIM change', async () => {
    const { tenant, keys } = await staffedTenant();
    await gql()('mutation { updateScimSettings(input: { provider: OKTA }) { provider } }', {}, keys.admin);
    const scimUser = await tenant.scim('POST', '/Users', {
      schemas: [USER],
      userName: newUserName('okta'),
      title: 'Pilot',
    });
    await tenant.scim('PATCH', `/Users/${scimUser.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'title', value: 'Captain' }],
    });
    const edit = await gql()(
      'mutation($id: ID!) { updateUser(input: { id: $id, title: "Hacked" }) { id } }',
      { id: scimUser.body.id },
      keys.admin,
    );
    expect(codeOf(edit)).toBe('MANAGED_BY_IDP');
    expect(edit.errors![0]!.message).toMatch(/managed by Okta/);
    for (const mutation of ['deactivateUser(id: $id) { id }', 'deleteUser(id: $id)']) {
      expect(
        codeOf(await gql()(`mutation($id: ID!) { ${mutation} }`, { id: scimUser.body.id }, keys.admin)),
      ).toBe('MANAGED_BY_IDP');
    }
    const user = await gql()(
      'query($id: ID!) { user(id: $id) { title managedBy history { action actor { kind } changes { attribute before after } } } }',
      { id: scimUser.body.id },
      keys.viewer,
    );
    expect(user.data.user.title).toBe('Captain');
    expect(user.data.user.managedBy).toBe('IDP');
    expect(user.data.user.history[0]).toEqual({
      action: 'user.update',
      actor: { kind: 'IDP' },
      changes: [{ attribute: 'title', before: 'Pilot', after: 'Captain' }],
    });
    await flush();
    const log = await gql()(
      '{ scimRequests(filter: { method: "PATCH" }) { nodes { method status path } } }',
      {},
      keys.viewer,
    );
    expect(log.data.scimRequests.nodes).toEqual([
      { method: 'PATCH', status: 200, path: expect.stringContaining(scimUser.body.id) },
    ]);
  });
});

describe('directory', () => {
  it('searches, filters, orders and pages users; groups with paged members', async () => {
    const { tenant, keys } = await staffedTenant();
    for (const name of ['ann', 'ben', 'cat', 'dan', 'eve']) {
      await gql()(
        `mutation { createUser(input: { userName: "${name}@dir.test", displayName: "${name.toUpperCase()}" }) { id } }`,
        {},
        keys.admin,
      );
    }
    await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'fay@dir.test', active: false });
    const page1 = await gql()(
      '{ users(first: 2, orderBy: USER_NAME, direction: DESC) { totalCount nodes { userName } pageInfo { endCursor hasNextPage } } }',
      {},
      keys.viewer,
    );
    expect(page1.data.users.totalCount).toBe(6);
    expect(page1.data.users.nodes.map((u: { userName: string }) => u.userName)).toEqual([
      'fay@dir.test',
      'eve@dir.test',
    ]);
    const page2 = await gql()(
      'query($a: String) { users(first: 2, after: $a, orderBy: USER_NAME, direction: DESC) { nodes { userName } } }',
      { a: page1.data.users.pageInfo.endCursor },
      keys.viewer,
    );
    expect(page2.data.users.nodes.map((u: { userName: string }) => u.userName)).toEqual([
      'dan@dir.test',
      'cat@dir.test',
    ]);
    const search = await gql()('{ users(filter: { search: "BE" }) { nodes { userName } } }', {}, keys.viewer);
    expect(search.data.users.nodes.map((u: { userName: string }) => u.userName)).toEqual(['ben@dir.test']);
    const idp = await gql()(
      '{ users(filter: { managedBy: IDP, active: false }) { nodes { userName } } }',
      {},
      keys.viewer,
    );
    expect(idp.data.users.nodes.map((u: { userName: string }) => u.userName)).toEqual(['fay@dir.test']);

    const all = await gql()('{ users(first: 100) { nodes { id userName } } }', {}, keys.viewer);
    const ids = all.data.users.nodes.map((u: { id: string }) => u.id);
    const group = await gql()(
      'mutation($m: [ID!]) { createGroup(input: { displayName: "Everyone", memberIds: $m }) { id } }',
      { m: ids },
      keys.admin,
    );
    const members = await gql()(
      'query($id: ID!) { group(id: $id) { displayName members(first: 4) { nodes { userName } pageInfo { hasNextPage endCursor } } } }',
      { id: group.data.createGroup.id },
      keys.viewer,
    );
    expect(members.data.group.members.nodes).toHaveLength(4);
    expect(members.data.group.members.pageInfo.hasNextPage).toBe(true);
    const inGroup = await gql()(
      'query($g: ID) { users(filter: { groupId: $g }) { totalCount } }',
      { g: group.data.createGroup.id },
      keys.viewer,
    );
    expect(inGroup.data.users.totalCount).toBe(6);
    const userGroups = await gql()(
      'query($id: ID!) { user(id: $id) { groups { displayName } } }',
      { id: ids[0] },
      keys.viewer,
    );
    expect(userGroups.data.user.groups).toEqual([{ displayName: 'Everyone' }]);

    // Lists: each group's member count and each user's groups (fetched for the whole page at once).
    await gql()(
      'mutation($m: [ID!]) { createGroup(input: { displayName: "Pair", memberIds: $m }) { id } }',
      { m: ids.slice(0, 2) },
      keys.admin,
    );
    await gql()('mutation { createGroup(input: { displayName: "Nobody" }) { id } }', {}, keys.admin);
    const groups = await gql()('{ groups { nodes { displayName memberCount } } }', {}, keys.viewer);
    const byName = (a: { displayName: string }, b: { displayName: string }) =>
      a.displayName.localeCompare(b.displayName);
    expect(groups.data.groups.nodes.sort(byName)).toEqual([
      { displayName: 'Everyone', memberCount: 6 },
      { displayName: 'Nobody', memberCount: 0 },
      { displayName: 'Pair', memberCount: 2 },
    ]);
    const usersWithGroups = await gql()(
      '{ users(first: 100) { nodes { id groups { displayName } } } }',
      {},
      keys.viewer,
    );
    const groupsOf = new Map(
      usersWithGroups.data.users.nodes.map((u: { id: string; groups: { displayName: string }[] }) => [
        u.id,
        u.groups.map((g) => g.displayName),
      ]),
    );
    expect(ids.map((id: string) => groupsOf.get(id))).toEqual([
      ['Everyone', 'Pair'],
      ['Everyone', 'Pair'],
      ['Everyone'],
      ['Everyone'],
      ['Everyone'],
      ['Everyone'],
    ]);
  });

  it('validation and conflicts have precise codes', async () => {
    const { keys } = await staffedTenant();
    await gql()('mutation { createUser(input: { userName: "dup@acme.test" }) { id } }', {}, keys.admin);
    expect(
      codeOf(
        await gql()('mutation { createUser(input: { userName: "DUP@acme.test" }) { id } }', {}, keys.admin),
      ),
    ).toBe('CONFLICT');
    expect(
      codeOf(await gql()('mutation { createUser(input: { userName: "  " }) { id } }', {}, keys.admin)),
    ).toBe('VALIDATION');
    expect(codeOf(await gql()('mutation { createUser(input: { nope: 1 }) { id } }', {}, keys.admin))).toBe(
      'GRAPHQL_VALIDATION_FAILED',
    );
  });
});

describe('limits and errors', () => {
  it('refuses queries that could return too much, before running them', async () => {
    const { keys } = await staffedTenant();
    const costly = await gql()(
      '{ users(first: 100) { nodes { groups { id } history(first: 100) { changes { attribute } actor { label } } } } }',
      {},
      keys.viewer,
    );
    expect(codeOf(costly)).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(costly.errors![0]!.message).toMatch(/the limit is 20000/);
    // A reasonable page of the same shape passes.
    const modest = await gql()(
      '{ users(first: 20) { nodes { groups { id } history(first: 20) { changes { attribute } actor { label } } } } }',
      {},
      keys.viewer,
    );
    expect(modest.errors).toBeUndefined();
  });

  it('unexpected errors are masked: no stack, no SQL', async () => {
    const { keys } = await staffedTenant();
    const r = await gql()('{ users(after: "not-a-cursor") { totalCount } }', {}, keys.viewer);
    expect(codeOf(r)).toBe('VALIDATION');
    expect(JSON.stringify(r)).not.toMatch(/select |at \w+ \(|node_modules/i);
  });
});
