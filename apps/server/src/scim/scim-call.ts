import type { IdpActor, Services } from '@rollcall/domain';
import type { UnknownAttributes } from '@rollcall/scim';
import type { TenantUserType } from './custom-schema.js';

/** One SCIM request as the handlers see it: the same for a real HTTP request and a /Bulk operation. */
export interface ScimCall {
  params: Record<string, string>;
  query: Record<string, unknown>;
  body: unknown;
  ifMatch: string | undefined;
  ifNoneMatch: string | undefined;
  /** The tenant's SCIM base URL, for `meta.location` and `$ref`. */
  baseUrl: string;
  services: Services;
  idp: IdpActor;
  /** What becomes of attributes Rollcall does not keep: ignored and reported, or refused (strict). */
  unknown: UnknownAttributes;
  /** The tenant's User resource type, its custom attributes included (custom-schema.ts). */
  userType: TenantUserType;
}

export interface ScimReply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export type ScimHandler = (call: ScimCall) => Promise<ScimReply>;
