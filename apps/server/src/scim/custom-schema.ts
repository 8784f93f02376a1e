import type { CustomAttribute, CustomSchema, UserOrder } from '@rollcall/domain';
import type { ListQuery } from './list-query.js';
import {
  attribute,
  parseAttrPath,
  resolveAttribute,
  userResourceType,
  type FieldMapping,
  type FilterTarget,
  type ResourceType,
  type Schema,
} from '@rollcall/scim';
import { userFilterTarget } from './user.mapping.js';

/** The User resource type of one tenant: core + enterprise + the extensions its custom attributes make. */
export interface TenantUserType {
  resourceType: ResourceType;
  filterTarget: FilterTarget;
  /** The declared attributes, each with the extension it belongs to. */
  custom: readonly CustomAttribute[];
}

/** A tenant without custom attributes: the standard resource type. */
export const standardUserType: TenantUserType = {
  resourceType: userResourceType,
  filterTarget: userFilterTarget,
  custom: [],
};

/** Built once per schema version a process sees (the actor cache holds few). */
const built = new WeakMap<CustomSchema, TenantUserType>();

/**
 * The tenant's User resource type: each extension URN its attributes name becomes a schema extension
 * (RFC 7643 §3.3), listed by /ResourceTypes/User and served by /Schemas; POST, PUT and PATCH accept
 * the attributes and filters reach them, through the same schema-driven code as the enterprise ones.
 */
export function tenantUserType(schema: CustomSchema | undefined): TenantUserType {
  if (!schema || schema.attributes.length === 0) return standardUserType;
  let type = built.get(schema);
  if (!type) {
    type = build(schema.attributes);
    built.set(schema, type);
  }
  return type;
}

function build(custom: readonly CustomAttribute[]): TenantUserType {
  const byUrn = new Map<string, CustomAttribute[]>();
  for (const a of custom) byUrn.set(a.schema, [...(byUrn.get(a.schema) ?? []), a]);
  const extensions: Schema[] = [...byUrn].map(([urn, attributes]) => ({
    id: urn,
    name: extensionName(urn),
    description: 'Custom attributes of this tenant',
    attributes: attributes.map((a) =>
      attribute(a.name, a.type, {
        multiValued: a.multiValued,
        caseExact: a.caseExact,
        required: a.required,
        uniqueness: a.uniqueness,
        description: a.description,
        ...(a.type === 'reference' ? { referenceTypes: ['external'] } : {}),
      }),
    ),
  }));
  const fields: Record<string, FieldMapping> = { ...userFilterTarget.fields };
  for (const a of custom) {
    fields[`${a.schema}:${a.name}`] = {
      kind: 'custom',
      field: a.id,
      type: a.type === 'reference' ? 'string' : a.type,
      caseExact: a.caseExact,
      multiValued: a.multiValued,
    };
  }
  const resourceType = { ...userResourceType, extensions: [...userResourceType.extensions, ...extensions] };
  return { resourceType, filterTarget: { ...userFilterTarget, resourceType, fields }, custom };
}

/** `urn:…:extension:Acme:2.0:User` → `Acme`; any other URN: its last segment that is a name. */
function extensionName(urn: string): string {
  const parts = urn.split(':');
  const version = parts.findIndex((part) => /^\d+\.\d+$/.test(part));
  return (version > 0 ? parts[version - 1] : parts.at(-1)) || urn;
}

/** `sortBy` naming one of the tenant's custom attributes (with or without its URN), else undefined. */
export function customSortOrder(query: ListQuery, type: TenantUserType): UserOrder | undefined {
  if (!query.sortBy || type.custom.length === 0) return undefined;
  const path = parseAttrPath(query.sortBy);
  const resolved = path && resolveAttribute(type.resourceType, path);
  if (!resolved?.extension || resolved.sub) return undefined;
  const custom = type.custom.find(
    (a) => a.schema === resolved.extension && a.name === resolved.attribute.name,
  );
  if (!custom) return undefined;
  return {
    field: 'id',
    custom: { attribute: custom.id, type: custom.type === 'reference' ? 'string' : custom.type },
    direction: query.sortOrder,
  };
}
