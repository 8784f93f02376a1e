import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '@rollcall/domain';
import { startReplicatedPair } from '../support/pg-cluster.js';
import { startPgBouncer, type PgBouncer } from '../support/pgbouncer.js';
import { scimCalls, startServer, type ServerProcess } from '../support/processes.js';
import { createTenant, PATCH, USER } from '../support/scim.js';

// README's production topology, failed over under load: Debian's PostgreSQL as a primary with a
// synchronous streaming standby, PgBouncer (transaction mode) in front, two Rollcall processes. The
// primary is killed mid-load (pg_ctl -m immediate), the standby promoted and PgBouncer repointed to
// it, with Rollcall left running. Then the new primary is checked against every acknowledged answer.
describe('failover of the primary under load', () => {
  const servers: ServerProcess[] = [];
  let bouncer: PgBouncer | undefined;
  let pair: Awaited<ReturnType<typeof startReplicatedPair>> | undefined;
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await bouncer?.stop();
    await pair?.primary.stop();
    await pair?.standby.stop();
    pair?.cleanup();
  });

  it(
    'answers only successes and 503s, loses no acknowledged write and no request-log line, and recovers by itself',
    { timeout: 120_000 },
    async () => {
      const t0 = Date.now();
      const mark = (what: string) => console.log(`failover: ${what} at ${Date.now() - t0} ms`);
      pair = await startReplicatedPair();
      mark('pair up');
      bouncer = await startPgBouncer(pair.primary.url);
      const env = {
        DATABASE_URL: bouncer.url,
        DATABASE_PREPARED_STATEMENTS: 'false', // PgBouncer 1.18
        DATABASE_POOL_SIZE: '4',
        ROLLCALL_DATABASE_TIMEOUT_MS: '2000',
        ROLLCALL_CONSOLE_DIR: '/nonexistent',
        ROLLCALL_SCIM_RATE_LIMIT: '0',
      };
      servers.push(
        ...(await Promise.all([startServer(env, { built: true }), startServer(env, { built: true })])),
      );
      const orm = await openDatabase({ databaseUrl: pair.primary.url, poolSize: 1 });
      const tenant = await createTenant(orm);
      await orm.close(true);

      const call = scimCalls(tenant, 20_000);

      const statuses = new Map<number, number>();
      const created = new Map<string, string>(); // userName → id, acknowledged
      const titles = new Map<string, string>(); // id → last acknowledged title
      let sent = 0;
      let stop = false;
      let promotedAt = 0;
      let firstSuccessAfterPromotion = 0;
      let outageStart = 0;
      let lastFailure = 0;
      const note = (status: number) => {
        statuses.set(status, (statuses.get(status) ?? 0) + 1);
        const now = Date.now();
        if (status >= 500) {
          outageStart ||= now;
          lastFailure = now;
        } else if (promotedAt && !firstSuccessAfterPromotion && now > promotedAt)
          firstSuccessAfterPromotion = now;
      };
      const worker = async (w: number) => {
        const mine: string[] = []; // each worker changes only its own users: acknowledgements are ordered
        for (let i = 0; !stop; i++) {
          const server = servers[(w + i) % servers.length]!;
          const userName = `fo-${w}-${i}@failover.test`;
          sent++;
          const answer = await call(server, 'POST', '/Users', { schemas: [USER], userName });
          note(answer.status);
          if (answer.status === 201) {
            created.set(userName, answer.body.id);
            mine.push(answer.body.id);
          }
          if (mine.length === 0) continue;
          const id = mine[(i * 7) % mine.length]!;
          const title = `t-${w}-${i}`;
          sent++;
          const patched = await call(server, 'PATCH', `/Users/${id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'replace', path: 'title', value: title }],
          });
          note(patched.status);
          if (patched.status === 200) titles.set(id, title);
          if (patched.status >= 500) await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };
      mark('servers up');
      const load = Promise.all([0, 1, 2, 3].map(worker));

      await new Promise((resolve) => setTimeout(resolve, 1500));
      const killedAt = Date.now();
      await pair.primary.kill();
      await new Promise((resolve) => setTimeout(resolve, 500));
      mark('killed');
      await pair.standby.promote();
      mark('promoted');
      await bouncer.retarget(pair.standby.url);
      promotedAt = Date.now();
      // Recovery without restarting Rollcall, then a little more load on the new primary.
      for (let i = 0; i < 200 && !firstSuccessAfterPromotion; i++)
        await new Promise((resolve) => setTimeout(resolve, 50));
      await new Promise((resolve) => setTimeout(resolve, 1000));
      stop = true;
      await load;
      mark('load done');

      const byStatus = Object.fromEntries([...statuses].sort(([a], [b]) => a - b));
      const recoveryMs = firstSuccessAfterPromotion ? firstSuccessAfterPromotion - promotedAt : null;
      console.log(
        `failover: ${sent} requests, answers ${JSON.stringify(byStatus)}, failures for ` +
          `${lastFailure && outageStart ? lastFailure - outageStart : 0} ms from ${outageStart ? outageStart - killedAt : 0} ms ` +
          `after the kill, first success ${recoveryMs} ms after promotion`,
      );
      // Every answer a success or the promised 503 (no 500, no hang).
      expect([...statuses.keys()].filter((s) => ![200, 201, 503].includes(s))).toEqual([]);
      expect(firstSuccessAfterPromotion).toBeGreaterThan(0);
      expect(recoveryMs!).toBeLessThan(10_000);

      const db = new pg.Client({ connectionString: pair.standby.url });
      await db.connect();
      try {
        // Every acknowledged create and the last acknowledged title of every user are on the new primary.
        const { rows } = await db.query<{ user_name: string; id: string; title: string | null }>(
          'select user_name, id, title from directory_user where tenant_id = $1',
          [tenant.id],
        );
        const stored = new Map(rows.map((r) => [r.user_name, r]));
        const lostCreates = [...created].filter(([name, id]) => stored.get(name)?.id !== id);
        const byId = new Map(rows.map((r) => [r.id, r]));
        const lostTitles = [...titles].filter(([id, title]) => byId.get(id)?.title !== title);
        expect({ lostCreates, lostTitles }).toEqual({ lostCreates: [], lostTitles: [] });

        // The request log: every answered request is logged once the database is back (lines are held
        // in memory while it is away).
        let logged = 0;
        for (let i = 0; i < 100; i++) {
          const { rows: count } = await db.query<{ n: number }>(
            `select count(*)::int as n from scim_request_log where tenant_id = $1 and path like '/scim/v2/%/Users%'`,
            [tenant.id],
          );
          logged = count[0]!.n;
          if (logged >= sent) break;
          await new Promise((resolve) => setTimeout(resolve, 200));
        }
        if (logged !== sent)
          for (const server of servers)
            console.log(
              server
                .output()
                .split('\n')
                .filter((l) => /request log|error/i.test(l))
                .join('\n')
                .slice(0, 3000),
            );
        expect(logged).toBe(sent);
      } finally {
        await db.end();
      }
    },
  );
});
