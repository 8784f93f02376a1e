import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { client, ENT, GROUP, newUserName, PATCH, scimTestServer, USER } from '../support/scim.js';

const { newTenant } = scimTestServer();
const MS_GROUP = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group';
const entraAgent = { 'User-Agent': 'Microsoft.AAD.Provisioning/1.0' };

/** The user Entra sends on create: enterprise extension, work email, and some top-level nulls. */
const entraUser = (userName: string, externalId: string) => ({
  schemas: [USER, ENT],
  externalId,
  userName,
  active: true,
  displayName: 'Ada Lovelace',
  title: null,
  emails: [{ primary: true, type: 'work', value: userName }],
  name: { formatted: 'Ada Lovelace', familyName: 'Lovelace', givenName: 'Ada' },
  [ENT]: { employeeNumber: '1815', department: 'Engines' },
});

describe('Microsoft Entra ID (default dialect)', () => {
  it('test connection: a filter on a random GUID answers an empty 200 list', async () => {
    const { scim } = await newTenant();
    const { status, body, headers } = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${randomUUID()}"`)}`,
    );
    expect(status).toBe(200);
    expect(headers.get('content-type')).toMatch(/^application\/scim\+json/);
    expect(body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:ListResponse'],
      totalResults: 0,
      Resources: [],
    });
  });

  it('matches by userName, externalId and work email (quoted or not, joined with and), then creates', async () => {
    const { scim } = await newTenant();
    const userName = newUserName('ada');
    const q = (filter: string) =>
      scim('GET', `/Users?filter=${encodeURIComponent(filter)}`, undefined, entraAgent);
    expect((await q(`userName eq "${userName}"`)).body.totalResults).toBe(0);

    const created = await scim('POST', '/Users', entraUser(userName, 'ext-ada'), entraAgent);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.headers.get('location')).toBe(created.body.meta.location);
    expect(created.headers.get('etag')).toBe('W/"1"');
    expect(created.body).toMatchObject({
      userName,
      active: true,
      [ENT]: { employeeNumber: '1815', department: 'Engines' },
    });
    expect(created.body).not.toHaveProperty('title');

    for (const filter of [
      `userName eq "${userName.toUpperCase()}"`,
      `userName eq ${userName}`,
      'externalId eq "ext-ada"',
      `emails[type eq "work"].value eq "${userName}"`,
      `externalId eq "ext-ada" and userName eq "${userName}"`,
    ]) {
      const found = await q(filter);
      expect(found.status, filter).toBe(200);
      expect(
        found.body.Resources.map((r: { id: string }) => r.id),
        filter,
      ).toEqual([created.body.id]);
    }
    // A different case of externalId is another externalId (caseExact).
    expect((await q('externalId eq "EXT-ADA"')).body.totalResults).toBe(0);
  });

  it('applies every PATCH shape Entra sends', async () => {
    const { scim } = await newTenant();
    const manager = await scim('POST', '/Users', entraUser(newUserName('boss'), 'ext-boss'));
    const user = await scim('POST', '/Users', entraUser(newUserName('ada'), 'ext-ada2'));
    const patch = (Operations: unknown[]) =>
      scim('PATCH', `/Users/${user.body.id}`, { schemas: [PATCH], Operations }, entraAgent);

    const r1 = await patch([
      { op: 'Replace', path: 'displayName', value: 'Ada King' },
      { op: 'Replace', path: 'name.givenName', value: 'Augusta' },
      { op: 'Replace', path: 'emails[type eq "work"].value', value: 'ada.king@example.com' },
      { op: 'Add', path: 'addresses[type eq "work"].formatted', value: '12 St James Square' },
      { op: 'Add', path: 'phoneNumbers[type eq "mobile"].value', value: '+44 20 7946 0000' },
      { op: 'Replace', path: `${ENT}:manager`, value: manager.body.id },
      { op: 'Replace', path: `${ENT}:department`, value: 'Analytical Engines' },
      {
        op: 'Add',
        path: 'roles',
        value: '[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Engineer"}]',
      },
    ]);
    expect(r1.status, JSON.stringify(r1.body)).toBe(200);
    expect(r1.body).toMatchObject({
      displayName: 'Ada King',
      name: { givenName: 'Augusta', familyName: 'Lovelace' },
      emails: [{ type: 'work', value: 'ada.king@example.com', primary: true }],
      addresses: [{ type: 'work', formatted: '12 St James Square' }],
      phoneNumbers: [{ type: 'mobile', value: '+44 20 7946 0000' }],
      roles: [{ value: 'Engineer', type: 'WindowsAzureActiveDirectoryRole', primary: true }],
      [ENT]: { department: 'Analytical Engines', manager: { value: manager.body.id } },
    });
    // The new work email is what the index answers.
    const byEmail = await scim(
      'GET',
      `/Users?filter=${encodeURIComponent('emails[type eq "work"].value eq "Ada.King@example.com"')}`,
    );
    expect(byEmail.body.Resources.map((r: { id: string }) => r.id)).toEqual([user.body.id]);

    const disabled = await patch([{ op: 'Replace', path: 'active', value: 'False' }]);
    expect(disabled.body.active).toBe(false);
    const enabled = await patch([{ op: 'Replace', path: 'active', value: 'True' }]);
    expect(enabled.body.active).toBe(true);
    const realBoolean = await patch([{ op: 'Replace', path: 'active', value: false }]);
    expect(realBoolean.body.active).toBe(false);

    const cleared = await patch([{ op: 'Replace', path: `${ENT}:manager`, value: '' }]);
    expect(cleared.body[ENT]).not.toHaveProperty('manager');
    const setAgain = await patch([{ op: 'Add', path: `${ENT}:manager`, value: { value: manager.body.id } }]);
    expect(setAgain.body[ENT].manager.value).toBe(manager.body.id);
    const clearedNull = await patch([{ op: 'Remove', path: `${ENT}:manager` }]);
    expect(clearedNull.body[ENT]).not.toHaveProperty('manager');

    // A deactivated user stays readable and listed.
    const read = await scim('GET', `/Users/${user.body.id}`);
    expect(read.body).toMatchObject({ active: false, meta: { version: read.headers.get('etag') } });
    const listed = await scim('GET', `/Users?filter=${encodeURIComponent('active eq false')}`);
    expect(listed.body.Resources.map((r: { id: string }) => r.id)).toContain(user.body.id);
  });

  it('refuses a PATCH it cannot apply with a 400 and changes nothing', async () => {
    const { scim } = await newTenant();
    const user = await scim('POST', '/Users', entraUser(newUserName(), 'ext-x'));
    const bad = await scim('PATCH', `/Users/${user.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'displayName', value: 'Changed' },
        // An attribute Rollcall keeps, on a path it cannot apply (a value filter on a single value).
        { op: 'Replace', path: 'name[givenName eq "Ada"].familyName', value: 'Byron' },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidPath' });
    expect((await scim('GET', `/Users/${user.body.id}`)).body.displayName).toBe('Ada Lovelace');
  });

  it('groups: created empty, members added in batches and removed by value list, read without members', async () => {
    const { scim } = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++)
      ids.push((await scim('POST', '/Users', entraUser(newUserName(`m${i}`), `ext-m${i}`))).body.id);
    const group = await scim('POST', '/Groups', {
      schemas: [GROUP, MS_GROUP],
      displayName: 'Engineering',
      externalId: 'g-ext',
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect(group.body).toMatchObject({ displayName: 'Engineering', members: [] });

    const add = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Add', path: 'members', value: ids.slice(0, 3).map((value) => ({ value })) }],
    });
    expect(add.status).toBe(204);
    await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Add', path: 'members', value: ids.slice(3).map((value) => ({ value })) }],
    });
    const remove = await scim('PATCH', `/Groups/${group.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: 'members', value: [{ value: ids[0] }, { value: ids[4] }] }],
    });
    expect(remove.status).toBe(204);

    const full = await scim('GET', `/Groups/${group.body.id}`);
    expect(full.body.members.map((m: { value: string }) => m.value).sort()).toEqual(ids.slice(1, 4).sort());
    const lean = await scim(
      'GET',
      `/Groups?filter=${encodeURIComponent('displayName eq "engineering"')}&excludedAttributes=members`,
    );
    expect(lean.body.Resources).toHaveLength(1);
    expect(lean.body.Resources[0]).not.toHaveProperty('members');
    // The user side shows the membership.
    const member = await scim('GET', `/Users/${ids[1]}`);
    expect(member.body.groups).toEqual([
      expect.objectContaining({ value: group.body.id, display: 'Engineering' }),
    ]);
  });

  it('hard delete: 204, then 404 for every operation and gone from lists', async () => {
    const { scim } = await newTenant();
    const userName = newUserName();
    const user = await scim('POST', '/Users', entraUser(userName, 'ext-del'));
    expect((await scim('DELETE', `/Users/${user.body.id}`)).status).toBe(204);
    for (const [method, body] of [
      ['GET'],
      ['PUT', entraUser(userName, 'x')],
      ['PATCH', { schemas: [PATCH], Operations: [{ op: 'Replace', path: 'active', value: false }] }],
      ['DELETE'],
    ] as const) {
      const r = await scim(method, `/Users/${user.body.id}`, body);
      expect(r.status, method).toBe(404);
      expect(r.body).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: '404',
      });
    }
    expect(
      (await scim('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`)).body
        .totalResults,
    ).toBe(0);
  });
});

describe('Microsoft Entra ID with ?aadOptscim062020', () => {
  it('path-less ops with dotted and URN keys, lowercase ops, member removal by filter', async () => {
    const tenant = await newTenant();
    const scim = client(tenant.base, tenant.token);
    const q = '?aadOptscim062020';
    const user = await scim('POST', `/Users${q}`, entraUser(newUserName(), 'ext-2020'));
    const patched = await scim('PATCH', `/Users/${user.body.id}${q}`, {
      schemas: [PATCH],
      Operations: [
        {
          op: 'replace',
          value: {
            'name.givenName': 'Grace',
            'name.familyName': 'Hopper',
            [`${ENT}:department`]: 'Navy',
            'emails[type eq "work"].value': 'grace@example.com',
            active: false,
          },
        },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body).toMatchObject({
      name: { givenName: 'Grace', familyName: 'Hopper' },
      active: false,
      [ENT]: { department: 'Navy' },
    });
    expect(Object.keys(patched.body).filter((k) => !k.startsWith('urn:') && k.includes('.'))).toEqual([]);

    const other = await scim('POST', `/Users${q}`, entraUser(newUserName(), 'ext-2020b'));
    const group = await scim('POST', `/Groups${q}`, { schemas: [GROUP], displayName: 'Navy' });
    await scim('PATCH', `/Groups/${group.body.id}${q}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'add', path: 'members', value: [{ value: user.body.id }, { value: other.body.id }] },
      ],
    });
    await scim('PATCH', `/Groups/${group.body.id}${q}`, {
      schemas: [PATCH],
      Operations: [{ op: 'remove', path: `members[value eq "${user.body.id}"]` }],
    });
    const read = await scim('GET', `/Groups/${group.body.id}`);
    expect(read.body.members.map((m: { value: string }) => m.value)).toEqual([other.body.id]);

    await tenant.run(async () => undefined);
    const audit = await tenant.run((s) => s.audit.list({ targetId: user.body.id, limit: 5 }));
    expect(audit[0]).toMatchObject({ action: 'user.update', dialect: 'entra-2020', actor: { kind: 'idp' } });
  });
});
