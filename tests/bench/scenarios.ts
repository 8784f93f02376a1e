import { randomUUID } from 'node:crypto';
import type { RequestSpec } from './load.js';
import type { SeededTenant } from './seed.js';

const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface Scenario {
  name: string;
  /** Scenarios measured at both sizes, for the growth ratios. */
  growth?: boolean;
  /** Where the requests go: the tenant's SCIM base (the default) or `/graphql` with an API key. */
  endpoint?: 'scim' | 'graphql';
  expect: (status: number) => boolean;
  next: (t: SeededTenant, worker: number, i: number) => RequestSpec;
  /** Measured while the pruner deletes old request-log lines throughout (issue 19): see run.ts. */
  pruning?: boolean;
}

const pick = <T>(list: T[], n: number) => list[n % list.length]!;
const ok = (status: number) => status === 200;
const filter = (expr: string) => `?filter=${encodeURIComponent(expr)}`;
const userNo = (t: SeededTenant, w: number, i: number) => 1 + ((w * 7919 + i * 104729) % t.users);

/** Entra's create: enterprise extension, work email. */
const entraUser = () => {
  const name = `new-${randomUUID()}@bench.test`;
  return {
    schemas: [USER, ENT],
    externalId: randomUUID(),
    userName: name,
    active: true,
    displayName: 'New Hire',
    emails: [{ primary: true, type: 'work', value: name }],
    name: { formatted: 'New Hire', familyName: 'Hire', givenName: 'New' },
    [ENT]: { employeeNumber: '1001', department: 'Engineering' },
  };
};

/** A GraphQL page (its `users` field ordered by creation, 50 per page) at a cursor. */
const graphqlPage = (name: string, query: string): Scenario => ({
  name,
  endpoint: 'graphql',
  expect: ok,
  next: (t, w, i) => ({
    method: 'POST',
    path: '/graphql',
    body: { query, variables: { first: 50, after: pick(t.pageCursors, w * 13 + i) } },
  }),
});

const userRow =
  'id userName displayName givenName familyName title active origin managedBy emails { value type primary }';

/** Add or remove one member of the big group (Entra's shape: a value list). */
const oneMember = (op: 'Add' | 'Remove'): Scenario => ({
  name: `${op === 'Add' ? 'add' : 'remove'} one member (big group)`,
  growth: true,
  expect: (s) => s === 204,
  next: (t, w, i) => ({
    method: 'PATCH',
    path: `/Groups/${t.bigGroup.id}`,
    body: {
      schemas: [PATCH],
      Operations: [{ op, path: 'members', value: [{ value: pick(t.outsiders, w * 1009 + i) }] }],
    },
  }),
});

export const scenarios: Scenario[] = [
  {
    name: 'create user (POST, Entra body)',
    expect: (s) => s === 201,
    next: () => ({ method: 'POST', path: '/Users', body: entraUser() }),
  },
  {
    name: 'filter userName eq',
    growth: true,
    expect: ok,
    next: (t, w, i) => ({
      method: 'GET',
      path: `/Users${filter(`userName eq "user-${userNo(t, w, i)}@${t.slug}.test"`)}`,
    }),
  },
  {
    name: 'filter externalId eq',
    growth: true,
    expect: ok,
    next: (t, w, i) => ({ method: 'GET', path: `/Users${filter(`externalId eq "ext-${userNo(t, w, i)}"`)}` }),
  },
  {
    name: 'filter work email eq',
    growth: true,
    expect: ok,
    next: (t, w, i) => ({
      method: 'GET',
      path: `/Users${filter(`emails[type eq "work"].value eq "user-${userNo(t, w, i)}@${t.slug}.test"`)}`,
    }),
  },
  {
    // A tenant's own attribute (issue 18), Entra's flat path; compare with `filter userName eq`.
    name: 'filter custom attribute eq',
    growth: true,
    expect: ok,
    next: (t, w, i) => ({
      method: 'GET',
      path: `/Users${filter(`${t.badge.schema}:${t.badge.name} eq "badge-${userNo(t, w, i)}"`)}`,
    }),
  },
  {
    name: 'PATCH replace (Entra)',
    expect: ok,
    next: (t, w, i) => ({
      method: 'PATCH',
      path: `/Users/${pick(t.sampleIds, w * 131 + i)}`,
      body: {
        schemas: [PATCH],
        Operations: [
          { op: 'Replace', path: 'displayName', value: `Name ${i}` },
          { op: 'Replace', path: 'name.givenName', value: `Given ${i}` },
        ],
      },
    }),
  },
  {
    name: 'PUT (Okta)',
    expect: ok,
    next: (t, w, i) => {
      const n = userNo(t, w, i);
      return {
        method: 'PUT',
        path: `/Users/${pick(t.sampleIds, w * 137 + i)}`,
        body: {
          schemas: [USER],
          userName: `put-${w}-${i}-${randomUUID()}@${t.slug}.test`,
          externalId: `okta-${n}`,
          name: { givenName: 'Okta', familyName: `User ${n}` },
          displayName: `Okta User ${n}`,
          title: 'Engineer',
          active: true,
          emails: [{ value: `okta-${n}@${t.slug}.test`, type: 'work', primary: true }],
          groups: [],
        },
      };
    },
  },
  {
    name: 'GET user by id',
    growth: true,
    expect: ok,
    next: (t, w, i) => ({ method: 'GET', path: `/Users/${pick(t.sampleIds, w * 17 + i)}` }),
  },
  {
    name: 'first page (startIndex=1, count=100)',
    expect: ok,
    next: () => ({ method: 'GET', path: '/Users?startIndex=1&count=100' }),
  },
  {
    name: 'deep page (startIndex near the end)',
    expect: ok,
    next: (t) => ({ method: 'GET', path: `/Users?startIndex=${Math.max(1, t.users - 150)}&count=100` }),
  },
  {
    name: 'first page (cursor, count=100)',
    expect: ok,
    next: () => ({ method: 'GET', path: '/Users?cursor=&count=100' }),
  },
  {
    name: 'deep page (cursor near the end)',
    expect: ok,
    next: (t) => ({ method: 'GET', path: `/Users?cursor=${t.deepCursor}&count=100` }),
  },
  oneMember('Add'),
  oneMember('Remove'),
  {
    name: 'add 1,000 members in one PATCH',
    expect: (s) => s === 204,
    next: (t, w, i) => {
      const start = ((w * 7 + i) * 1000) % Math.max(1, t.outsiders.length);
      const ids = Array.from({ length: Math.min(1000, t.outsiders.length) }, (_, k) =>
        pick(t.outsiders, start + k),
      );
      return {
        method: 'PATCH',
        path: `/Groups/${t.bigGroup.id}`,
        body: {
          schemas: [PATCH],
          Operations: [{ op: 'Add', path: 'members', value: ids.map((value) => ({ value })) }],
        },
      };
    },
  },
  {
    name: 'GET group excludedAttributes=members',
    expect: ok,
    next: (t) => ({ method: 'GET', path: `/Groups/${t.bigGroup.id}?excludedAttributes=members` }),
  },
  graphqlPage(
    'GraphQL users page (50, with groups)',
    `query ($first: Int, $after: String) { users(first: $first, after: $after) {
       totalCount nodes { ${userRow} groups { id displayName } } pageInfo { endCursor hasNextPage } } }`,
  ),
  // The console's Users page: its query as the console sends it (UsersPage in apps/console).
  graphqlPage(
    "console's Users page (GraphQL UsersPage)",
    `query ($first: Int, $after: String) { users(first: $first, after: $after) {
       totalCount nodes { ${userRow} } pageInfo { endCursor hasNextPage } }
     scimSettings { provider } }`,
  ),
];

/** A scenario again, with pruning running (issue 19: pruning must not slow the hot path). */
const whilePruning = (name: string): Scenario => ({
  ...scenarios.find((s) => s.name === name)!,
  name: `${name}, pruning running`,
  growth: false,
  pruning: true,
});
scenarios.push(whilePruning('PATCH replace (Entra)'), whilePruning('filter userName eq'));
