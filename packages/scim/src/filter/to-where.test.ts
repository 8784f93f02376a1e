import { describe, expect, it } from 'vitest';
import { userResourceType } from '../schema/registry.js';
import { parseFilter } from './parse-filter.js';
import { toWhere, type FilterTarget } from './to-where.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const target: FilterTarget = {
  resourceType: userResourceType,
  fields: {
    id: { kind: 'scalar', field: 'id', type: 'uuid', caseExact: true },
    userName: {
      kind: 'scalar',
      field: 'userName',
      type: 'string',
      caseExact: false,
      keyField: 'userNameKey',
    },
    externalId: { kind: 'scalar', field: 'externalId', type: 'string', caseExact: true },
    displayName: { kind: 'scalar', field: 'displayName', type: 'string', caseExact: false },
    active: { kind: 'scalar', field: 'active', type: 'boolean', caseExact: false },
    'meta.created': { kind: 'scalar', field: 'createdAt', type: 'dateTime', caseExact: false },
    [`${ENT}:department`]: { kind: 'scalar', field: 'department', type: 'string', caseExact: false },
    emails: {
      kind: 'elements',
      field: 'emails',
      subAttributes: {
        value: { type: 'string', caseExact: false },
        type: { type: 'string', caseExact: false },
        primary: { type: 'boolean', caseExact: false },
      },
    },
  },
};

const cases: [string, string, object][] = [
  [
    'userName eq uses the indexed lower-cased key',
    'USERNAME eq "BJensen@X.com"',
    { userNameKey: 'bjensen@x.com' },
  ],
  ['caseExact externalId eq is exact', 'externalId eq "AbC"', { externalId: 'AbC' }],
  [
    'case-insensitive co escapes LIKE wildcards',
    'displayName co "50%_off"',
    { displayName: { $ilike: '%50\\%\\_off%' } },
  ],
  [
    'sw / ew',
    'displayName sw "a" or displayName ew "z"',
    { $or: [{ displayName: { $ilike: 'a%' } }, { displayName: { $ilike: '%z' } }] },
  ],
  [
    'ne includes missing values',
    'externalId ne "x"',
    { $or: [{ externalId: { $ne: 'x' } }, { externalId: null }] },
  ],
  [
    'pr on a string',
    'displayName pr',
    { $and: [{ displayName: { $ne: null } }, { displayName: { $ne: '' } }] },
  ],
  ['boolean, also as a string', 'active eq "True"', { active: true }],
  [
    'dateTime gt',
    'meta.created gt "2020-01-01T00:00:00Z"',
    { createdAt: { $gt: new Date('2020-01-01T00:00:00Z') } },
  ],
  ['enterprise attribute without its URN', 'department eq "Sales"', { department: { $ilike: 'Sales' } }],
  ['not', 'not (active eq false)', { $not: { active: false } }],
  ['id that is not a UUID matches nothing', 'id eq "00919288221112222"', { id: { $in: [] } }],
  [
    'multi-valued sub-attribute',
    'emails.value eq "a@x.test"',
    { emails: { $some: { value: { $ilike: 'a@x.test' } } } },
  ],
  [
    'value filter',
    'emails[type eq "work" and value co "@x"]',
    { emails: { $some: { $and: [{ type: { $ilike: 'work' } }, { value: { $ilike: '%@x%' } }] } } },
  ],
];

describe(toWhere.name, () => {
  it.each(cases)('%s', (_name, filter, where) => expect(toWhere(parseFilter(filter), target)).toEqual(where));

  it.each([
    ['unknown attribute', 'favouriteColour eq "red"'],
    ['attribute without a mapping', 'nickName eq "x"'],
    ['wrong type', 'active eq "yes"'],
    ['co on a boolean', 'active co "t"'],
    ['gt on a boolean', 'active gt true'],
    ['bad date', 'meta.created gt "yesterday"'],
    ['value filter on a single-valued attribute', 'displayName[value eq "x"]'],
    ['unknown sub-attribute in a value filter', 'emails[kind eq "work"]'],
    ['ordering with null', 'displayName gt null'],
  ])('%s → invalidFilter', (_name, filter) => {
    expect(() => toWhere(parseFilter(filter), target)).toThrow(
      expect.objectContaining({ scimType: 'invalidFilter' }),
    );
  });
});
