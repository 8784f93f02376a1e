import type { GraphQLSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from './auth-checker.js';
import { ActivityResolver } from './resolvers/activity.resolver.js';
import { AdminResolver } from './resolvers/admin.resolver.js';
import { AuthResolver } from './resolvers/auth.resolver.js';
import { SafetyResolver } from './resolvers/safety.resolver.js';
import { GroupResolver } from './resolvers/group.resolver.js';
import { ScimResolver } from './resolvers/scim.resolver.js';
import { UserResolver } from './resolvers/user.resolver.js';
import { WebhookResolver } from './resolvers/webhook.resolver.js';
import { CustomAttributeResolver } from './resolvers/custom-attribute.resolver.js';
import { RetentionResolver } from './resolvers/retention.resolver.js';

/** The admin API's schema. Its printed form is committed as apps/server/schema.graphql (checked by a test). */
export async function createSchema(): Promise<GraphQLSchema> {
  const schema = await buildSchema({
    resolvers: [
      AuthResolver,
      ScimResolver,
      SafetyResolver,
      UserResolver,
      GroupResolver,
      ActivityResolver,
      AdminResolver,
      WebhookResolver,
      CustomAttributeResolver,
      RetentionResolver,
    ],
    authChecker,
    authMode: 'error',
    validate: false,
  });
  // type-graphql has no option for the root types' descriptions.
  schema.getQueryType()!.description =
    'Reads: the caller, Identity & Security settings, directory, activity, admins and API keys.';
  schema.getMutationType()!.description =
    'Changes: sign-in, SCIM settings and tokens, users, groups, admins and API keys.';
  return schema;
}
