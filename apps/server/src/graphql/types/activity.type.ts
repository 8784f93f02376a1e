import { GraphQLJSON } from 'graphql-scalars';
import { GraphQLISODateTime, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { ActorKindEnum, StatusClassEnum } from './enums.js';
import { PageInfo } from './page.js';

@ObjectType({ description: 'Who made a change.' })
export class Actor {
  @Field(() => ActorKindEnum, { description: 'An admin, an API key, the IdP or Rollcall itself.' })
  kind!: ActorKindEnum;
  @Field(() => String, { nullable: true, description: 'The admin, key or token id.' }) id!: string | null;
  @Field(() => String, { description: 'Email, key name or provider name.' }) label!: string;
}

@ObjectType({ description: 'One attribute of a change, before and after (secrets masked).' })
export class AttributeChange {
  @Field(() => String, { description: 'The attribute.' }) attribute!: string;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The value before.' }) before!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The value after.' }) after!: unknown;
  @Field(() => [String], { nullable: true, description: 'For sets such as members: what was added.' })
  added!: string[] | null;
  @Field(() => [String], { nullable: true, description: 'For sets such as members: what was removed.' })
  removed!: string[] | null;
}

@ObjectType({ description: 'A change, from the audit trail.' })
export class AuditEvent {
  @Field(() => ID, { description: 'Event id.' }) id!: string;
  @Field(() => GraphQLISODateTime, { description: 'When.' }) at!: Date;
  @Field(() => Actor, { description: 'Who.' }) actor!: Actor;
  @Field(() => String, { description: 'What, e.g. user.update, user.takeover, scim.disable.' })
  action!: string;
  @Field(() => String, { description: 'The kind of thing changed.' }) targetType!: string;
  @Field(() => ID, { nullable: true, description: 'The thing changed.' }) targetId!: string | null;
  @Field(() => [AttributeChange], { description: 'Per attribute, before → after.' })
  changes!: AttributeChange[];
  @Field(() => String, { nullable: true, description: 'The request that made it.' }) requestId!:
    | string
    | null;
  @Field(() => String, {
    nullable: true,
    description: 'The SCIM dialect seen (entra, entra-2020, okta, other).',
  })
  dialect!: string | null;
}

@ObjectType({ description: 'A page of audit events, newest first.' })
export class AuditEventConnection {
  @Field(() => [AuditEvent], { description: 'The events.' }) nodes!: AuditEvent[];
  @Field(() => PageInfo, { description: 'Paging.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'Narrows the audit trail.' })
export class AuditFilter {
  @Field(() => ActorKindEnum, { nullable: true, description: 'Kind of actor.' })
  actorKind?: ActorKindEnum | null;
  @Field(() => String, { nullable: true, description: 'Action, e.g. user.update.' }) action?: string | null;
  @Field(() => ID, { nullable: true, description: 'The thing changed.' }) targetId?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From (inclusive).' }) from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'To (exclusive).' }) to?: Date | null;
}

@ObjectType({ description: 'A SCIM call as received, refused ones included, with secrets masked.' })
export class ScimRequest {
  @Field(() => ID, { description: 'Entry id.' }) id!: string;
  @Field(() => GraphQLISODateTime, { description: 'When.' }) at!: Date;
  @Field(() => String, { description: 'HTTP method.' }) method!: string;
  @Field(() => String, { description: 'Path and query.' }) path!: string;
  @Field(() => Int, { description: 'HTTP status answered.' }) status!: number;
  @Field(() => String, { nullable: true, description: 'SCIM error type, if any.' }) scimType!: string | null;
  @Field(() => Int, { description: 'Time taken.' }) durationMs!: number;
  @Field(() => String, { nullable: true, description: 'Which token (its prefix).' }) tokenPrefix!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'The SCIM dialect seen.' }) dialect!: string | null;
  @Field(() => String, { nullable: true, description: 'Request id (as in the audit trail and logs).' })
  requestId!: string | null;
  @Field(() => String, { nullable: true, description: 'The client.' }) userAgent!: string | null;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The request body, masked.' })
  requestBody!: unknown;
  @Field(() => GraphQLJSON, { nullable: true, description: 'The error body for refused requests.' })
  responseBody!: unknown;
  @Field(() => [String], {
    nullable: true,
    description: 'Attributes the request sent that Rollcall does not keep, and so ignored.',
  })
  ignoredAttributes!: string[] | null;
}

@ObjectType({ description: 'A page of SCIM requests, newest first.' })
export class ScimRequestConnection {
  @Field(() => [ScimRequest], { description: 'The requests.' }) nodes!: ScimRequest[];
  @Field(() => PageInfo, { description: 'Paging.' }) pageInfo!: PageInfo;
}

@InputType({ description: 'Narrows the SCIM request log.' })
export class ScimRequestFilter {
  @Field(() => StatusClassEnum, { nullable: true, description: 'Status class.' })
  statusClass?: StatusClassEnum | null;
  @Field(() => String, { nullable: true, description: 'HTTP method.' }) method?: string | null;
  @Field(() => String, { nullable: true, description: 'Text in the path.' }) path?: string | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'From (inclusive).' }) from?: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'To (exclusive).' }) to?: Date | null;
}
