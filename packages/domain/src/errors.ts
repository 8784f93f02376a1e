/**
 * Every failure the domain reports, as a code. Transports map each code once
 * (a `satisfies Record<DomainErrorCode, …>` table), so a new code without a mapping fails `tsc`.
 */
export type DomainErrorCode =
  | 'invalid_input'
  | 'version_mismatch'
  | 'tenant.not_found'
  | 'tenant.slug_taken'
  | 'user.not_found'
  | 'user.username_taken'
  /** Another user has this value of a custom attribute declared unique. */
  | 'user.custom_value_taken'
  | 'custom_attribute.not_found'
  /** The extension URN already has an attribute of that name (case-insensitively). */
  | 'custom_attribute.taken'
  /** Uniqueness "server" asked of an attribute two users share a value of. */
  | 'custom_attribute.values_not_unique'
  /** An IdP create collides with a console-created user while the IdP may manage only its own users. */
  | 'user.username_held_by_console'
  /** An IdP create of a console user an admin kept console-managed (takeover preview). */
  | 'user.kept_console_managed'
  | 'group.not_found'
  | 'group.display_name_taken'
  | 'group.member_not_found'
  | 'admin.not_found'
  | 'admin.email_taken'
  /** The last owner of a tenant cannot be removed or demoted. */
  | 'admin.last_owner'
  | 'api_key.not_found'
  /** Wrong email or password (never says which). */
  | 'auth.invalid_credentials'
  /** Too many failed sign-ins for this account or address; `details.retryAfterSeconds`. */
  | 'auth.rate_limited'
  /** The console may not change what the identity provider manages; the message names the IdP. */
  | 'user.managed_by_idp'
  | 'group.managed_by_idp'
  | 'scim.unauthorized'
  /** The mass-deprovisioning brake holds IdP deactivations and deletes; `details.retryAfterSeconds`. */
  | 'scim.deprovisioning_held'
  | 'scim.conflict_not_found'
  | 'webhook.not_found'
  | 'webhook.delivery_not_found'
  /** An action that needs SCIM switched on. */
  | 'scim.disabled'
  /** A statement ran past the statement timeout and was stopped (the transaction rolled back). */
  | 'request.too_slow'
  /** The connection died during COMMIT: the change may or may not have been applied. */
  | 'database.outcome_unknown';

export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** Machine-readable details, e.g. the offending field names or ids. */
    readonly details?: Record<string, unknown>,
  ) {
    super(message);
  }
}

export const isDomainError = (error: unknown, code?: DomainErrorCode): error is DomainError =>
  error instanceof DomainError && (code === undefined || error.code === code);
