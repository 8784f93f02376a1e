import type { AdminRole } from '../admins/admin.entity.js';
import type { Actor } from '../tenancy/actor.js';

/** Who is calling the admin API: a signed-in admin or an integrator's API key, with a role. */
export interface Principal {
  kind: 'admin' | 'api_key';
  id: string;
  role: AdminRole;
  /** The admin's email or the key's name: what the audit trail shows. */
  label: string;
}

export const principalActor = (principal: Principal): Actor => ({
  kind: principal.kind,
  id: principal.id,
  label: principal.label,
});
