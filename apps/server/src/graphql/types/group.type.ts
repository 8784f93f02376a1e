import type { GroupMemberRef, GroupSnapshot } from '@rollcall/domain';
import { GraphQLISODateTime, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OriginEnum } from './enums.js';
import { PageInfo } from './page.js';

@ObjectType({ description: 'A group of users.' })
export class Group {
  @Field(() => ID, { description: 'Stable id (also the SCIM id).' }) id!: string;
  @Field(() => String, { description: 'Name, unique in the tenant case-insensitively.' })
  displayName!: string;
  @Field(() => String, { nullable: true, description: "The IdP's own id for the group." }) externalId!:
    | string
    | null;
  @Field(() => OriginEnum, { description: 'Who created the group.' }) origin!: OriginEnum;
  @Field(() => OriginEnum, { description: 'Who manages the group: IdP-managed groups are read-only here.' })
  managedBy!: OriginEnum;
  @Field(() => Int, { description: 'Version, increased by every change.' }) version!: number;
  @Field(() => GraphQLISODateTime, { description: 'When the group was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When the group last changed.' }) updatedAt!: Date;

  static from(g: GroupSnapshot): Group {
    return Object.assign(new Group(), {
      ...g,
      origin: g.origin as OriginEnum,
      managedBy: g.managedBy as OriginEnum,
    });
  }
}

@ObjectType({ description: 'A group a user belongs to.' })
export class GroupRef {
  @Field(() => ID, { description: 'The group id.' }) id!: string;
  @Field(() => String, { description: 'The group name.' }) displayName!: string;
}

@ObjectType({ description: 'A member of a group.' })
export class GroupMember {
  @Field(() => ID, { description: 'The user id.' }) id!: string;
  @Field(() => String, { description: 'The login ID.' }) userName!: string;
  @Field(() => String, { nullable: true, description: 'The display name.' }) displayName!: string | null;

  static from(m: GroupMemberRef): GroupMember {
    return Object.assign(new GroupMember(), m);
  }
}

@ObjectType({ description: 'A page of group members.' })
export class GroupMemberConnection {
  @Field(() => [GroupMember], { description: 'The members on this page.' }) nodes!: GroupMember[];
  @Field(() => PageInfo, { description: 'Paging.' }) pageInfo!: PageInfo;
}

@ObjectType({ description: 'A page of groups.' })
export class GroupConnection {
  @Field(() => [Group], { description: 'The groups on this page.' }) nodes!: Group[];
  @Field(() => PageInfo, { description: 'Paging.' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many groups match, in all.' }) totalCount!: number;
}

@InputType({ description: 'A new console-managed group.' })
export class CreateGroupInput {
  @Field(() => String, { description: 'Name, unique in the tenant case-insensitively.' })
  displayName!: string;
  @Field(() => [ID], { nullable: true, description: 'Initial members (user ids).' }) memberIds?:
    | string[]
    | null;
}
