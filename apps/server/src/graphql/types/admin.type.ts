import { GraphQLISODateTime, Field, ID, InputType, ObjectType } from 'type-graphql';
import { RoleEnum } from './enums.js';

@ObjectType({ description: 'The caller.' })
export class Me {
  @Field(() => String, { description: 'ADMIN or API_KEY.' }) kind!: string;
  @Field(() => ID, { description: 'Admin or key id.' }) id!: string;
  @Field(() => String, { description: 'Email or key name.' }) label!: string;
  @Field(() => RoleEnum, { description: 'What the caller may do.' }) role!: RoleEnum;
  @Field(() => String, { description: "The tenant's slug." }) tenant!: string;
}

@ObjectType({ description: 'A console operator.' })
export class Admin {
  @Field(() => ID, { description: 'Admin id.' }) id!: string;
  @Field(() => String, { description: 'Sign-in email.' }) email!: string;
  @Field(() => String, { nullable: true, description: 'Name.' }) name!: string | null;
  @Field(() => RoleEnum, { description: 'Role.' }) role!: RoleEnum;
  @Field(() => GraphQLISODateTime, { description: 'When created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last sign-in.' })
  lastLoginAt!: Date | null;
}

@ObjectType({ description: 'A new admin, with their one-time password when it was generated.' })
export class CreatedAdmin {
  @Field(() => Admin, { description: 'The admin.' }) admin!: Admin;
  @Field(() => String, {
    nullable: true,
    description: 'The generated password: pass it on now, it is never shown again.',
  })
  password!: string | null;
}

@ObjectType({ description: "An integrator's API key, without its secret." })
export class ApiKey {
  @Field(() => ID, { description: 'Key id.' }) id!: string;
  @Field(() => String, { description: 'Name.' }) name!: string;
  @Field(() => RoleEnum, { description: 'What the key may do.' }) role!: RoleEnum;
  @Field(() => String, { description: 'The first characters, to tell keys apart.' }) prefix!: string;
  @Field(() => GraphQLISODateTime, { description: 'When created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Last use (to the minute).' })
  lastUsedAt!: Date | null;
  @Field(() => GraphQLISODateTime, {
    nullable: true,
    description: 'When revoked; revoked keys stop working at once.',
  })
  revokedAt!: Date | null;
}

@ObjectType({ description: 'A new API key, with its secret shown this once.' })
export class CreatedApiKey {
  @Field(() => ApiKey, { description: 'The key.' }) apiKey!: ApiKey;
  @Field(() => String, {
    description: 'The key to send as "Authorization: Bearer <key>": copy it now, it is never shown again.',
  })
  key!: string;
}

@InputType({ description: 'A new admin.' })
export class CreateAdminInput {
  @Field(() => String, { description: 'Sign-in email.' }) email!: string;
  @Field(() => RoleEnum, { description: 'Role.' }) role!: RoleEnum;
  @Field(() => String, { nullable: true, description: 'Name.' }) name?: string | null;
  @Field(() => String, {
    nullable: true,
    description: 'A password (at least 12 characters); one is generated when absent.',
  })
  password?: string | null;
}
