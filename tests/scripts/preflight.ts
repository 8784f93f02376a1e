// `pnpm test` starts here, before anything slow: what the suite needs from the machine is there, or
// it is brought in (Debian's packages, when this process may install them), or the run stops now
// with the one command that fixes it.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { findChromium } from '../src/support/chromium.js';
import { pgbouncerBinary } from '../src/support/pgbouncer.js';
import { findPostgresBin } from '../src/support/pg-cluster.js';

const fail = (message: string): never => {
  console.error(`\npreflight: ${message}\n`);
  process.exit(1);
};

/** How this process may run apt-get: as root, through passwordless sudo, or not at all. */
function aptGet(): string[] | undefined {
  if (spawnSync('apt-get', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  if (process.getuid?.() === 0) return ['apt-get'];
  if (spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n', 'apt-get'];
  return undefined;
}

function install(packages: string[], why: string): void {
  const fix = `sudo apt-get install -y ${packages.join(' ')}`;
  const apt = aptGet();
  if (!apt) fail(`${why} Install it with:\n\n    ${fix}\n\nthen run the tests again.`);
  console.log(`preflight: ${why} Installing Debian's ${packages.join(', ')} (${apt!.join(' ')} install)…`);
  const run = (args: string[]) =>
    spawnSync(apt![0]!, [...apt!.slice(1), ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
      env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
    }).status === 0;
  // The package lists may be missing or stale on a new machine: refresh them once, then install.
  if (!run(['update', '-qq']) || !run(['install', '-y', '-qq', ...packages]))
    fail(`installing ${packages.join(', ')} failed (see above). Fix it with:\n\n    ${fix}`);
}

if (process.env.CHROMIUM_PATH && !findChromium())
  fail(
    `CHROMIUM_PATH is ${process.env.CHROMIUM_PATH}, which is not an executable. Point it at Chromium, or unset it.`,
  );
// Everything missing is installed in one go.
const missing = [
  ...(findChromium() ? [] : [{ name: 'chromium', why: 'the browser tests need Chromium' }]),
  ...(existsSync(pgbouncerBinary)
    ? []
    : [{ name: 'pgbouncer', why: 'the pooling tests run Rollcall behind PgBouncer' }]),
  ...(findPostgresBin()
    ? []
    : [{ name: 'postgresql', why: 'the failover test runs a PostgreSQL primary and a streaming standby' }]),
];
if (missing.length > 0)
  install(
    missing.map((m) => m.name),
    `${missing.map((m) => m.why).join('; ')}, and ${missing.length === 1 ? 'it is' : 'they are'} not installed.`,
  );
if (!existsSync(pgbouncerBinary)) fail(`PgBouncer was installed but ${pgbouncerBinary} is still missing.`);
if (!findPostgresBin()) fail('PostgreSQL was installed but its server binaries are still not found.');
const chromium = findChromium() ?? fail('Chromium was installed but is still not found.');
const version = spawnSync(chromium, ['--version'], { encoding: 'utf8' });
if (version.status !== 0) fail(`${chromium} does not start: ${version.stderr.trim()}`);
console.log(`preflight: ${version.stdout.trim()} at ${chromium}`);
