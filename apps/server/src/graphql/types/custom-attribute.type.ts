import type { CustomAttribute as DomainCustomAttribute, CustomScalar } from '@rollcall/domain';
import { Field, GraphQLISODateTime, ID, InputType, Int, ObjectType, registerEnumType } from 'type-graphql';

export enum CustomAttributeTypeEnum {
  STRING = 'string',
  BOOLEAN = 'boolean',
  INTEGER = 'integer',
  DECIMAL = 'decimal',
  DATE_TIME = 'dateTime',
  REFERENCE = 'reference',
}
export enum CustomAttributeUniquenessEnum {
  NONE = 'none',
  SERVER = 'server',
}
registerEnumType(CustomAttributeTypeEnum, {
  name: 'CustomAttributeType',
  description: "A custom attribute's type (RFC 7643 §2.3).",
  valuesConfig: {
    STRING: { description: 'Text.' },
    BOOLEAN: { description: 'true or false.' },
    INTEGER: { description: 'A whole number.' },
    DECIMAL: { description: 'A number with a fraction.' },
    DATE_TIME: { description: 'An instant (xsd:dateTime).' },
    REFERENCE: { description: 'A URI.' },
  },
});
registerEnumType(CustomAttributeUniquenessEnum, {
  name: 'CustomAttributeUniqueness',
  description: 'Whether two users of the tenant may share a value.',
  valuesConfig: {
    NONE: { description: 'They may.' },
    SERVER: { description: 'They may not: the database refuses a second user with the value (409).' },
  },
});

@ObjectType({ description: 'A user attribute this tenant declared, under an extension URN of its own.' })
export class CustomAttribute {
  @Field(() => ID, { description: 'Its id.' }) id!: string;
  @Field(() => String, {
    description: 'The extension URN, e.g. urn:ietf:params:scim:schemas:extension:Acme:2.0:User.',
  })
  schema!: string;
  @Field(() => String, { description: 'The attribute name (case-insensitive, RFC 7643 §2.1).' })
  name!: string;
  @Field(() => CustomAttributeTypeEnum, { description: 'Its type.' }) type!: CustomAttributeTypeEnum;
  @Field(() => Boolean, { description: 'Whether it holds a list of values.' }) multiValued!: boolean;
  @Field(() => Boolean, { description: 'Whether its text compares case-sensitively.' }) caseExact!: boolean;
  @Field(() => Boolean, { description: 'Whether every user must have a value.' }) required!: boolean;
  @Field(() => CustomAttributeUniquenessEnum, { description: 'Whether users may share a value.' })
  uniqueness!: CustomAttributeUniquenessEnum;
  @Field(() => String, { description: 'What it is for.' }) description!: string;
  @Field(() => GraphQLISODateTime, { description: 'When it was declared.' }) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { description: 'When its declaration last changed.' }) updatedAt!: Date;

  static from(a: DomainCustomAttribute): CustomAttribute {
    return Object.assign(new CustomAttribute(), a);
  }
}

@ObjectType({ description: "A user's value(s) of a custom attribute, in the field of its type." })
export class CustomAttributeValue {
  @Field(() => CustomAttribute, { description: 'The attribute.' }) attribute!: CustomAttribute;
  @Field(() => [String], { nullable: true, description: 'STRING and REFERENCE values.' }) strings!:
    | string[]
    | null;
  @Field(() => [Boolean], { nullable: true, description: 'BOOLEAN values.' }) booleans!: boolean[] | null;
  @Field(() => [Number], { nullable: true, description: 'INTEGER and DECIMAL values.' }) numbers!:
    | number[]
    | null;
  @Field(() => [GraphQLISODateTime], { nullable: true, description: 'DATE_TIME values.' }) dateTimes!:
    | Date[]
    | null;

  static from(attribute: DomainCustomAttribute, value: CustomScalar | CustomScalar[]): CustomAttributeValue {
    const list = Array.isArray(value) ? value : [value];
    const is = (...types: string[]) => types.includes(attribute.type);
    return Object.assign(new CustomAttributeValue(), {
      attribute: CustomAttribute.from(attribute),
      strings: is('string', 'reference') ? list.map(String) : null,
      booleans: is('boolean') ? list.map(Boolean) : null,
      numbers: is('integer', 'decimal') ? list.map(Number) : null,
      dateTimes: is('dateTime') ? list.map((v) => new Date(String(v))) : null,
    });
  }
}

@InputType({ description: 'A custom attribute to declare.' })
export class DeclareCustomAttributeInput {
  @Field(() => String, { description: 'The extension URN (not a core or enterprise one).' }) schema!: string;
  @Field(() => String, { description: 'The attribute name: a letter, then letters, digits, "-" or "_".' })
  name!: string;
  @Field(() => CustomAttributeTypeEnum, { description: 'Its type.' }) type!: CustomAttributeTypeEnum;
  @Field(() => Boolean, { nullable: true, description: 'A list of values (default false).' })
  multiValued?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Case-sensitive (default false).' })
  caseExact?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Every user must have one (default false).' })
  required?: boolean | null;
  @Field(() => CustomAttributeUniquenessEnum, { nullable: true, description: 'Default NONE.' })
  uniqueness?: CustomAttributeUniquenessEnum | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' }) description?: string | null;
}

@InputType({ description: 'What may change of a declared custom attribute (URN, name and type stay).' })
export class UpdateCustomAttributeInput {
  @Field(() => ID, { description: 'The attribute.' }) id!: string;
  @Field(() => Boolean, { nullable: true, description: 'Case-sensitive.' }) caseExact?: boolean | null;
  @Field(() => Boolean, { nullable: true, description: 'Every user must have one.' }) required?:
    | boolean
    | null;
  @Field(() => CustomAttributeUniquenessEnum, {
    nullable: true,
    description: 'Whether users may share a value.',
  })
  uniqueness?: CustomAttributeUniquenessEnum | null;
  @Field(() => String, { nullable: true, description: 'What it is for.' }) description?: string | null;
}

@ObjectType({ description: 'A removed custom attribute and how many users lost their value of it.' })
export class RemovedCustomAttribute {
  @Field(() => CustomAttribute, { description: 'The attribute as it was.' }) attribute!: CustomAttribute;
  @Field(() => Int, { description: 'Users whose value was dropped.' }) valuesDropped!: number;
}

@InputType({ description: "A user's value(s) of a custom attribute, as text (converted to its type)." })
export class CustomAttributeValueInput {
  @Field(() => ID, { description: 'The attribute.' }) attributeId!: string;
  @Field(() => [String], { description: 'The values (one for a single-valued attribute; none clears).' })
  values!: string[];
}
