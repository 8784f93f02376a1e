import { GraphQLISODateTime, Field, InputType, Int, ObjectType } from 'type-graphql';
import { ScimProviderEnum, UserScopeEnum } from './enums.js';

@ObjectType({ description: 'The active SCIM token, without its secret.' })
export class ScimTokenInfo {
  @Field(() => String, { description: 'The first characters, to tell tokens apart.' }) prefix!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the IdP last used it (to the minute).',
  })
  lastUsedAt!: Date | null;
}

@ObjectType({ description: 'The Identity & Security settings: SCIM provisioning from an identity provider.' })
export class ScimSettings {
  @Field(() => Boolean, { description: 'Whether the SCIM endpoint accepts requests.' }) enabled!: boolean;
  @Field(() => ScimProviderEnum, { description: 'The provider the setup instructions are for.' })
  provider!: ScimProviderEnum;
  @Field(() => UserScopeEnum, { description: 'Which users the IdP may see and manage.' })
  userScope!: UserScopeEnum;
  @Field(() => String, { description: "The tenant's SCIM base URL, to paste into the IdP." })
  scimUrl!: string;
  @Field(() => ScimTokenInfo, {
    nullable: true,
    description: 'The active token (null when off, and for viewers).',
  })
  token!: ScimTokenInfo | null;
  @Field(() => Int, { description: 'Users the IdP manages.' }) idpManagedUsers!: number;
  @Field(() => Int, { description: 'Users the console manages.' }) consoleUsers!: number;
}

@ObjectType({
  description: 'The settings after an action that issues a token, with the token shown this once.',
})
export class ScimTokenResult {
  @Field(() => ScimSettings, { description: 'The settings now.' }) settings!: ScimSettings;
  @Field(() => String, {
    nullable: true,
    description: 'The new token: copy it now, it is never shown again. Null when SCIM was switched off.',
  })
  token!: string | null;
}

@InputType({ description: 'Provider and scope, saved together.' })
export class UpdateScimSettingsInput {
  @Field(() => ScimProviderEnum, { nullable: true, description: 'The provider.' })
  provider?: ScimProviderEnum | null;
  @Field(() => UserScopeEnum, { nullable: true, description: 'Which users the IdP may see and manage.' })
  userScope?: UserScopeEnum | null;
}
