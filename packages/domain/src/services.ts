import { AdminService } from './admins/admin.service.js';
import { ApiKeyService } from './admins/api-key.service.js';
import { AuthService } from './auth/auth.service.js';
import { AuditService } from './audit/audit.service.js';
import { GroupService } from './groups/group.service.js';
import { ScimConflictService } from './scim/scim-conflict.service.js';
import { ScimRequestLogService } from './scim/scim-request-log.service.js';
import { ScimSettingsService } from './scim/scim-settings.service.js';
import type { TenantScope } from './tenancy/with-tenant.js';
import { CustomAttributeService } from './users/custom-attribute.service.js';
import { RetentionService } from './retention/retention.service.js';
import { UserService } from './users/user.service.js';
import { WebhookService } from './webhooks/webhook.service.js';

/** The services of one tenant. The only way to get them is `withTenant`, which makes the scope. */
export interface Services {
  users: UserService;
  groups: GroupService;
  scim: ScimSettingsService;
  admins: AdminService;
  audit: AuditService;
  requestLog: ScimRequestLogService;
  conflicts: ScimConflictService;
  apiKeys: ApiKeyService;
  auth: AuthService;
  webhooks: WebhookService;
  customAttributes: CustomAttributeService;
  retention: RetentionService;
}

export function createServices(scope: TenantScope): Services {
  return {
    users: new UserService(scope),
    groups: new GroupService(scope),
    scim: new ScimSettingsService(scope),
    admins: new AdminService(scope),
    audit: new AuditService(scope),
    requestLog: new ScimRequestLogService(scope),
    conflicts: new ScimConflictService(scope),
    apiKeys: new ApiKeyService(scope),
    auth: new AuthService(scope),
    webhooks: new WebhookService(scope),
    customAttributes: new CustomAttributeService(scope),
    retention: new RetentionService(scope),
  };
}
