import { GraphQLISODateTime, Field, Float, InputType, Int, ObjectType } from 'type-graphql';
import { ScimProviderEnum, UserScopeEnum } from './enums.js';

@ObjectType({ description: 'A working SCIM token, without its secret.' })
export class ScimTokenInfo {
  @Field(() => String, { description: 'The first characters, to tell tokens apart.' }) prefix!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When the IdP last used it (to the minute).',
  })
  lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'For a replaced token: it works until then, or until the new one is first used.',
  })
  expiresAt!: Date | null;
}

@ObjectType({
  description:
    'The mass-deprovisioning brake: when the IdP deactivates or deletes more users within the window than ' +
    'the limit (the smaller of maxUsers and maxPercent of all users, never fewer than 5), further ' +
    'deactivations and deletes are held (the IdP gets 503 and retries) until an admin releases them.',
})
export class DeprovisioningBrake {
  @Field(() => Boolean, { description: 'Whether the brake is on.' }) enabled!: boolean;
  @Field(() => Int, { description: 'At most this many users per window…' }) maxUsers!: number;
  @Field(() => Int, { description: '…and at most this share of all users (percent).' }) maxPercent!: number;
  @Field(() => Int, { description: 'The window, in minutes.' }) windowMinutes!: number;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Set while deprovisioning is held: since when.',
  })
  heldSince!: Date | null;
  @Field(() => Int, { description: 'IdP deactivations and deletes refused while held.' })
  heldRequests!: number;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'After a release, deprovisioning flows unchecked until then.',
  })
  releasedUntil!: Date | null;
  @Field(() => Int, { description: 'Distinct users the IdP deactivated or deleted within the window.' })
  recentDeprovisions!: number;
}

@ObjectType({ description: 'The Identity & Security settings: SCIM provisioning from an identity provider.' })
export class ScimSettings {
  @Field(() => Boolean, { description: 'Whether the SCIM endpoint accepts requests.' }) enabled!: boolean;
  @Field(() => ScimProviderEnum, { description: 'The provider the setup instructions are for.' })
  provider!: ScimProviderEnum;
  @Field(() => UserScopeEnum, { description: 'Which users the IdP may see and manage.' })
  userScope!: UserScopeEnum;
  @Field(() => Boolean, {
    description:
      'Strict attribute checking: attributes Rollcall does not keep are refused (400) instead of ignored ' +
      'and listed in ignoredScimAttributes.',
  })
  strictAttributes!: boolean;
  @Field(() => String, { description: "The tenant's SCIM base URL, to paste into the IdP." })
  scimUrl!: string;
  @Field(() => ScimTokenInfo, {
    nullable: true,
    description: 'The active token (null when off, and for viewers).',
  })
  token!: ScimTokenInfo | null;
  @Field(() => ScimTokenInfo, {
    nullable: true,
    description: 'The token it replaced, while it still works (null otherwise, and for viewers).',
  })
  previousToken!: ScimTokenInfo | null;
  @Field(() => Int, { description: 'Users the IdP manages.' }) idpManagedUsers!: number;
  @Field(() => Int, { description: 'Users the console manages.' }) consoleUsers!: number;
  @Field(() => DeprovisioningBrake, { description: 'The mass-deprovisioning brake.' })
  deprovisioningBrake!: DeprovisioningBrake;
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

@InputType({ description: 'Provider, scope and the deprovisioning brake, saved together.' })
export class UpdateScimSettingsInput {
  @Field(() => ScimProviderEnum, { nullable: true, description: 'The provider.' })
  provider?: ScimProviderEnum | null;
  @Field(() => UserScopeEnum, { nullable: true, description: 'Which users the IdP may see and manage.' })
  userScope?: UserScopeEnum | null;
  @Field(() => Boolean, {
    nullable: true,
    description:
      'Strict attribute checking on (refuse attributes Rollcall does not keep) or off (ignore them).',
  })
  strictAttributes?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'The brake on or off.' })
  brakeEnabled?: boolean | null;
  @Field(() => Int, { nullable: true, description: 'The brake: at most this many users per window.' })
  brakeMaxUsers?: number | null;
  @Field(() => Int, { nullable: true, description: 'The brake: at most this share of all users (percent).' })
  brakeMaxPercent?: number | null;
  @Field(() => Int, { nullable: true, description: 'The brake: the window, in minutes.' })
  brakeWindowMinutes?: number | null;
}

@ObjectType({
  description:
    'An attribute the identity provider sends that Rollcall does not keep, so ignores (the rest of each ' +
    'request applies): an extra attribute mapping in the IdP, or a misspelt name.',
})
export class IgnoredScimAttribute {
  @Field(() => String, { description: 'User or Group.' }) resourceType!: string;
  @Field(() => String, { description: 'The attribute as sent, extension URN included.' }) name!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was first sent.' }) firstSeenAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When it was last sent.' }) lastSeenAt!: Date;
  @Field(() => Float, { description: 'How many requests sent it.' }) requests!: number;
}

@ObjectType({ description: 'One hour of SCIM traffic.' })
export class HealthBucket {
  @Field(() => GraphQLISODateTime, { description: 'The start of the hour.' }) start!: Date;
  @Field(() => Int, { description: 'Requests from the IdP.' }) requests!: number;
  @Field(() => Int, { description: 'Failed ones (4xx and 5xx but 404).' }) errors!: number;
}

@ObjectType({ description: 'Something about the connection that needs attention, and what to do.' })
export class HealthWarning {
  @Field(() => String, {
    description: 'no_requests_yet, no_recent_requests, mostly_failing, legacy_entra or ignored_attributes.',
  })
  code!: string;
  @Field(() => String, { description: 'What is wrong and what to do, for people.' }) message!: string;
}

@ObjectType({
  description: 'How the connection with the identity provider is doing (from the SCIM request log).',
})
export class ConnectionHealth {
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'The last request from the IdP.' })
  lastRequestAt!: Date | null;
  @Field(() => String, {
    nullable: true,
    description: 'The dialect most requests of the last 24 hours spoke: entra, entra-2020, okta or other.',
  })
  dialect!: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'How often the provider calls, if on a cycle (Entra: 40).',
  })
  expectedCadenceMinutes!: number | null;
  @Field(() => Float, { description: 'Share of the latest (up to 50) requests that failed, 0–1.' })
  recentErrorRate!: number;
  @Field(() => [HealthBucket], { description: 'The last 24 hours, hour by hour.' }) hourly!: HealthBucket[];
  @Field(() => [HealthWarning], { description: 'What needs attention.' }) warnings!: HealthWarning[];
}

@ObjectType({ description: 'One step of "Test my connection", as the SCIM endpoint answered it.' })
export class SelfCheckStep {
  @Field(() => String, { description: 'What the step does.' }) name!: string;
  @Field(() => String, { description: 'The HTTP method.' }) method!: string;
  @Field(() => String, { description: 'The path below the SCIM URL.' }) path!: string;
  @Field(() => Int, { nullable: true, description: 'The HTTP status (null when no answer came).' })
  status!: number | null;
  @Field(() => Boolean, { description: 'Whether the answer was the expected one.' }) ok!: boolean;
  @Field(() => Int, { description: 'How long it took.' }) durationMs!: number;
  @Field(() => String, { nullable: true, description: 'Why it failed (the SCIM error detail).' })
  detail!: string | null;
}

@ObjectType({ description: 'What needs an admin now (the console shows it on every page).' })
export class Attention {
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'Set while the mass-deprovisioning brake holds: since when.',
  })
  deprovisioningHeldSince!: Date | null;
  @Field(() => Int, { description: 'Refused IdP creates waiting in the conflict inbox.' })
  openConflicts!: number;
}
