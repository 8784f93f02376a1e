import { describe, expect, it } from 'vitest';
import { userResourceType } from '../schema/registry.js';
import type { UnknownAttributes } from '../schema/unknown-attributes.js';
import { applyPatch, type ScimResource } from './apply-patch.js';
import { parsePatchOp, type PatchOperation } from './patch-op.js';

const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
const base: ScimResource = {
  schemas: ['urn:ietf:params:scim:schemas:core:2.0:User'],
  id: '0190b2a4-0000-7000-8000-000000000001',
  userName: 'bjensen@example.com',
  name: { givenName: 'Barbara', familyName: 'Jensen' },
  active: true,
  emails: [{ value: 'bjensen@example.com', type: 'work', primary: true }],
  [ENT]: { department: 'Sales', manager: { value: 'm-1' } },
};

type Fixture = {
  ops: PatchOperation[];
  expect?: (result: ScimResource) => void;
  target?: Partial<ScimResource>;
  error?: string;
};

// One row per case, named after the RFC section or the IdP behaviour it comes from.
const fixtures: Record<string, Fixture> = {
  'RFC 7644 §3.5.2.1 add single-valued': {
    ops: [{ op: 'add', path: 'title', value: 'Tour Guide' }],
    target: { title: 'Tour Guide' },
  },
  'RFC 7644 §3.5.2.1 add to multi-valued appends': {
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'b@home.test', type: 'home' }] }],
    target: {
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: true },
        { value: 'b@home.test', type: 'home' },
      ],
    },
  },
  'RFC 7644 §3.5.2.1 add without path merges complex sub-attributes': {
    ops: [{ op: 'add', value: { name: { middleName: 'J' }, nickName: 'Babs' } }],
    target: { name: { givenName: 'Barbara', familyName: 'Jensen', middleName: 'J' }, nickName: 'Babs' },
  },
  'RFC 7644 §3.5.2.2 remove single-valued': {
    ops: [{ op: 'remove', path: 'name.familyName' }],
    target: { name: { givenName: 'Barbara' } },
  },
  'RFC 7644 §3.5.2.2 remove with value filter': {
    ops: [{ op: 'remove', path: 'emails[type eq "work"]' }],
    target: { emails: [] },
  },
  'RFC 7644 §3.5.2.2 remove without path is noTarget': { ops: [{ op: 'remove' }], error: 'noTarget' },
  'RFC 7644 §3.5.2.3 replace multi-valued replaces all': {
    ops: [{ op: 'replace', path: 'emails', value: [{ value: 'new@x.test', type: 'work' }] }],
    target: { emails: [{ value: 'new@x.test', type: 'work' }] },
  },
  'RFC 7644 §3.5.2.3 replace sub-attribute of filtered element': {
    ops: [{ op: 'replace', path: 'emails[type eq "work"].value', value: 'bj@new.test' }],
    target: { emails: [{ value: 'bj@new.test', type: 'work', primary: true }] },
  },
  'RFC 7644 §3.5.2 operations apply in order': {
    ops: [
      { op: 'replace', path: 'title', value: 'A' },
      { op: 'replace', path: 'title', value: 'B' },
    ],
    target: { title: 'B' },
  },
  'RFC 7644 §3.5.2 unknown attribute is invalidPath': {
    ops: [{ op: 'replace', path: 'favouriteColour', value: 'red' }],
    error: 'invalidPath',
  },
  'RFC 7643 §3.5.2 readOnly id with another value is mutability': {
    ops: [{ op: 'replace', path: 'id', value: 'other' }],
    error: 'mutability',
  },
  'RFC 7643 §2.4 one primary: the new one wins': {
    ops: [{ op: 'add', path: 'emails', value: [{ value: 'b@home.test', type: 'home', primary: true }] }],
    target: {
      emails: [
        { value: 'bjensen@example.com', type: 'work', primary: false },
        { value: 'b@home.test', type: 'home', primary: true },
      ],
    },
  },
  'Entra: capitalised op and string boolean "False"': {
    ops: parsePatchOp({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'],
      Operations: [{ op: 'Replace', path: 'active', value: 'False' }],
    }),
    target: { active: false },
  },
  'Entra: Add on a filtered path that does not exist creates the element': {
    ops: [{ op: 'add', path: 'addresses[type eq "work"].formatted', value: '1 Main St' }],
    target: { addresses: [{ type: 'work', formatted: '1 Main St' }] },
  },
  'Entra: Add phoneNumbers[type eq "mobile"].value creates, then Replace updates it': {
    ops: [
      { op: 'add', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 555' },
      { op: 'replace', path: 'phoneNumbers[type eq "mobile"].value', value: '+1 556' },
    ],
    target: { phoneNumbers: [{ type: 'mobile', value: '+1 556' }] },
  },
  'Entra: name.givenName path': {
    ops: [{ op: 'Replace' as 'replace', path: 'name.givenName', value: 'Babs' }],
    target: { name: { givenName: 'Babs', familyName: 'Jensen' } },
  },
  'Entra: manager as a bare id string': {
    ops: [{ op: 'replace', path: `${ENT}:manager`, value: 'm-2' }],
    target: { [ENT]: { department: 'Sales', manager: { value: 'm-2' } } },
  },
  'Entra: manager "" clears it': {
    ops: [{ op: 'replace', path: `${ENT}:manager`, value: '' }],
    target: { [ENT]: { department: 'Sales' } },
  },
  'Entra: manager null clears it': {
    ops: [{ op: 'add', path: `${ENT}:manager`, value: null }],
    target: { [ENT]: { department: 'Sales' } },
  },
  'Entra: enterprise attribute by URN path': {
    ops: [{ op: 'replace', path: `${ENT}:employeeNumber`, value: '42' }],
    target: { [ENT]: { department: 'Sales', manager: { value: 'm-1' }, employeeNumber: '42' } },
  },
  'Entra: roles as a JSON-encoded string': {
    ops: [
      {
        op: 'add',
        path: 'roles',
        value: '[{"primary":true,"type":"WindowsAzureActiveDirectoryRole","value":"Admin"}]',
      },
    ],
    target: { roles: [{ primary: true, type: 'WindowsAzureActiveDirectoryRole', value: 'Admin' }] },
  },
  'Entra aadOptscim062020: path-less value keys are paths, never literal keys': {
    ops: [
      {
        op: 'replace',
        value: {
          'name.givenName': 'B',
          'name.familyName': 'J',
          active: false,
          [`${ENT}:department`]: 'Ops',
          'emails[type eq "work"].value': 'b@j.test',
        },
      },
    ],
    expect: (r) => {
      expect(r.name).toEqual({ givenName: 'B', familyName: 'J' });
      expect(r.active).toBe(false);
      expect((r[ENT] as Record<string, unknown>).department).toBe('Ops');
      expect(r.emails).toEqual([{ value: 'b@j.test', type: 'work', primary: true }]);
      expect(Object.keys(r).filter((k) => !k.startsWith('urn:') && k.includes('.'))).toEqual([]);
    },
  },
  'Okta: path-less replace {active: false}': {
    ops: [{ op: 'replace', value: { active: false } }],
    target: { active: false },
  },
  'Okta: path-less replace echoing the same id is accepted': {
    ops: [{ op: 'replace', value: { id: base.id, title: 'X' } }],
    target: { title: 'X' },
  },
  'extension object nested under its URN in a path-less add': {
    ops: [{ op: 'add', value: { [ENT]: { costCenter: 'CC1' } } }],
    target: { [ENT]: { department: 'Sales', manager: { value: 'm-1' }, costCenter: 'CC1' } },
  },
  'a boolean that is not one is invalidValue': {
    ops: [{ op: 'replace', path: 'active', value: 'maybe' }],
    error: 'invalidValue',
  },
  'a bare string for a list of complex values is invalidValue (not guessed into one)': {
    ops: [{ op: 'replace', path: 'emails', value: 'x@example.com' }],
    error: 'invalidValue',
  },
  'a number for a string attribute is its text (deliberate: Okta number-typed profile attributes)': {
    ops: [{ op: 'replace', path: `${ENT}:employeeNumber`, value: 42 }],
    target: { [ENT]: { department: 'Sales', manager: { value: 'm-1' }, employeeNumber: '42' } },
  },
  'unknown sub-attribute is invalidValue': {
    ops: [{ op: 'replace', path: 'name', value: { nick: 'x' } }],
    error: 'invalidValue',
  },
  'a filtered replace with a non-eq filter and no match is noTarget': {
    ops: [{ op: 'replace', path: 'emails[value co "zzz"].value', value: 'x' }],
    error: 'noTarget',
  },
  'removing what is not there is a no-op': {
    ops: [{ op: 'remove', path: 'phoneNumbers[type eq "fax"]' }],
    target: { phoneNumbers: [] },
  },
  'a value filter on a single-valued attribute is invalidPath': {
    ops: [{ op: 'replace', path: 'name[givenName eq "x"].familyName', value: 'y' }],
    error: 'invalidPath',
  },
};

describe(applyPatch.name, () => {
  it.each(Object.entries(fixtures))('%s', (_name, fixture) => {
    if (fixture.error) {
      expect(() => applyPatch(base, fixture.ops, userResourceType)).toThrow(
        expect.objectContaining({ scimType: fixture.error }),
      );
      return;
    }
    const result = applyPatch(base, fixture.ops, userResourceType);
    if (fixture.target) expect(result).toEqual({ ...base, ...fixture.target });
    fixture.expect?.(result);
  });

  it('is atomic and pure: a failing operation leaves the input untouched', () => {
    const before = structuredClone(base);
    expect(() =>
      applyPatch(
        base,
        [
          { op: 'replace', path: 'title', value: 'A' },
          { op: 'replace', path: 'nope', value: 1 },
        ],
        userResourceType,
      ),
    ).toThrow();
    expect(base).toEqual(before);
  });
});

const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';

// Lenient (a tenant's default, RFC 7643 §2): what the schema lacks is skipped and named; the rest applies.
const lenient: Record<string, { ops: PatchOperation[]; target: Partial<ScimResource>; ignored: string[] }> = {
  'Entra: an undeclared extension attribute by path, next to a known one': {
    ops: [
      { op: 'add', path: `${ACME}:badgeNumber`, value: '42' },
      { op: 'replace', path: 'title', value: 'Kept' },
    ],
    target: { title: 'Kept' },
    ignored: [`${ACME}:badgeNumber`],
  },
  'a misspelt attribute by path': {
    ops: [{ op: 'replace', path: 'adreses', value: [{ formatted: 'x' }] }],
    target: {},
    ignored: ['adreses'],
  },
  'path-less: an unknown key, an undeclared extension object, and a known key': {
    ops: [{ op: 'replace', value: { favoriteColor: 'red', [ACME]: { badgeNumber: '7' }, nickName: 'B' } }],
    target: { nickName: 'B' },
    ignored: ['favoriteColor', `${ACME}:badgeNumber`],
  },
  'an unknown sub-attribute inside a known complex value': {
    ops: [{ op: 'replace', path: 'name', value: { givenName: 'Babs', nick: 'x' } }],
    target: { name: { givenName: 'Babs', familyName: 'Jensen' } },
    ignored: ['name.nick'],
  },
  'an unknown sub-attribute after a value filter': {
    ops: [{ op: 'replace', path: 'emails[type eq "work"].label', value: 'x' }],
    target: {},
    ignored: ['emails.label'],
  },
  'Entra: manager as an array of one with $ref': {
    ops: [{ op: 'replace', path: `${ENT}:manager`, value: [{ $ref: '../Users/m-2', value: 'm-2' }] }],
    target: { [ENT]: { department: 'Sales', manager: { value: 'm-2', $ref: '../Users/m-2' } } },
    ignored: [],
  },
};

/** The lenient policy, remembering what it ignored. */
const ignoring = () => {
  const names: string[] = [];
  return {
    strict: false,
    ignore: (path: string) => void names.push(path),
    names,
  } satisfies UnknownAttributes & {
    names: string[];
  };
};

describe(`${applyPatch.name}, ignoring unknown attributes`, () => {
  it.each(Object.entries(lenient))('%s', (_name, fixture) => {
    const unknown = ignoring();
    expect(applyPatch(base, fixture.ops, userResourceType, unknown)).toEqual({ ...base, ...fixture.target });
    expect(unknown.names).toEqual(fixture.ignored);
  });

  it('still refuses what the RFCs refuse: a wrong type for a known attribute, changing id, bad syntax', () => {
    for (const [op, scimType] of [
      [{ op: 'replace', path: 'active', value: 'maybe' }, 'invalidValue'],
      [{ op: 'replace', path: 'id', value: 'other' }, 'mutability'],
      [{ op: 'replace', path: 'emails[type eq', value: 'x' }, 'invalidPath'],
      [{ op: 'replace', path: 'name[givenName eq "x"].familyName', value: 'y' }, 'invalidPath'],
    ] as const)
      expect(() => applyPatch(base, [op], userResourceType, ignoring())).toThrow(
        expect.objectContaining({ scimType }),
      );
  });
});

describe(parsePatchOp.name, () => {
  it.each([
    ['not an object', [], 'invalidSyntax'],
    ['no Operations', { schemas: ['urn:ietf:params:scim:api:messages:2.0:PatchOp'] }, 'invalidSyntax'],
    ['unknown op', { Operations: [{ op: 'move', path: 'x' }] }, 'invalidSyntax'],
    ['add without value', { Operations: [{ op: 'add', path: 'title' }] }, 'invalidSyntax'],
    ['wrong schema', { schemas: ['urn:x'], Operations: [{ op: 'remove', path: 'title' }] }, 'invalidSyntax'],
    [
      'too many',
      { Operations: Array.from({ length: 3 }, () => ({ op: 'remove', path: 'title' })) },
      'tooMany',
    ],
  ])('%s → %s', (_name, body, scimType) => {
    expect(() => parsePatchOp(body, { maxOperations: 2 })).toThrow(expect.objectContaining({ scimType }));
  });
});

// A tenant's extension with a multi-valued attribute of simple values (custom attributes, issue 18).
const SKILLS = 'urn:ietf:params:scim:schemas:extension:Skills:2.0:User';
const withSkills = {
  ...userResourceType,
  extensions: [
    ...userResourceType.extensions,
    {
      id: SKILLS,
      name: 'Skills',
      description: '',
      attributes: [
        {
          ...userResourceType.schema.attributes[0]!,
          name: 'skills',
          type: 'string',
          multiValued: true,
          uniqueness: 'none',
          required: false,
        },
      ],
    },
  ],
} as typeof userResourceType;
const skilled: ScimResource = { ...base, [SKILLS]: { skills: ['go', 'sql', 'rust'] } };

describe(`${applyPatch.name}, value filters on simple multi-valued attributes`, () => {
  it.each([
    ['remove the values matched', { op: 'remove', path: `${SKILLS}:skills[value eq "sql"]` }, ['go', 'rust']],
    ['remove with any operator', { op: 'remove', path: `${SKILLS}:skills[value sw "r"]` }, ['go', 'sql']],
    [
      'case-insensitive as the attribute is',
      { op: 'remove', path: `${SKILLS}:skills[value eq "GO"]` },
      ['sql', 'rust'],
    ],
    [
      'replace a matched value',
      { op: 'replace', path: `${SKILLS}:skills[value eq "sql"]`, value: 'postgres' },
      ['go', 'rust', 'postgres'],
    ],
    [
      'add what the eq filter names when absent',
      { op: 'add', path: `${SKILLS}:skills[value eq "zig"]`, value: 'zig' },
      ['go', 'sql', 'rust', 'zig'],
    ],
    [
      'removing what is not there is a no-op',
      { op: 'remove', path: `${SKILLS}:skills[value eq "cobol"]` },
      ['go', 'sql', 'rust'],
    ],
  ] as [string, PatchOperation, string[]][])('%s', (_name, op, skills) => {
    expect((applyPatch(skilled, [op], withSkills)[SKILLS] as { skills: string[] }).skills).toEqual(skills);
  });

  it('a replace with a non-eq filter and no match is noTarget', () => {
    expect(() =>
      applyPatch(
        skilled,
        [{ op: 'replace', path: `${SKILLS}:skills[value co "zz"]`, value: 'x' }],
        withSkills,
      ),
    ).toThrow(expect.objectContaining({ scimType: 'noTarget' }));
  });
});
