// Every GraphQL operation the console sends, with the shape of its result (schema:
// apps/server/schema.graphql).

export type Role = 'OWNER' | 'ADMIN' | 'VIEWER';
export type Origin = 'CONSOLE' | 'IDP';
export type Provider = 'ENTRA_ID' | 'OKTA' | 'OTHER';
export type Scope = 'ALL_USERS' | 'IDP_USERS_ONLY';

export interface Me {
  kind: string;
  label: string;
  role: Role;
  tenant: string;
}
export const ME = '{ me { kind label role tenant } }';

/** What needs an admin now; the layout shows it on every page. */
export interface Attention {
  deprovisioningHeldSince: string | null;
  openConflicts: number;
}
export const ATTENTION = '{ attention { deprovisioningHeldSince openConflicts } }';

export interface TokenInfo {
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
}
export interface ScimSettings {
  enabled: boolean;
  provider: Provider;
  userScope: Scope;
  scimUrl: string;
  token: TokenInfo | null;
  /** The token the current one replaced, while it still works. */
  previousToken: TokenInfo | null;
  idpManagedUsers: number;
  consoleUsers: number;
  deprovisioningBrake: {
    enabled: boolean;
    maxUsers: number;
    maxPercent: number;
    windowMinutes: number;
    heldSince: string | null;
    heldRequests: number;
    releasedUntil: string | null;
    recentDeprovisions: number;
  };
}
const SETTINGS_FIELDS =
  'enabled provider userScope scimUrl idpManagedUsers consoleUsers ' +
  'token { prefix createdAt lastUsedAt expiresAt } previousToken { prefix createdAt lastUsedAt expiresAt } ' +
  'deprovisioningBrake { enabled maxUsers maxPercent windowMinutes heldSince heldRequests releasedUntil recentDeprovisions }';
export interface Health {
  lastRequestAt: string | null;
  dialect: string | null;
  expectedCadenceMinutes: number | null;
  recentErrorRate: number;
  hourly: { start: string; requests: number; errors: number }[];
  warnings: { code: string; message: string }[];
}
export interface Conflict {
  id: string;
  userName: string;
  consoleUserId: string;
  attempts: number;
  lastAt: string;
}
export const SCIM_SETTINGS = `{ scimSettings { ${SETTINGS_FIELDS} }
  scimConflicts(status: OPEN) { id userName consoleUserId attempts lastAt }
  takeoverPreview(first: 50) { total users { id userName displayName keepConsoleManaged idpAttempted } }
  connectionHealth { lastRequestAt dialect expectedCadenceMinutes recentErrorRate
    hourly { start requests errors } warnings { code message } } }`;
export interface TakeoverCandidate {
  id: string;
  userName: string;
  displayName: string | null;
  keepConsoleManaged: boolean;
  idpAttempted: boolean;
}
export const SET_KEEP_CONSOLE_MANAGED =
  'mutation($id: ID!, $keep: Boolean!) { setKeepConsoleManaged(id: $id, keep: $keep) { userName keepConsoleManaged } }';
export interface SelfCheckStep {
  name: string;
  method: string;
  path: string;
  status: number | null;
  ok: boolean;
  durationMs: number;
  detail: string | null;
}
export const RUN_SELF_CHECK =
  'mutation { runScimSelfCheck { name method path status ok durationMs detail } }';
export const LINK_CONFLICT = 'mutation($id: ID!) { linkScimConflict(id: $id) { userName } }';
export const DISMISS_CONFLICT = 'mutation($id: ID!) { dismissScimConflict(id: $id) { userName } }';
export const SET_SCIM_ENABLED = `mutation($enabled: Boolean!) { setScimEnabled(enabled: $enabled) { token settings { ${SETTINGS_FIELDS} } } }`;
export const REGENERATE_TOKEN = `mutation($overlapMinutes: Int) { regenerateScimToken(overlapMinutes: $overlapMinutes) { token settings { ${SETTINGS_FIELDS} } } }`;
export const REVOKE_PREVIOUS_TOKEN = `mutation { revokePreviousScimToken { ${SETTINGS_FIELDS} } }`;
export const RELEASE_DEPROVISIONING_HOLD = `mutation { releaseDeprovisioningHold { ${SETTINGS_FIELDS} } }`;
export const UPDATE_SCIM_SETTINGS = `mutation($input: UpdateScimSettingsInput!) { updateScimSettings(input: $input) { ${SETTINGS_FIELDS} } }`;

export interface MultiValue {
  value: string | null;
  type: string | null;
  primary: boolean;
}
export interface UserRow {
  id: string;
  userName: string;
  displayName: string | null;
  givenName: string | null;
  familyName: string | null;
  title: string | null;
  active: boolean;
  origin: Origin;
  managedBy: Origin;
  emails: MultiValue[];
}
const USER_ROW =
  'id userName displayName givenName familyName title active origin managedBy emails { value type primary }';
export const USERS = `query($first: Int, $after: String, $filter: UserFilter, $orderBy: UserOrderField) {
  users(first: $first, after: $after, filter: $filter, orderBy: $orderBy) { totalCount nodes { ${USER_ROW} } pageInfo { endCursor hasNextPage } }
  scimSettings { provider }
}`;

export interface AuditEvent {
  id: string;
  at: string;
  action: string;
  targetType: string;
  targetId: string | null;
  dialect: string | null;
  actor: { kind: string; label: string };
  changes: {
    attribute: string;
    before: unknown;
    after: unknown;
    added: string[] | null;
    removed: string[] | null;
  }[];
}
const EVENT_FIELDS =
  'id at action targetType targetId dialect actor { kind label } changes { attribute before after added removed }';

export interface UserDetail extends UserRow {
  externalId: string | null;
  middleName: string | null;
  nickName: string | null;
  preferredLanguage: string | null;
  locale: string | null;
  timezone: string | null;
  userType: string | null;
  employeeNumber: string | null;
  department: string | null;
  division: string | null;
  organization: string | null;
  costCenter: string | null;
  managerId: string | null;
  version: number;
  createdAt: string;
  updatedAt: string;
  phoneNumbers: MultiValue[];
  addresses: { formatted: string | null; type: string | null }[];
  roles: MultiValue[];
  groups: { id: string; displayName: string }[];
  history: AuditEvent[];
}
export const USER = `query($id: ID!) {
  user(id: $id) {
    ${USER_ROW} externalId middleName nickName preferredLanguage locale timezone userType employeeNumber department division
    organization costCenter managerId version createdAt updatedAt phoneNumbers { value type primary } addresses { formatted type }
    roles { value type primary } groups { id displayName } history(first: 50) { ${EVENT_FIELDS} }
  }
  scimSettings { provider }
}`;
export const CREATE_USER = 'mutation($input: CreateUserInput!) { createUser(input: $input) { id } }';
export const UPDATE_USER = 'mutation($input: UpdateUserInput!) { updateUser(input: $input) { id } }';
export const DEACTIVATE_USER = 'mutation($id: ID!) { deactivateUser(id: $id) { id } }';
export const REACTIVATE_USER = 'mutation($id: ID!) { reactivateUser(id: $id) { id } }';
export const DELETE_USER = 'mutation($id: ID!) { deleteUser(id: $id) }';

export interface GroupRow {
  id: string;
  displayName: string;
  externalId: string | null;
  managedBy: Origin;
  memberCount: number;
}
export const GROUPS = `query($first: Int, $after: String, $search: String) {
  groups(first: $first, after: $after, search: $search) { totalCount nodes { id displayName externalId managedBy memberCount } pageInfo { endCursor hasNextPage } }
}`;
export const GROUP = `query($id: ID!, $after: String) {
  group(id: $id) { id displayName externalId managedBy memberCount createdAt
    members(first: 50, after: $after) { nodes { id userName displayName } pageInfo { endCursor hasNextPage } } }
}`;
export const CREATE_GROUP = 'mutation($input: CreateGroupInput!) { createGroup(input: $input) { id } }';

export const AUDIT_EVENTS = `query($after: String, $filter: AuditFilter) {
  auditEvents(first: 50, after: $after, filter: $filter) { nodes { ${EVENT_FIELDS} } pageInfo { endCursor hasNextPage } }
}`;
export interface ScimRequest {
  id: string;
  at: string;
  method: string;
  path: string;
  status: number;
  scimType: string | null;
  durationMs: number;
  dialect: string | null;
  userAgent: string | null;
  requestBody: unknown;
  responseBody: unknown;
}
export const SCIM_REQUESTS = `query($after: String, $filter: ScimRequestFilter) {
  scimRequests(first: 50, after: $after, filter: $filter) {
    nodes { id at method path status scimType durationMs dialect userAgent requestBody responseBody } pageInfo { endCursor hasNextPage }
  }
}`;

export interface Admin {
  id: string;
  email: string;
  name: string | null;
  role: Role;
  lastLoginAt: string | null;
}
export interface ApiKey {
  id: string;
  name: string;
  role: Role;
  prefix: string;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}
export const SETTINGS =
  '{ admins { id email name role lastLoginAt } apiKeys { id name role prefix createdAt lastUsedAt revokedAt } }';
export const CREATE_ADMIN =
  'mutation($input: CreateAdminInput!) { createAdmin(input: $input) { password admin { email } } }';
export const CHANGE_ROLE =
  'mutation($id: ID!, $role: Role!) { changeAdminRole(id: $id, role: $role) { id } }';
export const REMOVE_ADMIN = 'mutation($id: ID!) { removeAdmin(id: $id) }';
export const CREATE_KEY =
  'mutation($name: String!, $role: Role!) { createApiKey(name: $name, role: $role) { key apiKey { name } } }';
export const REVOKE_KEY = 'mutation($id: ID!) { revokeApiKey(id: $id) { id } }';

export type WebhookEventType =
  | 'USER_CREATED'
  | 'USER_UPDATED'
  | 'USER_DEACTIVATED'
  | 'USER_REACTIVATED'
  | 'USER_DELETED'
  | 'USER_TAKEN_OVER'
  | 'GROUP_CREATED'
  | 'GROUP_UPDATED'
  | 'GROUP_DELETED'
  | 'GROUP_MEMBERSHIP_CHANGED';
export type WebhookDeliveryStatus = 'PENDING' | 'DELIVERED' | 'FAILED' | 'PAUSED';
export interface WebhookEndpoint {
  id: string;
  url: string;
  description: string;
  eventTypes: WebhookEventType[];
  enabled: boolean;
  createdAt: string;
  previousSecretExpiresAt: string | null;
  pending: number;
  failed: number;
}
export interface WebhookDelivery {
  id: string;
  eventId: string;
  eventType: string;
  occurredAt: string;
  status: WebhookDeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  payload: unknown;
}
const ENDPOINT_FIELDS =
  'id url description eventTypes enabled createdAt previousSecretExpiresAt pending failed';
export const WEBHOOK_ENDPOINTS = `{ webhookEndpoints { ${ENDPOINT_FIELDS} } }`;
export const WEBHOOK_DELIVERIES = `query($id: ID!, $status: WebhookDeliveryStatus, $before: ID) {
  webhookDeliveries(endpointId: $id, status: $status, before: $before, first: 50) {
    id eventId eventType occurredAt status attempts nextAttemptAt lastAttemptAt lastStatus lastError deliveredAt payload
  }
}`;
export const CREATE_WEBHOOK = `mutation($input: CreateWebhookEndpointInput!) {
  createWebhookEndpoint(input: $input) { secret endpoint { id url } }
}`;
export const UPDATE_WEBHOOK = `mutation($id: ID!, $input: UpdateWebhookEndpointInput!) {
  updateWebhookEndpoint(id: $id, input: $input) { id enabled }
}`;
export const DELETE_WEBHOOK = 'mutation($id: ID!) { deleteWebhookEndpoint(id: $id) }';
export const ROTATE_WEBHOOK_SECRET =
  'mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret endpoint { url } } }';
export const RETRY_WEBHOOK_DELIVERY = 'mutation($id: ID!) { retryWebhookDelivery(id: $id) { id } }';
export const SEND_TEST_WEBHOOK = 'mutation($id: ID!) { sendTestWebhook(endpointId: $id) { id } }';
