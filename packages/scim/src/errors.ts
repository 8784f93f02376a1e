/** RFC 7644 §3.12: the error body, with `status` as a string. */
export const errorSchema = 'urn:ietf:params:scim:api:messages:2.0:Error';

/** RFC 7644 §3.12, Table 9. */
export type ScimType =
  | 'invalidFilter'
  | 'tooMany'
  | 'uniqueness'
  | 'mutability'
  | 'invalidSyntax'
  | 'invalidPath'
  | 'noTarget'
  | 'invalidValue'
  | 'invalidVers'
  | 'sensitive'
  /** RFC 9865 §4: cursor paging. */
  | 'invalidCursor'
  | 'expiredCursor';

export interface ScimErrorBody {
  schemas: [typeof errorSchema];
  status: string;
  scimType?: ScimType;
  detail?: string;
}

/** A protocol error with its HTTP status and `scimType`, built by name (below), never by hand. */
export class ScimError extends Error {
  override readonly name = 'ScimError';
  constructor(
    readonly status: number,
    readonly scimType: ScimType | undefined,
    detail: string,
    /** For 429 and 503: sent as `Retry-After` (RFC 9110 §10.2.3), so the client retries, not gives up. */
    readonly retryAfterSeconds?: number,
  ) {
    super(detail);
  }

  toBody(): ScimErrorBody {
    return {
      schemas: [errorSchema],
      status: String(this.status),
      ...(this.scimType ? { scimType: this.scimType } : {}),
      detail: this.message,
    };
  }
}

export const invalidFilter = (detail: string) => new ScimError(400, 'invalidFilter', detail);
export const invalidSyntax = (detail: string) => new ScimError(400, 'invalidSyntax', detail);
export const invalidPath = (detail: string) => new ScimError(400, 'invalidPath', detail);
export const invalidValue = (detail: string) => new ScimError(400, 'invalidValue', detail);
export const noTarget = (detail: string) => new ScimError(400, 'noTarget', detail);
export const mutability = (detail: string) => new ScimError(400, 'mutability', detail);
export const tooMany = (detail: string) => new ScimError(400, 'tooMany', detail);
export const uniqueness = (detail: string) => new ScimError(409, 'uniqueness', detail);
export const notFound = (detail: string) => new ScimError(404, undefined, detail);
export const unauthorized = (detail: string) => new ScimError(401, undefined, detail);
export const preconditionFailed = (detail: string) => new ScimError(412, undefined, detail);
export const invalidCursor = (detail: string) => new ScimError(400, 'invalidCursor', detail);
