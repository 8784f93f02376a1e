/**
 * What becomes of an attribute a request names that the resource type does not define (a misspelt
 * name, an extension nobody declared, a sub-attribute the schema lacks). RFC 7643 §2 leaves it to the
 * service provider which asserted attributes it ignores. Lenient (the default for tenants): the rest of
 * the request applies, and the names are collected so the admin can be told. Strict: the request is
 * refused, as a tenant that asks for strict attribute checking wants.
 */
export interface UnknownAttributes {
  readonly strict: boolean;
  /** Called with the attribute's path (`favoriteColor`, `name.nickname`, `urn:…:acme:2.0:User:badge`). */
  ignore(path: string): void;
}

/** Refuse every unknown attribute: for callers that did not choose (pure tests, admin tools). */
export const refuseUnknownAttributes: UnknownAttributes = {
  strict: true,
  ignore: () => undefined,
};
