import type { CustomValues } from './custom-attribute.js';
import type { Origin } from './user.entity.js';

/** A multi-valued attribute element (RFC 7643 §2.4): value plus the usual sub-attributes. */
export interface MultiValue {
  value?: string | null;
  display?: string | null;
  type?: string | null;
  primary?: boolean | null;
}

export interface Address {
  formatted?: string | null;
  streetAddress?: string | null;
  locality?: string | null;
  region?: string | null;
  postalCode?: string | null;
  country?: string | null;
  type?: string | null;
  primary?: boolean | null;
}

/** Every attribute a user carries that a client (IdP, admin, integrator) may set. */
export interface UserAttributes {
  userName: string;
  externalId: string | null;
  formattedName: string | null;
  familyName: string | null;
  givenName: string | null;
  middleName: string | null;
  honorificPrefix: string | null;
  honorificSuffix: string | null;
  displayName: string | null;
  nickName: string | null;
  profileUrl: string | null;
  title: string | null;
  userType: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  active: boolean;
  emails: MultiValue[];
  phoneNumbers: MultiValue[];
  ims: MultiValue[];
  photos: MultiValue[];
  addresses: Address[];
  entitlements: MultiValue[];
  roles: MultiValue[];
  x509Certificates: MultiValue[];
  employeeNumber: string | null;
  costCenter: string | null;
  organization: string | null;
  division: string | null;
  department: string | null;
  /**
   * The manager, as the IdP or admin named it: a user id, or whatever the IdP keeps there (Okta's
   * free-form `managerId`: an employee number, an email…). RFC 7643 §2.3.7: it may name no user.
   */
  manager: string | null;
  /** The tenant's custom attributes (custom-attribute.ts), by attribute id. */
  customAttributes: CustomValues;
}

/** The multi-valued attributes (RFC 7643 §2.4): lists of complex values, stored as JSONB. */
export const multiValuedAttributeNames = [
  'emails',
  'phoneNumbers',
  'ims',
  'photos',
  'addresses',
  'entitlements',
  'roles',
  'x509Certificates',
] as const satisfies readonly (keyof UserAttributes)[];

export const userAttributeNames = [
  'userName',
  'externalId',
  'formattedName',
  'familyName',
  'givenName',
  'middleName',
  'honorificPrefix',
  'honorificSuffix',
  'displayName',
  'nickName',
  'profileUrl',
  'title',
  'userType',
  'preferredLanguage',
  'locale',
  'timezone',
  'active',
  ...multiValuedAttributeNames,
  'employeeNumber',
  'costCenter',
  'organization',
  'division',
  'department',
  'manager',
  'customAttributes',
] as const satisfies readonly (keyof UserAttributes)[];

/** Another user, as a reference names it. */
export interface UserRef {
  id: string;
  userName: string;
  displayName: string | null;
}

/** The read model every transport receives: plain data, no ORM behind it. */
export interface UserSnapshot extends UserAttributes {
  readonly id: string;
  readonly origin: Origin;
  readonly managedBy: Origin;
  /** Excluded from IdP takeover by an admin: an IdP create of this login ID gets 409. */
  readonly keepConsoleManaged: boolean;
  readonly version: number;
  readonly createdAt: Date;
  readonly updatedAt: Date;
  /** The user `manager` names, when it names one of this tenant (resolved when read; see user-rows.ts). */
  readonly managerUser: UserRef | null;
}

/** A snapshot of an entity; `managerUser` is what the caller resolved (none by default). */
export function toUserSnapshot(
  user: Omit<UserSnapshot, 'managerUser'>,
  managerUser: UserRef | null = null,
): UserSnapshot {
  const snapshot = { id: user.id } as Record<string, unknown>;
  for (const name of userAttributeNames) snapshot[name] = structuredClone(user[name]);
  return {
    ...(snapshot as unknown as UserAttributes),
    id: user.id,
    origin: user.origin,
    managedBy: user.managedBy,
    keepConsoleManaged: user.keepConsoleManaged,
    version: user.version,
    createdAt: user.createdAt,
    updatedAt: user.updatedAt,
    managerUser,
  };
}
