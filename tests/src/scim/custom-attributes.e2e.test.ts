import { describe, expect, it } from 'vitest';
import { newUserName, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

// Custom attributes (issue 18): declared per tenant, provisioned over SCIM as Entra and Okta send them.
const { newTenant } = scimTestServer();
const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';
const OKTA = 'urn:okta:acme_app:1.0:user';

/** A tenant with one attribute of every type under Entra's URN, and one under an Okta namespace. */
async function declaredTenant() {
  const tenant = await newTenant();
  const declared = await tenant.run(async (s) => ({
    badgeNumber: await s.customAttributes.declare({
      schema: ACME,
      name: 'badgeNumber',
      type: 'string',
      uniqueness: 'server',
    }),
    remote: await s.customAttributes.declare({ schema: ACME, name: 'remote', type: 'boolean' }),
    floor: await s.customAttributes.declare({ schema: ACME, name: 'floor', type: 'integer' }),
    fte: await s.customAttributes.declare({ schema: ACME, name: 'fte', type: 'decimal' }),
    hireDate: await s.customAttributes.declare({ schema: ACME, name: 'hireDate', type: 'dateTime' }),
    profile: await s.customAttributes.declare({ schema: ACME, name: 'profile', type: 'reference' }),
    licenceTier: await s.customAttributes.declare({ schema: OKTA, name: 'licenceTier', type: 'string' }),
    skills: await s.customAttributes.declare({
      schema: OKTA,
      name: 'skills',
      type: 'string',
      multiValued: true,
    }),
  }));
  return { tenant, declared };
}

/** Entra's shape: the custom URN flattened into attribute names, and missing from `schemas`. */
const entraBody = (userName: string, badge: string) => ({
  schemas: [USER, 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],
  userName,
  active: true,
  [`${ACME}:badgeNumber`]: badge,
  [`${ACME}:remote`]: 'True',
  [`${ACME}:floor`]: 3,
  [`${ACME}:fte`]: 0.8,
  [`${ACME}:hireDate`]: '2024-03-01T09:00:00Z',
  [`${ACME}:profile`]: 'https://wiki.example.com/people/x',
});

async function create(tenant: TestTenant, body: object) {
  const created = await tenant.scim('POST', '/Users', body);
  expect(created.status, JSON.stringify(created.body)).toBe(201);
  return created.body as Record<string, any>;
}

describe('custom attributes over SCIM', () => {
  it('an Entra body: accepted, stored, returned under the URN with it in schemas', async () => {
    const { tenant } = await declaredTenant();
    const user = await create(tenant, entraBody(newUserName('entra'), 'B-1001'));
    expect(user.schemas).toContain(ACME);
    expect(user[ACME]).toEqual({
      badgeNumber: 'B-1001',
      remote: true,
      floor: 3,
      fte: 0.8,
      hireDate: '2024-03-01T09:00:00.000Z',
      profile: 'https://wiki.example.com/people/x',
    });
    const read = await tenant.scim('GET', `/Users/${user.id}`);
    expect(read.body[ACME]).toEqual(user[ACME]);
    // Entra's PATCH of one custom attribute, by its flat path.
    // A number sent as text (as Entra's expressions make them) is taken as the number.
    const patched = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', path: `${ACME}:floor`, value: '4' }],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body[ACME].floor).toBe(4);
    const refused = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', path: `${ACME}:floor`, value: 'fourth' }],
    });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('floor');
    const removed = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Remove', path: `${ACME}:profile` }],
    });
    expect(removed.body[ACME].profile).toBeUndefined();
  });

  it('an Okta body: its namespace object in schemas, any key case, a multi-valued attribute', async () => {
    const { tenant } = await declaredTenant();
    const user = await create(tenant, {
      schemas: [USER, OKTA],
      userName: newUserName('okta'),
      [OKTA]: { LicenceTier: 'gold', skills: ['go', 'sql'] },
    });
    expect(user[OKTA]).toEqual({ licenceTier: 'gold', skills: ['go', 'sql'] });
    // Okta's GET-modify-PUT: what the PUT leaves out is cleared.
    const put = await tenant.scim('PUT', `/Users/${user.id}`, {
      schemas: [USER, OKTA],
      userName: user.userName,
      [OKTA]: { licenceTier: 'silver' },
    });
    expect(put.status).toBe(200);
    expect(put.body[OKTA]).toEqual({ licenceTier: 'silver' });
    const add = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'add', path: `${OKTA}:skills`, value: ['rust'] }],
    });
    expect(add.body[OKTA].skills).toEqual(['rust']);
    // A value filter on the multi-valued attribute: `value` names each value.
    const filtered = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'add', path: `${OKTA}:skills[value eq "go"]`, value: 'go' },
        { op: 'remove', path: `${OKTA}:skills[value eq "RUST"]` },
      ],
    });
    expect(filtered.status, JSON.stringify(filtered.body)).toBe(200);
    expect(filtered.body[OKTA].skills).toEqual(['go']);
  });

  it('a value of the wrong type: 400 invalidValue naming the attribute, nothing stored', async () => {
    const { tenant } = await declaredTenant();
    const userName = newUserName('wrong');
    for (const [name, value] of [
      ['floor', 'third'],
      ['fte', 'most'],
      ['hireDate', 'last spring'],
      ['remote', 'perhaps'],
    ] as const) {
      const refused = await tenant.scim('POST', '/Users', {
        schemas: [USER],
        userName,
        [ACME]: { [name]: value },
      });
      expect(refused.status, name).toBe(400);
      expect(refused.body.scimType).toBe('invalidValue');
      expect(refused.body.detail).toContain(name);
    }
    const found = await tenant.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    );
    expect(found.body.totalResults).toBe(0);
  });

  it('filters on every type, and uniqueness decided by the database', async () => {
    const { tenant } = await declaredTenant();
    const a = await create(tenant, entraBody(newUserName('a'), 'B-2001'));
    const b = await create(tenant, {
      ...entraBody(newUserName('b'), 'b-2002'),
      [`${ACME}:remote`]: false,
      [`${ACME}:floor`]: 7,
      [`${ACME}:fte`]: 1,
      [`${ACME}:hireDate`]: '2025-06-01T00:00:00Z',
    });
    const ids = async (filter: string) => {
      const found = await tenant.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(found.status, `${filter}: ${JSON.stringify(found.body)}`).toBe(200);
      return (found.body.Resources as { id: string }[]).map((r) => r.id).sort();
    };
    const both = [a.id, b.id].sort();
    expect(await ids(`${ACME}:badgeNumber eq "b-2001"`)).toEqual([a.id]); // caseExact false
    expect(await ids(`badgeNumber sw "B-200"`)).toEqual(both); // no URN: resolved through the extensions
    expect(await ids(`${ACME}:badgeNumber co "2002"`)).toEqual([b.id]);
    expect(await ids(`${ACME}:remote eq true`)).toEqual([a.id]);
    expect(await ids(`${ACME}:floor gt 3`)).toEqual([b.id]);
    expect(await ids(`${ACME}:floor le 3`)).toEqual([a.id]);
    expect(await ids(`${ACME}:fte lt 1`)).toEqual([a.id]);
    expect(await ids(`${ACME}:hireDate ge "2025-01-01T00:00:00Z"`)).toEqual([b.id]);
    expect(await ids(`${ACME}:badgeNumber ne "B-2001"`)).toEqual([b.id]);
    expect(await ids(`${ACME}:profile pr`)).toEqual(both);
    expect(await ids(`${OKTA}:licenceTier pr`)).toEqual([]);
    const wrongType = await tenant.scim('GET', `/Users?filter=${encodeURIComponent(`${ACME}:floor eq "x"`)}`);
    expect(wrongType.status).toBe(400);
    expect(wrongType.body.scimType).toBe('invalidFilter');

    // Two creates racing for one badge number: one wins, the other is a 409 uniqueness.
    const racing = await Promise.all(
      ['r1', 'r2'].map((p) => tenant.scim('POST', '/Users', entraBody(newUserName(p), 'B-9999'))),
    );
    expect(racing.map((r) => r.status).sort()).toEqual([201, 409]);
    expect(racing.find((r) => r.status === 409)!.body.scimType).toBe('uniqueness');
    const clash = await tenant.scim('PATCH', `/Users/${a.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: `${ACME}:badgeNumber`, value: 'B-2002' }],
    });
    expect(clash.status).toBe(409);
  });

  it('sorts by a custom attribute (sortBy, RFC 7644 §3.4.2.3), users without a value last', async () => {
    const { tenant } = await declaredTenant();
    const floors = [7, 2, 5];
    const users = [];
    for (const [i, floor] of floors.entries())
      users.push(
        await create(tenant, { ...entraBody(newUserName(`s${i}`), `S-${i}`), [`${ACME}:floor`]: floor }),
      );
    const none = await create(tenant, { schemas: [USER], userName: newUserName('none') });
    const order = async (sortBy: string, sortOrder = 'ascending') => {
      const found = await tenant.scim(
        'GET',
        `/Users?sortBy=${encodeURIComponent(sortBy)}&sortOrder=${sortOrder}`,
      );
      expect(found.status, JSON.stringify(found.body)).toBe(200);
      return (found.body.Resources as { id: string }[]).map((r) => r.id);
    };
    expect(await order(`${ACME}:floor`)).toEqual([users[1]!.id, users[2]!.id, users[0]!.id, none.id]);
    expect(await order('floor', 'descending')).toEqual([none.id, users[0]!.id, users[2]!.id, users[1]!.id]);
  });

  it('a required attribute: a create without it is refused (400), one with it is kept', async () => {
    const tenant = await newTenant();
    await tenant.run((s) =>
      s.customAttributes.declare({ schema: ACME, name: 'costCode', type: 'string', required: true }),
    );
    const refused = await tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName('noCode') });
    expect(refused.status).toBe(400);
    expect(refused.body.detail).toContain('costCode');
    await create(tenant, { schemas: [USER], userName: newUserName('code'), [`${ACME}:costCode`]: 'CC-1' });
  });

  it('discovery: /Schemas and /ResourceTypes/User describe the tenant’s extensions (RFC 7643 §6, §7)', async () => {
    const { tenant } = await declaredTenant();
    const type = await tenant.scim('GET', '/ResourceTypes/User');
    expect(type.body.schemaExtensions).toEqual([
      { schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', required: false },
      { schema: ACME, required: false },
      { schema: OKTA, required: false },
    ]);
    const schema = await tenant.scim('GET', `/Schemas/${ACME}`);
    expect(schema.status).toBe(200);
    expect(schema.body).toMatchObject({ id: ACME, name: 'Acme', meta: { resourceType: 'Schema' } });
    const badge = schema.body.attributes.find((a: { name: string }) => a.name === 'badgeNumber');
    expect(badge).toEqual({
      name: 'badgeNumber',
      type: 'string',
      multiValued: false,
      description: '',
      required: false,
      caseExact: false,
      mutability: 'readWrite',
      returned: 'default',
      uniqueness: 'server',
    });
    expect(JSON.stringify(schema.body)).not.toContain('null');
    // Without the token: the standard schemas only (a slug alone tells nothing of a tenant).
    const anonymous = await fetch(`${tenant.base}/Schemas`).then((r) => r.json());
    expect(anonymous.Resources.map((s: { id: string }) => s.id)).not.toContain(ACME);
  });

  it('removing a declaration stops accepting the attribute and drops its values', async () => {
    const { tenant, declared } = await declaredTenant();
    const user = await create(tenant, entraBody(newUserName('gone'), 'B-3001'));
    const { valuesDropped } = await tenant.run((s) => s.customAttributes.remove(declared.badgeNumber.id));
    expect(valuesDropped).toBe(1);
    const read = await tenant.scim('GET', `/Users/${user.id}`);
    expect(read.body[ACME].badgeNumber).toBeUndefined();
    expect(read.body[ACME].floor).toBe(3);
    // Sent again, it is ignored (lenient) and reported like any attribute Rollcall does not keep.
    const again = await tenant.scim('PATCH', `/Users/${user.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: `${ACME}:badgeNumber`, value: 'B-3002' }],
    });
    expect(again.status).toBe(200);
    expect(again.body[ACME].badgeNumber).toBeUndefined();
    const filtered = await tenant.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`${ACME}:badgeNumber eq "x"`)}`,
    );
    expect(filtered.status).toBe(400);
    // Declared again: a new attribute, with no values.
    await tenant.run((s) =>
      s.customAttributes.declare({ schema: ACME, name: 'badgeNumber', type: 'string' }),
    );
    const fresh = await tenant.scim('GET', `/Users/${user.id}`);
    expect(fresh.body[ACME].badgeNumber).toBeUndefined();
  });
});
