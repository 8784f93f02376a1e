import 'reflect-metadata';
import { parseArgs } from 'node:util';
import {
  DomainError,
  TenantDirectory,
  adminRoles,
  systemActor,
  withTenant,
  type AdminRole,
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
  tenants                          list tenants`;

type Options = {
  json: boolean;
  name?: string;
  tenant?: string;
  email?: string;
  role?: string;
  password?: string;
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

function required(options: Options, name: 'tenant' | 'email' | 'role'): string {
  const value = options[name];
  if (!value) throw new UsageError(`--${name} is required`);
  return value;
}

async function run(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      json: { type: 'boolean', default: false },
      name: { type: 'string' },
      tenant: { type: 'string' },
      email: { type: 'string' },
      role: { type: 'string' },
      password: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [name, ...args] = positionals;
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
