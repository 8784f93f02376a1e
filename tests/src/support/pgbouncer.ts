import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

/** Debian's PgBouncer (`apt-get install pgbouncer`; the test command installs it when missing). */
export const pgbouncerBinary = '/usr/sbin/pgbouncer';

export const freePort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

/** PostgreSQL's servers and PgBouncer refuse to run as root: as root, they run as `postgres`. */
export function serviceUser(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  return {
    uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
    gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
  };
}

export interface PgBouncer {
  /** A database URL through PgBouncer (same database name, user and password as the target). */
  url: string;
  /** Point PgBouncer at another server (a promoted standby) and reload it, without a restart. */
  retarget(targetUrl: string): Promise<void>;
  stop(): Promise<void>;
  output(): string;
}

/**
 * PgBouncer in transaction pooling mode in front of `targetUrl`, on a free port. Clients connect
 * with any user name (auth_type any); PgBouncer logs in to PostgreSQL with the target's credentials.
 */
export async function startPgBouncer(
  targetUrl: string,
  settings: Record<string, string | number> = {},
): Promise<PgBouncer> {
  const dir = mkdtempSync(join(tmpdir(), 'rollcall-pgbouncer-'));
  chmodSync(dir, 0o755);
  const owner = serviceUser();
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const port = await freePort();
  const target = new URL(targetUrl);
  const database = target.pathname.slice(1);
  const ini = join(dir, 'pgbouncer.ini');
  const write = (url: URL) => {
    const lines = [
      '[databases]',
      `${database} = host=${url.hostname} port=${url.port || 5432} dbname=${url.pathname.slice(1)} ` +
        `user=${decodeURIComponent(url.username)} password=${decodeURIComponent(url.password)}`,
      '[pgbouncer]',
      `listen_addr = 127.0.0.1`,
      `listen_port = ${port}`,
      `unix_socket_dir =`,
      `auth_type = any`,
      `pool_mode = transaction`,
      `admin_users = pgbouncer`,
      `ignore_startup_parameters = extra_float_digits`,
      `default_pool_size = 40`,
      `max_client_conn = 500`,
      `server_login_retry = 1`,
      `logfile = ${join(dir, 'pgbouncer.log')}`,
      ...Object.entries(settings).map(([key, value]) => `${key} = ${value}`),
    ];
    writeFileSync(ini, lines.join('\n') + '\n');
    if (owner) chownSync(ini, owner.uid, owner.gid);
  };
  write(target);
  const child: ChildProcess = spawn(pgbouncerBinary, [ini], {
    stdio: ['ignore', 'pipe', 'pipe'],
    ...(owner ?? {}),
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const url = new URL(targetUrl);
  url.host = `127.0.0.1:${port}`;
  await waitUntilServing(url.href, child, () => output);
  const admin = async (command: string) => {
    const client = new pg.Client({
      host: '127.0.0.1',
      port,
      user: 'pgbouncer',
      database: 'pgbouncer',
    });
    await client.connect();
    try {
      await client.query(command);
    } finally {
      await client.end();
    }
  };
  return {
    url: url.href,
    output: () => output,
    async retarget(targetUrl2: string) {
      write(new URL(targetUrl2));
      await admin('RELOAD');
      // Server connections to the old target are closed once idle; new ones go to the new target.
      await admin(`RECONNECT ${database}`).catch(() => undefined);
    },
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGINT');
      await once(child, 'exit');
    },
  };
}

async function waitUntilServing(url: string, child: ChildProcess, output: () => string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error(`PgBouncer exited:\n${output()}`);
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
    try {
      await client.connect();
      await client.query('select 1');
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  throw new Error(`PgBouncer did not start:\n${output()}`);
}
