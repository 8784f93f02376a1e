import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { DomainError, type MikroORM } from '@rollcall/domain';
import { commands } from './cli/commands.js';
import { UsageError, type Options } from './cli/options.js';
import { streams } from './cli/streams.js';
import { ConfigError, loadConfig } from './config.js';
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
