import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { appendFileSync, chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, serviceUser } from './pgbouncer.js';

/**
 * Debian's PostgreSQL server binaries (`apt-get install postgresql`; the test command installs them
 * when missing): the newest /usr/lib/postgresql/<version>/bin that has everything a replica needs.
 */
export function findPostgresBin(): string | undefined {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) return undefined;
  const versions = readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const bin = join(root, version, 'bin');
    if (['postgres', 'initdb', 'pg_ctl', 'pg_basebackup'].every((tool) => existsSync(join(bin, tool))))
      return bin;
  }
  return undefined;
}

async function run(bin: string, tool: string, args: string[]): Promise<string> {
  const owner = serviceUser();
  const child = spawn(join(bin, tool), args, { stdio: ['ignore', 'pipe', 'pipe'], ...(owner ?? {}) });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output += c.toString()));
  child.stderr!.on('data', (c: Buffer) => (output += c.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${tool} ${args.join(' ')} failed (${code}):\n${output}`);
  return output;
}

export interface PgServer {
  /** postgres://… of the `rollcall` database on this server. */
  url: string;
  port: number;
  dataDir: string;
  /** `pg_ctl stop -m immediate`: the server dies as in a crash (no shutdown checkpoint). */
  kill(): Promise<void>;
  /** Promote a standby to primary (`pg_ctl promote`), waiting until it accepts writes. */
  promote(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A primary and a streaming standby on this machine, replicating synchronously (the primary
 * acknowledges a commit once the standby has it, `synchronous_standby_names`): what README's
 * production topology recommends for zero acknowledged loss.
 */
export async function startReplicatedPair(): Promise<{
  primary: PgServer;
  standby: PgServer;
  cleanup(): void;
}> {
  const bin = findPostgresBin();
  if (!bin) throw new Error('PostgreSQL server binaries not found (apt-get install postgresql)');
  const root = mkdtempSync(join(tmpdir(), 'rollcall-pair-'));
  chmodSync(root, 0o755);
  const owner = serviceUser();
  if (owner) chownSync(root, owner.uid, owner.gid);
  const primaryDir = join(root, 'primary');
  const standbyDir = join(root, 'standby');
  const [primaryPort, standbyPort] = [await freePort(), await freePort()];

  await run(bin, 'initdb', ['-D', primaryDir, '-U', 'rollcall', '--auth=trust', '--no-sync', '-E', 'UTF8']);
  appendFileSync(
    join(primaryDir, 'postgresql.conf'),
    [
      `port = ${primaryPort}`,
      `listen_addresses = '127.0.0.1'`,
      `unix_socket_directories = '${root}'`,
      `wal_level = replica`,
      `max_wal_senders = 5`,
      `hot_standby = on`,
      `fsync = off`, // the machine does not crash in this test, only the server
      '',
    ].join('\n'),
  );
  appendFileSync(join(primaryDir, 'pg_hba.conf'), 'host replication all 127.0.0.1/32 trust\n');
  const server = (dataDir: string, port: number): PgServer => ({
    url: `postgres://rollcall:rollcall@127.0.0.1:${port}/rollcall`,
    port,
    dataDir,
    kill: async () => void (await run(bin, 'pg_ctl', ['-D', dataDir, '-m', 'immediate', 'stop'])),
    promote: async () => void (await run(bin, 'pg_ctl', ['-D', dataDir, '-w', 'promote'])),
    stop: async () => void (await run(bin, 'pg_ctl', ['-D', dataDir, '-m', 'fast', 'stop']).catch(() => '')),
  });
  const start = (dataDir: string) =>
    run(bin, 'pg_ctl', ['-D', dataDir, '-l', join(dataDir, 'server.log'), '-w', '-t', '60', 'start']);
  await start(primaryDir);
  const admin = new pg.Client({
    host: '127.0.0.1',
    port: primaryPort,
    user: 'rollcall',
    database: 'postgres',
  });
  await admin.connect();
  try {
    await admin.query('create database rollcall');
    await run(bin, 'pg_basebackup', [
      ...['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'rollcall', '-D', standbyDir],
      ...['-X', 'stream', '-R', '-c', 'fast'], // an immediate checkpoint, not a spread one (minutes)
    ]);
    appendFileSync(
      join(standbyDir, 'postgresql.auto.conf'),
      [
        `port = ${standbyPort}`,
        `primary_conninfo = 'host=127.0.0.1 port=${primaryPort} user=rollcall application_name=standby1'`,
        '',
      ].join('\n'),
    );
    await start(standbyDir);
    // Synchronous from now on (set before the standby streams, it would hold every commit), and
    // waited for, so every acknowledged commit is on the standby.
    await admin.query(`alter system set synchronous_standby_names = 'standby1'`);
    await admin.query('select pg_reload_conf()');
    for (let i = 0; ; i++) {
      const { rows } = await admin.query(
        `select sync_state from pg_stat_replication where application_name = 'standby1'`,
      );
      if (rows[0]?.sync_state === 'sync') break;
      if (i === 100) throw new Error('the standby did not become synchronous within 10 s');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.end();
  }
  const primary = server(primaryDir, primaryPort);
  const standby = server(standbyDir, standbyPort);
  return {
    primary,
    standby,
    cleanup: () => rmSync(root, { recursive: true, force: true }),
  };
}
