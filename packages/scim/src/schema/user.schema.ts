import { attribute, multiValued, type Schema } from './attribute.js';

export const userSchemaId = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const enterpriseUserSchemaId = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';

/** RFC 7643 §4.1: the core User schema. */
export const userSchema: Schema = {
  id: userSchemaId,
  name: 'User',
  description: 'User Account',
  attributes: [
    attribute('userName', 'string', {
      required: true,
      uniqueness: 'server',
      description:
        'Unique identifier for the User, used to authenticate (login ID); unique per tenant, case-insensitively.',
    }),
    attribute('name', 'complex', {
      description: "The components of the user's real name.",
      subAttributes: [
        attribute('formatted', 'string', { description: 'The full name, formatted for display.' }),
        attribute('familyName', 'string', { description: 'The family name.' }),
        attribute('givenName', 'string', { description: 'The given name.' }),
        attribute('middleName', 'string', { description: 'The middle name(s).' }),
        attribute('honorificPrefix', 'string', { description: 'The honorific prefix(es), e.g. "Ms.".' }),
        attribute('honorificSuffix', 'string', { description: 'The honorific suffix(es), e.g. "III".' }),
      ],
    }),
    attribute('displayName', 'string', { description: 'The name of the User, suitable for display.' }),
    attribute('nickName', 'string', { description: 'The casual way to address the user.' }),
    attribute('profileUrl', 'reference', {
      referenceTypes: ['external'],
      description: "A URI of the user's online profile.",
    }),
    attribute('title', 'string', { description: 'The user\'s title, such as "Vice President".' }),
    attribute('userType', 'string', {
      description: 'The relationship between the organization and the user.',
    }),
    attribute('preferredLanguage', 'string', {
      description: "The user's preferred written or spoken language.",
    }),
    attribute('locale', 'string', { description: "The user's default location, e.g. en-US." }),
    attribute('timezone', 'string', { description: "The user's time zone, in IANA format." }),
    attribute('active', 'boolean', {
      description: "The user's administrative status; false keeps the user, deactivated.",
    }),
    attribute('password', 'string', {
      mutability: 'writeOnly',
      returned: 'never',
      description: 'Accepted and never stored nor returned: Rollcall does not authenticate directory users.',
    }),
    multiValued('emails', 'Email addresses for the user.', 'string', ['work', 'home', 'other']),
    multiValued('phoneNumbers', 'Phone numbers for the user.', 'string', [
      'work',
      'home',
      'mobile',
      'fax',
      'pager',
      'other',
    ]),
    multiValued('ims', 'Instant messaging addresses for the user.'),
    multiValued('photos', 'URLs of photos of the user.', 'reference', ['photo', 'thumbnail']),
    attribute('addresses', 'complex', {
      multiValued: true,
      description: 'Physical mailing addresses for this user.',
      subAttributes: [
        attribute('formatted', 'string', { description: 'The full mailing address, formatted for display.' }),
        attribute('streetAddress', 'string', { description: 'The full street address component.' }),
        attribute('locality', 'string', { description: 'The city or locality component.' }),
        attribute('region', 'string', { description: 'The state or region component.' }),
        attribute('postalCode', 'string', { description: 'The zip code or postal code component.' }),
        attribute('country', 'string', { description: 'The country name component.' }),
        attribute('type', 'string', {
          canonicalValues: ['work', 'home', 'other'],
          description: 'A label indicating the function.',
        }),
        attribute('primary', 'boolean', { description: 'The primary mailing address.' }),
      ],
    }),
    attribute('groups', 'complex', {
      multiValued: true,
      mutability: 'readOnly',
      description: 'The groups the user belongs to; changed through the Group resource.',
      subAttributes: [
        attribute('value', 'string', { mutability: 'readOnly', description: 'The id of the group.' }),
        attribute('$ref', 'reference', {
          mutability: 'readOnly',
          referenceTypes: ['Group'],
          description: 'The URI of the group.',
        }),
        attribute('display', 'string', {
          mutability: 'readOnly',
          description: 'The displayName of the group.',
        }),
        attribute('type', 'string', {
          mutability: 'readOnly',
          canonicalValues: ['direct'],
          description: 'Direct membership.',
        }),
      ],
    }),
    multiValued('entitlements', 'A list of entitlements for the user.'),
    multiValued('roles', 'A list of roles for the user.'),
    multiValued('x509Certificates', 'A list of certificates issued to the user.', 'binary'),
  ],
};

/** RFC 7643 §4.3: the enterprise User extension. */
export const enterpriseUserSchema: Schema = {
  id: enterpriseUserSchemaId,
  name: 'EnterpriseUser',
  description: 'Enterprise User',
  attributes: [
    attribute('employeeNumber', 'string', {
      description: 'A string identifier, typically numeric or alphanumeric.',
    }),
    attribute('costCenter', 'string', { description: 'Identifies the name of a cost center.' }),
    attribute('organization', 'string', { description: 'Identifies the name of an organization.' }),
    attribute('division', 'string', { description: 'Identifies the name of a division.' }),
    attribute('department', 'string', { description: 'Identifies the name of a department.' }),
    attribute('manager', 'complex', {
      description:
        "The user's manager. Its value is kept as sent and need not name a user here (RFC 7643 §2.3.7); " +
        'when it names one (by id, externalId, userName or employeeNumber), $ref and displayName say which.',
      subAttributes: [
        attribute('value', 'string', {
          description: 'The manager as the client names it: a user id, or e.g. an employee number.',
        }),
        attribute('$ref', 'reference', {
          mutability: 'readOnly',
          referenceTypes: ['User'],
          description: 'The URI of the manager.',
        }),
        attribute('displayName', 'string', {
          mutability: 'readOnly',
          description: 'The displayName of the manager.',
        }),
      ],
    }),
  ],
};
