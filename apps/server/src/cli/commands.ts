import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import {
  TenantDirectory,
  adminRoles,
  customAttributeTypes,
  importTenantArchive,
  pruneOnce,
  withTenant,
  type AdminRole,
  type CustomAttributeType,
  type MikroORM,
  type Services,
} from '@rollcall/domain';
import type { Config } from '../config.js';
import { actor, required, UsageError, type Options, type Output } from './options.js';

/** The commands that print one result (text, or one JSON object with --json). */
export const commands: Record<
  string,
  (orm: MikroORM, config: Config, args: string[], options: Options) => Promise<Output>
> = {
  async 'tenant:create'(orm, _config, [slug], options) {
    if (!slug) throw new UsageError('tenant:create needs a slug');
    const tenant = await new TenantDirectory(orm).create({ slug, name: options.name ?? slug });
    return {
      json: { tenant: tenant.slug, name: tenant.name, id: tenant.id },
      text: `Created tenant ${tenant.slug} (${tenant.name})`,
    };
  },
  async 'admin:create'(orm, _config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const role = required(options, 'role');
    if (!(adminRoles as readonly string[]).includes(role))
      throw new UsageError(`--role must be one of ${adminRoles.join(', ')}`);
    const { admin, generatedPassword } = await withTenant(orm, tenant.id, { actor }, (s) =>
      s.admins.create({
        email: required(options, 'email'),
        role: role as AdminRole,
        password: options.password,
      }),
    );
    return {
      json: {
        tenant: tenant.slug,
        id: admin.id,
        email: admin.email,
        role: admin.role,
        ...(generatedPassword ? { password: generatedPassword } : {}),
      },
      text: `Created ${admin.role} ${admin.email} in ${tenant.slug}${generatedPassword ? `\nPassword (shown once): ${generatedPassword}` : ''}`,
    };
  },
  async 'scim:enable'(orm, config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const { token } = await withTenant(orm, tenant.id, { actor }, (s) => s.scim.enable());
    const scimUrl = `${config.publicUrl}/scim/v2/${tenant.slug}`;
    return {
      json: { tenant: tenant.slug, scimUrl, token },
      text: `SCIM is on for ${tenant.slug}.\nSCIM URL:  ${scimUrl}\nAPI token: ${token}   (shown only this once)`,
    };
  },
  async 'attribute:list'(orm, _config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const attributes = await withTenant(orm, tenant.id, { actor }, (s) => s.customAttributes.list());
    return {
      json: { tenant: tenant.slug, attributes },
      text:
        attributes
          .map(
            (a) =>
              `${a.schema}:${a.name}\t${a.type}${a.multiValued ? '[]' : ''}${a.uniqueness === 'server' ? '\tunique' : ''}`,
          )
          .join('\n') || '(no custom attributes)',
    };
  },
  async 'attribute:declare'(orm, _config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const type = required(options, 'type');
    if (!(customAttributeTypes as readonly string[]).includes(type))
      throw new UsageError(`--type must be one of ${customAttributeTypes.join(', ')}`);
    const attribute = await withTenant(orm, tenant.id, { actor }, (s) =>
      s.customAttributes.declare({
        schema: required(options, 'schema'),
        name: required(options, 'name'),
        type: type as CustomAttributeType,
        multiValued: options['multi-valued'] === true,
        caseExact: options['case-exact'] === true,
        required: options.required === true,
        uniqueness: options.unique ? 'server' : 'none',
        description: options.description ?? '',
      }),
    );
    return {
      json: { tenant: tenant.slug, attribute },
      text: `Declared ${attribute.schema}:${attribute.name} (${attribute.type}) in ${tenant.slug}`,
    };
  },
  async 'attribute:update'(orm, _config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const attribute = await withTenant(orm, tenant.id, { actor }, async (s) =>
      s.customAttributes.update((await namedAttribute(s, tenant.slug, required(options, 'name'))).id, {
        ...(options.description !== undefined ? { description: options.description } : {}),
        ...(options.required !== undefined ? { required: options.required } : {}),
        ...(options['case-exact'] !== undefined ? { caseExact: options['case-exact'] } : {}),
        ...(options.unique !== undefined ? { uniqueness: options.unique ? 'server' : 'none' } : {}),
      }),
    );
    return {
      json: { tenant: tenant.slug, attribute },
      text: `Updated ${attribute.schema}:${attribute.name}`,
    };
  },
  async 'attribute:remove'(orm, _config, _args, options) {
    const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
    const { attribute, valuesDropped } = await withTenant(orm, tenant.id, { actor }, async (s) =>
      s.customAttributes.remove((await namedAttribute(s, tenant.slug, required(options, 'name'))).id),
    );
    return {
      json: { tenant: tenant.slug, attribute, valuesDropped },
      text: `Removed ${attribute.schema}:${attribute.name}; ${valuesDropped} stored value(s) dropped`,
    };
  },
  async 'tenant:import'(orm, _config, [file], options) {
    if (!file) throw new UsageError('tenant:import needs the archive file (from tenant:export)');
    if (!existsSync(file)) throw new UsageError(`No file ${file}`);
    const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
    const { tenant, rows } = await importTenantArchive(orm, lines, { slug: options.slug });
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    return {
      json: { tenant: tenant.slug, id: tenant.id, rows },
      text: `Imported tenant ${tenant.slug} (${tenant.name}) with ${total} row(s); SCIM is off until scim:enable`,
    };
  },
  async 'tenant:delete'(orm, _config, [slug], options) {
    if (!slug) throw new UsageError('tenant:delete needs a slug');
    if (!options.confirm)
      throw new UsageError(`--confirm ${slug} is required: deleting a tenant cannot be undone`);
    const { tenant, rows } = await new TenantDirectory(orm).delete(slug, {
      confirm: options.confirm,
      by: 'cli',
    });
    const total = Object.values(rows).reduce((a, b) => a + b, 0);
    return {
      json: { tenant: tenant.slug, id: tenant.id, rows },
      text: `Deleted tenant ${tenant.slug} and its ${total} row(s)`,
    };
  },
  async prune(orm, config) {
    const deleted = await pruneOnce(orm, {
      holder: `cli pid ${process.pid}`,
      defaults: config.retention.defaults,
    });
    if (!deleted) throw new UsageError('Another process is pruning now; try again when it is done');
    return {
      json: { deleted },
      text: Object.entries(deleted)
        .map(([kind, rows]) => `${kind}\t${rows} deleted`)
        .join('\n'),
    };
  },
  async 'secrets:reseal'(orm, config) {
    const box = config.webhooks.secrets;
    if (!box.sealing) throw new UsageError('Set ROLLCALL_SECRETS_KEY to the key to seal with');
    const perTenant: Record<string, number> = {};
    for (const tenant of await new TenantDirectory(orm).list()) {
      const resealed = await withTenant(orm, tenant.id, { actor }, (s) => s.webhooks.resealSecrets(box));
      if (resealed > 0) perTenant[tenant.slug] = resealed;
    }
    const total = Object.values(perTenant).reduce((a, b) => a + b, 0);
    return {
      json: { resealed: total, tenants: perTenant },
      text: `Sealed ${total} signing secret(s) under the current key; the previous keys can be removed`,
    };
  },
  async tenants(orm) {
    const tenants = await new TenantDirectory(orm).list();
    return {
      json: {
        tenants: tenants.map((t) => ({
          slug: t.slug,
          name: t.name,
          id: t.id,
          createdAt: t.createdAt.toISOString(),
        })),
      },
      text: tenants.map((t) => `${t.slug}\t${t.name}`).join('\n') || '(no tenants)',
    };
  },
};

/** The tenant's custom attribute `urn:…:name` (case-insensitively), or a usage error naming it. */
async function namedAttribute(s: Services, tenant: string, full: string) {
  const found = (await s.customAttributes.list()).find(
    (a) => `${a.schema}:${a.name}`.toLowerCase() === full.toLowerCase(),
  );
  if (!found) throw new UsageError(`${tenant} has no custom attribute ${full}`);
  return found;
}
