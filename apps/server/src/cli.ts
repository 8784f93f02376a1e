import 'reflect-metadata';
import { createReadStream, existsSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import {
  DomainError,
  TenantDirectory,
  adminRoles,
  customAttributeTypes,
  exportText,
  pruneOnce,
  importTenantArchive,
  tenantArchive,
  systemActor,
  withTenant,
  type AdminRole,
  type CustomAttributeType,
  type ExportKind,
  type Services,
  type MikroORM,
} from '@rollcall/domain';
import { ConfigError, loadConfig, type Config } from './config.js';
import { connectDatabase } from './database.js';
import { createLogger } from './logger.js';

/**
 * The operator CLI: `pnpm rollcall <command> [options]`. It uses the same database as the server
 * (DATABASE_URL, or the embedded instance in the data folder — the running server's when there is one).
 * With --json it prints exactly one JSON object on stdout; errors go to stderr with exit code 1.
 */
const usage = `Usage: pnpm rollcall <command> [options] [--json]

Commands:
  tenant:create <slug> [--name "Display name"]
  admin:create --tenant <slug> --email <email> --role owner|admin|viewer [--password <p>]
  scim:enable --tenant <slug>      switch SCIM on with a new token; prints the SCIM URL and token
  tenants                          list tenants
  tenant:export <slug>             the whole tenant as one archive (NDJSON) on stdout: directory,
                                   settings and audit trail, without secrets
  tenant:import <file> [--slug <slug>]   a new tenant from an archive (SCIM starts off: enable it)
  tenant:delete <slug> --confirm <slug>   delete the tenant and everything it owns (recorded outside it)
  prune                            prune old records now and measure each tenant's usage (as the
                                   server does every ROLLCALL_PRUNE_INTERVAL_SECONDS)
  secrets:reseal                   seal every webhook signing secret under ROLLCALL_SECRETS_KEY
                                   (after rotating it: the old key in ROLLCALL_SECRETS_PREVIOUS_KEYS)
  attribute:list --tenant <slug>   the tenant's custom user attributes
  attribute:declare --tenant <slug> --schema <urn> --name <name> --type string|boolean|integer|decimal|dateTime|reference
                    [--multi-valued] [--case-exact] [--required] [--unique] [--description "…"]
  attribute:update --tenant <slug> --name <urn:…:name> [--description "…"] [--required|--no-required]
                   [--unique|--no-unique] [--case-exact|--no-case-exact]
  attribute:remove --tenant <slug> --name <urn:…:name>   remove it (its stored values are dropped)
  audit:export --tenant <slug> [--from <ISO date>] [--to <ISO date>] [--format ndjson|csv]
  requests:export --tenant <slug> [--from …] [--to …] [--format ndjson|csv]
                                   stream the audit trail / SCIM request log to stdout`;

type Options = {
  json: boolean;
  name?: string;
  tenant?: string;
  email?: string;
  role?: string;
  password?: string;
  schema?: string;
  type?: string;
  description?: string;
  'multi-valued'?: boolean;
  'case-exact'?: boolean;
  required?: boolean;
  unique?: boolean;
  from?: string;
  to?: string;
  format?: string;
  confirm?: string;
  slug?: string;
};
type Output = { json: Record<string, unknown>; text: string };

const actor = systemActor('cli');

const commands: Record<
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

class UsageError extends Error {}

/** The tenant's custom attribute `urn:…:name` (case-insensitively), or a usage error naming it. */
async function namedAttribute(s: Services, tenant: string, full: string) {
  const found = (await s.customAttributes.list()).find(
    (a) => `${a.schema}:${a.name}`.toLowerCase() === full.toLowerCase(),
  );
  if (!found) throw new UsageError(`${tenant} has no custom attribute ${full}`);
  return found;
}

function required(options: Options, name: 'tenant' | 'email' | 'role' | 'schema' | 'name' | 'type'): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    // --no-required, --no-unique, --no-case-exact (attribute:update)
    allowNegative: true,
    options: {
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      schema: { type: 'string' },
      type: { type: 'string' },
      description: { type: 'string' },
      'multi-valued': { type: 'boolean' },
      'case-exact': { type: 'boolean' },
      required: { type: 'boolean' },
      unique: { type: 'boolean' },
      from: { type: 'string' },
      to: { type: 'string' },
      format: { type: 'string' },
      confirm: { type: 'string' },
      slug: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...args] = positionals;
  const stream = name ? streams[name] : undefined;
  if (stream && !values.help) return streamTo(process.stdout, (orm) => stream(orm, args, values as Options));
  const command = name ? commands[name] : undefined;
  if (values.help || !command) {
    process.stderr.write(`${name && !values.help ? `Unknown command: ${name}\n\n` : ''}${usage}\n`);
    return values.help ? 0 : 2;
  }
  const config = loadConfig();
  // Diagnostics (e.g. "attached to the embedded PostgreSQL") go to stderr; stdout is the result only.
  const log = createLogger('info', (line) => process.stderr.write(line));
  const database = await connectDatabase(config, log);
  try {
    const output = await command(database.orm, config, args, values as Options);
    process.stdout.write(values.json ? `${JSON.stringify(output.json)}\n` : `${output.text}\n`);
    return 0;
  } finally {
    await database.close();
  }
}

/**
 * The commands whose output is the records themselves (NDJSON or CSV on stdout), written a batch at a
 * time as they are read, so a year of a large tenant's log never sits in memory.
 */
const streams: Record<
  string,
  (orm: MikroORM, args: string[], options: Options) => Promise<AsyncIterable<string>>
> = {
  'audit:export': (orm, _args, options) => recordsOf(orm, 'audit', options),
  'requests:export': (orm, _args, options) => recordsOf(orm, 'requests', options),
  async 'tenant:export'(orm, [slug]) {
    if (!slug) throw new UsageError('tenant:export needs a slug');
    const tenant = await new TenantDirectory(orm).getBySlug(slug);
    await withTenant(orm, tenant.id, { actor }, (s) => s.retention.recordExport('workspace'));
    return tenantArchive(orm, tenant);
  },
};

async function recordsOf(orm: MikroORM, kind: ExportKind, options: Options) {
  const range = { from: dateOption(options, 'from'), to: dateOption(options, 'to') };
  const format = options.format ?? 'ndjson';
  if (format !== 'ndjson' && format !== 'csv') throw new UsageError('--format must be ndjson or csv');
  const tenant = await new TenantDirectory(orm).getBySlug(required(options, 'tenant'));
  await withTenant(orm, tenant.id, { actor }, (s) => s.retention.recordExport(kind, range));
  return exportText(orm, tenant.id, kind, range, format);
}

async function streamTo(
  out: NodeJS.WritableStream,
  open: (orm: MikroORM) => Promise<AsyncIterable<string>>,
): Promise<number> {
  const config = loadConfig();
  const database = await connectDatabase(
    config,
    createLogger('info', (line) => process.stderr.write(line)),
  );
  try {
    for await (const chunk of await open(database.orm))
      await new Promise<void>((resolve, reject) => out.write(chunk, (e) => (e ? reject(e) : resolve())));
    return 0;
  } finally {
    await database.close();
  }
}

function dateOption(options: Options, name: 'from' | 'to'): Date | undefined {
  const value = options[name];
  if (value === undefined) return undefined;
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) throw new UsageError(`--${name} must be an ISO 8601 date or time`);
  return date;
}

run(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const message =
      error instanceof DomainError || error instanceof UsageError || error instanceof ConfigError
        ? error.message
        : error instanceof Error
          ? (error.stack ?? error.message)
          : String(error);
    process.stderr.write(`rollcall: ${message}\n`);
    process.exit(1);
  },
);
