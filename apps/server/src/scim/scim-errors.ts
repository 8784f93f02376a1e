import {
  DomainError,
  isDatabaseUnavailable,
  unavailableRetryAfterSeconds,
  type DomainErrorCode,
} from '@rollcall/domain';
import { ScimError, type ScimType } from '@rollcall/scim';

interface ScimStatus {
  status: number;
  scimType?: ScimType;
}

/** Every domain code, mapped once; a new code without a mapping fails `tsc`. */
const scimStatus = {
  invalid_input: { status: 400, scimType: 'invalidValue' },
  version_mismatch: { status: 412 },
  'tenant.not_found': { status: 404 },
  'tenant.slug_taken': { status: 409, scimType: 'uniqueness' },
  'user.not_found': { status: 404 },
  'user.username_taken': { status: 409, scimType: 'uniqueness' },
  'user.custom_value_taken': { status: 409, scimType: 'uniqueness' },
  'custom_attribute.not_found': { status: 404 },
  'custom_attribute.taken': { status: 409, scimType: 'uniqueness' },
  'custom_attribute.values_not_unique': { status: 409, scimType: 'uniqueness' },
  'user.username_held_by_console': { status: 409, scimType: 'uniqueness' },
  'user.kept_console_managed': { status: 409, scimType: 'uniqueness' },
  'group.not_found': { status: 404 },
  'group.display_name_taken': { status: 409, scimType: 'uniqueness' },
  'group.member_not_found': { status: 400, scimType: 'invalidValue' },
  'admin.not_found': { status: 404 },
  'admin.email_taken': { status: 409, scimType: 'uniqueness' },
  'admin.last_owner': { status: 409 },
  'api_key.not_found': { status: 404 },
  'auth.invalid_credentials': { status: 401 },
  'auth.rate_limited': { status: 429 },
  'user.managed_by_idp': { status: 400, scimType: 'mutability' },
  'group.managed_by_idp': { status: 400, scimType: 'mutability' },
  'scim.unauthorized': { status: 401 },
  // 503, not 4xx: the IdP retries later and nothing is lost (RFC 9110 §15.6.4).
  'scim.deprovisioning_held': { status: 503 },
  'scim.conflict_not_found': { status: 404 },
  'webhook.not_found': { status: 404 },
  'webhook.delivery_not_found': { status: 404 },
  'scim.disabled': { status: 401 },
  // The statement timeout stopped it and nothing was changed: the IdP may retry (with Retry-After).
  'request.too_slow': { status: 503 },
  // Not "nothing was changed": the detail says the change may have been applied (read it back).
  'database.outcome_unknown': { status: 503 },
} satisfies Record<DomainErrorCode, ScimStatus>;

/** Any error as a ScimError: protocol errors as they are, domain codes by the table, the rest as 500. */
export function toScimError(error: unknown): ScimError {
  if (error instanceof ScimError) return error;
  if (error instanceof DomainError) {
    const { status, scimType } = scimStatus[error.code] as ScimStatus;
    const retryAfter = (error.details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
    return new ScimError(status, scimType, error.message, retryAfter);
  }
  if (isDatabaseUnavailable(error)) {
    return new ScimError(
      503,
      undefined,
      'The directory database is unavailable; nothing was changed. Retry shortly.',
      unavailableRetryAfterSeconds,
    );
  }
  const http = error as { status?: unknown; expose?: unknown; type?: unknown; message?: unknown };
  if (http.status === 413) return new ScimError(413, undefined, 'The request body is too large');
  if (http.status === 415) return new ScimError(415, undefined, String(http.message));
  if (typeof http.status === 'number' && http.status === 400 && http.expose) {
    return new ScimError(400, 'invalidSyntax', 'The request body is not valid JSON');
  }
  return new ScimError(500, undefined, 'Internal server error');
}
