import { describe, expect, it } from 'vitest';
import type { FilterNode } from './filter-node.js';
import { parseFilter } from './parse-filter.js';

const cmp = (attr: string, op: string, value: unknown, extra: object = {}) => ({
  kind: 'compare',
  path: { attr, ...extra },
  op,
  value,
});

// One row per case: filter text → tree, named after the RFC 7644 §3.4.2.2 example or IdP behaviour.
const cases: [string, string, FilterNode | object][] = [
  ['§3.4.2.2 eq', 'userName eq "bjensen"', cmp('userName', 'eq', 'bjensen')],
  ['§3.4.2.2 operators are case-insensitive', 'userName EQ "bjensen"', cmp('userName', 'eq', 'bjensen')],
  [
    '§3.4.2.2 sub-attribute co',
    'name.familyName co "O\'Malley"',
    cmp('name', 'co', "O'Malley", { sub: 'familyName' }),
  ],
  ['§3.4.2.2 sw', 'userName sw "J"', cmp('userName', 'sw', 'J')],
  [
    '§3.4.2.2 URN attribute',
    'urn:ietf:params:scim:schemas:core:2.0:User:userName sw "J"',
    cmp('userName', 'sw', 'J', { uri: 'urn:ietf:params:scim:schemas:core:2.0:User' }),
  ],
  ['§3.4.2.2 pr', 'title pr', { kind: 'present', path: { attr: 'title' } }],
  [
    '§3.4.2.2 gt dateTime',
    'meta.lastModified gt "2011-05-13T04:42:34Z"',
    cmp('meta', 'gt', '2011-05-13T04:42:34Z', { sub: 'lastModified' }),
  ],
  [
    '§3.4.2.2 and',
    'title pr and userType eq "Employee"',
    {
      kind: 'and',
      left: { kind: 'present', path: { attr: 'title' } },
      right: cmp('userType', 'eq', 'Employee'),
    },
  ],
  [
    '§3.4.2.2 and binds tighter than or',
    'a eq 1 or b eq 2 and c eq 3',
    {
      kind: 'or',
      left: cmp('a', 'eq', 1),
      right: { kind: 'and', left: cmp('b', 'eq', 2), right: cmp('c', 'eq', 3) },
    },
  ],
  [
    '§3.4.2.2 parentheses',
    '(a eq 1 or b eq 2) and c eq 3',
    {
      kind: 'and',
      left: { kind: 'or', left: cmp('a', 'eq', 1), right: cmp('b', 'eq', 2) },
      right: cmp('c', 'eq', 3),
    },
  ],
  ['§3.4.2.2 not', 'not (userType eq "Intern")', { kind: 'not', filter: cmp('userType', 'eq', 'Intern') }],
  [
    '§3.4.2.2 booleans and null',
    'active eq true and title eq null',
    { kind: 'and', left: cmp('active', 'eq', true), right: cmp('title', 'eq', null) },
  ],
  [
    '§3.4.2.2 value filter',
    'emails[type eq "work" and value co "@example.com"]',
    {
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'co', '@example.com') },
    },
  ],
  [
    'JSON escapes in strings',
    'displayName eq "a \\"quoted\\" \\u00e9"',
    cmp('displayName', 'eq', 'a "quoted" é'),
  ],
  [
    'Entra: emails[type eq "work"].value eq',
    'emails[type eq "work"].value eq "a@x.com"',
    {
      kind: 'valuePath',
      path: { attr: 'emails' },
      filter: { kind: 'and', left: cmp('type', 'eq', 'work'), right: cmp('value', 'eq', 'a@x.com') },
    },
  ],
  ['Entra: unquoted value', 'userName eq john@contoso.com', cmp('userName', 'eq', 'john@contoso.com')],
  [
    'Entra: GUID test-connection filter',
    'userName eq "0a2d7f5c-4b1e-4e8f-9c3a-1f2e3d4c5b6a"',
    cmp('userName', 'eq', '0a2d7f5c-4b1e-4e8f-9c3a-1f2e3d4c5b6a'),
  ],
  [
    'Entra: externalId and userName',
    'externalId eq "e1" and userName eq "u1"',
    { kind: 'and', left: cmp('externalId', 'eq', 'e1'), right: cmp('userName', 'eq', 'u1') },
  ],
  ['numbers', 'x ge -1.5e2', cmp('x', 'ge', -150)],
];

describe(parseFilter.name, () => {
  it.each(cases)('%s', (_name, text, tree) => {
    expect(parseFilter(text)).toEqual(tree);
  });

  const invalid: [string, string][] = [
    ['empty', ''],
    ['unknown operator', 'userName like "x"'],
    ['missing value', 'userName eq'],
    ['dangling and', 'userName eq "a" and'],
    ['unbalanced parenthesis', '(userName eq "a"'],
    ['unterminated string', 'userName eq "abc'],
    ['not without parenthesis', 'not userName eq "a"'],
    ['bad escape', 'userName eq "a\\q"'],
    ['value filter after sub-attribute', 'name.givenName[value eq "x"]'],
    ['trailing garbage', 'userName eq "a" )'],
    ['keyword as value', 'userName eq and'],
    ['too deep', `${'('.repeat(20)}a eq 1${')'.repeat(20)}`],
  ];
  it.each(invalid)('%s → invalidFilter', (_name, text) => {
    expect(() => parseFilter(text)).toThrow(
      expect.objectContaining({ status: 400, scimType: 'invalidFilter' }),
    );
  });
});
