import fc from 'fast-check';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { GROUP, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

// Random and malformed requests to every SCIM and GraphQL route: never a 5xx, a SCIM or GraphQL
// error body on every 4xx, never a change when the answer is a 4xx, and the server stays up. The
// data fingerprint is read from PostgreSQL around every request. CI runs a fixed seed and count; before
// a release run more: FUZZ_REQUESTS=20000 FUZZ_SEED=$RANDOM (README, "Operations").
const { state, newTenant, flush } = scimTestServer({ ROLLCALL_SCIM_MAX_PAYLOAD_BYTES: '65536' });
const requests = Number(process.env.FUZZ_REQUESTS ?? 400);

describe('HTTP fuzzing', () => {
  let tenant: TestTenant;
  let db: pg.Client;
  let ids: string[];
  let apiKey: string;

  beforeAll(async () => {
    tenant = await newTenant();
    db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const users = await Promise.all(
      ['a', 'b', 'c'].map((n) =>
        tenant.scim('POST', '/Users', { schemas: [USER], userName: `${n}@fuzz.test` }),
      ),
    );
    const group = await tenant.scim('POST', '/Groups', {
      schemas: [GROUP],
      displayName: 'Fuzzers',
      members: [{ value: users[0]!.body.id }],
    });
    ids = [...users.map((u) => u.body.id as string), group.body.id as string];
    apiKey = (await tenant.run((s) => s.apiKeys.create({ name: 'fuzz', role: 'admin' }))).key;
  });
  afterAll(async () => db?.end());

  /** Everything a request could change in the tenant, as one string. */
  async function fingerprint(): Promise<string> {
    const { rows } = await db.query(
      `select (select json_agg(u order by u.id) from directory_user u where u.tenant_id = $1) as users,
              (select json_agg(g order by g.id) from directory_group g where g.tenant_id = $1) as groups,
              (select json_agg(m order by m.group_id, m.user_id) from group_member m where m.tenant_id = $1) as members,
              (select count(*) from audit_event a where a.tenant_id = $1) as audit`,
      [tenant.id],
    );
    return JSON.stringify(rows[0]);
  }

  const deep = (depth: number) => '['.repeat(depth) + ']'.repeat(depth);
  const text = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom('', ' ', '\u0000', '\uFFFF', '\uD800', '😀', '%', '%ZZ', '../..', 'null', '"', '\\'),
  );
  const idish = fc.oneof(
    fc.constantFrom(...Array.from({ length: 4 }, (_, i) => i)).map((i) => ids[i]!),
    text,
  );
  const path = fc.oneof(
    fc.constantFrom('/Users', '/Groups', '/Bulk', '/.search', '/Users/.search', '/Groups/.search'),
    fc.constantFrom('/ServiceProviderConfig', '/Schemas', '/ResourceTypes', '/Me', '/Users/x/y'),
    idish.map((id) => `/Users/${encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '?'))}`),
    idish.map((id) => `/Groups/${encodeURIComponent(id.replace(/[\uD800-\uDFFF]/g, '?'))}`),
    // Escapes that do not decode (the campaign's 697 answers of 500).
    fc
      .tuple(
        fc.constantFrom('/Users/', '/Groups/'),
        fc.constantFrom('%ZZ', '%ff', '%E2%82', '%ED%A0%80', '%C0%80'),
      )
      .map(([resource, escape]) => `${resource}${escape}`),
  );
  /** Mostly the tenant's own slug; sometimes one that is malformed or names no tenant. */
  const slug = fc.oneof(
    { weight: 8, arbitrary: fc.constant('') },
    { weight: 1, arbitrary: fc.constantFrom('other%C0%AF', '%00', '%ZZ', 'no-such-tenant', 'A') },
  );
  const query = fc.oneof(
    fc.constant(''),
    fc
      .record(
        {
          filter: fc.oneof(
            text,
            fc.constantFrom(
              'userName eq "a@fuzz.test"',
              'emails[type eq "work"',
              'not (',
              '(((((a pr)))))',
              'displayName eq "\u0000"',
              'externalId eq "\u0000"',
              `userName eq "${'x'.repeat(5000)}"`,
            ),
          ),
          count: fc.oneof(fc.integer(), text),
          startIndex: fc.oneof(fc.integer(), text),
          attributes: text,
          excludedAttributes: text,
          sortBy: text,
          cursor: text,
        },
        { requiredKeys: [] },
      )
      .map((q) => `?${new URLSearchParams(Object.entries(q).map(([k, v]) => [k, String(v)]))}`),
  );
  const scimBody = fc.oneof(
    fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
    fc
      .record({ schemas: fc.constant([USER]), userName: text, active: fc.jsonValue() })
      .map((v) => JSON.stringify(v)),
    fc
      .record({
        schemas: fc.constant([PATCH]),
        Operations: fc.array(
          fc.record({
            op: fc.constantFrom('add', 'Replace', 'remove', 'x'),
            path: text,
            value: fc.jsonValue({ maxDepth: 2 }),
          }),
          { maxLength: 3 },
        ),
      })
      .map((v) => JSON.stringify(v)),
    text,
    fc.constantFrom('{', '{"a":', '[1,2', '{"schemas":"x"}', deep(5000), `{"x":"${'y'.repeat(70_000)}"}`),
    // A valid operation before a hostile one: nothing may be half-applied.
    fc.constantFrom(
      `{"Operations":[{"method":"POST","path":"/Users","bulkId":"a","data":{"userName":"bulk@fuzz.test"}},{"method":${deep(3000)}}]}`,
      `{"schemas":["${PATCH}"],"Operations":[{"op":"replace","path":"title","value":"t"},{"op":${deep(3000)}}]}`,
      `{"attributes":${deep(3000)}}`,
      `{"emails":"x","userName":"emails@fuzz.test"}`,
    ),
  );
  const contentType = fc.constantFrom(
    'application/scim+json',
    'application/json',
    'text/plain',
    'application/x-www-form-urlencoded',
    'multipart/form-data; boundary=x',
    'application/json; charset=latin1',
    '',
  );
  const scimRequest = fc.record({
    kind: fc.constant('scim' as const),
    method: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD'),
    slug,
    path,
    query,
    body: fc.option(scimBody, { nil: undefined }),
    contentType,
    ifMatch: fc.option(fc.oneof(text, fc.constantFrom('W/"1"', '*', 'W/"999"')), { nil: undefined }),
  });
  const graphqlRequest = fc.record({
    kind: fc.constant('graphql' as const),
    body: fc.oneof(
      text,
      fc
        .record({
          query: fc.oneof(
            text,
            fc.constantFrom(
              '{ users(first: 1000000) { totalCount } }',
              'mutation { deleteUser(id: "x") }',
              '{ __schema { types { name } } }',
              `{ ${'users { nodes { groups { '.repeat(20)} }`,
              'query($f: UserFilter) { users(filter: $f) { totalCount } }',
              'query($q: String) { groups(search: $q) { totalCount } }',
              'query($f: ScimRequestFilter) { scimRequests(filter: $f) { nodes { id } } }',
              `{ users(filter: { search: "${'s'.repeat(5000)}" }) { totalCount } }`,
            ),
          ),
          variables: fc.oneof(
            fc.jsonValue({ maxDepth: 3 }),
            fc.constantFrom(
              { q: '\u0000' },
              { q: 'q'.repeat(300_000) },
              { f: { search: '\u0000' } },
              { f: { path: '\u0000', method: 'x'.repeat(5000) } },
            ),
          ),
        })
        .map((v) => JSON.stringify(v)),
      fc.constantFrom(deep(5000), '{"query":'),
    ),
    contentType,
  });

  it('bytes PostgreSQL cannot store in text (NUL, lone surrogates) in attributes: a 400, not a 500', async () => {
    for (const nasty of ['a\u0000b@fuzz.test', '\uD800@fuzz.test', 'ok@fuzz.test']) {
      const bodies = [
        { schemas: [USER], userName: nasty },
        { schemas: [USER], userName: `x${ids.length}${nasty}`, displayName: nasty },
        { schemas: [USER], userName: `y${ids.length}${nasty}`, emails: [{ value: nasty, type: 'work' }] },
      ];
      for (const body of bodies) {
        const response = await tenant.scim('POST', '/Users', body);
        expect(response.status, JSON.stringify(body)).toBeLessThan(500);
        if (nasty.startsWith('ok')) expect(response.status).toBe(201);
        else expect(response.status, JSON.stringify(body)).toBe(400);
      }
    }
    // Found by the fuzzing: a body nested 5,000 deep once overflowed the request log's stack (500).
    for (const path of ['/Users', '/Groups', '/Bulk']) {
      const response = await fetch(`${tenant.base}${path}`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/scim+json' },
        body: deep(5000),
      });
      expect(response.status).toBe(400);
    }
    const filter = encodeURIComponent('userName eq "a\u0000b"');
    expect((await tenant.scim('GET', `/Users?filter=${filter}`)).status).toBe(400);
    const search = await graphql(state.server.url)(
      'query($q: String) { users(filter: { search: $q }) { totalCount } }',
      { q: 'a\u0000b' },
      { bearer: apiKey },
    );
    expect(search.errors?.[0]?.extensions.code).toBe('VALIDATION');
  });

  it(`${requests} random requests: never a 5xx, never a change on a 4xx, the server stays up`, async () => {
    const samples = fc.sample(
      fc.oneof({ weight: 4, arbitrary: scimRequest }, { weight: 1, arbitrary: graphqlRequest }),
      {
        numRuns: requests,
        // Pinned so CI is repeatable; set FUZZ_SEED (and FUZZ_REQUESTS) to explore further.
        seed: Number(process.env.FUZZ_SEED ?? 20261129),
      },
    );
    const statuses = new Map<number, number>();
    let changes = 0;
    for (const request of samples) {
      const before = await fingerprint();
      const headers: Record<string, string> = {};
      if (request.contentType) headers['Content-Type'] = request.contentType;
      let response: Response;
      const described = JSON.stringify(request).slice(0, 400);
      if (request.kind === 'scim') {
        headers.Authorization = `Bearer ${tenant.token}`;
        if (request.ifMatch !== undefined)
          headers['If-Match'] = request.ifMatch.replace(/[^\x20-\x7e]/g, '?');
        const base = request.slug ? `${state.server.url}/scim/v2/${request.slug}` : tenant.base;
        response = await fetch(`${base}${request.path}${request.query}`, {
          method: request.method,
          headers,
          ...(request.body !== undefined && !['GET', 'HEAD'].includes(request.method)
            ? { body: request.body }
            : {}),
        });
      } else {
        headers.Authorization = `Bearer ${apiKey}`;
        response = await fetch(`${state.server.url}/graphql`, {
          method: 'POST',
          headers,
          body: request.body,
        });
      }
      const text = await response.text();
      statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
      expect(response.status, described).toBeLessThan(500);
      // Every refusal says why, in its protocol's error shape.
      if (response.status >= 400 && !(request.kind === 'scim' && request.method === 'HEAD')) {
        const body = JSON.parse(text);
        if (request.kind === 'scim')
          expect(body, described).toMatchObject({
            schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
            status: String(response.status),
          });
        else expect(body.errors?.[0]?.message, described).toEqual(expect.any(String));
      }
      const after = await fingerprint();
      if (response.status >= 400)
        expect(after, `a ${response.status} changed data: ${described}`).toBe(before);
      else if (after !== before) changes++;
    }
    expect((await fetch(`${state.server.url}/healthz`)).status).toBe(200);
    expect((await tenant.scim('GET', '/Users?count=1')).status).toBe(200);
    // Every SCIM request reached the request log, hostile bytes included (nothing lost from a batch).
    await flush();
    const scimRequests = samples.filter((r) => r.kind === 'scim' && r.slug === '').length;
    const { rows } = await db.query('select count(*)::int as n from scim_request_log where tenant_id = $1', [
      tenant.id,
    ]);
    expect(rows[0].n).toBeGreaterThanOrEqual(scimRequests + 1);
    console.log(
      `fuzz (seed ${process.env.FUZZ_SEED ?? 20261129}): ${samples.length} requests, ${changes} changed data (2xx), statuses ${JSON.stringify(Object.fromEntries(statuses))}`,
    );
  });
});
