/* eslint-disable */
/** Internal type. DO NOT USE DIRECTLY. */
type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
/** Internal type. DO NOT USE DIRECTLY. */
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
import type { DocumentTypeDecoration } from '@graphql-typed-document-node/core';
/** Who made a change. */
export type ActorKind =
  /** A signed-in admin. */
  | 'ADMIN'
  /** An integrator using an API key. */
  | 'API_KEY'
  /** The identity provider, over SCIM. */
  | 'IDP'
  /** Rollcall itself (first run, operator CLI). */
  | 'SYSTEM';

/** Narrows the audit trail. */
export type AuditFilter = {
  /** Action, e.g. user.update. */
  action?: string | null | undefined;
  /** Kind of actor. */
  actorKind?: ActorKind | null | undefined;
  /** From (inclusive). */
  from?: string | null | undefined;
  /** The thing changed. */
  targetId?: string | number | null | undefined;
  /** To (exclusive). */
  to?: string | null | undefined;
};

/** A new admin. */
export type CreateAdminInput = {
  /** Sign-in email. */
  email: string;
  /** Name. */
  name?: string | null | undefined;
  /** A password (at least 12 characters); one is generated when absent. */
  password?: string | null | undefined;
  /** Role. */
  role: Role;
};

/** A new console-managed group. */
export type CreateGroupInput = {
  /** Name, unique in the tenant case-insensitively. */
  displayName: string;
  /** Initial members (user ids). */
  memberIds?: Array<string | number> | null | undefined;
};

/** A new console-managed user. */
export type CreateUserInput = {
  /** Active unless false. */
  active?: boolean | null | undefined;
  /** Cost center. */
  costCenter?: string | null | undefined;
  /** Custom attribute values: those listed are set (no values: cleared), the others stay. */
  customAttributes?: Array<CustomAttributeValueInput> | null | undefined;
  /** Department. */
  department?: string | null | undefined;
  /** Name to display. */
  displayName?: string | null | undefined;
  /** Division. */
  division?: string | null | undefined;
  /** Email addresses (replaces the list). */
  emails?: Array<MultiValueInput> | null | undefined;
  /** Employee number. */
  employeeNumber?: string | null | undefined;
  /** The IdP's own id. */
  externalId?: string | null | undefined;
  /** Family name. */
  familyName?: string | null | undefined;
  /** Given name. */
  givenName?: string | null | undefined;
  /** Locale. */
  locale?: string | null | undefined;
  /** The manager: another user's id (or any value the IdP uses for it, e.g. an employee number). */
  manager?: string | null | undefined;
  /** Organisation. */
  organization?: string | null | undefined;
  /** Phone numbers (replaces the list). */
  phoneNumbers?: Array<MultiValueInput> | null | undefined;
  /** Preferred language. */
  preferredLanguage?: string | null | undefined;
  /** Time zone (IANA). */
  timezone?: string | null | undefined;
  /** Job title. */
  title?: string | null | undefined;
  /** Login ID, unique in the tenant case-insensitively. */
  userName: string;
};

/** A new webhook endpoint. */
export type CreateWebhookEndpointInput = {
  /** What it is for. */
  description?: string | null | undefined;
  /** Start enabled (default true). */
  enabled?: boolean | null | undefined;
  /** The events to deliver (at least one). */
  eventTypes: Array<WebhookEventType>;
  /** The receiver URL. */
  url: string;
};

/** A custom attribute's type (RFC 7643 §2.3). */
export type CustomAttributeType =
  /** true or false. */
  | 'BOOLEAN'
  /** An instant (xsd:dateTime). */
  | 'DATE_TIME'
  /** A number with a fraction. */
  | 'DECIMAL'
  /** A whole number. */
  | 'INTEGER'
  /** A URI. */
  | 'REFERENCE'
  /** Text. */
  | 'STRING';

/** Whether two users of the tenant may share a value. */
export type CustomAttributeUniqueness =
  /** They may. */
  | 'NONE'
  /** They may not: the database refuses a second user with the value (409). */
  | 'SERVER';

/** A user's value(s) of a custom attribute, as text (converted to its type). */
export type CustomAttributeValueInput = {
  /** The attribute. */
  attributeId: string | number;
  /** The values (one for a single-valued attribute; none clears). */
  values: Array<string>;
};

/** A custom attribute to declare. */
export type DeclareCustomAttributeInput = {
  /** Case-sensitive (default false). */
  caseExact?: boolean | null | undefined;
  /** What it is for. */
  description?: string | null | undefined;
  /** A list of values (default false). */
  multiValued?: boolean | null | undefined;
  /** The attribute name: a letter, then letters, digits, "-" or "_". */
  name: string;
  /** Every user must have one (default false). */
  required?: boolean | null | undefined;
  /** The extension URN (not a core or enterprise one). */
  schema: string;
  /** Its type. */
  type: CustomAttributeType;
  /** Default NONE. */
  uniqueness?: CustomAttributeUniqueness | null | undefined;
};

/** An email or other multi-valued attribute value. */
export type MultiValueInput = {
  /** Whether it is the preferred one. */
  primary?: boolean | null | undefined;
  /** Its function, e.g. "work". */
  type?: string | null | undefined;
  /** The value. */
  value: string;
};

/** Where a user or group comes from, or who manages it. */
export type Origin =
  /** The console or the API. */
  | 'CONSOLE'
  /** The identity provider, over SCIM. */
  | 'IDP';

/** Periods to set; null returns one to the default, an absent one stays. */
export type RetentionInput = {
  /** Audit trail, days (1–36500). */
  auditDays?: number | null | undefined;
  /** SCIM request log, days (1–3650). */
  requestLogDays?: number | null | undefined;
  /** Finished webhook deliveries, days (1–3650). */
  webhookDays?: number | null | undefined;
};

/** What an admin or API key may do. */
export type Role =
  /** Users, groups and SCIM settings. */
  | 'ADMIN'
  /** Everything, including admins and API keys. */
  | 'OWNER'
  /** Read-only; never sees tokens or key secrets. */
  | 'VIEWER';

/** The identity provider the setup instructions are for; every dialect is accepted whatever is chosen. */
export type ScimProvider =
  /** Microsoft Entra ID (Azure AD) */
  | 'ENTRA_ID'
  /** Okta */
  | 'OKTA'
  /** Any other SCIM 2.0 client */
  | 'OTHER';

/** Narrows the SCIM request log. */
export type ScimRequestFilter = {
  /** From (inclusive). */
  from?: string | null | undefined;
  /** HTTP method. */
  method?: string | null | undefined;
  /** Text in the path. */
  path?: string | null | undefined;
  /** Status class. */
  statusClass?: StatusClass | null | undefined;
  /** To (exclusive). */
  to?: string | null | undefined;
};

/** HTTP status classes of SCIM requests. */
export type StatusClass =
  /** 4xx */
  | 'CLIENT_ERROR'
  /** 3xx */
  | 'REDIRECT'
  /** 5xx */
  | 'SERVER_ERROR'
  /** 2xx */
  | 'SUCCESS';

/** What may change of a declared custom attribute (URN, name and type stay). */
export type UpdateCustomAttributeInput = {
  /** Case-sensitive. */
  caseExact?: boolean | null | undefined;
  /** What it is for. */
  description?: string | null | undefined;
  /** The attribute. */
  id: string | number;
  /** Every user must have one. */
  required?: boolean | null | undefined;
  /** Whether users may share a value. */
  uniqueness?: CustomAttributeUniqueness | null | undefined;
};

/** Provider, scope and the deprovisioning brake, saved together. */
export type UpdateScimSettingsInput = {
  /** The brake on or off. */
  brakeEnabled?: boolean | null | undefined;
  /** The brake: at most this share of all users (percent). */
  brakeMaxPercent?: number | null | undefined;
  /** The brake: at most this many users per window. */
  brakeMaxUsers?: number | null | undefined;
  /** The brake: the window, in minutes. */
  brakeWindowMinutes?: number | null | undefined;
  /** The provider. */
  provider?: ScimProvider | null | undefined;
  /** Strict attribute checking on (refuse attributes Rollcall does not keep) or off (ignore them). */
  strictAttributes?: boolean | null | undefined;
  /** Which users the IdP may see and manage. */
  userScope?: UserScope | null | undefined;
};

/** Changes to a console-managed user. */
export type UpdateUserInput = {
  /** Cost center. */
  costCenter?: string | null | undefined;
  /** Custom attribute values: those listed are set (no values: cleared), the others stay. */
  customAttributes?: Array<CustomAttributeValueInput> | null | undefined;
  /** Department. */
  department?: string | null | undefined;
  /** Name to display. */
  displayName?: string | null | undefined;
  /** Division. */
  division?: string | null | undefined;
  /** Email addresses (replaces the list). */
  emails?: Array<MultiValueInput> | null | undefined;
  /** Employee number. */
  employeeNumber?: string | null | undefined;
  /** The IdP's own id. */
  externalId?: string | null | undefined;
  /** Family name. */
  familyName?: string | null | undefined;
  /** Given name. */
  givenName?: string | null | undefined;
  /** The user to change. */
  id: string | number;
  /** Refuse the change (VERSION_MISMATCH) unless the user is at this version. */
  ifVersion?: number | null | undefined;
  /** Locale. */
  locale?: string | null | undefined;
  /** The manager: another user's id (or any value the IdP uses for it, e.g. an employee number). */
  manager?: string | null | undefined;
  /** Organisation. */
  organization?: string | null | undefined;
  /** Phone numbers (replaces the list). */
  phoneNumbers?: Array<MultiValueInput> | null | undefined;
  /** Preferred language. */
  preferredLanguage?: string | null | undefined;
  /** Time zone (IANA). */
  timezone?: string | null | undefined;
  /** Job title. */
  title?: string | null | undefined;
  /** New login ID. */
  userName?: string | null | undefined;
};

/** Changes to a webhook endpoint; omitted fields stay. */
export type UpdateWebhookEndpointInput = {
  /** What it is for. */
  description?: string | null | undefined;
  /** Disable (queued deliveries wait, nothing new is queued) or enable (they go). */
  enabled?: boolean | null | undefined;
  /** The events to deliver. */
  eventTypes?: Array<WebhookEventType> | null | undefined;
  /** The receiver URL. */
  url?: string | null | undefined;
};

/** Narrows a user list; all given conditions must hold. */
export type UserFilter = {
  /** Active or deactivated users only. */
  active?: boolean | null | undefined;
  /** Members of this group. */
  groupId?: string | number | null | undefined;
  /** Who manages the user. */
  managedBy?: Origin | null | undefined;
  /** Who created the user. */
  origin?: Origin | null | undefined;
  /** Text in the login ID, names or work email. */
  search?: string | null | undefined;
};

/** What users can be ordered by. */
export type UserOrderField =
  /** Creation time. */
  | 'CREATED_AT'
  /** Display name. */
  | 'DISPLAY_NAME'
  /** Last change. */
  | 'UPDATED_AT'
  /** Login ID, case-insensitively. */
  | 'USER_NAME';

/** Which users the identity provider may see and manage. */
export type UserScope =
  /** Console and IdP users; an IdP create with a console user's login ID takes that user over. */
  | 'ALL_USERS'
  /** Only users the IdP created; console users are invisible to SCIM. */
  | 'IDP_USERS_ONLY';

/** Where a webhook delivery stands. */
export type WebhookDeliveryStatus =
  /** The endpoint answered 2xx. */
  | 'DELIVERED'
  /** Out of attempts; retryWebhookDelivery sends it again. */
  | 'FAILED'
  /** The endpoint is disabled; sent when it is enabled again. */
  | 'PAUSED'
  /** Waiting for its first attempt or its next retry. */
  | 'PENDING';

/** Provisioning events an endpoint can subscribe to (the `type` field of each delivery). */
export type WebhookEventType =
  /** group.created. */
  | 'GROUP_CREATED'
  /** group.deleted. */
  | 'GROUP_DELETED'
  /** group.membership_changed: data.added and data.removed list user ids. */
  | 'GROUP_MEMBERSHIP_CHANGED'
  /** group.updated: display name or external id changed. */
  | 'GROUP_UPDATED'
  /** user.created: a user was created (data.changes has every attribute). */
  | 'USER_CREATED'
  /** user.deactivated: active became false (with any other changes). */
  | 'USER_DEACTIVATED'
  /** user.deleted: the user is gone (data.changes has its last values). */
  | 'USER_DELETED'
  /** user.reactivated: active became true again. */
  | 'USER_REACTIVATED'
  /** user.taken_over: an IdP took a console-created user over. */
  | 'USER_TAKEN_OVER'
  /** user.updated: attributes changed (before and after of each). */
  | 'USER_UPDATED';

export type AuditEventsQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: AuditFilter | null | undefined;
}>;


export type AuditEventsQuery = { auditEvents: { nodes: Array<{ id: string, at: string, action: string, targetType: string, targetId: string | null, dialect: string | null, actor: { kind: ActorKind, label: string }, changes: Array<{ attribute: string, before: unknown, after: unknown, added: Array<string> | null, removed: Array<string> | null }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type ScimRequestsQueryVariables = Exact<{
  after?: string | null | undefined;
  filter?: ScimRequestFilter | null | undefined;
}>;


export type ScimRequestsQuery = { scimRequests: { nodes: Array<{ id: string, at: string, method: string, path: string, status: number, scimType: string | null, durationMs: number, dialect: string | null, userAgent: string | null, requestBody: unknown, responseBody: unknown, ignoredAttributes: Array<string> | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type CustomAttributeFieldsFragment = { id: string, schema: string, name: string, type: CustomAttributeType, multiValued: boolean, caseExact: boolean, required: boolean, uniqueness: CustomAttributeUniqueness, description: string, createdAt: string };

export type AttributesPageQueryVariables = Exact<{ [key: string]: never; }>;


export type AttributesPageQuery = { customAttributes: Array<{ id: string, schema: string, name: string, type: CustomAttributeType, multiValued: boolean, caseExact: boolean, required: boolean, uniqueness: CustomAttributeUniqueness, description: string, createdAt: string }>, ignoredScimAttributes: Array<{ resourceType: string, name: string, requests: number, lastSeenAt: string }> };

export type DeclareCustomAttributeMutationVariables = Exact<{
  input: DeclareCustomAttributeInput;
}>;


export type DeclareCustomAttributeMutation = { declareCustomAttribute: { id: string, schema: string, name: string, type: CustomAttributeType, multiValued: boolean, caseExact: boolean, required: boolean, uniqueness: CustomAttributeUniqueness, description: string, createdAt: string } };

export type RemoveCustomAttributeMutationVariables = Exact<{
  id: string | number;
}>;


export type RemoveCustomAttributeMutation = { removeCustomAttribute: { valuesDropped: number, attribute: { schema: string, name: string } } };

export type UpdateCustomAttributeMutationVariables = Exact<{
  input: UpdateCustomAttributeInput;
}>;


export type UpdateCustomAttributeMutation = { updateCustomAttribute: { id: string, schema: string, name: string, type: CustomAttributeType, multiValued: boolean, caseExact: boolean, required: boolean, uniqueness: CustomAttributeUniqueness, description: string, createdAt: string } };

export type GroupsPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  search?: string | null | undefined;
}>;


export type GroupsPageQuery = { groups: { totalCount: number, nodes: Array<{ id: string, displayName: string, externalId: string | null, managedBy: Origin, memberCount: number }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } };

export type GroupPageQueryVariables = Exact<{
  id: string | number;
  after?: string | null | undefined;
}>;


export type GroupPageQuery = { group: { id: string, displayName: string, externalId: string | null, managedBy: Origin, memberCount: number, createdAt: string, members: { nodes: Array<{ id: string, userName: string, displayName: string | null }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } } } | null };

export type CreateGroupMutationVariables = Exact<{
  input: CreateGroupInput;
}>;


export type CreateGroupMutation = { createGroup: { id: string } };

export type TokenFieldsFragment = { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null };

export type ScimSettingsFieldsFragment = { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } };

export type SecurityPageQueryVariables = Exact<{ [key: string]: never; }>;


export type SecurityPageQuery = { scimSettings: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } }, scimConflicts: Array<{ id: string, userName: string, consoleUserId: string, attempts: number, lastAt: string }>, takeoverPreview: { total: number, users: Array<{ id: string, userName: string, displayName: string | null, keepConsoleManaged: boolean, idpAttempted: boolean }> }, ignoredScimAttributes: Array<{ resourceType: string, name: string, firstSeenAt: string, lastSeenAt: string, requests: number }>, connectionHealth: { lastRequestAt: string | null, dialect: string | null, expectedCadenceMinutes: number | null, recentErrorRate: number, hourly: Array<{ start: string, requests: number, errors: number }>, warnings: Array<{ code: string, message: string }> } };

export type SetScimEnabledMutationVariables = Exact<{
  enabled: boolean;
}>;


export type SetScimEnabledMutation = { setScimEnabled: { token: string | null, settings: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } } } };

export type RegenerateScimTokenMutationVariables = Exact<{
  overlapMinutes?: number | null | undefined;
}>;


export type RegenerateScimTokenMutation = { regenerateScimToken: { token: string | null, settings: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } } } };

export type RevokePreviousScimTokenMutationVariables = Exact<{ [key: string]: never; }>;


export type RevokePreviousScimTokenMutation = { revokePreviousScimToken: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } } };

export type ReleaseDeprovisioningHoldMutationVariables = Exact<{ [key: string]: never; }>;


export type ReleaseDeprovisioningHoldMutation = { releaseDeprovisioningHold: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } } };

export type UpdateScimSettingsMutationVariables = Exact<{
  input: UpdateScimSettingsInput;
}>;


export type UpdateScimSettingsMutation = { updateScimSettings: { enabled: boolean, provider: ScimProvider, userScope: UserScope, strictAttributes: boolean, scimUrl: string, idpManagedUsers: number, consoleUsers: number, token: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, previousToken: { prefix: string, createdAt: string, lastUsedAt: string | null, expiresAt: string | null } | null, deprovisioningBrake: { enabled: boolean, maxUsers: number, maxPercent: number, windowMinutes: number, heldSince: string | null, heldRequests: number, releasedUntil: string | null, recentDeprovisions: number } } };

export type SetKeepConsoleManagedMutationVariables = Exact<{
  id: string | number;
  keep: boolean;
}>;


export type SetKeepConsoleManagedMutation = { setKeepConsoleManaged: { userName: string, keepConsoleManaged: boolean } };

export type RunScimSelfCheckMutationVariables = Exact<{ [key: string]: never; }>;


export type RunScimSelfCheckMutation = { runScimSelfCheck: Array<{ name: string, method: string, path: string, status: number | null, ok: boolean, durationMs: number, detail: string | null }> };

export type LinkScimConflictMutationVariables = Exact<{
  id: string | number;
}>;


export type LinkScimConflictMutation = { linkScimConflict: { userName: string } };

export type DismissScimConflictMutationVariables = Exact<{
  id: string | number;
}>;


export type DismissScimConflictMutation = { dismissScimConflict: { userName: string } };

export type MeQueryVariables = Exact<{ [key: string]: never; }>;


export type MeQuery = { me: { kind: string, label: string, role: Role, tenant: string } };

export type AttentionQueryVariables = Exact<{ [key: string]: never; }>;


export type AttentionQuery = { attention: { deprovisioningHeldSince: string | null, openConflicts: number } };

export type LoginMutationVariables = Exact<{
  tenant: string;
  email: string;
  password: string;
}>;


export type LoginMutation = { login: { label: string } };

export type LogoutMutationVariables = Exact<{ [key: string]: never; }>;


export type LogoutMutation = { logout: boolean };

export type SettingsPageQueryVariables = Exact<{ [key: string]: never; }>;


export type SettingsPageQuery = { admins: Array<{ id: string, email: string, name: string | null, role: Role, lastLoginAt: string | null }>, apiKeys: Array<{ id: string, name: string, role: Role, prefix: string, createdAt: string, lastUsedAt: string | null, revokedAt: string | null }>, retention: { requestLogDays: number, webhookDays: number, auditDays: number, lastPrunedAt: string | null, usageMeasuredAt: string | null, usage: Array<{ kind: string, rows: number, bytes: number }>, overrides: { requestLogDays: number | null, webhookDays: number | null, auditDays: number | null } } };

export type UpdateRetentionMutationVariables = Exact<{
  input: RetentionInput;
}>;


export type UpdateRetentionMutation = { updateRetention: { requestLogDays: number } };

export type CreateAdminMutationVariables = Exact<{
  input: CreateAdminInput;
}>;


export type CreateAdminMutation = { createAdmin: { password: string | null, admin: { email: string } } };

export type ChangeAdminRoleMutationVariables = Exact<{
  id: string | number;
  role: Role;
}>;


export type ChangeAdminRoleMutation = { changeAdminRole: { id: string } };

export type RemoveAdminMutationVariables = Exact<{
  id: string | number;
}>;


export type RemoveAdminMutation = { removeAdmin: boolean };

export type CreateApiKeyMutationVariables = Exact<{
  name: string;
  role: Role;
}>;


export type CreateApiKeyMutation = { createApiKey: { key: string, apiKey: { name: string } } };

export type RevokeApiKeyMutationVariables = Exact<{
  id: string | number;
}>;


export type RevokeApiKeyMutation = { revokeApiKey: { id: string } };

export type DeleteWorkspaceMutationVariables = Exact<{
  confirm: string;
}>;


export type DeleteWorkspaceMutation = { deleteWorkspace: { slug: string, rowsDeleted: number } };

export type UserRowFragment = { id: string, userName: string, displayName: string | null, givenName: string | null, familyName: string | null, title: string | null, active: boolean, origin: Origin, managedBy: Origin, emails: Array<{ value: string | null, type: string | null, primary: boolean }> };

export type AuditEventFieldsFragment = { id: string, at: string, action: string, targetType: string, targetId: string | null, dialect: string | null, actor: { kind: ActorKind, label: string }, changes: Array<{ attribute: string, before: unknown, after: unknown, added: Array<string> | null, removed: Array<string> | null }> };

export type UsersPageQueryVariables = Exact<{
  first?: number | null | undefined;
  after?: string | null | undefined;
  filter?: UserFilter | null | undefined;
  orderBy?: UserOrderField | null | undefined;
}>;


export type UsersPageQuery = { users: { totalCount: number, nodes: Array<{ id: string, userName: string, displayName: string | null, givenName: string | null, familyName: string | null, title: string | null, active: boolean, origin: Origin, managedBy: Origin, emails: Array<{ value: string | null, type: string | null, primary: boolean }> }>, pageInfo: { endCursor: string | null, hasNextPage: boolean } }, scimSettings: { provider: ScimProvider } };

export type UserPageQueryVariables = Exact<{
  id: string | number;
}>;


export type UserPageQuery = { customAttributes: Array<{ id: string, schema: string, name: string, type: CustomAttributeType, multiValued: boolean }>, user: { externalId: string | null, middleName: string | null, nickName: string | null, preferredLanguage: string | null, locale: string | null, timezone: string | null, userType: string | null, employeeNumber: string | null, department: string | null, division: string | null, organization: string | null, costCenter: string | null, version: number, createdAt: string, updatedAt: string, id: string, userName: string, displayName: string | null, givenName: string | null, familyName: string | null, title: string | null, active: boolean, origin: Origin, managedBy: Origin, manager: { value: string, user: { id: string, userName: string, displayName: string | null } | null } | null, phoneNumbers: Array<{ value: string | null, type: string | null, primary: boolean }>, addresses: Array<{ formatted: string | null, type: string | null }>, roles: Array<{ value: string | null, type: string | null, primary: boolean }>, groups: Array<{ id: string, displayName: string }>, customAttributes: Array<{ strings: Array<string> | null, numbers: Array<number> | null, booleans: Array<boolean> | null, dateTimes: Array<string> | null, attribute: { id: string } }>, history: Array<{ id: string, at: string, action: string, targetType: string, targetId: string | null, dialect: string | null, actor: { kind: ActorKind, label: string }, changes: Array<{ attribute: string, before: unknown, after: unknown, added: Array<string> | null, removed: Array<string> | null }> }>, emails: Array<{ value: string | null, type: string | null, primary: boolean }> } | null, scimSettings: { provider: ScimProvider } };

export type CreateUserMutationVariables = Exact<{
  input: CreateUserInput;
}>;


export type CreateUserMutation = { createUser: { id: string } };

export type UpdateUserMutationVariables = Exact<{
  input: UpdateUserInput;
}>;


export type UpdateUserMutation = { updateUser: { id: string } };

export type DeactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DeactivateUserMutation = { deactivateUser: { id: string } };

export type ReactivateUserMutationVariables = Exact<{
  id: string | number;
}>;


export type ReactivateUserMutation = { reactivateUser: { id: string } };

export type DeleteUserMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteUserMutation = { deleteUser: boolean };

export type WebhookEndpointsQueryVariables = Exact<{ [key: string]: never; }>;


export type WebhookEndpointsQuery = { webhookEndpoints: Array<{ id: string, url: string, description: string, eventTypes: Array<WebhookEventType>, enabled: boolean, createdAt: string, previousSecretExpiresAt: string | null, pending: number, failed: number }> };

export type WebhookDeliveriesQueryVariables = Exact<{
  id: string | number;
  status?: WebhookDeliveryStatus | null | undefined;
  before?: string | number | null | undefined;
}>;


export type WebhookDeliveriesQuery = { webhookDeliveries: Array<{ id: string, eventId: string, eventType: string, occurredAt: string, status: WebhookDeliveryStatus, attempts: number, nextAttemptAt: string | null, lastAttemptAt: string | null, lastStatus: number | null, lastError: string | null, deliveredAt: string | null, payload: unknown }> };

export type CreateWebhookEndpointMutationVariables = Exact<{
  input: CreateWebhookEndpointInput;
}>;


export type CreateWebhookEndpointMutation = { createWebhookEndpoint: { secret: string, endpoint: { id: string, url: string } } };

export type UpdateWebhookEndpointMutationVariables = Exact<{
  id: string | number;
  input: UpdateWebhookEndpointInput;
}>;


export type UpdateWebhookEndpointMutation = { updateWebhookEndpoint: { id: string, enabled: boolean } };

export type DeleteWebhookEndpointMutationVariables = Exact<{
  id: string | number;
}>;


export type DeleteWebhookEndpointMutation = { deleteWebhookEndpoint: boolean };

export type RotateWebhookSecretMutationVariables = Exact<{
  id: string | number;
}>;


export type RotateWebhookSecretMutation = { rotateWebhookSecret: { secret: string, endpoint: { url: string } } };

export type RetryWebhookDeliveryMutationVariables = Exact<{
  id: string | number;
}>;


export type RetryWebhookDeliveryMutation = { retryWebhookDelivery: { id: string } };

export type SendTestWebhookMutationVariables = Exact<{
  id: string | number;
}>;


export type SendTestWebhookMutation = { sendTestWebhook: { id: string } };

export class TypedDocumentString<TResult, TVariables>
  extends String
  implements DocumentTypeDecoration<TResult, TVariables>
{
  __apiType?: NonNullable<DocumentTypeDecoration<TResult, TVariables>['__apiType']>;
  private value: string;
  public __meta__?: Record<string, any> | undefined;

  constructor(value: string, __meta__?: Record<string, any> | undefined) {
    super(value);
    this.value = value;
    this.__meta__ = __meta__;
  }

  override toString(): string & DocumentTypeDecoration<TResult, TVariables> {
    return this.value;
  }
}
export const CustomAttributeFieldsFragmentDoc = new TypedDocumentString(`
    fragment CustomAttributeFields on CustomAttribute {
  id
  schema
  name
  type
  multiValued
  caseExact
  required
  uniqueness
  description
  createdAt
}
    `, {"fragmentName":"CustomAttributeFields"}) as unknown as TypedDocumentString<CustomAttributeFieldsFragment, unknown>;
export const TokenFieldsFragmentDoc = new TypedDocumentString(`
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
    `, {"fragmentName":"TokenFields"}) as unknown as TypedDocumentString<TokenFieldsFragment, unknown>;
export const ScimSettingsFieldsFragmentDoc = new TypedDocumentString(`
    fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}`, {"fragmentName":"ScimSettingsFields"}) as unknown as TypedDocumentString<ScimSettingsFieldsFragment, unknown>;
export const UserRowFragmentDoc = new TypedDocumentString(`
    fragment UserRow on User {
  id
  userName
  displayName
  givenName
  familyName
  title
  active
  origin
  managedBy
  emails {
    value
    type
    primary
  }
}
    `, {"fragmentName":"UserRow"}) as unknown as TypedDocumentString<UserRowFragment, unknown>;
export const AuditEventFieldsFragmentDoc = new TypedDocumentString(`
    fragment AuditEventFields on AuditEvent {
  id
  at
  action
  targetType
  targetId
  dialect
  actor {
    kind
    label
  }
  changes {
    attribute
    before
    after
    added
    removed
  }
}
    `, {"fragmentName":"AuditEventFields"}) as unknown as TypedDocumentString<AuditEventFieldsFragment, unknown>;
export const AuditEventsDocument = new TypedDocumentString(`
    query AuditEvents($after: String, $filter: AuditFilter) {
  auditEvents(first: 50, after: $after, filter: $filter) {
    nodes {
      ...AuditEventFields
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    fragment AuditEventFields on AuditEvent {
  id
  at
  action
  targetType
  targetId
  dialect
  actor {
    kind
    label
  }
  changes {
    attribute
    before
    after
    added
    removed
  }
}`) as unknown as TypedDocumentString<AuditEventsQuery, AuditEventsQueryVariables>;
export const ScimRequestsDocument = new TypedDocumentString(`
    query ScimRequests($after: String, $filter: ScimRequestFilter) {
  scimRequests(first: 50, after: $after, filter: $filter) {
    nodes {
      id
      at
      method
      path
      status
      scimType
      durationMs
      dialect
      userAgent
      requestBody
      responseBody
      ignoredAttributes
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<ScimRequestsQuery, ScimRequestsQueryVariables>;
export const AttributesPageDocument = new TypedDocumentString(`
    query AttributesPage {
  customAttributes {
    ...CustomAttributeFields
  }
  ignoredScimAttributes {
    resourceType
    name
    requests
    lastSeenAt
  }
}
    fragment CustomAttributeFields on CustomAttribute {
  id
  schema
  name
  type
  multiValued
  caseExact
  required
  uniqueness
  description
  createdAt
}`) as unknown as TypedDocumentString<AttributesPageQuery, AttributesPageQueryVariables>;
export const DeclareCustomAttributeDocument = new TypedDocumentString(`
    mutation DeclareCustomAttribute($input: DeclareCustomAttributeInput!) {
  declareCustomAttribute(input: $input) {
    ...CustomAttributeFields
  }
}
    fragment CustomAttributeFields on CustomAttribute {
  id
  schema
  name
  type
  multiValued
  caseExact
  required
  uniqueness
  description
  createdAt
}`) as unknown as TypedDocumentString<DeclareCustomAttributeMutation, DeclareCustomAttributeMutationVariables>;
export const RemoveCustomAttributeDocument = new TypedDocumentString(`
    mutation RemoveCustomAttribute($id: ID!) {
  removeCustomAttribute(id: $id) {
    valuesDropped
    attribute {
      schema
      name
    }
  }
}
    `) as unknown as TypedDocumentString<RemoveCustomAttributeMutation, RemoveCustomAttributeMutationVariables>;
export const UpdateCustomAttributeDocument = new TypedDocumentString(`
    mutation UpdateCustomAttribute($input: UpdateCustomAttributeInput!) {
  updateCustomAttribute(input: $input) {
    ...CustomAttributeFields
  }
}
    fragment CustomAttributeFields on CustomAttribute {
  id
  schema
  name
  type
  multiValued
  caseExact
  required
  uniqueness
  description
  createdAt
}`) as unknown as TypedDocumentString<UpdateCustomAttributeMutation, UpdateCustomAttributeMutationVariables>;
export const GroupsPageDocument = new TypedDocumentString(`
    query GroupsPage($first: Int, $after: String, $search: String) {
  groups(first: $first, after: $after, search: $search) {
    totalCount
    nodes {
      id
      displayName
      externalId
      managedBy
      memberCount
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
}
    `) as unknown as TypedDocumentString<GroupsPageQuery, GroupsPageQueryVariables>;
export const GroupPageDocument = new TypedDocumentString(`
    query GroupPage($id: ID!, $after: String) {
  group(id: $id) {
    id
    displayName
    externalId
    managedBy
    memberCount
    createdAt
    members(first: 50, after: $after) {
      nodes {
        id
        userName
        displayName
      }
      pageInfo {
        endCursor
        hasNextPage
      }
    }
  }
}
    `) as unknown as TypedDocumentString<GroupPageQuery, GroupPageQueryVariables>;
export const CreateGroupDocument = new TypedDocumentString(`
    mutation CreateGroup($input: CreateGroupInput!) {
  createGroup(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateGroupMutation, CreateGroupMutationVariables>;
export const SecurityPageDocument = new TypedDocumentString(`
    query SecurityPage {
  scimSettings {
    ...ScimSettingsFields
  }
  scimConflicts(status: OPEN) {
    id
    userName
    consoleUserId
    attempts
    lastAt
  }
  takeoverPreview(first: 50) {
    total
    users {
      id
      userName
      displayName
      keepConsoleManaged
      idpAttempted
    }
  }
  ignoredScimAttributes {
    resourceType
    name
    firstSeenAt
    lastSeenAt
    requests
  }
  connectionHealth {
    lastRequestAt
    dialect
    expectedCadenceMinutes
    recentErrorRate
    hourly {
      start
      requests
      errors
    }
    warnings {
      code
      message
    }
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<SecurityPageQuery, SecurityPageQueryVariables>;
export const SetScimEnabledDocument = new TypedDocumentString(`
    mutation SetScimEnabled($enabled: Boolean!) {
  setScimEnabled(enabled: $enabled) {
    token
    settings {
      ...ScimSettingsFields
    }
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<SetScimEnabledMutation, SetScimEnabledMutationVariables>;
export const RegenerateScimTokenDocument = new TypedDocumentString(`
    mutation RegenerateScimToken($overlapMinutes: Int) {
  regenerateScimToken(overlapMinutes: $overlapMinutes) {
    token
    settings {
      ...ScimSettingsFields
    }
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<RegenerateScimTokenMutation, RegenerateScimTokenMutationVariables>;
export const RevokePreviousScimTokenDocument = new TypedDocumentString(`
    mutation RevokePreviousScimToken {
  revokePreviousScimToken {
    ...ScimSettingsFields
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<RevokePreviousScimTokenMutation, RevokePreviousScimTokenMutationVariables>;
export const ReleaseDeprovisioningHoldDocument = new TypedDocumentString(`
    mutation ReleaseDeprovisioningHold {
  releaseDeprovisioningHold {
    ...ScimSettingsFields
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<ReleaseDeprovisioningHoldMutation, ReleaseDeprovisioningHoldMutationVariables>;
export const UpdateScimSettingsDocument = new TypedDocumentString(`
    mutation UpdateScimSettings($input: UpdateScimSettingsInput!) {
  updateScimSettings(input: $input) {
    ...ScimSettingsFields
  }
}
    fragment TokenFields on ScimTokenInfo {
  prefix
  createdAt
  lastUsedAt
  expiresAt
}
fragment ScimSettingsFields on ScimSettings {
  enabled
  provider
  userScope
  strictAttributes
  scimUrl
  idpManagedUsers
  consoleUsers
  token {
    ...TokenFields
  }
  previousToken {
    ...TokenFields
  }
  deprovisioningBrake {
    enabled
    maxUsers
    maxPercent
    windowMinutes
    heldSince
    heldRequests
    releasedUntil
    recentDeprovisions
  }
}`) as unknown as TypedDocumentString<UpdateScimSettingsMutation, UpdateScimSettingsMutationVariables>;
export const SetKeepConsoleManagedDocument = new TypedDocumentString(`
    mutation SetKeepConsoleManaged($id: ID!, $keep: Boolean!) {
  setKeepConsoleManaged(id: $id, keep: $keep) {
    userName
    keepConsoleManaged
  }
}
    `) as unknown as TypedDocumentString<SetKeepConsoleManagedMutation, SetKeepConsoleManagedMutationVariables>;
export const RunScimSelfCheckDocument = new TypedDocumentString(`
    mutation RunScimSelfCheck {
  runScimSelfCheck {
    name
    method
    path
    status
    ok
    durationMs
    detail
  }
}
    `) as unknown as TypedDocumentString<RunScimSelfCheckMutation, RunScimSelfCheckMutationVariables>;
export const LinkScimConflictDocument = new TypedDocumentString(`
    mutation LinkScimConflict($id: ID!) {
  linkScimConflict(id: $id) {
    userName
  }
}
    `) as unknown as TypedDocumentString<LinkScimConflictMutation, LinkScimConflictMutationVariables>;
export const DismissScimConflictDocument = new TypedDocumentString(`
    mutation DismissScimConflict($id: ID!) {
  dismissScimConflict(id: $id) {
    userName
  }
}
    `) as unknown as TypedDocumentString<DismissScimConflictMutation, DismissScimConflictMutationVariables>;
export const MeDocument = new TypedDocumentString(`
    query Me {
  me {
    kind
    label
    role
    tenant
  }
}
    `) as unknown as TypedDocumentString<MeQuery, MeQueryVariables>;
export const AttentionDocument = new TypedDocumentString(`
    query Attention {
  attention {
    deprovisioningHeldSince
    openConflicts
  }
}
    `) as unknown as TypedDocumentString<AttentionQuery, AttentionQueryVariables>;
export const LoginDocument = new TypedDocumentString(`
    mutation Login($tenant: String!, $email: String!, $password: String!) {
  login(tenant: $tenant, email: $email, password: $password) {
    label
  }
}
    `) as unknown as TypedDocumentString<LoginMutation, LoginMutationVariables>;
export const LogoutDocument = new TypedDocumentString(`
    mutation Logout {
  logout
}
    `) as unknown as TypedDocumentString<LogoutMutation, LogoutMutationVariables>;
export const SettingsPageDocument = new TypedDocumentString(`
    query SettingsPage {
  admins {
    id
    email
    name
    role
    lastLoginAt
  }
  apiKeys {
    id
    name
    role
    prefix
    createdAt
    lastUsedAt
    revokedAt
  }
  retention {
    requestLogDays
    webhookDays
    auditDays
    lastPrunedAt
    usageMeasuredAt
    usage {
      kind
      rows
      bytes
    }
    overrides {
      requestLogDays
      webhookDays
      auditDays
    }
  }
}
    `) as unknown as TypedDocumentString<SettingsPageQuery, SettingsPageQueryVariables>;
export const UpdateRetentionDocument = new TypedDocumentString(`
    mutation UpdateRetention($input: RetentionInput!) {
  updateRetention(input: $input) {
    requestLogDays
  }
}
    `) as unknown as TypedDocumentString<UpdateRetentionMutation, UpdateRetentionMutationVariables>;
export const CreateAdminDocument = new TypedDocumentString(`
    mutation CreateAdmin($input: CreateAdminInput!) {
  createAdmin(input: $input) {
    password
    admin {
      email
    }
  }
}
    `) as unknown as TypedDocumentString<CreateAdminMutation, CreateAdminMutationVariables>;
export const ChangeAdminRoleDocument = new TypedDocumentString(`
    mutation ChangeAdminRole($id: ID!, $role: Role!) {
  changeAdminRole(id: $id, role: $role) {
    id
  }
}
    `) as unknown as TypedDocumentString<ChangeAdminRoleMutation, ChangeAdminRoleMutationVariables>;
export const RemoveAdminDocument = new TypedDocumentString(`
    mutation RemoveAdmin($id: ID!) {
  removeAdmin(id: $id)
}
    `) as unknown as TypedDocumentString<RemoveAdminMutation, RemoveAdminMutationVariables>;
export const CreateApiKeyDocument = new TypedDocumentString(`
    mutation CreateApiKey($name: String!, $role: Role!) {
  createApiKey(name: $name, role: $role) {
    key
    apiKey {
      name
    }
  }
}
    `) as unknown as TypedDocumentString<CreateApiKeyMutation, CreateApiKeyMutationVariables>;
export const RevokeApiKeyDocument = new TypedDocumentString(`
    mutation RevokeApiKey($id: ID!) {
  revokeApiKey(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RevokeApiKeyMutation, RevokeApiKeyMutationVariables>;
export const DeleteWorkspaceDocument = new TypedDocumentString(`
    mutation DeleteWorkspace($confirm: String!) {
  deleteWorkspace(confirm: $confirm) {
    slug
    rowsDeleted
  }
}
    `) as unknown as TypedDocumentString<DeleteWorkspaceMutation, DeleteWorkspaceMutationVariables>;
export const UsersPageDocument = new TypedDocumentString(`
    query UsersPage($first: Int, $after: String, $filter: UserFilter, $orderBy: UserOrderField) {
  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) {
    totalCount
    nodes {
      ...UserRow
    }
    pageInfo {
      endCursor
      hasNextPage
    }
  }
  scimSettings {
    provider
  }
}
    fragment UserRow on User {
  id
  userName
  displayName
  givenName
  familyName
  title
  active
  origin
  managedBy
  emails {
    value
    type
    primary
  }
}`) as unknown as TypedDocumentString<UsersPageQuery, UsersPageQueryVariables>;
export const UserPageDocument = new TypedDocumentString(`
    query UserPage($id: ID!) {
  customAttributes {
    id
    schema
    name
    type
    multiValued
  }
  user(id: $id) {
    ...UserRow
    externalId
    middleName
    nickName
    preferredLanguage
    locale
    timezone
    userType
    employeeNumber
    department
    division
    organization
    costCenter
    manager {
      value
      user {
        id
        userName
        displayName
      }
    }
    version
    createdAt
    updatedAt
    phoneNumbers {
      value
      type
      primary
    }
    addresses {
      formatted
      type
    }
    roles {
      value
      type
      primary
    }
    groups {
      id
      displayName
    }
    customAttributes {
      attribute {
        id
      }
      strings
      numbers
      booleans
      dateTimes
    }
    history(first: 50) {
      ...AuditEventFields
    }
  }
  scimSettings {
    provider
  }
}
    fragment UserRow on User {
  id
  userName
  displayName
  givenName
  familyName
  title
  active
  origin
  managedBy
  emails {
    value
    type
    primary
  }
}
fragment AuditEventFields on AuditEvent {
  id
  at
  action
  targetType
  targetId
  dialect
  actor {
    kind
    label
  }
  changes {
    attribute
    before
    after
    added
    removed
  }
}`) as unknown as TypedDocumentString<UserPageQuery, UserPageQueryVariables>;
export const CreateUserDocument = new TypedDocumentString(`
    mutation CreateUser($input: CreateUserInput!) {
  createUser(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<CreateUserMutation, CreateUserMutationVariables>;
export const UpdateUserDocument = new TypedDocumentString(`
    mutation UpdateUser($input: UpdateUserInput!) {
  updateUser(input: $input) {
    id
  }
}
    `) as unknown as TypedDocumentString<UpdateUserMutation, UpdateUserMutationVariables>;
export const DeactivateUserDocument = new TypedDocumentString(`
    mutation DeactivateUser($id: ID!) {
  deactivateUser(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<DeactivateUserMutation, DeactivateUserMutationVariables>;
export const ReactivateUserDocument = new TypedDocumentString(`
    mutation ReactivateUser($id: ID!) {
  reactivateUser(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<ReactivateUserMutation, ReactivateUserMutationVariables>;
export const DeleteUserDocument = new TypedDocumentString(`
    mutation DeleteUser($id: ID!) {
  deleteUser(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteUserMutation, DeleteUserMutationVariables>;
export const WebhookEndpointsDocument = new TypedDocumentString(`
    query WebhookEndpoints {
  webhookEndpoints {
    id
    url
    description
    eventTypes
    enabled
    createdAt
    previousSecretExpiresAt
    pending
    failed
  }
}
    `) as unknown as TypedDocumentString<WebhookEndpointsQuery, WebhookEndpointsQueryVariables>;
export const WebhookDeliveriesDocument = new TypedDocumentString(`
    query WebhookDeliveries($id: ID!, $status: WebhookDeliveryStatus, $before: ID) {
  webhookDeliveries(endpointId: $id, status: $status, before: $before, first: 50) {
    id
    eventId
    eventType
    occurredAt
    status
    attempts
    nextAttemptAt
    lastAttemptAt
    lastStatus
    lastError
    deliveredAt
    payload
  }
}
    `) as unknown as TypedDocumentString<WebhookDeliveriesQuery, WebhookDeliveriesQueryVariables>;
export const CreateWebhookEndpointDocument = new TypedDocumentString(`
    mutation CreateWebhookEndpoint($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) {
    secret
    endpoint {
      id
      url
    }
  }
}
    `) as unknown as TypedDocumentString<CreateWebhookEndpointMutation, CreateWebhookEndpointMutationVariables>;
export const UpdateWebhookEndpointDocument = new TypedDocumentString(`
    mutation UpdateWebhookEndpoint($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) {
    id
    enabled
  }
}
    `) as unknown as TypedDocumentString<UpdateWebhookEndpointMutation, UpdateWebhookEndpointMutationVariables>;
export const DeleteWebhookEndpointDocument = new TypedDocumentString(`
    mutation DeleteWebhookEndpoint($id: ID!) {
  deleteWebhookEndpoint(id: $id)
}
    `) as unknown as TypedDocumentString<DeleteWebhookEndpointMutation, DeleteWebhookEndpointMutationVariables>;
export const RotateWebhookSecretDocument = new TypedDocumentString(`
    mutation RotateWebhookSecret($id: ID!) {
  rotateWebhookSecret(id: $id) {
    secret
    endpoint {
      url
    }
  }
}
    `) as unknown as TypedDocumentString<RotateWebhookSecretMutation, RotateWebhookSecretMutationVariables>;
export const RetryWebhookDeliveryDocument = new TypedDocumentString(`
    mutation RetryWebhookDelivery($id: ID!) {
  retryWebhookDelivery(id: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<RetryWebhookDeliveryMutation, RetryWebhookDeliveryMutationVariables>;
export const SendTestWebhookDocument = new TypedDocumentString(`
    mutation SendTestWebhook($id: ID!) {
  sendTestWebhook(endpointId: $id) {
    id
  }
}
    `) as unknown as TypedDocumentString<SendTestWebhookMutation, SendTestWebhookMutationVariables>;