import { describe, expect, it } from 'vitest';
import { client, ENT, GROUP, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

const { newTenant } = scimTestServer();

/** Five users with known attributes, for filter cases. */
async function directory() {
  const tenant = await newTenant();
  const people = [
    {
      userName: 'alice@acme.test',
      displayName: 'Alice Archer',
      title: 'Engineer',
      active: true,
      emails: [{ value: 'alice@acme.test', type: 'work' }],
      [ENT]: { department: 'R&D' },
    },
    {
      userName: 'bob@acme.test',
      displayName: 'Bob Baker',
      title: 'Manager',
      active: true,
      emails: [{ value: 'bob@home.test', type: 'home' }],
      [ENT]: { department: 'Sales' },
    },
    {
      userName: 'carol@acme.test',
      displayName: 'Carol 100%_real',
      active: false,
      emails: [{ value: 'carol@acme.test', type: 'work' }],
    },
    { userName: 'dave@other.test', displayName: 'Dave Dunn', title: 'Engineer', active: true },
    {
      userName: 'erin@acme.test',
      displayName: 'Erin Evans',
      title: 'Intern',
      active: true,
      externalId: 'E-5',
    },
  ];
  const ids: Record<string, string> = {};
  for (const p of people) {
    const r = await tenant.scim('POST', '/Users', { schemas: [USER, ENT], ...p });
    expect(r.status, JSON.stringify(r.body)).toBe(201);
    ids[p.userName.split('@')[0]!] = r.body.id;
  }
  return { tenant, ids };
}

const names = async (tenant: TestTenant, filter: string) => {
  const r = await tenant.scim('GET', `/Users?filter=${encodeURIComponent(filter)}&sortBy=userName`);
  expect(r.status, `${filter}: ${JSON.stringify(r.body)}`).toBe(200);
  return r.body.Resources.map((u: { userName: string }) => u.userName.split('@')[0]);
};

describe('RFC 7644 §3.4.2.2 filters', () => {
  it('every operator returns exactly the right users', async () => {
    const { tenant, ids } = await directory();
    const cases: [string, string[]][] = [
      ['userName eq "ALICE@acme.test"', ['alice']],
      ['userName ne "alice@acme.test"', ['bob', 'carol', 'dave', 'erin']],
      ['displayName co "100%_"', ['carol']],
      ['userName sw "b"', ['bob']],
      ['userName ew "@other.test"', ['dave']],
      ['title pr', ['alice', 'bob', 'dave', 'erin']],
      ['not (title pr)', ['carol']],
      ['title eq "engineer" and active eq true', ['alice', 'dave']],
      ['title eq "Intern" or userName sw "c"', ['carol', 'erin']],
      ['(title eq "Engineer" or title eq "Manager") and not (userName ew "other.test")', ['alice', 'bob']],
      ['active eq false', ['carol']],
      ['emails[type eq "work" and value co "@acme"]', ['alice', 'carol']],
      ['emails.value ew "home.test"', ['bob']],
      ['emails pr', ['alice', 'bob', 'carol']],
      [`${ENT}:department eq "sales"`, ['bob']],
      ['department eq "R&D"', ['alice']],
      ['externalId eq "E-5"', ['erin']],
      [`id eq "${ids.dave}"`, ['dave']],
      ['id eq "00919288221112222"', []],
      ['meta.created gt "2000-01-01T00:00:00Z"', ['alice', 'bob', 'carol', 'dave', 'erin']],
      ['meta.lastModified lt "2000-01-01T00:00:00Z"', []],
      ['userName gt "c" and userName le "dave@other.test"', ['carol', 'dave']],
      ['title eq null', ['carol']],
    ];
    for (const [filter, expected] of cases) expect(await names(tenant, filter), filter).toEqual(expected);
  });

  it('a filter it cannot evaluate is 400 invalidFilter, never an empty list', async () => {
    const { tenant } = await directory();
    for (const filter of [
      'userName eq',
      'userName like "a"',
      'shoeSize eq 42',
      'groups.value eq "x"',
      'active gt true',
      'emails[kind eq "x"]',
      '(userName eq "a"',
      'x'.repeat(5000),
    ]) {
      const r = await tenant.scim('GET', `/Users?filter=${encodeURIComponent(filter)}`);
      expect(r.status, filter).toBe(400);
      expect(r.body, filter).toMatchObject({ status: '400', scimType: 'invalidFilter' });
    }
  });
});

describe('RFC 7644 §3.4.2.3–4 sorting and paging', () => {
  it('sortBy / sortOrder', async () => {
    const { tenant } = await directory();
    const r = await tenant.scim(
      'GET',
      '/Users?sortBy=displayName&sortOrder=descending&attributes=displayName',
    );
    expect(r.body.Resources.map((u: { displayName: string }) => u.displayName[0])).toEqual([
      'E',
      'D',
      'C',
      'B',
      'A',
    ]);
    expect((await tenant.scim('GET', '/Users?sortBy=shoeSize')).status).toBe(400);
  });

  it('startIndex/count: a walk with no duplicates or gaps; count=0 gives only the total', async () => {
    const { tenant } = await directory();
    const seen: string[] = [];
    for (let start = 1; start <= 5; start += 2) {
      const r = await tenant.scim('GET', `/Users?startIndex=${start}&count=2`);
      expect(r.body).toMatchObject({
        totalResults: 5,
        startIndex: start,
        itemsPerPage: Math.min(2, 6 - start),
      });
      seen.push(...r.body.Resources.map((u: { id: string }) => u.id));
    }
    expect(new Set(seen).size).toBe(5);
    const zero = await tenant.scim('GET', '/Users?count=0');
    expect(zero.body).toMatchObject({ totalResults: 5, itemsPerPage: 0, Resources: [] });
    const clamped = await tenant.scim('GET', '/Users?startIndex=0&count=-3');
    expect(clamped.body).toMatchObject({ startIndex: 1, itemsPerPage: 0 });
  });

  it('RFC 9865 cursor paging: advertised, walks every user once, rejects a bad cursor', async () => {
    const { tenant } = await directory();
    const config = await tenant.scim('GET', '/ServiceProviderConfig');
    expect(config.body.pagination).toMatchObject({ cursor: true, index: true });
    const seen: string[] = [];
    let cursor = '';
    for (let i = 0; i < 10; i++) {
      const r = await tenant.scim('GET', `/Users?cursor=${cursor}&count=2`);
      expect(r.status).toBe(200);
      expect(r.body.totalResults).toBe(5); // counted on the first page, carried by the cursor
      seen.push(...r.body.Resources.map((u: { id: string }) => u.id));
      if (!r.body.nextCursor) break;
      cursor = r.body.nextCursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
    const bad = await tenant.scim('GET', '/Users?cursor=not-a-cursor');
    expect(bad.body).toMatchObject({ status: '400', scimType: 'invalidCursor' });
  });
});

describe('RFC 7644 §3.9 attributes / excludedAttributes', () => {
  it('on GET, list, POST, PUT and PATCH responses', async () => {
    const { tenant, ids } = await directory();
    const get = await tenant.scim('GET', `/Users/${ids.alice}?attributes=userName,emails.value`);
    expect(get.body).toEqual({
      schemas: [USER, ENT],
      id: ids.alice,
      userName: 'alice@acme.test',
      emails: [{ value: 'alice@acme.test' }],
    });
    const list = await tenant.scim(
      'GET',
      `/Users?filter=${encodeURIComponent('userName eq "bob@acme.test"')}&excludedAttributes=emails,${ENT},meta`,
    );
    expect(list.body.Resources[0]).not.toHaveProperty('emails');
    expect(list.body.Resources[0]).not.toHaveProperty(ENT);
    expect(list.body.Resources[0]).toHaveProperty('userName');
    const post = await tenant.scim('POST', '/Users?attributes=userName', {
      schemas: [USER],
      userName: 'frank@acme.test',
      title: 'x',
    });
    expect(post.body).toEqual({ schemas: [USER], id: post.body.id, userName: 'frank@acme.test' });
    const put = await tenant.scim('PUT', `/Users/${post.body.id}?excludedAttributes=meta,groups`, {
      schemas: [USER],
      userName: 'frank@acme.test',
      title: 'y',
    });
    expect(put.body).not.toHaveProperty('meta');
    expect(put.body.title).toBe('y');
    const patch = await tenant.scim('PATCH', `/Users/${post.body.id}?attributes=title`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'title', value: 'z' }],
    });
    expect(patch.body).toEqual({ schemas: [USER], id: post.body.id, title: 'z' });
  });
});

describe('RFC 7644 §3.14 ETags', () => {
  it('If-Match: stale → 412 and nothing changes; current → applied. If-None-Match → 304', async () => {
    const { tenant, ids } = await directory();
    const current = await tenant.scim('GET', `/Users/${ids.alice}`);
    const etag = current.headers.get('etag')!;
    expect(etag).toBe(current.body.meta.version);
    expect(
      (await tenant.scim('GET', `/Users/${ids.alice}`, undefined, { 'If-None-Match': etag })).status,
    ).toBe(304);
    const ok = await tenant.scim(
      'PATCH',
      `/Users/${ids.alice}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Lead' }] },
      { 'If-Match': etag },
    );
    expect(ok.status).toBe(200);
    const stale = await tenant.scim(
      'PATCH',
      `/Users/${ids.alice}`,
      { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Stale' }] },
      { 'If-Match': etag },
    );
    expect(stale.status).toBe(412);
    expect(stale.body).toMatchObject({ status: '412' });
    for (const [method, body] of [
      ['PUT', { schemas: [USER], userName: 'alice@acme.test' }],
      ['DELETE', undefined],
    ] as const) {
      expect(
        (await tenant.scim(method, `/Users/${ids.alice}`, body, { 'If-Match': etag })).status,
        method,
      ).toBe(412);
    }
    const after = await tenant.scim('GET', `/Users/${ids.alice}`);
    expect(after.body.title).toBe('Lead');
    expect(
      (await tenant.scim('GET', `/Users/${ids.alice}`, undefined, { 'If-None-Match': etag })).status,
    ).toBe(200);
  });
});

describe('RFC 7644 §3.4.3 POST /.search', () => {
  it('on a resource type and at the root', async () => {
    const { tenant } = await directory();
    await tenant.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Engineers' });
    const search = {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],
      filter: 'title eq "Engineer"',
      attributes: ['userName'],
      sortBy: 'userName',
      startIndex: 1,
      count: 10,
    };
    const users = await tenant.scim('POST', '/Users/.search', search);
    expect(users.status).toBe(200);
    expect(users.body.Resources.map((u: { userName: string }) => u.userName)).toEqual([
      'alice@acme.test',
      'dave@other.test',
    ]);
    const root = await tenant.scim('POST', '/.search', {
      schemas: search.schemas,
      filter: 'displayName sw "E"',
    });
    expect(root.status, JSON.stringify(root.body)).toBe(200);
    expect(root.body.Resources.map((r: { displayName: string }) => r.displayName).sort()).toEqual([
      'Engineers',
      'Erin Evans',
    ]);
  });
});

describe('RFC 7644 §3.7 Bulk', () => {
  it('creates with bulkId references, reports each result, honours failOnErrors', async () => {
    const { tenant } = await newTenant().then((t) => ({ tenant: t }));
    const r = await tenant.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: [
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'u1',
          data: { schemas: [USER], userName: 'bulk1@acme.test' },
        },
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'u2',
          data: {
            schemas: [USER, ENT],
            userName: 'bulk2@acme.test',
            [ENT]: { manager: { value: 'bulkId:u1' } },
          },
        },
        {
          method: 'POST',
          path: '/Groups',
          bulkId: 'g1',
          data: {
            schemas: [GROUP],
            displayName: 'Bulk',
            members: [{ value: 'bulkId:u1' }, { value: 'bulkId:u2' }],
          },
        },
        {
          method: 'PATCH',
          path: '/Users/bulkId:u1',
          data: { schemas: [PATCH], Operations: [{ op: 'replace', path: 'title', value: 'Boss' }] },
        },
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'dup',
          data: { schemas: [USER], userName: 'BULK1@acme.test' },
        },
        { method: 'DELETE', path: '/Users/00919288221112222' },
      ],
    });
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    const ops = r.body.Operations;
    expect(ops.map((o: { status: string }) => o.status)).toEqual(['201', '201', '201', '200', '409', '404']);
    expect(ops[4].response).toMatchObject({ scimType: 'uniqueness' });
    const u1 = ops[0].location.split('/').pop();
    const u2 = await tenant.scim('GET', `/Users/${ops[1].location.split('/').pop()}`);
    expect(u2.body[ENT].manager.value).toBe(u1);
    const group = await tenant.scim('GET', `/Groups/${ops[2].location.split('/').pop()}`);
    expect(group.body.members).toHaveLength(2);

    const stopping = await tenant.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      failOnErrors: 1,
      Operations: [
        { method: 'POST', path: '/Users', bulkId: 'x', data: { schemas: [USER] } },
        {
          method: 'POST',
          path: '/Users',
          bulkId: 'y',
          data: { schemas: [USER], userName: 'never@acme.test' },
        },
      ],
    });
    expect(stopping.body.Operations).toHaveLength(1);
    expect(
      (await tenant.scim('GET', `/Users?filter=${encodeURIComponent('userName eq "never@acme.test"')}`)).body
        .totalResults,
    ).toBe(0);
  });

  it('advertises and enforces maxOperations and maxPayloadSize (413)', async () => {
    const tenant = await newTenant();
    const config = (await tenant.scim('GET', '/ServiceProviderConfig')).body;
    expect(config.bulk).toMatchObject({ supported: true, maxOperations: 1000, maxPayloadSize: 1_048_576 });
    const many = Array.from({ length: 1001 }, (_, i) => ({ method: 'DELETE', path: `/Users/x${i}` }));
    const tooMany = await tenant.scim('POST', '/Bulk', {
      schemas: ['urn:ietf:params:scim:api:messages:2.0:BulkRequest'],
      Operations: many,
    });
    expect(tooMany.status).toBe(413);
    expect(tooMany.body).toMatchObject({ status: '413' });
    const huge = await tenant.scim('POST', '/Users', {
      schemas: [USER],
      userName: 'big@acme.test',
      displayName: 'x'.repeat(1_100_000),
    });
    expect(huge.status).toBe(413);
    expect(huge.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '413',
    });
  });
});

describe('discovery', () => {
  it('serves /ServiceProviderConfig, /ResourceTypes and /Schemas (and by id)', async () => {
    const tenant = await newTenant();
    const config = await tenant.scim('GET', '/ServiceProviderConfig');
    expect(config.body).toMatchObject({
      patch: { supported: true },
      filter: { supported: true, maxResults: 1000 },
      etag: { supported: true },
      sort: { supported: true },
    });
    const types = await tenant.scim('GET', '/ResourceTypes');
    expect(types.body.Resources.map((t: { id: string }) => t.id)).toEqual(['User', 'Group']);
    expect((await tenant.scim('GET', '/ResourceTypes/User')).body.schemaExtensions).toEqual([
      { schema: ENT, required: false },
    ]);
    const schemas = await tenant.scim('GET', '/Schemas');
    expect(schemas.body.Resources.map((s: { id: string }) => s.id)).toEqual([USER, ENT, GROUP]);
    const user = await tenant.scim('GET', `/Schemas/${USER}`);
    expect(user.body.attributes.find((a: { name: string }) => a.name === 'password')).toMatchObject({
      returned: 'never',
      mutability: 'writeOnly',
    });
    expect((await tenant.scim('GET', '/Schemas/urn:nope')).status).toBe(404);
  });
});

describe('RFC 7644 §3.12 errors', () => {
  it('every error is a SCIM Error body with a string status, as application/scim+json, with no internals', async () => {
    const tenant = await newTenant();
    const noToken = client(tenant.base, null);
    const wrongToken = client(tenant.base, 'rc_scim_wrongwrongwrongwrongwrongwrongwrongwrong');
    const cases: [string, Promise<{ status: number; body: any; headers: Headers }>, number, string?][] = [
      ['no token', noToken('GET', '/Users'), 401],
      ['wrong token', wrongToken('GET', '/Users'), 401],
      ['unknown id', tenant.scim('GET', '/Users/0190b2a4-0000-7000-8000-000000000000'), 404],
      ['non-UUID id', tenant.scim('GET', '/Users/00919288221112222'), 404],
      [
        'non-UUID id PATCH',
        tenant.scim('PATCH', '/Users/00919288221112222', {
          schemas: [PATCH],
          Operations: [{ op: 'remove', path: 'title' }],
        }),
        404,
      ],
      ['unknown endpoint', tenant.scim('GET', '/Widgets'), 404],
      ['wrong method', tenant.scim('PUT', '/Users', {}), 405],
      [
        'wrong content type',
        tenant.scim('POST', '/Users', 'userName=x', { 'Content-Type': 'application/x-www-form-urlencoded' }),
        415,
      ],
      ['malformed JSON', tenant.scim('POST', '/Users', '{"userName": ', {}), 400, 'invalidSyntax'],
      ['missing userName', tenant.scim('POST', '/Users', { schemas: [USER] }), 400, 'invalidValue'],
      [
        'wrong type for a known attribute',
        tenant.scim('POST', '/Users', { schemas: [USER], userName: 'u@x.test', active: 'sometimes' }),
        400,
        'invalidValue',
      ],
      [
        'bad PATCH body',
        tenant.scim('PATCH', '/Users/0190b2a4-0000-7000-8000-000000000000', { Operations: 'nope' }),
        400,
        'invalidSyntax',
      ],
      // A tenant that does not exist answers as one whose token is wrong (no enumeration of tenants).
      [
        'unknown tenant',
        client(tenant.base.replace(/[^/]+$/, 'no-such-tenant'), tenant.token)('GET', '/Users'),
        401,
      ],
      ['not a tenant slug', client(tenant.base.replace(/[^/]+$/, 'bad%C0%AF'), null)('GET', '/Users'), 404],
    ];
    for (const [name, request, status, scimType] of cases) {
      const r = await request;
      expect(r.status, name).toBe(status);
      expect(r.headers.get('content-type'), name).toMatch(/^application\/scim\+json/);
      expect(r.body, name).toMatchObject({
        schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
        status: String(status),
        ...(scimType ? { scimType } : {}),
      });
      expect(JSON.stringify(r.body), name).not.toMatch(/at \w+ \(|node_modules|select |insert /i);
      if (status === 401) expect(r.headers.get('www-authenticate'), name).toMatch(/^Bearer/);
      if (status === 405) expect(r.headers.get('allow'), name).toContain('GET');
    }
  });

  it('application/json is accepted as well as application/scim+json', async () => {
    const tenant = await newTenant();
    const r = await tenant.scim(
      'POST',
      '/Users',
      { schemas: [USER], userName: 'json@acme.test' },
      { 'Content-Type': 'application/json' },
    );
    expect(r.status).toBe(201);
  });

  it('a uniqueness conflict is 409 and unique per tenant case-insensitively', async () => {
    const tenant = await newTenant();
    await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'same@acme.test' });
    const again = await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'SAME@acme.test' });
    expect(again.body).toMatchObject({ status: '409', scimType: 'uniqueness' });
    await tenant.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'Team' });
    expect(
      (await tenant.scim('POST', '/Groups', { schemas: [GROUP], displayName: 'team' })).body,
    ).toMatchObject({ status: '409', scimType: 'uniqueness' });
  });
});
