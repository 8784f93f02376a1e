import type {
  CustomValues,
  Address as DomainAddress,
  MultiValue as DomainMultiValue,
  UserSnapshot,
} from '@rollcall/domain';
import { GraphQLISODateTime, Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { OriginEnum } from './enums.js';
import { CustomAttributeValueInput } from './custom-attribute.type.js';
import { PageInfo } from './page.js';

@ObjectType({ description: 'One value of a multi-valued attribute (an email, a phone number, a role…).' })
export class MultiValue {
  @Field(() => String, { nullable: true, description: 'The value itself.' }) value!: string | null;
  @Field(() => String, { nullable: true, description: 'A label for display.' }) display!: string | null;
  @Field(() => String, { nullable: true, description: 'Its function, e.g. "work".' }) type!: string | null;
  @Field(() => Boolean, { description: 'Whether it is the preferred one.' }) primary!: boolean;

  static from(v: DomainMultiValue): MultiValue {
    return Object.assign(new MultiValue(), {
      value: v.value ?? null,
      display: v.display ?? null,
      type: v.type ?? null,
      primary: v.primary === true,
    });
  }
}

@ObjectType({ description: 'A postal address.' })
export class Address {
  @Field(() => String, { nullable: true, description: 'The full address, formatted for display.' })
  formatted!: string | null;
  @Field(() => String, { nullable: true, description: 'Street.' }) streetAddress!: string | null;
  @Field(() => String, { nullable: true, description: 'City or locality.' }) locality!: string | null;
  @Field(() => String, { nullable: true, description: 'State or region.' }) region!: string | null;
  @Field(() => String, { nullable: true, description: 'Postal code.' }) postalCode!: string | null;
  @Field(() => String, { nullable: true, description: 'Country.' }) country!: string | null;
  @Field(() => String, { nullable: true, description: 'Its function, e.g. "work".' }) type!: string | null;
  @Field(() => Boolean, { description: 'Whether it is the preferred one.' }) primary!: boolean;

  static from(a: DomainAddress): Address {
    return Object.assign(new Address(), {
      formatted: a.formatted ?? null,
      streetAddress: a.streetAddress ?? null,
      locality: a.locality ?? null,
      region: a.region ?? null,
      postalCode: a.postalCode ?? null,
      country: a.country ?? null,
      type: a.type ?? null,
      primary: a.primary === true,
    });
  }
}

@ObjectType({ description: 'Another user of the tenant, as a reference names it.' })
export class UserSummary {
  @Field(() => ID, { description: 'Its id.' }) id!: string;
  @Field(() => String, { description: 'Its login ID.' }) userName!: string;
  @Field(() => String, { nullable: true, description: 'Its display name.' }) displayName!: string | null;
}

@ObjectType({
  description:
    "A user's manager (RFC 7643 §4.3): the value the IdP or an admin set, kept as it was sent (a user id, or " +
    "whatever the IdP keeps there, e.g. Okta's free-form managerId), and the user it names, if any.",
})
export class ManagerReference {
  @Field(() => String, { description: 'The value as set.' }) value!: string;
  @Field(() => UserSummary, {
    nullable: true,
    description:
      'The user of this tenant the value names — by id, else externalId, else userName (case-insensitively), ' +
      'else employeeNumber — resolved when read; null when it names nobody (not in the directory).',
  })
  user!: UserSummary | null;
}

@ObjectType({ description: 'A directory user (SCIM core User with the enterprise extension).' })
export class User {
  @Field(() => ID, { description: 'Stable id (also the SCIM id).' }) id!: string;
  @Field(() => String, { description: 'Login ID, unique in the tenant case-insensitively.' })
  userName!: string;
  @Field(() => String, { nullable: true, description: "The IdP's own id for the user." }) externalId!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'Name to display.' }) displayName!: string | null;
  @Field(() => String, { nullable: true, description: 'Given name.' }) givenName!: string | null;
  @Field(() => String, { nullable: true, description: 'Family name.' }) familyName!: string | null;
  @Field(() => String, { nullable: true, description: 'Full name, formatted.' }) formattedName!:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'Middle name(s).' }) middleName!: string | null;
  @Field(() => String, { nullable: true, description: 'Casual name.' }) nickName!: string | null;
  @Field(() => String, { nullable: true, description: 'Job title.' }) title!: string | null;
  @Field(() => String, { nullable: true, description: 'Relationship to the organisation, e.g. "Employee".' })
  userType!: string | null;
  @Field(() => String, { nullable: true, description: 'Preferred language, e.g. "en-US".' })
  preferredLanguage!: string | null;
  @Field(() => String, { nullable: true, description: 'Locale, e.g. "en-US".' }) locale!: string | null;
  @Field(() => String, { nullable: true, description: 'Time zone (IANA).' }) timezone!: string | null;
  @Field(() => Boolean, {
    description: 'False when deactivated; deactivated users keep their data and groups.',
  })
  active!: boolean;
  @Field(() => [MultiValue], { description: 'Email addresses.' }) emails!: MultiValue[];
  @Field(() => [MultiValue], { description: 'Phone numbers.' }) phoneNumbers!: MultiValue[];
  @Field(() => [Address], { description: 'Postal addresses.' }) addresses!: Address[];
  @Field(() => [MultiValue], { description: 'Roles.' }) roles!: MultiValue[];
  @Field(() => [MultiValue], { description: 'Entitlements.' }) entitlements!: MultiValue[];
  @Field(() => String, { nullable: true, description: 'Employee number.' }) employeeNumber!: string | null;
  @Field(() => String, { nullable: true, description: 'Cost center.' }) costCenter!: string | null;
  @Field(() => String, { nullable: true, description: 'Organisation.' }) organization!: string | null;
  @Field(() => String, { nullable: true, description: 'Division.' }) division!: string | null;
  @Field(() => String, { nullable: true, description: 'Department.' }) department!: string | null;
  @Field(() => ManagerReference, { nullable: true, description: 'The manager, when one is set.' })
  manager!: ManagerReference | null;
  @Field(() => OriginEnum, { description: 'Who created the user.' }) origin!: OriginEnum;
  @Field(() => OriginEnum, { description: 'Who manages the user: IdP-managed users are read-only here.' })
  managedBy!: OriginEnum;
  @Field(() => Boolean, {
    description: 'An admin kept this console user from IdP takeover: an IdP create of its login ID gets 409.',
  })
  keepConsoleManaged!: boolean;
  @Field(() => Int, { description: 'Version, increased by every change (the SCIM ETag).' }) version!: number;
  @Field(() => GraphQLISODateTime, { description: 'When the user was created.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When the user last changed.' }) updatedAt!: Date;

  /** The user's groups when the query that found it read them too (not a field: `groups` resolves). */
  readGroups?: { id: string; displayName: string }[];
  /** The user's custom values by attribute id (not a field: `customAttributes` resolves them). */
  customValues?: CustomValues;

  static from(u: UserSnapshot): User {
    const { customAttributes, ...attributes } = u;
    return Object.assign(new User(), {
      ...attributes,
      customValues: customAttributes,
      emails: u.emails.map(MultiValue.from),
      phoneNumbers: u.phoneNumbers.map(MultiValue.from),
      addresses: u.addresses.map(Address.from),
      roles: u.roles.map(MultiValue.from),
      entitlements: u.entitlements.map(MultiValue.from),
      origin: u.origin as OriginEnum,
      managedBy: u.managedBy as OriginEnum,
      manager: u.manager
        ? Object.assign(new ManagerReference(), {
            value: u.manager,
            user: u.managerUser ? Object.assign(new UserSummary(), u.managerUser) : null,
          })
        : null,
    });
  }
}

@ObjectType({ description: 'A page of users.' })
export class UserConnection {
  @Field(() => [User], { description: 'The users on this page.' }) nodes!: User[];
  @Field(() => PageInfo, { description: 'Paging.' }) pageInfo!: PageInfo;
  @Field(() => Int, { description: 'How many users match, in all.' }) totalCount!: number;
}

@InputType({ description: 'An email or other multi-valued attribute value.' })
export class MultiValueInput {
  @Field(() => String, { description: 'The value.' }) value!: string;
  @Field(() => String, { nullable: true, description: 'Its function, e.g. "work".' }) type?: string | null;
  @Field(() => Boolean, { nullable: true, description: 'Whether it is the preferred one.' }) primary?:
    | boolean
    | null;
}

@InputType({
  description: 'Attributes of a user; on update, absent fields are left as they are and null clears.',
})
export class UserAttributesInput {
  @Field(() => String, { nullable: true, description: 'Name to display.' }) displayName?: string | null;
  @Field(() => String, { nullable: true, description: 'Given name.' }) givenName?: string | null;
  @Field(() => String, { nullable: true, description: 'Family name.' }) familyName?: string | null;
  @Field(() => String, { nullable: true, description: 'Job title.' }) title?: string | null;
  @Field(() => String, { nullable: true, description: "The IdP's own id." }) externalId?: string | null;
  @Field(() => String, { nullable: true, description: 'Preferred language.' }) preferredLanguage?:
    | string
    | null;
  @Field(() => String, { nullable: true, description: 'Locale.' }) locale?: string | null;
  @Field(() => String, { nullable: true, description: 'Time zone (IANA).' }) timezone?: string | null;
  @Field(() => [MultiValueInput], { nullable: true, description: 'Email addresses (replaces the list).' })
  emails?: MultiValueInput[] | null;
  @Field(() => [MultiValueInput], { nullable: true, description: 'Phone numbers (replaces the list).' })
  phoneNumbers?: MultiValueInput[] | null;
  @Field(() => String, { nullable: true, description: 'Employee number.' }) employeeNumber?: string | null;
  @Field(() => String, { nullable: true, description: 'Department.' }) department?: string | null;
  @Field(() => String, { nullable: true, description: 'Organisation.' }) organization?: string | null;
  @Field(() => String, { nullable: true, description: 'Division.' }) division?: string | null;
  @Field(() => String, { nullable: true, description: 'Cost center.' }) costCenter?: string | null;
  @Field(() => String, {
    nullable: true,
    description:
      "The manager: another user's id (or any value the IdP uses for it, e.g. an employee number).",
  })
  manager?: string | null;
  @Field(() => [CustomAttributeValueInput], {
    nullable: true,
    description: 'Custom attribute values: those listed are set (no values: cleared), the others stay.',
  })
  customAttributes?: CustomAttributeValueInput[] | null;
}

@InputType({ description: 'A new console-managed user.' })
export class CreateUserInput extends UserAttributesInput {
  @Field(() => String, { description: 'Login ID, unique in the tenant case-insensitively.' })
  userName!: string;
  @Field(() => Boolean, { nullable: true, description: 'Active unless false.' }) active?: boolean | null;
}

@InputType({ description: 'Changes to a console-managed user.' })
export class UpdateUserInput extends UserAttributesInput {
  @Field(() => ID, { description: 'The user to change.' }) id!: string;
  @Field(() => String, { nullable: true, description: 'New login ID.' }) userName?: string | null;
  @Field(() => Int, {
    nullable: true,
    description: 'Refuse the change (VERSION_MISMATCH) unless the user is at this version.',
  })
  ifVersion?: number | null;
}

@InputType({ description: 'Narrows a user list; all given conditions must hold.' })
export class UserFilter {
  @Field(() => String, { nullable: true, description: 'Text in the login ID, names or work email.' })
  search?: string | null;
  @Field(() => OriginEnum, { nullable: true, description: 'Who created the user.' })
  origin?: OriginEnum | null;
  @Field(() => OriginEnum, { nullable: true, description: 'Who manages the user.' })
  managedBy?: OriginEnum | null;
  @Field(() => Boolean, { nullable: true, description: 'Active or deactivated users only.' }) active?:
    | boolean
    | null;
  @Field(() => ID, { nullable: true, description: 'Members of this group.' }) groupId?: string | null;
}
