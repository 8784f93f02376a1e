import { Field, GraphQLISODateTime, ID, Int, ObjectType } from 'type-graphql';
import { ConflictStatusEnum } from './enums.js';

@ObjectType({
  description:
    'An IdP create refused because a console user holds the login ID (under "Only users created by your ' +
    'identity provider"): link it to hand the user to the IdP, or dismiss it.',
})
export class ScimConflict {
  @Field(() => ID, { description: 'The conflict.' }) id!: string;
  @Field(() => String, { description: 'The login ID the IdP tried to create.' }) userName!: string;
  @Field(() => ID, { description: 'The console user holding it.' }) consoleUserId!: string;
  @Field(() => ConflictStatusEnum, { description: 'Where it stands.' }) status!: ConflictStatusEnum;
  @Field(() => Int, { description: 'How many creates the IdP tried.' }) attempts!: number;
  @Field(() => GraphQLISODateTime, { description: 'The first refused create.' }) firstAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'The latest refused create (or the takeover).' })
  lastAt!: Date;
  @Field(() => String, { nullable: true, description: 'Who linked or dismissed it.' }) decidedBy!:
    | string
    | null;
}

@ObjectType({
  description: 'A console user an IdP would take over under "All users" if it provisions the same login ID.',
})
export class TakeoverCandidate {
  @Field(() => ID, { description: 'The user.' }) id!: string;
  @Field(() => String, { description: 'Its login ID.' }) userName!: string;
  @Field(() => String, { nullable: true, description: 'Its display name.' }) displayName!: string | null;
  @Field(() => Boolean, { description: 'Excluded from takeover by an admin.' }) keepConsoleManaged!: boolean;
  @Field(() => Boolean, { description: 'The IdP already tried to create this login ID.' })
  idpAttempted!: boolean;
}

@ObjectType({
  description:
    'Before SCIM is switched on or the scope becomes "All users": the console users an IdP would take over ' +
    '(those it already tried to create first).',
})
export class TakeoverPreview {
  @Field(() => Int, { description: 'All console-managed users.' }) total!: number;
  @Field(() => [TakeoverCandidate], { description: 'The first of them (at most 1000).' })
  users!: TakeoverCandidate[];
}
