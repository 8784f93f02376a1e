import { describe, expect, it } from 'vitest';
import { GROUP, newUserName, PATCH, scimTestServer, USER } from '../support/scim.js';

const { newTenant } = scimTestServer();
const okta = { 'User-Agent': 'Okta SCIM Client 1.0.0' };

const oktaUser = (userName: string) => ({
  schemas: [USER],
  userName,
  name: { givenName: 'Katherine', familyName: 'Johnson' },
  emails: [{ primary: true, value: userName, type: 'work' }],
  displayName: 'Katherine Johnson',
  locale: 'en-US',
  externalId: `okta-${userName}`,
  groups: [],
  password: 'Sup3r-secret!',
  active: true,
});

describe('Okta', () => {
  it('matches with startIndex/count, creates with a password that is never returned nor stored', async () => {
    const tenant = await newTenant();
    const { scim } = tenant;
    const userName = newUserName('kj');
    const match = `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}&startIndex=1&count=100`;
    const none = await scim('GET', match, undefined, okta);
    expect(none.body).toMatchObject({ totalResults: 0, startIndex: 1, itemsPerPage: 0, Resources: [] });

    const created = await scim('POST', '/Users', oktaUser(userName), okta);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body).not.toHaveProperty('password');
    const found = await scim('GET', match, undefined, okta);
    expect(found.body).toMatchObject({ totalResults: 1, startIndex: 1, itemsPerPage: 1 });
    expect(typeof found.body.totalResults).toBe('number');
    expect(found.body.Resources[0]).not.toHaveProperty('password');

    // The password is in no table and no log.
    await tenant.run(async () => undefined);
    const audit = await tenant.run((s) => s.audit.list({ targetId: created.body.id, limit: 5 }));
    expect(JSON.stringify(audit)).not.toContain('Sup3r-secret!');
  });

  it('profile updates as GET-modify-PUT (with id, meta and groups in the body)', async () => {
    const { scim } = await newTenant();
    const created = await scim('POST', '/Users', oktaUser(newUserName()), okta);
    const current = (await scim('GET', `/Users/${created.body.id}`)).body;
    const put = await scim(
      'PUT',
      `/Users/${created.body.id}`,
      {
        ...current,
        title: 'Mathematician',
        name: { givenName: 'Kate', familyName: 'Johnson' },
        nickName: undefined,
      },
      okta,
    );
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({
      id: created.body.id,
      title: 'Mathematician',
      name: { givenName: 'Kate', familyName: 'Johnson' },
    });
    expect(put.body.meta.version).toBe('W/"2"');
    // PUT is a replacement: what the body no longer carries is cleared.
    const { locale: _locale, ...withoutLocale } = put.body;
    const put2 = await scim('PUT', `/Users/${created.body.id}`, withoutLocale, okta);
    expect(put2.body).not.toHaveProperty('locale');
  });

  it('deactivates and reactivates with a path-less replace; the user stays readable, listed and in its groups', async () => {
    const { scim } = await newTenant();
    const user = await scim('POST', '/Users', oktaUser(newUserName()), okta);
    const group = await scim(
      'POST',
      '/Groups',
      { schemas: [GROUP], displayName: 'Flight Research', members: [{ value: user.body.id }] },
      okta,
    );
    const off = await scim(
      'PATCH',
      `/Users/${user.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: false } }] },
      okta,
    );
    expect(off.status).toBe(200);
    expect(off.body.active).toBe(false);
    expect((await scim('GET', `/Users/${user.body.id}`)).body).toMatchObject({
      active: false,
      groups: [{ value: group.body.id }],
    });
    expect(
      (await scim('GET', '/Users?startIndex=1&count=10')).body.Resources.map((r: { id: string }) => r.id),
    ).toContain(user.body.id);
    const on = await scim(
      'PATCH',
      `/Users/${user.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', value: { active: true } }] },
      okta,
    );
    expect(on.body.active).toBe(true);
  });

  it('group push: create, rename without losing members, remove+add in one PATCH, replace members, PUT with members', async () => {
    const { scim } = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 4; i++)
      ids.push((await scim('POST', '/Users', oktaUser(newUserName(`g${i}`)), okta)).body.id);
    const [a, b, c, d] = ids as [string, string, string, string];
    const members = async (id: string) =>
      ((await scim('GET', `/Groups/${id}`)).body.members ?? []).map((m: { value: string }) => m.value).sort();

    const group = await scim(
      'POST',
      '/Groups',
      { schemas: [GROUP], displayName: 'Astronauts', members: [] },
      okta,
    );
    expect(group.status).toBe(201);
    await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'add', path: 'members', value: [{ value: a }, { value: b }] }] },
      okta,
    );

    const renamed = await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      {
        schemas: [PATCH],
        Operations: [{ op: 'replace', value: { id: group.body.id, displayName: 'Astronaut Corps' } }],
      },
      okta,
    );
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(204);
    expect((await scim('GET', `/Groups/${group.body.id}`)).body.displayName).toBe('Astronaut Corps');
    expect(await members(group.body.id)).toEqual([a, b].sort());

    await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      {
        schemas: [PATCH],
        Operations: [
          { op: 'remove', path: `members[value eq "${a}"]` },
          { op: 'add', path: 'members', value: [{ value: c }, { value: a }] },
        ],
      },
      okta,
    );
    expect(await members(group.body.id)).toEqual([a, b, c].sort());

    await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [{ value: d }] }] },
      okta,
    );
    expect(await members(group.body.id)).toEqual([d]);
    await scim(
      'PATCH',
      `/Groups/${group.body.id}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'members', value: [] }] },
      okta,
    );
    expect(await members(group.body.id)).toEqual([]);

    const put = await scim(
      'PUT',
      `/Groups/${group.body.id}`,
      {
        schemas: [GROUP],
        id: group.body.id,
        displayName: 'Astronaut Corps',
        members: [{ value: b }, { value: c }],
      },
      okta,
    );
    expect(put.status).toBe(200);
    expect(put.body.members.map((m: { value: string }) => m.value).sort()).toEqual([b, c].sort());
  });

  it('import: pages through the directory in a stable order with integer paging fields', async () => {
    const { scim } = await newTenant();
    const names = [];
    for (let i = 0; i < 7; i++)
      names.push((await scim('POST', '/Users', oktaUser(newUserName(`imp${i}`)), okta)).body.userName);
    const seen: string[] = [];
    for (let start = 1; ; start += 3) {
      const page = await scim('GET', `/Users?startIndex=${start}&count=3`, undefined, okta);
      expect(page.body).toMatchObject({ totalResults: 7, startIndex: start });
      seen.push(...page.body.Resources.map((r: { userName: string }) => r.userName));
      if (start + 3 > page.body.totalResults) break;
    }
    expect(seen.sort()).toEqual(names.sort());
  });
});
