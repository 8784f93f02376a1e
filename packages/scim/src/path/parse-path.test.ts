import { describe, expect, it } from 'vitest';
import { parsePath } from './parse-path.js';

const cases: [string, string, object][] = [
  ['§3.5.2 attribute', 'displayName', { path: { attr: 'displayName' } }],
  ['§3.5.2 sub-attribute', 'name.givenName', { path: { attr: 'name', sub: 'givenName' } }],
  [
    '§3.5.2 value filter',
    'members[value eq "2819c223"]',
    {
      path: { attr: 'members' },
      filter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: '2819c223' },
    },
  ],
  [
    '§3.5.2 value filter + sub-attribute',
    'emails[type eq "work"].value',
    {
      path: { attr: 'emails' },
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
      subAfterFilter: 'value',
    },
  ],
  [
    'Entra: enterprise manager by URN',
    'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager',
    { path: { uri: 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User', attr: 'manager' } },
  ],
  [
    'Entra: addresses[type eq "work"].formatted',
    'addresses[type eq "work"].formatted',
    {
      path: { attr: 'addresses' },
      filter: { kind: 'compare', path: { attr: 'type' }, op: 'eq', value: 'work' },
      subAfterFilter: 'formatted',
    },
  ],
  [
    'quoted bracket inside the filter',
    'emails[value eq "a]b"]',
    {
      path: { attr: 'emails' },
      filter: { kind: 'compare', path: { attr: 'value' }, op: 'eq', value: 'a]b' },
    },
  ],
];

describe(parsePath.name, () => {
  it.each(cases)('%s', (_name, text, expected) => expect(parsePath(text)).toEqual(expected));

  it.each([
    ['emails[type eq "work"'],
    ['emails[type eq]'],
    ['emails[type eq "work"]value'],
    ['name.givenName[value eq "x"]'],
    ['bad path!'],
  ])('%s → invalidPath', (text) =>
    expect(() => parsePath(text)).toThrow(expect.objectContaining({ status: 400, scimType: 'invalidPath' })),
  );
});
