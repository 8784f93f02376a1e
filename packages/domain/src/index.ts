// The domain's whole public surface. The EntityManager is deliberately not exported: services come
// only from `withTenant`.
export { openDatabase, pingDatabase, type OrmOptions, type MikroORM } from './database/orm.js';
export { isDatabaseUnavailable, unavailableRetryAfterSeconds } from './database/availability.js';
export { SharedCounters } from './database/shared-counters.js';
export { isStorableText, toStorableText } from './database/storable-text.js';
export { instanceSigningKey } from './database/instance-key.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres.js';
export { withTenant } from './tenancy/with-tenant.js';
export { readWithTenant } from './tenancy/one-round-trip.js';
export { hashSecret } from './secrets.js';
export { TenantDirectory, isSlug, type TenantSnapshot } from './tenancy/tenant-directory.js';
export { importTenantArchive, tenantArchive, type ArchiveImport } from './tenancy/tenant-archive.js';
export { systemActor, type Actor, type RequestContext } from './tenancy/actor.js';
export { ensureFirstTenant, type FirstRunResult } from './bootstrap.js';
export type { Services } from './services.js';
export { DomainError, isDomainError, type DomainErrorCode } from './errors.js';
export { isId, newId } from './ids.js';
export type { Page, PageRequest } from './paging.js';
export type { UserService, UserMutation, WriteOptions } from './users/user.service.js';
export type { UserSnapshot, UserAttributes, UserRef, MultiValue, Address } from './users/user.snapshot.js';
export type { NewUser, UserChange } from './users/user.rules.js';
export type { UserWhere, UserOrder, UserField, FieldCondition } from './users/user.where.js';
export type { Origin } from './users/user.entity.js';
export type {
  GroupService,
  GroupMutation,
  MembershipResult,
  MembershipPlan,
  GroupWhere,
  GroupField,
} from './groups/group.service.js';
export type { GroupSnapshot, GroupMemberRef } from './groups/group.snapshot.js';
export type { NewGroup, GroupChange } from './groups/group.rules.js';
export type {
  ScimSettingsService,
  ScimSettingsSnapshot,
  IssuedToken,
  ScimTokenInfo,
} from './scim/scim-settings.service.js';
export { scimProviders, userScopes, type ScimProvider, type UserScope } from './scim/scim-settings.entity.js';
export type { AdminService, AdminSnapshot, NewAdmin } from './admins/admin.service.js';
export { adminRoles, type AdminRole } from './admins/admin.entity.js';
export type { AuditService, AuditEventSnapshot, AuditQuery } from './audit/audit.service.js';
export type { AttributeChange } from './audit/audit-event.entity.js';
export { tenantOwnedTables } from './migrations/tenant-owned-tables.js';
export { readWithScimToken, withScimToken, writeWithScimToken, type IdpActor } from './scim/scim-auth.js';
export type { ConflictStatus, ScimConflict } from './scim/scim-conflict.service.js';
export type { ConnectionHealth, HealthBucket, HealthWarning } from './scim/connection-health.js';
export type { ElementWhere } from './users/user.where.js';
export type {
  ScimRequestLogService,
  ScimRequestLogEntry,
  RequestLogQuery,
  IgnoredAttribute,
  LoggedScimRequest,
} from './scim/scim-request-log.service.js';
export type { AuthService, Credential, LoginPolicy, LoginResult } from './auth/auth.service.js';
export { principalActor, type Principal } from './auth/principal.js';
export { apiKeyTenant, type ApiKeyService, type ApiKeySnapshot } from './admins/api-key.service.js';
export { providerLabels } from './scim/scim-settings.entity.js';
export { runInTenant } from './tenancy/with-tenant.js';
export {
  webhookEventTypes,
  webhookTestEventType,
  webhookEventType,
  type WebhookEventType,
} from './webhooks/webhook-events.js';
export {
  isPublicAddress,
  publicOnlyLookup,
  webhookUrlProblem,
  type WebhookNetworkPolicy,
} from './webhooks/network-policy.js';
export { retryDelayMs, webhookPayload, type RetryPolicy } from './webhooks/webhook-payload.js';
export { SecretBox } from './webhooks/secret-box.js';
export {
  claimDueWebhookDeliveries,
  type ClaimedDelivery,
  type ClaimOptions,
} from './webhooks/webhook-dispatch.js';
export type {
  WebhookService,
  WebhookEndpoint,
  WebhookDelivery,
  WebhookDeliveryStatus,
  WebhookJob,
  WebhookAttempt,
  NewWebhookEndpoint,
  WebhookEndpointChange,
} from './webhooks/webhook.service.js';
export {
  customAttributeTypes,
  type CustomAttribute,
  type CustomAttributeChange,
  type CustomAttributeDeclaration,
  type CustomAttributeType,
  type CustomSchema,
  type CustomScalar,
  type CustomValues,
} from './users/custom-attribute.js';
export type { CustomAttributeService } from './users/custom-attribute.service.js';
export { pruneOnce, type PruneOptions } from './retention/prune.js';
export { instanceUsage, pruneRuns, type InstanceUsage, type PruneRun } from './retention/usage.js';
export type {
  PruneKind,
  Retention,
  RetentionChange,
  RetentionDays,
  RetentionService,
  Usage,
  UsageKind,
} from './retention/retention.service.js';
export { exportText, type ExportFormat, type ExportKind, type ExportRange } from './retention/export.js';
