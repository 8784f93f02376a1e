import { describe, expect, it } from 'vitest';
import { client, GROUP, newUserName, PATCH, scimTestServer, USER } from '../support/scim.js';

const { newTenant, flush } = scimTestServer();
const filterBy = (userName: string) => `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`;

describe('user scope: "Only users created by your identity provider"', () => {
  it('hides console users from every read, filter and member listing, and refuses a colliding create with a clear 409', async () => {
    const tenant = await newTenant();
    await tenant.run((s) => s.scim.update({ userScope: 'idp_users_only' }));
    const consoleUser = await tenant.run((s) =>
      s.users.create({ userName: 'Console.User@acme.test', displayName: 'From the console' }),
    );
    const idpUser = await tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName('idp') });
    const group = await tenant.run((s) =>
      s.groups.create({ displayName: 'Mixed' }, [consoleUser.id, idpUser.body.id]),
    );

    expect((await tenant.scim('GET', `/Users/${consoleUser.id}`)).status).toBe(404);
    expect((await tenant.scim('GET', filterBy('console.user@acme.test'))).body.totalResults).toBe(0);
    const all = await tenant.scim('GET', '/Users');
    expect(all.body.Resources.map((u: { id: string }) => u.id)).toEqual([idpUser.body.id]);
    expect(all.body.totalResults).toBe(1);
    const members = await tenant.scim('GET', `/Groups/${group.id}`);
    expect(members.body.members.map((m: { value: string }) => m.value)).toEqual([idpUser.body.id]);
    for (const [method, body] of [
      ['PATCH', { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] }],
      ['PUT', { schemas: [USER], userName: 'console.user@acme.test' }],
      ['DELETE', undefined],
    ] as const) {
      expect((await tenant.scim(method, `/Users/${consoleUser.id}`, body)).status, method).toBe(404);
    }
    // Adding the invisible user to a group is refused; replacing members leaves it alone.
    const add = await tenant.scim('PATCH', `/Groups/${group.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: 'members', value: [{ value: consoleUser.id }] }],
    });
    expect(add.status).toBe(400);
    await tenant.scim('PATCH', `/Groups/${group.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'members', value: [] }],
    });
    expect((await tenant.run((s) => s.groups.members(group.id))).items.map((m) => m.id)).toEqual([
      consoleUser.id,
    ]);

    const before = await tenant.run((s) => s.users.get(consoleUser.id));
    const collide = await tenant.scim('POST', '/Users', {
      schemas: [USER],
      userName: 'CONSOLE.USER@acme.test',
    });
    expect(collide.status).toBe(409);
    expect(collide.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    expect(collide.body.detail).toMatch(/created in the Rollcall console.*All users/);
    const unchanged = await tenant.run((s) => s.users.get(consoleUser.id));
    expect(unchanged).toMatchObject({
      managedBy: 'console',
      displayName: 'From the console',
      version: before.version,
    });
  });
});

describe('user scope: "All users"', () => {
  it('finds console users by userName; a create with the same login ID takes the user over, same id, audited', async () => {
    const tenant = await newTenant();
    const consoleUser = await tenant.run((s) =>
      s.users.create({ userName: 'grace@acme.test', title: 'Admiral' }),
    );
    const found = await tenant.scim('GET', filterBy('GRACE@acme.test'));
    expect(found.body.Resources.map((u: { id: string }) => u.id)).toEqual([consoleUser.id]);

    const created = await tenant.scim('POST', '/Users', {
      schemas: [USER],
      userName: 'Grace@Acme.test',
      displayName: 'Grace Hopper',
      externalId: 'okta-1',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.id).toBe(consoleUser.id);
    const after = await tenant.run((s) => s.users.get(consoleUser.id));
    expect(after).toMatchObject({
      managedBy: 'idp',
      origin: 'console',
      userName: 'Grace@Acme.test',
      displayName: 'Grace Hopper',
      title: null,
    });
    const [event] = await tenant.run((s) => s.audit.list({ targetId: consoleUser.id, limit: 1 }));
    expect(event).toMatchObject({
      action: 'user.takeover',
      actor: { kind: 'idp' },
      changes: { managedBy: { before: 'console', after: 'idp' } },
    });
  });

  it('an IdP PATCH of a console user takes it over', async () => {
    const tenant = await newTenant();
    const consoleUser = await tenant.run((s) => s.users.create({ userName: newUserName() }));
    await tenant.scim('PATCH', `/Users/${consoleUser.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'title', value: 'Now IdP' }],
    });
    const [event] = await tenant.run((s) => s.audit.list({ targetId: consoleUser.id, limit: 1 }));
    expect(event).toMatchObject({
      action: 'user.takeover',
      changes: { title: { after: 'Now IdP' }, managedBy: { after: 'idp' } },
    });
  });
});

describe('lifecycle', () => {
  it('re-POST of a deactivated IdP user revives it in place; of an active one is 409', async () => {
    const { scim } = await newTenant();
    const userName = newUserName();
    const first = await scim('POST', '/Users', { schemas: [USER], userName, title: 'First' });
    expect((await scim('POST', '/Users', { schemas: [USER], userName })).status).toBe(409);
    await scim('PATCH', `/Users/${first.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', value: { active: false } }],
    });
    const revived = await scim('POST', '/Users', {
      schemas: [USER],
      userName: userName.toUpperCase(),
      title: 'Second',
      active: true,
    });
    expect(revived.status).toBe(201);
    expect(revived.body).toMatchObject({ id: first.body.id, title: 'Second', active: true });
  });

  it('concurrent PATCHes of one user lose no update', async () => {
    const { scim } = await newTenant();
    const user = await scim('POST', '/Users', { schemas: [USER], userName: newUserName() });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        scim('PATCH', `/Users/${user.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'emails', value: [{ value: `e${i}@x.test`, type: `t${i}` }] }],
        }),
      ),
    );
    const final = await scim('GET', `/Users/${user.body.id}`);
    expect(final.body.emails).toHaveLength(8);
    expect(final.body.meta.version).toBe('W/"9"');
  });
});

describe('tokens', () => {
  it("switching SCIM off answers 401 from the next request; the new token's first use retires the old one", async () => {
    const tenant = await newTenant();
    expect((await tenant.scim('GET', '/Users')).status).toBe(200);
    const { token: fresh } = await tenant.run((s) => s.scim.regenerateToken());
    expect((await tenant.scim('GET', '/Users')).status).toBe(200); // in its overlap
    const scim2 = client(tenant.base, fresh);
    expect((await scim2('GET', '/Users')).status).toBe(200);
    expect((await tenant.scim('GET', '/Users')).status).toBe(401);
    await tenant.run((s) => s.scim.disable());
    const off = await scim2('GET', '/Users');
    expect(off.status).toBe(401);
    expect(off.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(off.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '401',
    });
  });

  it('records the token last-used time', async () => {
    const tenant = await newTenant();
    expect((await tenant.run((s) => s.scim.get())).tokens[0]!.lastUsedAt).toBeNull();
    await tenant.scim('GET', '/Users');
    expect((await tenant.run((s) => s.scim.get())).tokens[0]!.lastUsedAt).toBeInstanceOf(Date);
  });
});

describe('tenant isolation over SCIM', () => {
  it("tenant B's token never sees or touches tenant A", async () => {
    const a = await newTenant();
    const b = await newTenant();
    const user = await a.scim('POST', '/Users', {
      schemas: [USER],
      userName: 'shared@acme.test',
      externalId: 'x1',
    });
    const group = await a.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'A team',
      members: [{ value: user.body.id }],
    });
    // B's token on A's URL: refused.
    expect((await client(a.base, b.token)('GET', '/Users')).status).toBe(401);
    // B's own endpoint: A's ids do not exist, A's users are not found by filter.
    for (const path of [`/Users/${user.body.id}`, `/Groups/${group.body.id}`]) {
      expect((await b.scim('GET', path)).status).toBe(404);
      expect(
        (
          await b.scim('PATCH', path, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'displayName', value: 'pwned' }],
          })
        ).status,
      ).toBe(404);
      expect((await b.scim('DELETE', path)).status).toBe(404);
    }
    expect((await b.scim('GET', filterBy('shared@acme.test'))).body.totalResults).toBe(0);
    expect((await b.scim('GET', '/Users')).body.totalResults).toBe(0);
    const addForeign = await b.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'B team',
      members: [{ value: user.body.id }],
    });
    expect(addForeign.status).toBe(400);
    // B may use the same userName in its own tenant.
    expect((await b.scim('POST', '/Users', { schemas: [USER], userName: 'shared@acme.test' })).status).toBe(
      201,
    );
    expect((await a.scim('GET', `/Groups/${group.body.id}`)).body).toMatchObject({
      displayName: 'A team',
      members: [{ value: user.body.id }],
    });
  });
});

describe('audit trail and SCIM request log', () => {
  it('every change is audited with the IdP and dialect; every call, refused ones too, is logged with masked bodies', async () => {
    const tenant = await newTenant();
    const okta = { 'User-Agent': 'Okta SCIM Client 1.0.0' };
    const created = await tenant.scim(
      'POST',
      '/Users',
      { schemas: [USER], userName: newUserName(), password: 'hunter2hunter2' },
      okta,
    );
    await tenant.scim(
      'PATCH',
      `/Users/${created.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'CTO' }] },
      okta,
    );
    await client(tenant.base, 'rc_scim_bad')('GET', '/Users', undefined, okta);
    await tenant.scim('GET', '/Users?filter=bad%20filter', undefined, okta);
    await flush();
    const events = await tenant.run((s) => s.audit.list({ targetId: created.body.id, limit: 10 }));
    expect(events.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    expect(events[0]).toMatchObject({
      actor: { kind: 'idp', label: 'SCIM client' },
      dialect: 'okta',
      changes: { title: { before: null, after: 'CTO' } },
    });
    expect(events[0]!.requestId).toBeTruthy();

    const log = await tenant.run((s) => s.requestLog.list({ limit: 10 }));
    expect(log.map((l) => [l.method, l.status])).toEqual([
      ['GET', 400],
      ['GET', 401],
      ['PATCH', 200],
      ['POST', 201],
    ]);
    expect(log[0]).toMatchObject({
      scimType: 'invalidFilter',
      dialect: 'okta',
      responseBody: { status: '400' },
    });
    expect(log[1]).toMatchObject({ tokenPrefix: 'rc_scim_bad' });
    expect((log[3]!.requestBody as { password: string }).password).toBe('••••••');
    expect(JSON.stringify(log)).not.toContain('hunter2');
    expect(JSON.stringify(log)).not.toContain(tenant.token);
  });
});
