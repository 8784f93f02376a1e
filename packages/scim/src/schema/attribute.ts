/** RFC 7643 §2.2 / §7: an attribute definition, as data. */
export interface Attribute {
  name: string;
  type: 'string' | 'boolean' | 'decimal' | 'integer' | 'dateTime' | 'reference' | 'complex' | 'binary';
  multiValued: boolean;
  description: string;
  required: boolean;
  caseExact: boolean;
  mutability: 'readOnly' | 'readWrite' | 'immutable' | 'writeOnly';
  returned: 'always' | 'never' | 'default' | 'request';
  uniqueness: 'none' | 'server' | 'global';
  subAttributes?: Attribute[];
  canonicalValues?: string[];
  referenceTypes?: string[];
}

export interface Schema {
  id: string;
  name: string;
  description: string;
  attributes: Attribute[];
}

type Options = Partial<Omit<Attribute, 'name' | 'type'>>;

/** An attribute with RFC 7643 §2.2's defaults (readWrite, returned by default, not unique, caseExact false). */
export function attribute(name: string, type: Attribute['type'], options: Options = {}): Attribute {
  return {
    name,
    type,
    multiValued: false,
    description: '',
    required: false,
    caseExact: false,
    mutability: 'readWrite',
    returned: 'default',
    uniqueness: 'none',
    ...options,
  };
}

/** The usual sub-attributes of a multi-valued attribute (RFC 7643 §2.4). */
export function multiValued(
  name: string,
  description: string,
  valueType: Attribute['type'] = 'string',
  types?: string[],
): Attribute {
  return attribute(name, 'complex', {
    multiValued: true,
    description,
    subAttributes: [
      attribute('value', valueType, { description: `The ${name} value.` }),
      attribute('display', 'string', { description: 'A human-readable name, primarily for display.' }),
      attribute('type', 'string', {
        description: 'A label indicating the function.',
        ...(types ? { canonicalValues: types } : {}),
      }),
      attribute('primary', 'boolean', { description: 'The primary or preferred value.' }),
    ],
  });
}

/** Case-insensitive lookup of an attribute by name (RFC 7643 §2.1: names are case-insensitive). */
export function findAttribute(attributes: readonly Attribute[], name: string): Attribute | undefined {
  const wanted = name.toLowerCase();
  return attributes.find((a) => a.name.toLowerCase() === wanted);
}
