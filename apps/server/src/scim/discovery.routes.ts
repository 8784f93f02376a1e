import { groupResourceType, notFound, type Attribute, type Schema } from '@rollcall/scim';
import type { TenantUserType } from './custom-schema.js';
import type { ScimLimits } from './router.js';

const meta = (baseUrl: string, resourceType: string, path: string) => ({
  resourceType,
  location: `${baseUrl}${path}`,
});

/** RFC 7644 §5 / RFC 7643 §5: what this endpoint supports, with the limits it enforces. */
export function serviceProviderConfig(baseUrl: string, limits: ScimLimits) {
  return {
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig'],
    documentationUri: 'https://github.com/rollcall/rollcall#connect-an-identity-provider',
    patch: { supported: true },
    bulk: {
      supported: true,
      maxOperations: limits.maxBulkOperations,
      maxPayloadSize: limits.maxPayloadBytes,
    },
    filter: { supported: true, maxResults: limits.maxResults },
    changePassword: { supported: false },
    sort: { supported: true },
    etag: { supported: true },
    // RFC 9865 §3: cursor paging alongside index paging.
    pagination: {
      cursor: true,
      index: true,
      defaultPaginationMethod: 'index',
      defaultPageSize: limits.defaultCount,
      maxPageSize: limits.maxResults,
      cursorTimeout: 0,
    },
    authenticationSchemes: [
      {
        type: 'oauthbearertoken',
        name: 'Bearer token',
        description:
          'The API token from Rollcall\'s Identity & Security page, as "Authorization: Bearer <token>".',
        primary: true,
      },
    ],
    meta: meta(baseUrl, 'ServiceProviderConfig', '/ServiceProviderConfig'),
  };
}

/** The resource types (RFC 7643 §6), the tenant's User extensions included. */
export function resourceTypeResources(baseUrl: string, user: TenantUserType) {
  return [user.resourceType, groupResourceType].map((type) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:ResourceType'],
    id: type.id,
    name: type.name,
    endpoint: type.endpoint,
    description: type.description,
    schema: type.schema.id,
    schemaExtensions: type.extensions.map((e) => ({ schema: e.id, required: false })),
    meta: meta(baseUrl, 'ResourceType', `/ResourceTypes/${type.id}`),
  }));
}

const attributeResource = (a: Attribute): Record<string, unknown> => ({
  ...a,
  ...(a.subAttributes ? { subAttributes: a.subAttributes.map(attributeResource) } : {}),
});

/** The schemas (RFC 7643 §7): core User, its extensions (enterprise and the tenant's), Group. */
export function schemaResources(baseUrl: string, user: TenantUserType) {
  const { schema, extensions } = user.resourceType;
  return [schema, ...extensions, groupResourceType.schema].map((schema: Schema) => ({
    schemas: ['urn:ietf:params:scim:schemas:core:2.0:Schema'],
    id: schema.id,
    name: schema.name,
    description: schema.description,
    attributes: schema.attributes.map(attributeResource),
    meta: meta(baseUrl, 'Schema', `/Schemas/${schema.id}`),
  }));
}

/** One of a list by id (case-insensitive), or a SCIM 404. */
export function byId<T extends { id: string }>(items: T[], id: string, what: string): T {
  const found = items.find((item) => item.id.toLowerCase() === id.toLowerCase());
  if (!found) throw notFound(`No ${what} "${id}"`);
  return found;
}
