import { describe, expect, it } from 'vitest';
import { userResourceType } from '../schema/registry.js';
import { project, parseProjection, wants } from './project.js';
import { groupResourceType } from '../schema/registry.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const user = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User', ENT],
  id: 'u1',
  userName: 'bjensen',
  password: 'secret',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  emails: [{ value: 'b@x.test', type: 'work' }],
  meta: { resourceType: 'User', version: 'W/"1"' },
  [ENT]: { department: 'Sales', costCenter: 'CC' },
};

const cases: [string, string, object][] = [
  [
    'RFC 7643 §4.1.1 password is never returned',
    '',
    {
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
      name: user.name,
      emails: user.emails,
      meta: user.meta,
      [ENT]: user[ENT],
    },
  ],
  [
    'RFC 7644 §3.9 attributes: only those, plus id and schemas',
    'attributes=userName',
    { schemas: user.schemas, id: 'u1', userName: 'bjensen' },
  ],
  [
    'attributes names are case-insensitive; sub-attributes select part of a complex value',
    'attributes=USERNAME,name.givenName',
    { schemas: user.schemas, id: 'u1', userName: 'bjensen', name: { givenName: 'Barbara' } },
  ],
  [
    'attributes with an extension attribute by URN',
    `attributes=${ENT}:department`,
    { schemas: user.schemas, id: 'u1', [ENT]: { department: 'Sales' } },
  ],
  [
    'excludedAttributes removes those; id stays',
    'excludedAttributes=emails,id,name.familyName',
    {
      schemas: user.schemas,
      id: 'u1',
      userName: 'bjensen',
      name: { givenName: 'Barbara' },
      meta: user.meta,
      [ENT]: user[ENT],
    },
  ],
  [
    'password cannot be asked for',
    'attributes=password,userName',
    { schemas: user.schemas, id: 'u1', userName: 'bjensen' },
  ],
];

describe(project.name, () => {
  it.each(cases)('%s', (_name, query, expected) => {
    expect(
      project(user, userResourceType, parseProjection(Object.fromEntries(new URLSearchParams(query)))),
    ).toEqual(expected);
  });

  it('tells whether members are wanted, so a 100,000-member group need not load them', () => {
    expect(wants({ excludedAttributes: ['members'] }, groupResourceType, 'members')).toBe(false);
    expect(wants({ attributes: ['displayName'] }, groupResourceType, 'members')).toBe(false);
    expect(wants({ attributes: ['members.value'] }, groupResourceType, 'members')).toBe(true);
    expect(wants({}, groupResourceType, 'members')).toBe(true);
  });
});
