import type { MikroORM } from '@mikro-orm/postgresql';
import { isDomainError } from './errors.js';
import { systemActor } from './tenancy/actor.js';
import { TenantDirectory, type TenantSnapshot } from './tenancy/tenant-directory.js';
import { withTenant } from './tenancy/with-tenant.js';

export interface FirstRunResult {
  tenant: string;
  email: string;
  /** Set only when the password was generated: the caller prints it once. */
  generatedPassword: string | null;
}

/**
 * First run: when the database holds no tenant, create tenant `demo` ("Demo") and its owner admin.
 * The two are separate transactions (the owner is made inside the tenant), so a first run cut short
 * between them is finished by the next start: `demo` alone, with no admin, gets its owner then.
 * Returns null when there was something already (every later start, or another process's first run).
 */
export async function ensureFirstTenant(
  orm: MikroORM,
  admin: { email?: string | undefined; password?: string | undefined },
): Promise<FirstRunResult | null> {
  const tenants = new TenantDirectory(orm);
  const tenant = (await tenants.isEmpty()) ? await createDemo(tenants) : await ownerlessDemo(orm, tenants);
  if (!tenant) return null;
  const email = admin.email ?? 'admin@demo.rollcall.local';
  try {
    const { generatedPassword } = await withTenant(
      orm,
      tenant.id,
      { actor: systemActor('first run') },
      (services) =>
        services.admins.create({ email, role: 'owner', name: 'Demo owner', password: admin.password }),
    );
    return { tenant: tenant.slug, email, generatedPassword };
  } catch (error) {
    // Another process starting at the same time made the owner first.
    if (isDomainError(error, 'admin.email_taken')) return null;
    throw error;
  }
}

async function createDemo(tenants: TenantDirectory): Promise<TenantSnapshot | null> {
  try {
    return await tenants.create({ slug: 'demo', name: 'Demo' });
  } catch (error) {
    // Processes started together on an empty database: the first to create `demo` does the first run.
    if (isDomainError(error, 'tenant.slug_taken')) return null;
    throw error;
  }
}

/** `demo`, when it is the only tenant and has no admin: a first run that stopped halfway. */
async function ownerlessDemo(orm: MikroORM, tenants: TenantDirectory): Promise<TenantSnapshot | null> {
  const demo = await tenants.findBySlug('demo');
  if (!demo || !(await tenants.isOnly(demo.id))) return null;
  const admins = await withTenant(orm, demo.id, { actor: systemActor('first run') }, (s) => s.admins.list());
  return admins.length === 0 ? demo : null;
}
