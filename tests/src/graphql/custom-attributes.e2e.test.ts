import { describe, expect, it } from 'vitest';
import { codeOf, graphql } from '../support/graphql.js';
import { newUserName, PATCH, scimTestServer, USER } from '../support/scim.js';

// Custom attributes through the admin API (issue 18): declared, typed on users, audited per attribute.
const { newTenant, state } = scimTestServer();
const gql = () => graphql(state.server.url);
const ACME = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User';

const declare = `mutation ($input: DeclareCustomAttributeInput!) {
  declareCustomAttribute(input: $input) { id schema name type multiValued uniqueness } }`;
const userQuery = `query ($id: ID!) { user(id: $id) {
  customAttributes { attribute { name type } strings numbers booleans dateTimes }
  history(first: 5) { action changes { attribute before after } } } }`;

async function adminKey() {
  const tenant = await newTenant();
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'ops', role: 'admin' }));
  return { tenant, caller: { bearer: key } };
}

describe('custom attributes over GraphQL', () => {
  it('declared by an admin, provisioned by the IdP, read back typed, changed by name, audited', async () => {
    const { tenant, caller } = await adminKey();
    const call = gql();
    const badge = await call(
      declare,
      { input: { schema: ACME, name: 'badgeNumber', type: 'STRING' } },
      caller,
    );
    expect(badge.errors).toBeUndefined();
    const floor = await call(declare, { input: { schema: ACME, name: 'floor', type: 'INTEGER' } }, caller);
    const hired = await call(
      declare,
      { input: { schema: ACME, name: 'hireDate', type: 'DATE_TIME' } },
      caller,
    );
    expect(hired.data.declareCustomAttribute).toMatchObject({ type: 'DATE_TIME', multiValued: false });
    const taken = await call(
      declare,
      { input: { schema: ACME, name: 'BADGENUMBER', type: 'STRING' } },
      caller,
    );
    expect(codeOf(taken)).toBe('CONFLICT');
    const reserved = await call(
      declare,
      {
        input: {
          schema: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',
          name: 'badge',
          type: 'STRING',
        },
      },
      caller,
    );
    expect(codeOf(reserved)).toBe('VALIDATION');

    // The IdP sends them; the schema version makes the change count at once on a known token.
    const created = await tenant.scim('POST', '/Users', {
      schemas: [USER],
      userName: newUserName('gql'),
      [`${ACME}:badgeNumber`]: 'B-7',
      [`${ACME}:floor`]: '2',
      [`${ACME}:hireDate`]: '2024-01-15T08:00:00Z',
    });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const id = created.body.id as string;
    const read = await call(userQuery, { id }, caller);
    expect(read.data.user.customAttributes).toEqual([
      {
        attribute: { name: 'badgeNumber', type: 'STRING' },
        strings: ['B-7'],
        numbers: null,
        booleans: null,
        dateTimes: null,
      },
      {
        attribute: { name: 'floor', type: 'INTEGER' },
        strings: null,
        numbers: [2],
        booleans: null,
        dateTimes: null,
      },
      {
        attribute: { name: 'hireDate', type: 'DATE_TIME' },
        strings: null,
        numbers: null,
        booleans: null,
        dateTimes: ['2024-01-15T08:00:00.000Z'],
      },
    ]);
    // The create's audit event names each custom attribute (not one opaque set).
    const createEvent = read.data.user.history.find((e: { action: string }) => e.action === 'user.create');
    expect(createEvent.changes).toEqual(
      expect.arrayContaining([{ attribute: `${ACME}:floor`, before: null, after: 2 }]),
    );

    // A console user changed through GraphQL: the listed attribute set, the others kept.
    const consoleUser = await call(
      `mutation ($input: CreateUserInput!) { createUser(input: $input) { id } }`,
      {
        input: {
          userName: newUserName('console'),
          customAttributes: [
            { attributeId: badge.data.declareCustomAttribute.id, values: ['C-1'] },
            { attributeId: floor.data.declareCustomAttribute.id, values: ['5'] },
          ],
        },
      },
      caller,
    );
    expect(consoleUser.errors).toBeUndefined();
    const consoleId = consoleUser.data.createUser.id as string;
    const changed = await call(
      `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id } }`,
      {
        input: {
          id: consoleId,
          customAttributes: [{ attributeId: floor.data.declareCustomAttribute.id, values: ['6'] }],
        },
      },
      caller,
    );
    expect(changed.errors).toBeUndefined();
    const after = await call(userQuery, { id: consoleId }, caller);
    expect(
      after.data.user.customAttributes.map(
        (v: { strings: string[]; numbers: number[] }) => v.strings ?? v.numbers,
      ),
    ).toEqual([['C-1'], [6]]);
    const update = after.data.user.history.find((e: { action: string }) => e.action === 'user.update');
    expect(update.changes).toEqual([{ attribute: `${ACME}:floor`, before: 5, after: 6 }]);
    const wrong = await call(
      `mutation ($input: UpdateUserInput!) { updateUser(input: $input) { id } }`,
      {
        input: {
          id: consoleId,
          customAttributes: [{ attributeId: floor.data.declareCustomAttribute.id, values: ['sixth'] }],
        },
      },
      caller,
    );
    expect(codeOf(wrong)).toBe('VALIDATION');
    expect(wrong.errors![0]!.message).toContain('floor');

    // Removed: the IdP's next PATCH no longer keeps it; the listing says how many values went.
    const removed = await call(
      'mutation ($id: ID!) { removeCustomAttribute(id: $id) { valuesDropped attribute { name } } }',
      { id: badge.data.declareCustomAttribute.id },
      caller,
    );
    expect(removed.data.removeCustomAttribute).toEqual({
      valuesDropped: 2,
      attribute: { name: 'badgeNumber' },
    });
    const patched = await tenant.scim('PATCH', `/Users/${id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: `${ACME}:badgeNumber`, value: 'B-8' }],
    });
    expect(patched.status).toBe(200);
    expect(patched.body[ACME]).toEqual({
      floor: 2,
      hireDate: '2024-01-15T00:00:00.000Z'.replace('00:00', '08:00'),
    });
    const list = await call('{ customAttributes { name } }', {}, caller);
    expect(list.data.customAttributes.map((a: { name: string }) => a.name)).toEqual(['floor', 'hireDate']);
  });
});
