// `pnpm bench`: Rollcall against a raw-SQL baseline on the same PostgreSQL, scenario by scenario,
// alternating between the two servers, at two directory sizes. Prints a table and writes JSON.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { openDatabase, pruneOnce, type MikroORM } from '@rollcall/domain';
import { startTestDatabase } from '@rollcall/domain/testing';
import { closedLoop, percentile, type Sample } from './load.js';
import { scenarios } from './scenarios.js';
import { seedTenant, type SeededTenant } from './seed.js';

const root = new URL('../../', import.meta.url).pathname;
const { values: args } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    small: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '10,50' },
    seconds: { type: 'string', default: '8' },
    warmup: { type: 'string', default: '1' },
    only: { type: 'string' },
    smoke: { type: 'boolean', default: false },
    out: { type: 'string' },
  },
});
const smoke = args.smoke;
const largeN = smoke ? 400 : Number(args.users);
const smallN = smoke ? 200 : Number(args.small);
const concurrencies = (smoke ? '2' : args.concurrency!).split(',').map(Number);
const seconds = smoke ? 0.4 : Number(args.seconds);
const warmup = smoke ? 0.1 : Number(args.warmup);

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function waitFor(url: string, child: ChildProcess, output: () => string) {
  for (let i = 0; i < 600; i++) {
    if (child.exitCode !== null) throw new Error(`server exited:\n${output()}`);
    try {
      if ((await fetch(url)).status < 500) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not start:\n${output()}`);
}

function start(
  command: string,
  argv: string[],
  env: Record<string, string>,
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, argv, {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  child.stderr!.on('data', (c: Buffer) => (output = (output + c.toString()).slice(-4000)));
  return { child, output: () => output };
}

/**
 * The pruner at work for as long as a scenario is measured (issue 19), against both servers alike:
 * pass after pass, each first given 20,000 request-log lines 60 days old to delete (inserting them is
 * extra load the real pruner does not bring, so this errs against Rollcall). It is the server's own
 * code (domain `pruneOnce`: batches of 1,000, then usage measured for every tenant), run here so it
 * never stops between passes as the server's hourly one would.
 */
function keepPruning(orm: MikroORM, tenant: SeededTenant) {
  let running = true;
  let deleted = 0;
  let passes = 0;
  const loop = (async () => {
    while (running) {
      await orm.em.getConnection().execute(
        `insert into scim_request_log (tenant_id, id, at, method, path, status)
         select ?, gen_random_uuid(), now() - interval '60 days' - (g * interval '1 second'), 'GET', '/Users', 200
           from generate_series(1, 20000) g`,
        [tenant.id],
      );
      const pass = await pruneOnce(orm, {
        holder: 'bench',
        defaults: { requestLogDays: 30, webhookDays: 30, auditDays: 400 },
      });
      deleted += pass?.request_log ?? 0;
      passes++;
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      return { deleted, passes };
    },
  };
}

interface Row {
  scenario: string;
  size: number;
  concurrency: number;
  rollcall: Stats;
  baseline: Stats;
  ratio: number;
  p99Ratio: number;
}
interface Stats {
  opsPerSecond: number;
  p50: number;
  p99: number;
  errors: number;
  firstError: string | null;
}

const stats = (samples: Sample[]): Stats => {
  const latencies = samples.flatMap((s) => s.latenciesMs).sort((a, b) => a - b);
  const ops = samples.reduce((n, s) => n + s.ops, 0);
  const secs = samples.reduce((n, s) => n + s.seconds, 0);
  return {
    opsPerSecond: ops / secs,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    errors: samples.reduce((n, s) => n + s.errors, 0),
    firstError: samples.find((s) => s.firstError)?.firstError ?? null,
  };
};

async function main() {
  const database = await startTestDatabase(process.env.DATABASE_URL);
  const children: ChildProcess[] = [];
  try {
    const orm = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    const stamp = Date.now().toString(36);
    console.log(`Seeding ${smallN.toLocaleString()} and ${largeN.toLocaleString()} users…`);
    const t0 = performance.now();
    const small = await seedTenant(orm, database.url, `bench-s-${stamp}`, smallN, Math.min(100, smallN - 50));
    const large = await seedTenant(
      orm,
      database.url,
      `bench-l-${stamp}`,
      largeN,
      Math.min(100_000, largeN - Math.min(5000, Math.floor(largeN / 10))),
    );
    console.log(`Seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    await orm.close();

    const [rollcallPort, baselinePort] = [await freePort(), await freePort()];
    const profile = process.env.BENCH_CPU_PROFILE
      ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_CPU_PROFILE}`]
      : [];
    const rollcall = start(process.execPath, [...profile, 'apps/server/dist/main.js'], {
      DATABASE_URL: database.url,
      PORT: String(rollcallPort),
      LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'warn',
      ROLLCALL_CONSOLE_DIR: '/nonexistent',
      // The load is the point: the per-token rate limit would cap it.
      ROLLCALL_SCIM_RATE_LIMIT: '0',
      ROLLCALL_GRAPHQL_RATE_LIMIT: '0',
    });
    const tenants = JSON.stringify({ [small.slug]: small.id, [large.slug]: large.id });
    const baseline = start(join(root, 'node_modules/.bin/tsx'), ['tests/bench/baseline-server.ts'], {
      DATABASE_URL: database.url,
      PORT: String(baselinePort),
      TENANTS: tenants,
    });
    children.push(rollcall.child, baseline.child);
    const started = performance.now();
    await waitFor(`http://127.0.0.1:${rollcallPort}/healthz`, rollcall.child, rollcall.output);
    console.log(`Rollcall up in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    if (process.env.BENCH_LOG_LEVEL) console.log(rollcall.output());
    await waitFor(`http://127.0.0.1:${baselinePort}/`, baseline.child, baseline.output);

    const rows: Row[] = [];
    const pruneOrm = await openDatabase({ databaseUrl: database.url, poolSize: 2 });
    // --only takes comma-separated name fragments.
    const wanted = args.only?.split(',').map((part) => part.trim());
    const chosen = scenarios.filter((s) => !wanted || wanted.some((part) => s.name.includes(part)));
    for (const concurrency of concurrencies) {
      for (const scenario of chosen) {
        for (const tenant of scenario.growth ? [small, large] : [large]) {
          const graphql = scenario.endpoint === 'graphql';
          const measure = (port: number, rollcall: boolean, t: SeededTenant) =>
            closedLoop({
              baseUrl: `http://127.0.0.1:${port}${graphql ? '' : `/scim/v2/${t.slug}`}`,
              concurrency,
              seconds: seconds / 2,
              warmupSeconds: warmup,
              expect: scenario.expect,
              next: (w, i) => {
                const spec = scenario.next(t, w, i);
                // Rollcall authenticates the caller; the baseline is told the tenant.
                const headers: Record<string, string> = rollcall
                  ? { authorization: `Bearer ${graphql ? t.apiKey : t.token}` }
                  : { 'x-bench-tenant': t.slug };
                if (graphql) headers['content-type'] = 'application/json';
                return { ...spec, headers };
              },
            });
          const pruner = scenario.pruning ? keepPruning(pruneOrm, tenant) : undefined;
          // Alternate R, B, B, R to cancel drift.
          const r1 = await measure(rollcallPort, true, tenant);
          const b1 = await measure(baselinePort, false, tenant);
          const b2 = await measure(baselinePort, false, tenant);
          const r2 = await measure(rollcallPort, true, tenant);
          const pruned = await pruner?.stop();
          const r = stats([r1, r2]);
          const b = stats([b1, b2]);
          const row = {
            scenario: scenario.name,
            size: tenant.users,
            concurrency,
            rollcall: r,
            baseline: b,
            ratio: r.opsPerSecond / b.opsPerSecond,
            p99Ratio: r.p99 / b.p99,
          };
          rows.push(row);
          console.log(
            `${scenario.name.padEnd(40)} ${String(tenant.users).padStart(8)} c=${String(concurrency).padStart(2)}  rollcall ${r.opsPerSecond.toFixed(0).padStart(6)}/s p50 ${r.p50.toFixed(1).padStart(6)} p99 ${r.p99.toFixed(1).padStart(6)} err ${r.errors}  baseline ${b.opsPerSecond.toFixed(0).padStart(6)}/s p50 ${b.p50.toFixed(1).padStart(6)} p99 ${b.p99.toFixed(1).padStart(6)} err ${b.errors}  ratio ${row.ratio.toFixed(2)} p99× ${row.p99Ratio.toFixed(2)}`,
          );
          if (pruned)
            console.log(`  meanwhile pruned ${pruned.deleted} request-log lines in ${pruned.passes} passes`);
          if (r.firstError) console.log(`  rollcall error: ${r.firstError}`);
          if (b.firstError) console.log(`  baseline error: ${b.firstError}`);
        }
      }
    }

    /** The row of `scenario` measured like `like` (same concurrency; same size unless given). */
    const rowLike = (scenario: string, like: Row, size = like.size) =>
      rows.find((r) => r.scenario === scenario && r.size === size && r.concurrency === like.concurrency);
    const growth = rows
      .filter((r) => r.size === largeN)
      .flatMap((big) => {
        const smallRow = rowLike(big.scenario, big, smallN);
        if (!smallRow) return [];
        const rollcallKeeps = big.rollcall.opsPerSecond / smallRow.rollcall.opsPerSecond;
        const baselineKeeps = big.baseline.opsPerSecond / smallRow.baseline.opsPerSecond;
        return [
          {
            scenario: big.scenario,
            concurrency: big.concurrency,
            rollcallKeeps,
            baselineKeeps,
            relative: rollcallKeeps / baselineKeeps,
          },
        ];
      });
    if (growth.length) {
      console.log(
        `\nGrowth ${smallN.toLocaleString()} → ${largeN.toLocaleString()} users (100-member → ${large.bigGroup.members.toLocaleString()}-member group): share of throughput kept`,
      );
      for (const g of growth) {
        console.log(
          `${g.scenario.padEnd(40)} c=${String(g.concurrency).padStart(2)}  rollcall ${g.rollcallKeeps.toFixed(2)}  baseline ${g.baselineKeeps.toFixed(2)}  relative ${g.relative.toFixed(2)}`,
        );
      }
    }
    // Issue 18's target: a lookup on a custom attribute within 2 × a core-attribute lookup.
    const customVsCore = rows
      .filter((r) => r.scenario === 'filter custom attribute eq')
      .flatMap((custom) => {
        const core = rowLike('filter userName eq', custom);
        return core
          ? [
              {
                size: custom.size,
                concurrency: custom.concurrency,
                slowdown: core.rollcall.opsPerSecond / custom.rollcall.opsPerSecond,
              },
            ]
          : [];
      });
    for (const c of customVsCore)
      console.log(
        `custom attribute lookup vs userName lookup  ${String(c.size).padStart(8)} c=${String(c.concurrency).padStart(2)}  ${c.slowdown.toFixed(2)} × slower (target ≤ 2)`,
      );
    await pruneOrm.close();
    // Issue 19's target: pruning running leaves the ratio unchanged.
    const pruningVsPlain = rows
      .filter((r) => r.scenario.endsWith(', pruning running'))
      .flatMap((pruning) => {
        const plain = rowLike(pruning.scenario.replace(', pruning running', ''), pruning);
        return plain
          ? [
              {
                scenario: plain.scenario,
                concurrency: plain.concurrency,
                plain: plain.ratio,
                pruning: pruning.ratio,
              },
            ]
          : [];
      });
    for (const p of pruningVsPlain)
      console.log(
        `${p.scenario.padEnd(40)} c=${String(p.concurrency).padStart(2)}  ratio ${p.plain.toFixed(2)} without pruning, ${p.pruning.toFixed(2)} with`,
      );
    const failures = rows.filter((r) => r.rollcall.errors > 0);
    const result = {
      date: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        cpu: cpus()[0]?.model,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
      },
      sizes: { small: smallN, large: largeN, bigGroup: large.bigGroup.members },
      seconds,
      rows,
      growth,
      customVsCore,
      pruningVsPlain,
    };
    const out =
      args.out ?? join(root, 'bench-results', `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
    mkdirSync(join(out, '..'), { recursive: true });
    writeFileSync(out, JSON.stringify(result, null, 2));
    console.log(`\nWrote ${out}`);
    if (failures.length) {
      console.error(`Rollcall answered errors in: ${failures.map((f) => f.scenario).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    for (const child of children) child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1500));
    await database.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
