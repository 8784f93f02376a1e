import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { inject } from 'vitest';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${repoRoot}node_modules/.bin/tsx`;

/**
 * How to run one of the server's entry points: from sources via tsx, or the build with
 * ROLLCALL_TEST_DIST (or `built`: tests of signal handling need the real process, since tsx's signal
 * relay SIGKILLs a child that is slow to acknowledge a signal — exit 143 on a busy machine).
 */
function command(entry: 'main' | 'cli', built = false): [string, string[]] {
  return built || inject('useDist')
    ? [process.execPath, [`${repoRoot}apps/server/dist/${entry}.js`]]
    : [
        tsx,
        [
          '--tsconfig',
          `${repoRoot}tsconfig.json`,
          '--conditions=@rollcall/source',
          `${repoRoot}apps/server/src/${entry}.ts`,
        ],
      ];
}

/**
 * The environment of a spawned process: this one's without vitest's NODE_ENV=test, so the process runs
 * as it does in production (libraries change behaviour under "test": Apollo, for one, then leaves
 * SIGTERM alone — which once hid a shutdown that never ended).
 */
function productionEnv(): NodeJS.ProcessEnv {
  const { NODE_ENV: _test, VITEST: _vitest, ...env } = process.env;
  return env;
}

/** A new, empty database in the test cluster, for tests that need "a database with no tenant yet". */
export async function freshDatabase(): Promise<string> {
  const url = new URL(inject('databaseUrl'));
  const name = `rollcall_${randomUUID().replaceAll('-', '').slice(0, 16)}`;
  const client = new pg.Client({ connectionString: url.href });
  await client.connect();
  await client.query(`create database ${name}`);
  await client.end();
  url.pathname = `/${name}`;
  return url.href;
}

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run the operator CLI to completion. */
export async function runCli(args: string[], env: Record<string, string>): Promise<RunResult> {
  const [cmd, base] = command('cli');
  const child = spawn(cmd, [...base, ...args], {
    cwd: repoRoot,
    env: { ...productionEnv(), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
  child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
  const [code] = (await once(child, 'close')) as [number | null];
  return { code, stdout, stderr };
}

export interface ServerProcess {
  url: string;
  child: ChildProcess;
  output: () => string;
  /** SIGTERM, then the exit code. */
  stop(): Promise<number | null>;
}

/** Start the real server process and wait until it logs that it listens. */
export async function startServer(
  env: Record<string, string>,
  options: { built?: boolean } = {},
): Promise<ServerProcess> {
  const [cmd, base] = command('main', options.built);
  const child = spawn(cmd, base, {
    cwd: repoRoot,
    env: { ...productionEnv(), PORT: '0', HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /"msg":"listening","url":"([^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then(() => {
      clearTimeout(timer);
      reject(new Error(`server exited before listening:\n${output}`));
    });
  });
  return {
    url,
    child,
    output: () => output,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      child.kill('SIGTERM');
      const [code] = (await exited) as [number | null];
      return code;
    },
  };
}

/** SCIM calls for one tenant to any of several server processes: the status and the parsed body. */
export function scimCalls(tenant: { slug: string; token: string }, timeoutMs = 30_000) {
  return async (server: ServerProcess, method: string, path: string, body?: unknown) => {
    const response = await fetch(`${server.url}/scim/v2/${tenant.slug}${path}`, {
      method,
      headers: { Authorization: `Bearer ${tenant.token}`, 'Content-Type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    return { status: response.status, body: (await response.json().catch(() => null)) as any };
  };
}
