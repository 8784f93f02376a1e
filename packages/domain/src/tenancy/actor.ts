import type { UserScope } from '../scim/scim-settings.entity.js';
import type { CustomSchema } from '../users/custom-attribute.js';

/** Who is acting in a tenant scope; recorded on every audit event. */
export type Actor =
  | { kind: 'admin'; id: string; label: string }
  | { kind: 'api_key'; id: string; label: string }
  /** An identity provider calling SCIM with a token: `id` is the token's id, `userScope` what it may see. */
  | {
      kind: 'idp';
      id: string;
      label: string;
      userScope: UserScope;
      /** The tenant refuses attributes Rollcall does not keep, instead of ignoring them. */
      strictAttributes?: boolean;
      /** Rollcall's own "Test my connection" rather than the identity provider. */
      selfCheck?: boolean;
      /** The tenant's custom attributes as they were when the token was authenticated. */
      customSchema?: CustomSchema;
    }
  | { kind: 'system'; id: null; label: string };

export const systemActor = (label: string): Actor => ({ kind: 'system', id: null, label });

/** What the transport knows about the request, carried into audit events. */
export interface RequestContext {
  actor: Actor;
  requestId?: string | undefined;
  /** The SCIM dialect the request was recognised as (e.g. `entra`, `entra-2020`, `okta`). */
  dialect?: string | undefined;
}
