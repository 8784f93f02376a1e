/** Who is acting in a tenant scope; recorded on every audit event. */
export type Actor =
  | { kind: 'admin'; id: string; label: string }
  | { kind: 'api_key'; id: string; label: string }
  | { kind: 'idp'; id: string | null; label: string }
  | { kind: 'system'; id: null; label: string };

export const systemActor = (label: string): Actor => ({ kind: 'system', id: null, label });

/** What the transport knows about the request, carried into audit events. */
export interface RequestContext {
  actor: Actor;
  requestId?: string | undefined;
  /** The SCIM dialect the request was recognised as (e.g. `entra`, `entra-2020`, `okta`). */
  dialect?: string | undefined;
}
