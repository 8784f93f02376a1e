import type { CustomAttribute, CustomValues, MultiValue, NewUser, UserSnapshot } from '@rollcall/domain';
import {
  enterpriseUserSchemaId,
  userResourceType,
  userSchemaId,
  type FilterNode,
  type FilterTarget,
  type ScimResource,
} from '@rollcall/scim';
import { etag } from './etag.js';
import { isObject, str } from './resource.js';

const ENT = enterpriseUserSchemaId;

/** Drop unassigned values: SCIM omits them (RFC 7643 §2.5). */
function compact(object: object): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(object).filter(
      ([, v]) =>
        v !== null &&
        v !== undefined &&
        !(Array.isArray(v) && v.length === 0) &&
        !(isObject(v) && Object.keys(v).length === 0),
    ),
  );
}

/** UserSnapshot → SCIM User (core + enterprise extension), canonical names, with meta and groups. */
export function toScimUser(
  user: UserSnapshot,
  baseUrl: string,
  groups?: { id: string; displayName: string }[],
  /** The tenant's custom attributes: each value under its extension URN (RFC 7643 §3.3). */
  custom: readonly CustomAttribute[] = [],
): ScimResource {
  const enterprise = compact({
    employeeNumber: user.employeeNumber,
    costCenter: user.costCenter,
    organization: user.organization,
    division: user.division,
    department: user.department,
    // RFC 7643 §4.3: the value as the IdP sent it; $ref and displayName when it names a user here.
    manager: user.manager
      ? compact({
          value: user.manager,
          $ref: user.managerUser ? `${baseUrl}/Users/${user.managerUser.id}` : null,
          displayName: user.managerUser?.displayName ?? null,
        })
      : null,
  });
  const extensions = customExtensions(user.customAttributes, custom);
  return {
    schemas: [userSchemaId, ...(Object.keys(enterprise).length ? [ENT] : []), ...Object.keys(extensions)],
    id: user.id,
    ...compact({
      externalId: user.externalId,
      userName: user.userName,
      name: compact({
        formatted: user.formattedName,
        familyName: user.familyName,
        givenName: user.givenName,
        middleName: user.middleName,
        honorificPrefix: user.honorificPrefix,
        honorificSuffix: user.honorificSuffix,
      }),
      displayName: user.displayName,
      nickName: user.nickName,
      profileUrl: user.profileUrl,
      title: user.title,
      userType: user.userType,
      preferredLanguage: user.preferredLanguage,
      locale: user.locale,
      timezone: user.timezone,
    }),
    active: user.active,
    ...compact({
      emails: user.emails.map(compact),
      phoneNumbers: user.phoneNumbers.map(compact),
      ims: user.ims.map(compact),
      photos: user.photos.map(compact),
      addresses: user.addresses.map(compact),
      groups: groups?.map((g) => ({
        value: g.id,
        display: g.displayName,
        $ref: `${baseUrl}/Groups/${g.id}`,
        type: 'direct',
      })),
      entitlements: user.entitlements.map(compact),
      roles: user.roles.map(compact),
      x509Certificates: user.x509Certificates.map(compact),
    }),
    ...(Object.keys(enterprise).length ? { [ENT]: enterprise } : {}),
    ...extensions,
    meta: {
      resourceType: 'User',
      created: user.createdAt.toISOString(),
      lastModified: user.updatedAt.toISOString(),
      location: `${baseUrl}/Users/${user.id}`,
      version: etag(user.version),
    },
  };
}

/** A user's custom values as extension objects: `{ "urn:…:Acme:2.0:User": { "badgeNumber": "4711" } }`. */
function customExtensions(values: CustomValues, custom: readonly CustomAttribute[]): Record<string, object> {
  const extensions: Record<string, Record<string, unknown>> = {};
  for (const attribute of custom) {
    const value = values[attribute.id];
    if (value === undefined) continue;
    (extensions[attribute.schema] ??= {})[attribute.name] = value;
  }
  return extensions;
}

/** The custom values a canonical resource carries (normalizeResource put them under their URN). */
function customValuesOf(resource: ScimResource, custom: readonly CustomAttribute[]): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const attribute of custom) {
    const extension = resource[attribute.schema];
    const value = isObject(extension) ? extension[attribute.name] : undefined;
    if (value !== undefined && value !== null) values[attribute.id] = value;
  }
  return values;
}

const values = (value: unknown): MultiValue[] => (Array.isArray(value) ? (value as MultiValue[]) : []);

/**
 * Canonical SCIM User → every domain attribute (a full replacement: what the resource does not carry
 * is cleared). Read-only parts (id, meta, groups) and password (never stored) are not mapped.
 */
export function fromScimUser(
  resource: ScimResource,
  custom: readonly CustomAttribute[] = [],
): NewUser & Required<Omit<NewUser, 'userName'>> {
  const name = isObject(resource.name) ? resource.name : {};
  const enterprise = isObject(resource[ENT]) ? resource[ENT] : {};
  const manager = isObject(enterprise.manager) ? enterprise.manager : {};
  return {
    userName: str(resource.userName) as string,
    externalId: str(resource.externalId),
    formattedName: str(name.formatted),
    familyName: str(name.familyName),
    givenName: str(name.givenName),
    middleName: str(name.middleName),
    honorificPrefix: str(name.honorificPrefix),
    honorificSuffix: str(name.honorificSuffix),
    displayName: str(resource.displayName),
    nickName: str(resource.nickName),
    profileUrl: str(resource.profileUrl),
    title: str(resource.title),
    userType: str(resource.userType),
    preferredLanguage: str(resource.preferredLanguage),
    locale: str(resource.locale),
    timezone: str(resource.timezone),
    active: typeof resource.active === 'boolean' ? resource.active : true,
    emails: values(resource.emails),
    phoneNumbers: values(resource.phoneNumbers),
    ims: values(resource.ims),
    photos: values(resource.photos),
    addresses: values(resource.addresses),
    entitlements: values(resource.entitlements),
    roles: values(resource.roles),
    x509Certificates: values(resource.x509Certificates),
    employeeNumber: str(enterprise.employeeNumber),
    costCenter: str(enterprise.costCenter),
    organization: str(enterprise.organization),
    division: str(enterprise.division),
    department: str(enterprise.department),
    // Entra clears a manager with `{"value": ""}` as well as with `""`.
    manager: str(manager.value) || null,
    customAttributes: customValuesOf(resource, custom) as CustomValues,
  };
}

const text = (field: string, keyField?: string) =>
  ({ kind: 'scalar', field, type: 'string', caseExact: false, ...(keyField ? { keyField } : {}) }) as const;
const elements = (field: string, subs: string[] = ['value', 'display', 'type']) =>
  ({
    kind: 'elements',
    field,
    subAttributes: Object.fromEntries([
      ...subs.map((s) => [s, { type: 'string', caseExact: false }]),
      ['primary', { type: 'boolean', caseExact: false }],
    ]),
  }) as const;

/** Where each filterable SCIM User attribute lives in the domain (keys: canonical paths). */
export const userFilterTarget: FilterTarget = {
  resourceType: userResourceType,
  fields: {
    id: { kind: 'scalar', field: 'id', type: 'uuid', caseExact: true },
    externalId: { kind: 'scalar', field: 'externalId', type: 'string', caseExact: true },
    userName: text('userName', 'userNameKey'),
    'name.formatted': text('formattedName'),
    'name.familyName': text('familyName'),
    'name.givenName': text('givenName'),
    'name.middleName': text('middleName'),
    'name.honorificPrefix': text('honorificPrefix'),
    'name.honorificSuffix': text('honorificSuffix'),
    displayName: text('displayName'),
    nickName: text('nickName'),
    profileUrl: text('profileUrl'),
    title: text('title'),
    userType: text('userType'),
    preferredLanguage: text('preferredLanguage'),
    locale: text('locale'),
    timezone: text('timezone'),
    active: { kind: 'scalar', field: 'active', type: 'boolean', caseExact: false },
    emails: elements('emails'),
    phoneNumbers: elements('phoneNumbers'),
    ims: elements('ims'),
    photos: elements('photos'),
    addresses: elements('addresses', [
      'formatted',
      'streetAddress',
      'locality',
      'region',
      'postalCode',
      'country',
      'type',
    ]),
    entitlements: elements('entitlements'),
    roles: elements('roles'),
    x509Certificates: elements('x509Certificates'),
    'meta.created': { kind: 'scalar', field: 'createdAt', type: 'dateTime', caseExact: false },
    'meta.lastModified': { kind: 'scalar', field: 'updatedAt', type: 'dateTime', caseExact: false },
    [`${ENT}:employeeNumber`]: text('employeeNumber'),
    [`${ENT}:costCenter`]: text('costCenter'),
    [`${ENT}:organization`]: text('organization'),
    [`${ENT}:division`]: text('division'),
    [`${ENT}:department`]: text('department'),
    [`${ENT}:manager`]: { kind: 'scalar', field: 'manager', type: 'string', caseExact: true },
    [`${ENT}:manager.value`]: { kind: 'scalar', field: 'manager', type: 'string', caseExact: true },
  },
  // Entra matches on `emails[type eq "work"].value eq "x"`: the indexed work-email column answers it.
  rewrite(node: FilterNode, canonical) {
    if (node.kind !== 'valuePath' || canonical(node.path) !== 'emails' || node.filter.kind !== 'and')
      return undefined;
    const parts = [node.filter.left, node.filter.right];
    const type = parts.find(
      (p) => p.kind === 'compare' && p.op === 'eq' && p.path.attr.toLowerCase() === 'type' && !p.path.sub,
    );
    const value = parts.find(
      (p) => p.kind === 'compare' && p.op === 'eq' && p.path.attr.toLowerCase() === 'value' && !p.path.sub,
    );
    if (type?.kind !== 'compare' || value?.kind !== 'compare') return undefined;
    if (
      typeof type.value !== 'string' ||
      type.value.toLowerCase() !== 'work' ||
      typeof value.value !== 'string'
    )
      return undefined;
    return { workEmailKey: value.value.toLowerCase() };
  },
};

/** SCIM sortBy → a sortable domain field. */
export const userSortFields: Record<
  string,
  | 'userNameKey'
  | 'displayName'
  | 'familyName'
  | 'givenName'
  | 'externalId'
  | 'createdAt'
  | 'updatedAt'
  | 'title'
  | 'id'
> = {
  username: 'userNameKey',
  displayname: 'displayName',
  'name.familyname': 'familyName',
  'name.givenname': 'givenName',
  externalid: 'externalId',
  'meta.created': 'createdAt',
  'meta.lastmodified': 'updatedAt',
  title: 'title',
  id: 'id',
};
