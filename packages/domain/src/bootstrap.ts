import type { MikroORM } from '@mikro-orm/postgresql';
import { isDomainError } from './errors.js';
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
 * Returns null when there was something already (every later start, or another process's first run).
 */
export async function ensureFirstTenant(
  orm: MikroORM,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<FirstRunResult | null> {
  const tenants = new TenantDirectory(orm);
  if (!(await tenants.isEmpty())) return null;
  let tenant: Awaited<ReturnType<TenantDirectory['create']>>;
  try {
    tenant = await tenants.create({ slug: 'demo', name: 'Demo' });
  } catch (error) {
    // Processes started together on an empty database: the first to create `demo` does the first run.
    if (isDomainError(error, 'tenant.slug_taken')) return null;
    throw error;
  }
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
