import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { ActivityResolver } from './resolvers/activity.resolver.js';
import { AdminResolver } from './resolvers/admin.resolver.js';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { GroupResolver } from './resolvers/group.resolver.js';
import { ScimResolver } from './resolvers/scim.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';

/** The admin API's schema. Its printed form is committed as apps/server/schema.graphql (checked by a test). */
export function createSchema(): Promise<GraphQLSchema> {
  return buildSchema({
    resolvers: [AuthResolver, ScimResolver, UserResolver, GroupResolver, ActivityResolver, AdminResolver],
    authChecker,
    authMode: 'error',
    validate: false,
  });
}
