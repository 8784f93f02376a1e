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
  /** An IdP create collides with a console-created user while the IdP may manage only its own users. */
  | 'user.username_held_by_console'
  | 'group.not_found'
  | 'group.display_name_taken'
  | 'group.member_not_found'
  | 'admin.not_found'
  | 'admin.email_taken'
  | 'scim.unauthorized';

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
