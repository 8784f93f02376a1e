import type { MikroORM } from '@mikro-orm/postgresql';
import { systemActor } from './tenancy/actor.js';
import { TenantDirectory } from './tenancy/tenant-directory.js';
import { withTenant } from './tenancy/with-tenant.js';

export interface FirstRunResult {
  tenant: string;
  email: string;
  /** Set only when the password was generated: the caller prints it once. */
  generatedPassword: string | null;
}

/**
 * First run: when the database holds no tenant, create tenant `demo` ("Demo") and its owner admin.
 * Returns null when there was something already (every later start).
 */
export async function ensureFirstTenant(
  orm: MikroORM,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<FirstRunResult | null> {
  const tenants = new TenantDirectory(orm);
  if (!(await tenants.isEmpty())) return null;
  const tenant = await tenants.create({ slug: 'demo', name: 'Demo' });
  const email = admin.email ?? 'admin@demo.rollcall.local';
  const { generatedPassword } = await withTenant(
    orm,
    tenant.id,
    { actor: systemActor('first run') },
    (services) =>
      services.admins.create({ email, role: 'owner', name: 'Demo owner', password: admin.password }),
  );
  return { tenant: tenant.slug, email, generatedPassword };
}
