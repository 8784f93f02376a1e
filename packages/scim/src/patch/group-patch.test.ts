import { describe, expect, it } from 'vitest';
import { planGroupPatch } from './group-patch.js';
import type { PatchOperation } from './patch-op.js';

const cases: [string, PatchOperation[], ReturnType<typeof planGroupPatch> | string][] = [
  [
    'Entra: Add members in a batch',
    [{ op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] }],
    { attributeOps: [], members: { replace: null, add: ['a', 'b'], remove: [] } },
  ],
  [
    'Entra: Remove members with a value list removes only those',
    [{ op: 'remove', path: 'members', value: [{ value: 'a' }] }],
    { attributeOps: [], members: { replace: null, add: [], remove: ['a'] } },
  ],
  [
    'Entra aadOptscim062020: remove members[value eq "id"]',
    [{ op: 'remove', path: 'members[value eq "a"]' }],
    { attributeOps: [], members: { replace: null, add: [], remove: ['a'] } },
  ],
  [
    'Okta: remove members[value eq] + add members in one PATCH keeps the re-added member',
    [
      { op: 'remove', path: 'members[value eq "a"]' },
      { op: 'add', path: 'members', value: [{ value: 'a' }, { value: 'b' }] },
    ],
    { attributeOps: [], members: { replace: null, add: ['a', 'b'], remove: [] } },
  ],
  [
    'Okta: replace members []',
    [{ op: 'replace', path: 'members', value: [] }],
    { attributeOps: [], members: { replace: [], add: [], remove: [] } },
  ],
  [
    'Okta: replace members then add',
    [
      { op: 'replace', path: 'members', value: [{ value: 'a' }] },
      { op: 'add', path: 'members', value: [{ value: 'b' }] },
    ],
    { attributeOps: [], members: { replace: ['a', 'b'], add: [], remove: [] } },
  ],
  [
    'Okta: path-less rename {id, displayName} never touches members',
    [{ op: 'replace', value: { id: 'g1', displayName: 'New' } }],
    { attributeOps: [{ op: 'replace', value: { id: 'g1', displayName: 'New' } }], members: null },
  ],
  [
    'RFC 7644 §3.5.2.2 remove members (all)',
    [{ op: 'remove', path: 'members' }],
    { attributeOps: [], members: { replace: [], add: [], remove: [] } },
  ],
  [
    'path-less add with members',
    [{ op: 'add', value: { members: [{ value: 'a' }], displayName: 'X' } }],
    {
      attributeOps: [{ op: 'add', value: { displayName: 'X' } }],
      members: { replace: null, add: ['a'], remove: [] },
    },
  ],
  [
    'member filters other than value eq are refused',
    [{ op: 'remove', path: 'members[display eq "x"]' }],
    'invalidPath',
  ],
  [
    'a member without a value is refused',
    [{ op: 'add', path: 'members', value: [{ display: 'x' }] }],
    'invalidValue',
  ],
];

describe(planGroupPatch.name, () => {
  it.each(cases)('%s', (_name, ops, expected) => {
    if (typeof expected === 'string')
      expect(() => planGroupPatch(ops)).toThrow(expect.objectContaining({ scimType: expected }));
    else expect(planGroupPatch(ops)).toEqual(expected);
  });
});
