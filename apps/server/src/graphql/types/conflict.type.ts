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
