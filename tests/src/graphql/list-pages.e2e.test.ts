import pg from 'pg';
import { afterEach, describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { newUserName, scimTestServer } from '../support/scim.js';

// The GraphQL users list (and the console's Users page, which uses it) reads a page in one round trip
// to PostgreSQL: the users, their total and, when asked for, each user's groups in one statement,
// after one round trip that authenticates the caller. No transaction (BEGIN … COMMIT) around either.
const { newTenant, state } = scimTestServer({ ROLLCALL_GRAPHQL_RATE_LIMIT: '0' });
const gql = () => graphql(state.server.url);

/** Every message the server (in this process) hands the driver while counting: one per round trip. */
let counting = false;
const sent: string[] = [];
const query = pg.Client.prototype.query;
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  if (counting) sent.push(typeof args[0] === 'string' ? args[0] : (args[0]?.constructor?.name ?? '?'));
  return (query as (...a: unknown[]) => unknown).apply(this, args);
} as typeof query;
afterEach(() => {
  counting = false;
  sent.length = 0;
});

const page = `query ($after: String) { users(first: 25, after: $after) {
  totalCount nodes { id userName groups { id displayName } } pageInfo { endCursor hasNextPage } } }`;

async function directory() {
  const tenant = await newTenant();
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'lists', role: 'viewer' }));
  const made = await tenant.run(async (s) => {
    const users = [];
    for (let i = 0; i < 30; i++) users.push(await s.users.create({ userName: newUserName(`p${i}`) }));
    const alpha = await s.groups.create({ displayName: 'Alpha' });
    const beta = await s.groups.create({ displayName: 'Beta' });
    await s.groups.addMembers(
      alpha.id,
      users.slice(0, 10).map((u) => u.id),
    );
    await s.groups.addMembers(
      beta.id,
      users.slice(5, 10).map((u) => u.id),
    );
    return { users, alpha, beta };
  });
  return { tenant, key, ...made };
}

describe('GraphQL list pages', () => {
  it('a page of users with their groups and total: one round trip after the one that authenticates', async () => {
    const { key, users, alpha, beta } = await directory();
    const call = gql();
    // The key's first use keeps its last-used time (a transaction, once a minute): not counted.
    expect((await call(page, {}, { bearer: key })).errors).toBeUndefined();
    counting = true;
    const first = await call(page, {}, { bearer: key });
    counting = false;
    expect(first.errors).toBeUndefined();
    expect(sent, sent.join('\n')).toHaveLength(2);
    expect(sent.some((text) => /^begin/i.test(text))).toBe(false);

    const { totalCount, nodes, pageInfo } = first.data.users;
    expect(totalCount).toBe(30);
    expect(nodes.map((n: { id: string }) => n.id)).toEqual(users.slice(0, 25).map((u) => u.id));
    expect(pageInfo.hasNextPage).toBe(true);
    const groupsOf = (i: number) => nodes[i].groups.map((g: { displayName: string }) => g.displayName);
    expect(groupsOf(0)).toEqual(['Alpha']);
    expect(groupsOf(7)).toEqual(['Alpha', 'Beta']);
    expect(groupsOf(12)).toEqual([]);
    expect(nodes[7].groups.map((g: { id: string }) => g.id)).toEqual([alpha.id, beta.id]);

    const second = await call(page, { after: pageInfo.endCursor }, { bearer: key });
    expect(second.data.users.nodes.map((n: { id: string }) => n.id)).toEqual(
      users.slice(25).map((u) => u.id),
    );
    expect(second.data.users).toMatchObject({ totalCount: 30, pageInfo: { hasNextPage: false } });
  });

  it("the console's Users page: one round trip for its users, one for the settings beside them", async () => {
    const { tenant, key, users } = await directory();
    const call = gql();
    // The console's UsersPage query (apps/console), and the counts Identity & Security shows.
    const usersPage = `{ users(first: 50) { totalCount nodes { id userName emails { value } } }
                         scimSettings { provider idpManagedUsers consoleUsers } }`;
    await call(usersPage, {}, { bearer: key });
    counting = true;
    const before = await call(usersPage, {}, { bearer: key });
    counting = false;
    expect(sent, sent.join('\n')).toHaveLength(3);
    expect(sent.some((text) => /^begin/i.test(text))).toBe(false);
    expect(before.data.users.totalCount).toBe(30);
    expect(before.data.scimSettings).toEqual({ provider: 'OTHER', idpManagedUsers: 0, consoleUsers: 30 });
    await tenant.run((s) => s.users.remove(users[3]!.id));
    await tenant.run((s) => s.users.create({ userName: newUserName('late') }));
    const created = await tenant.scim('POST', '/Users', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
      userName: newUserName('idp'),
    });
    expect(created.status).toBe(201);
    const after = await call(usersPage, {}, { bearer: key });
    expect(after.data.users.totalCount).toBe(31);
    expect(after.data.users.nodes).toHaveLength(31);
    expect(after.data.scimSettings).toMatchObject({ idpManagedUsers: 1, consoleUsers: 30 });
  });

  it('a filtered page counts what matches, and a revoked key is refused at once', async () => {
    const { tenant, key, alpha } = await directory();
    const call = gql();
    const members = await call(
      `query ($g: ID!) { users(first: 5, filter: { groupId: $g }) { totalCount nodes { id } } }`,
      { g: alpha.id },
      { bearer: key },
    );
    expect(members.data.users.totalCount).toBe(10);
    expect(members.data.users.nodes).toHaveLength(5);
    const [listed] = await tenant.run((s) => s.apiKeys.list());
    await tenant.run((s) => s.apiKeys.revoke(listed!.id));
    const refused = await call(page, {}, { bearer: key });
    expect(refused.status).toBe(401);
  });
});
