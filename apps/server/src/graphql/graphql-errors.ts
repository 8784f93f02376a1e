import { DomainError, isDatabaseUnavailable, type DomainErrorCode } from '@rollcall/domain';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { unwrapResolverError } from '@apollo/server/errors';
import type { Logger } from '../logger.js';

export type ApiErrorCode =
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'VALIDATION'
  | 'CONFLICT'
  | 'VERSION_MISMATCH'
  | 'MANAGED_BY_IDP'
  | 'TOO_MANY_REQUESTS'
  | 'SERVICE_UNAVAILABLE'
  | 'INTERNAL_SERVER_ERROR';

/** Every domain code, mapped once; a new code without a mapping fails `tsc`. */
const apiCode = {
  invalid_input: 'VALIDATION',
  version_mismatch: 'VERSION_MISMATCH',
  'tenant.not_found': 'NOT_FOUND',
  'tenant.slug_taken': 'CONFLICT',
  'user.not_found': 'NOT_FOUND',
  'user.username_taken': 'CONFLICT',
  'user.custom_value_taken': 'CONFLICT',
  'custom_attribute.not_found': 'NOT_FOUND',
  'custom_attribute.taken': 'CONFLICT',
  'custom_attribute.values_not_unique': 'CONFLICT',
  'user.username_held_by_console': 'CONFLICT',
  'user.kept_console_managed': 'CONFLICT',
  'user.managed_by_idp': 'MANAGED_BY_IDP',
  'group.not_found': 'NOT_FOUND',
  'group.display_name_taken': 'CONFLICT',
  'group.member_not_found': 'VALIDATION',
  'group.managed_by_idp': 'MANAGED_BY_IDP',
  'admin.not_found': 'NOT_FOUND',
  'admin.email_taken': 'CONFLICT',
  'admin.last_owner': 'CONFLICT',
  'api_key.not_found': 'NOT_FOUND',
  'auth.invalid_credentials': 'UNAUTHENTICATED',
  'auth.rate_limited': 'TOO_MANY_REQUESTS',
  'scim.unauthorized': 'UNAUTHENTICATED',
  'scim.deprovisioning_held': 'SERVICE_UNAVAILABLE',
  'scim.conflict_not_found': 'NOT_FOUND',
  'webhook.not_found': 'NOT_FOUND',
  'webhook.delivery_not_found': 'NOT_FOUND',
  'scim.disabled': 'CONFLICT',
  'request.too_slow': 'SERVICE_UNAVAILABLE',
  'database.outcome_unknown': 'SERVICE_UNAVAILABLE',
} satisfies Record<DomainErrorCode, ApiErrorCode>;

export const unauthenticated = () =>
  new GraphQLError('Sign in, or send an API key as "Authorization: Bearer <key>"', {
    extensions: { code: 'UNAUTHENTICATED' },
  });
export const forbidden = (need: string) =>
  new GraphQLError(`This needs the ${need} role`, { extensions: { code: 'FORBIDDEN' } });

export const databaseUnavailableMessage =
  'The directory database is unavailable; nothing was changed. Retry shortly.';

/**
 * Apollo's formatError: domain errors keep their message and get a code (plus the domain code and
 * details); GraphQL's own validation errors pass; anything else is masked and logged once.
 */
export function formatError(log: Logger) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: {
          code: apiCode[original.code],
          domainCode: original.code,
          ...(original.details ? { details: original.details } : {}),
        },
      };
    }
    if (original instanceof GraphQLError && original.extensions.code) {
      return {
        message: original.message,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: original.extensions.code },
      };
    }
    if (isDatabaseUnavailable(original)) {
      return {
        message: databaseUnavailableMessage,
        ...(formatted.path ? { path: formatted.path } : {}),
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    const code = formatted.extensions?.code;
    if (typeof code === 'string' && code !== 'INTERNAL_SERVER_ERROR') {
      // Apollo's own: parse and validation failures, bad variables, CSRF refusals.
      return { message: formatted.message, extensions: { code } };
    }
    log.error('GraphQL request failed', { error: original });
    return {
      message: 'Internal server error',
      ...(formatted.path ? { path: formatted.path } : {}),
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    };
  };
}
