import { z } from 'zod';
import { text, requiredName } from '../rules.js';
import type { UserAttributes } from './user.snapshot.js';

const customScalar = z.union([z.string().max(2048), z.number(), z.boolean()]);

const multiValue = z.object({
  value: text().optional(),
  display: text().optional(),
  type: text(64).optional(),
  primary: z.boolean().nullable().optional(),
});

const address = z.object({
  formatted: text().optional(),
  streetAddress: text().optional(),
  locality: text().optional(),
  region: text().optional(),
  postalCode: text(64).optional(),
  country: text(64).optional(),
  type: text(64).optional(),
  primary: z.boolean().nullable().optional(),
});

/** RFC 7643 §2.4: at most one element of a multi-valued attribute may be primary. */
const values = <T extends z.ZodType<{ primary?: boolean | null | undefined }>>(element: T) =>
  z
    .array(element)
    .max(100)
    .refine((list) => list.filter((v) => v.primary === true).length <= 1, 'at most one value may be primary');

export const userAttributesSchema = z.object({
  userName: requiredName(),
  externalId: text(256),
  formattedName: text(),
  familyName: text(),
  givenName: text(),
  middleName: text(),
  honorificPrefix: text(),
  honorificSuffix: text(),
  displayName: text(),
  nickName: text(),
  profileUrl: text(2048),
  title: text(),
  userType: text(),
  preferredLanguage: text(64),
  locale: text(64),
  timezone: text(64),
  active: z.boolean(),
  emails: values(multiValue),
  phoneNumbers: values(multiValue),
  ims: values(multiValue),
  photos: values(multiValue),
  addresses: values(address),
  entitlements: values(multiValue),
  roles: values(multiValue),
  x509Certificates: values(multiValue),
  employeeNumber: text(256),
  costCenter: text(256),
  organization: text(),
  division: text(),
  department: text(),
  manager: text(256),
  // Checked against the tenant's declarations by the user service (custom-attribute.ts).
  customAttributes: z
    .record(z.string(), z.union([customScalar, z.array(customScalar).max(100)]))
    .refine((values) => Object.keys(values).length <= 200, 'at most 200 custom attributes'),
}) satisfies z.ZodType<UserAttributes>;

/** A new user: userName is required, everything else defaults to empty. */
export const newUserSchema = userAttributesSchema.partial().required({ userName: true });
export type NewUser = z.input<typeof newUserSchema>;

/** A change: any subset of attributes; absent means "leave as is", null means "clear". */
export const userChangeSchema = userAttributesSchema.partial();
export type UserChange = z.input<typeof userChangeSchema>;

/** A user with nothing set: what a full replacement (SCIM PUT, an IdP re-create) starts from. */
export function blankUserAttributes(): Omit<UserAttributes, 'userName'> {
  return {
    externalId: null,
    formattedName: null,
    familyName: null,
    givenName: null,
    middleName: null,
    honorificPrefix: null,
    honorificSuffix: null,
    displayName: null,
    nickName: null,
    profileUrl: null,
    title: null,
    userType: null,
    preferredLanguage: null,
    locale: null,
    timezone: null,
    active: true,
    emails: [],
    phoneNumbers: [],
    ims: [],
    photos: [],
    addresses: [],
    entitlements: [],
    roles: [],
    x509Certificates: [],
    employeeNumber: null,
    costCenter: null,
    organization: null,
    division: null,
    department: null,
    manager: null,
    customAttributes: {},
  };
}
