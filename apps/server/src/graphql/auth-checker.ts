import type { AdminRole } from '@rollcall/domain';
import type { AuthChecker } from 'type-graphql';
import type { GraphQLContext } from './context.js';
import { forbidden, unauthenticated } from './graphql-errors.js';

const rank: Record<AdminRole, number> = { viewer: 1, admin: 2, owner: 3 };

/**
 * `@Authorized()` needs any signed-in caller; `@Authorized('admin')` an admin or owner;
 * `@Authorized('owner')` an owner. Roles are a ladder: owner ⊃ admin ⊃ viewer.
 */
export const authChecker: AuthChecker<GraphQLContext, AdminRole> = ({ context }, roles) => {
  if (!context.principal) throw unauthenticated();
  const needed = roles.reduce<AdminRole>((max, role) => (rank[role] > rank[max] ? role : max), 'viewer');
  if (rank[context.principal.role] < rank[needed]) throw forbidden(needed);
  return true;
};
