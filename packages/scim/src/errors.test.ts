import { describe, expect, it } from 'vitest';
import { ScimError, invalidFilter, mutability, noTarget, notFound, uniqueness } from './errors.js';

describe(ScimError.name, () => {
  // RFC 7644 §3.12: status is a string; scimType only on the errors Table 9 names.
  it.each([
    [invalidFilter('bad'), { status: '400', scimType: 'invalidFilter' }],
    [noTarget('no match'), { status: '400', scimType: 'noTarget' }],
    [mutability('read-only'), { status: '400', scimType: 'mutability' }],
    [uniqueness('taken'), { status: '409', scimType: 'uniqueness' }],
    [notFound('gone'), { status: '404' }],
  ])('%s has the RFC body', (error, expected) => {
    const body = error.toBody();
    expect(body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      ...expected,
      detail: error.message,
    });
    if (!('scimType' in expected)) expect(body).not.toHaveProperty('scimType');
  });
});
