import type { UserAttributes } from './user.snapshot.js';

/** Columns a user search may filter and sort on. The `…Key` columns are lower-cased and indexed. */
export type UserField =
  | keyof UserAttributes
  | 'id'
  | 'userNameKey'
  | 'workEmailKey'
  | 'origin'
  | 'managedBy'
  | 'createdAt'
  | 'updatedAt';

type Scalar = string | number | boolean | Date | null;

export interface FieldCondition {
  $eq?: Scalar;
  $ne?: Scalar;
  $gt?: Scalar;
  $gte?: Scalar;
  $lt?: Scalar;
  $lte?: Scalar;
  $in?: Scalar[];
  $like?: string;
  $ilike?: string;
  $exists?: boolean;
}

/** A condition on the elements of a multi-valued attribute: keys are sub-attribute names. */
export type ElementWhere = {
  [subAttribute: string]: Scalar | FieldCondition | ElementWhere[] | ElementWhere | undefined;
} & {
  $and?: ElementWhere[];
  $or?: ElementWhere[];
  $not?: ElementWhere;
};

/**
 * A typed, plain where-object: what SCIM filters and console searches compile to. It never holds SQL;
 * the ORM binds every value, and the tenant filter is added underneath.
 */
export type UserWhere = { [K in UserField]?: Scalar | FieldCondition | { $some: ElementWhere } } & {
  $and?: UserWhere[];
  $or?: UserWhere[];
  $not?: UserWhere;
  /** Free text: login ID, display name, given and family name, work email (the console's search box). */
  $text?: string;
  /** Members of this group (a group id). */
  $memberOf?: string;
  /** Some value of a custom attribute matches (custom-attribute.ts); no `op`: it has a value. */
  $custom?: CustomCondition;
};

export interface CustomCondition {
  /** The attribute's id. */
  attribute: string;
  type: 'string' | 'boolean' | 'dateTime' | 'integer' | 'decimal' | 'uuid';
  op?: 'eq' | 'gt' | 'ge' | 'lt' | 'le' | 'co' | 'sw' | 'ew';
  /** As stored: lower-cased for an attribute that is not caseExact. */
  value?: string | number | boolean | Date;
}

export interface UserOrder {
  /** Sort by the smallest value of a custom attribute (users without one last); `field` is then ignored. */
  custom?: Pick<CustomCondition, 'attribute' | 'type'>;
  field: Exclude<
    UserField,
    'emails' | 'phoneNumbers' | 'ims' | 'photos' | 'addresses' | 'entitlements' | 'roles' | 'x509Certificates'
  >;
  direction: 'asc' | 'desc';
}
