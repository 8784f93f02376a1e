import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { openDatabase, type MikroORM } from '@rollcall/domain';
import { scimCalls, startServer, type ServerProcess } from '../support/processes.js';
import { createTenant, GROUP, PATCH, USER } from '../support/scim.js';

// Two real server processes on one PostgreSQL, a mixed SCIM load through both, one of them killed
// with SIGKILL in the middle, the other stopped with SIGTERM while requests are in flight. Then the
// database is checked against every acknowledged answer.
describe('several server processes, a SIGKILL and a SIGTERM under load', () => {
  let orm: MikroORM;
  let db: pg.Client;
  let a: ServerProcess;
  let b: ServerProcess;
  const servers: ServerProcess[] = [];

  beforeAll(async () => {
    orm = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
    db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    const env = { DATABASE_URL: inject('databaseUrl'), ROLLCALL_CONSOLE_DIR: '/nonexistent' };
    // The build, as production runs it (apps/server/dist, built before the tests by turbo).
    [a, b] = await Promise.all([startServer(env, { built: true }), startServer(env, { built: true })]);
    servers.push(a, b);
  });
  afterAll(async () => {
    for (const server of servers) if (server.child.exitCode === null) server.child.kill('SIGKILL');
    await db?.end();
    await orm?.close();
  });

  it('loses no acknowledged change, half-applies nothing, and drains on SIGTERM', async () => {
    const tenant = await createTenant(orm);
    const { slug, token } = tenant;
    const call = scimCalls(tenant);
    const group = (await call(a, 'POST', '/Groups', { schemas: [GROUP], displayName: 'Everyone' })).body
      .id as string;

    // What the servers acknowledged, and what was in flight when one died.
    const created = new Map<string, string>(); // userName → id
    const lastTitle = new Map<string, { acked?: string; pending?: string }>(); // id → titles
    const members = new Set<string>();
    const retriesNotRefused: string[] = [];
    let requests = 0;
    let failed = 0;
    let stop = false;

    const worker = async (w: number) => {
      for (let i = 0; !stop; i++) {
        const server = (i + w) % 2 === 0 || b.child.exitCode !== null ? a : b;
        try {
          const userName = `w${w}-${i}@load.test`;
          requests++;
          const create = await call(server, 'POST', '/Users', { schemas: [USER], userName, title: 't0' });
          if (create.status !== 201) throw new Error(`create ${create.status}`);
          created.set(userName, create.body.id);
          // A retried create (the IdP timed out): refused, never a second user.
          requests++;
          const retry = await call(a, 'POST', '/Users', { schemas: [USER], userName });
          if (retry.status !== 409) retriesNotRefused.push(`${userName}: ${retry.status}`);
          const id = create.body.id as string;
          lastTitle.set(id, { acked: 't0' }); // the create's title, acknowledged with it
          for (const title of ['t1', 't2']) {
            lastTitle.set(id, { ...lastTitle.get(id), pending: title });
            requests++;
            const patch = await call(server, 'PATCH', `/Users/${id}`, {
              schemas: [PATCH],
              Operations: [{ op: 'replace', path: 'title', value: title }],
            });
            if (patch.status !== 200) throw new Error(`patch ${patch.status}`);
            lastTitle.set(id, { acked: title });
          }
          requests++;
          const add = await call(server, 'PATCH', `/Groups/${group}`, {
            schemas: [PATCH],
            Operations: [{ op: 'add', path: 'members', value: [{ value: id }] }],
          });
          if (add.status === 204 || add.status === 200) members.add(id);
        } catch {
          failed++; // the killed server's requests: not acknowledged, so not expected
        }
      }
    };
    const workers = Array.from({ length: 6 }, (_, w) => worker(w));
    await new Promise((r) => setTimeout(r, 2500));
    b.child.kill('SIGKILL');
    await once(b.child, 'exit');
    await new Promise((r) => setTimeout(r, 1500));

    // SIGTERM while requests are in flight: they finish, the process exits 0.
    // Each on its own connection (a pooled idle keep-alive connection may be closed by the shutdown
    // before the request reaches it), sent in full before the signal: all must be answered.
    const sent: Promise<void>[] = [];
    const inFlight = Array.from(
      { length: 8 },
      (_, i) =>
        new Promise<string>((resolve) => {
          const req = httpRequest(`${a.url}/scim/v2/${slug}/Users?count=50&startIndex=${i + 1}`, {
            agent: false,
            headers: { Authorization: `Bearer ${token}` },
          });
          sent.push(new Promise((done) => req.on('finish', () => done())));
          req.on('response', (res) => {
            res.resume();
            res.on('end', () => resolve(String(res.statusCode)));
          });
          req.on('error', (error: NodeJS.ErrnoException) => resolve(`dropped (${error.code})`));
          req.end();
        }),
    );
    await Promise.all(sent);
    await new Promise((r) => setTimeout(r, 100));
    const exitCode = a.stop();
    stop = true;
    await Promise.allSettled(workers);
    expect(await exitCode).toBe(0);
    const drained = await Promise.all(inFlight);
    expect(drained.filter((s) => s !== '200')).toEqual([]);

    expect(retriesNotRefused).toEqual([]);
    // The database against the acknowledgements.
    const { rows: users } = await db.query(
      'select id, user_name, title from directory_user where tenant_id = $1',
      [tenant.id],
    );
    const byName = new Map(users.map((u) => [u.user_name as string, u]));
    expect(new Set(users.map((u) => (u.user_name as string).toLowerCase())).size).toBe(users.length);
    for (const [userName, id] of created) expect(byName.get(userName)?.id).toBe(id);
    for (const [id, { acked, pending }] of lastTitle) {
      const title = users.find((u) => u.id === id)?.title;
      expect([acked, pending].filter(Boolean)).toContain(title);
    }
    const { rows: memberRows } = await db.query(
      'select user_id from group_member where tenant_id = $1 and group_id = $2',
      [tenant.id, group],
    );
    const stored = new Set(memberRows.map((m) => m.user_id as string));
    for (const id of members) expect(stored.has(id)).toBe(true);
    // The audit trail matches the data: one create event per user, one change per stored title change.
    const { rows: audit } = await db.query(
      `select target_id, action, count(*)::int as n from audit_event
        where tenant_id = $1 and target_type = 'user' group by 1, 2`,
      [tenant.id],
    );
    const creates = audit.filter((r) => r.action === 'user.create');
    expect(creates.length).toBe(users.length);
    expect(creates.every((r) => r.n === 1)).toBe(true);
    for (const user of users) {
      const updates = audit.find((r) => r.target_id === user.id && r.action === 'user.update')?.n ?? 0;
      expect(updates, `audit of ${user.user_name}`).toBe({ t0: 0, t1: 1, t2: 2 }[user.title as string]);
    }
    console.log(
      `processes: ${requests} requests through 2 processes, 1 SIGKILL (${failed} unacknowledged), ` +
        `${created.size} creates / ${lastTitle.size} users / ${members.size} memberships checked, SIGTERM drained ${drained.filter((s) => s === '200').length} of ${drained.length}`,
    );
  });
});
