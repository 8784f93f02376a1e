import { attribute, type Schema } from './attribute.js';

export const groupSchemaId = 'urn:ietf:params:scim:schemas:core:2.0:Group';
/** Sent by Microsoft Entra ID on group creates; accepted and carries nothing Rollcall stores. */
export const microsoftGroupSchemaId = 'http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/Group';

/** RFC 7643 §4.2: the core Group schema. */
export const groupSchema: Schema = {
  id: groupSchemaId,
  name: 'Group',
  description: 'Group',
  attributes: [
    attribute('displayName', 'string', {
      required: true,
      uniqueness: 'server',
      description: 'A human-readable name for the Group; unique per tenant, case-insensitively.',
    }),
    attribute('members', 'complex', {
      multiValued: true,
      description: 'A list of members of the Group (users).',
      subAttributes: [
        attribute('value', 'string', { mutability: 'immutable', description: 'The id of the member.' }),
        attribute('$ref', 'reference', {
          mutability: 'immutable',
          referenceTypes: ['User'],
          description: 'The URI of the member.',
        }),
        attribute('display', 'string', {
          mutability: 'readOnly',
          description: 'The displayName or userName of the member.',
        }),
        attribute('type', 'string', {
          mutability: 'immutable',
          canonicalValues: ['User'],
          description: 'The type of the member.',
        }),
      ],
    }),
  ],
};

/** Attributes every resource has (RFC 7643 §3.1). */
export const commonAttributes = [
  attribute('id', 'string', {
    mutability: 'readOnly',
    returned: 'always',
    caseExact: true,
    uniqueness: 'server',
    description: 'Unique identifier of the resource.',
  }),
  attribute('externalId', 'string', {
    caseExact: true,
    description: "The provisioning client's identifier for the resource.",
  }),
  attribute('meta', 'complex', {
    mutability: 'readOnly',
    description: 'Resource metadata.',
    subAttributes: [
      attribute('resourceType', 'string', { mutability: 'readOnly', caseExact: true }),
      attribute('created', 'dateTime', { mutability: 'readOnly' }),
      attribute('lastModified', 'dateTime', { mutability: 'readOnly' }),
      attribute('location', 'reference', { mutability: 'readOnly', caseExact: true }),
      attribute('version', 'string', { mutability: 'readOnly', caseExact: true }),
    ],
  }),
];
