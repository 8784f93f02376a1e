import { existsSync, mkdtempSync, chmodSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabase, runCli, startServer, type ServerProcess } from './support/processes.js';

const running: ServerProcess[] = [];
afterAll(async () => {
  for (const server of running) await server.stop();
});

async function start(env: Record<string, string>) {
  const server = await startServer(env);
  running.push(server);
  return server;
}

describe('server process', () => {
  it('first run creates tenant demo with an owner and prints a generated password once', async () => {
    const databaseUrl = await freshDatabase();
    const first = await start({ DATABASE_URL: databaseUrl });
    const password = /Password: (\S+) {3}\(generated; shown only this once\)/.exec(first.output())?.[1];
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    expect(first.output()).toContain('Email:    admin@demo.rollcall.local');
    // The password never reaches the structured logs.
    const logLines = first
      .output()
      .split('\n')
      .filter((line) => line.startsWith('{'));
    expect(logLines.length).toBeGreaterThan(0);
    expect(logLines.join('\n')).not.toContain(password);
    expect(await first.stop()).toBe(0);

    const second = await start({ DATABASE_URL: databaseUrl });
    expect(second.output()).not.toContain('First run');
    await second.stop();
    const tenants = await runCli(['tenants', '--json'], { DATABASE_URL: databaseUrl });
    expect(
      JSON.parse(tenants.stdout).tenants.map((t: { slug: string; name: string }) => [t.slug, t.name]),
    ).toEqual([['demo', 'Demo']]);
  });

  it('a first run cut short after making demo (no owner yet) is finished by the next start', async () => {
    const databaseUrl = await freshDatabase();
    // What a crash between the first run's two transactions leaves: the tenant, no admin.
    expect(
      (await runCli(['tenant:create', 'demo', '--name', 'Demo'], { DATABASE_URL: databaseUrl })).code,
    ).toBe(0);
    const next = await start({ DATABASE_URL: databaseUrl });
    expect(next.output()).toContain('Email:    admin@demo.rollcall.local');
    expect(next.output()).toMatch(/Password: \S+ {3}\(generated; shown only this once\)/);
    await next.stop();
    // Once it has an owner, later starts leave it alone, as they leave any other instance alone.
    const later = await start({ DATABASE_URL: databaseUrl });
    expect(later.output()).not.toContain('First run');
    await later.stop();
  });

  it('two processes starting together on an empty database both come up; one does the first run', async () => {
    const databaseUrl = await freshDatabase();
    const servers = await Promise.all([
      start({ DATABASE_URL: databaseUrl }),
      start({ DATABASE_URL: databaseUrl }),
    ]);
    expect(servers.map((s) => s.output().includes('First run')).sort()).toEqual([false, true]);
    for (const server of servers) expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('uses ROLLCALL_ADMIN_EMAIL / ROLLCALL_ADMIN_PASSWORD for the first owner and prints no password', async () => {
    const server = await start({
      DATABASE_URL: await freshDatabase(),
      ROLLCALL_ADMIN_EMAIL: 'ops@example.com',
      ROLLCALL_ADMIN_PASSWORD: 'a long enough password',
    });
    expect(server.output()).toContain('Email:    ops@example.com');
    expect(server.output()).toContain('the one in ROLLCALL_ADMIN_PASSWORD');
    expect(server.output()).not.toContain('a long enough password');
  });

  it('answers /healthz and /readyz, echoes request ids and logs each request as JSON', async () => {
    const server = await start({ DATABASE_URL: await freshDatabase() });
    const health = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'probe-42' } });
    expect(health.status).toBe(200);
    expect(health.headers.get('x-request-id')).toBe('probe-42');
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(ready.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    await expect
      .poll(() => server.output())
      .toMatch(/"msg":"request","requestId":"probe-42","method":"GET","path":"\/healthz","status":200/);
    // A hostile request id is replaced, not echoed.
    const odd = await fetch(`${server.url}/healthz`, { headers: { 'X-Request-Id': 'x'.repeat(500) } });
    expect(odd.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the built console, /graphql and /scim/v2 on the same origin', async () => {
    const server = await start({ DATABASE_URL: await freshDatabase() });
    const page = await fetch(`${server.url}/`);
    expect(page.status).toBe(200);
    expect(page.url).toBe(`${server.url}/login`);
    expect(await page.text()).toContain('Sign in to Rollcall');
    // Security headers: the page's CSP allows only its own scripts and no framing.
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toMatch(/script-src 'self' '(nonce|sha256)-[^']+'(;|$)/);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('referrer-policy')).toBe('same-origin');
    const graphql = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ me { label } }' }),
    });
    expect(await graphql.json()).toMatchObject({ errors: [{ extensions: { code: 'UNAUTHENTICATED' } }] });
    const scim = await fetch(`${server.url}/scim/v2/demo/Users`);
    expect(scim.status).toBe(401);
    expect(scim.headers.get('content-type')).toMatch(/^application\/scim\+json/);
  });

  it('fails fast on bad configuration, listing every problem', async () => {
    const result = await runCli(['tenants'], {
      PORT: 'abc',
      DATABASE_URL: 'mysql://db/x',
      ROLLCALL_ADMIN_PASSWORD: 'short',
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Invalid configuration');
    expect(result.stderr).toMatch(/PORT:/);
    expect(result.stderr).toMatch(/DATABASE_URL: must be a postgres:\/\/ URL/);
    expect(result.stderr).toMatch(/ROLLCALL_ADMIN_PASSWORD: must be at least 12 characters/);
  });

  it('with no DATABASE_URL runs an embedded PostgreSQL that the CLI shares, stops it on SIGTERM and keeps the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rollcall-embedded-'));
    chmodSync(dir, 0o755);
    const env = { DATABASE_URL: '', ROLLCALL_DATA_DIR: join(dir, 'data') };
    try {
      const server = await start(env);
      expect(server.output()).toContain('embedded PostgreSQL started');
      // The CLI attaches to the running server's instance instead of starting a second one.
      const created = await runCli(['tenant:create', 'acme', '--name', 'Acme', '--json'], env);
      expect(created.code, created.stderr).toBe(0);
      expect(JSON.parse(created.stdout)).toMatchObject({ tenant: 'acme', name: 'Acme' });
      expect(created.stderr).toContain('attached to the embedded PostgreSQL already running');
      expect(await server.stop()).toBe(0);
      expect(server.output()).toContain('embedded PostgreSQL stopped');
      expect(existsSync(join(dir, 'data', 'pg', 'postmaster.pid'))).toBe(false);

      // Data survives the restart.
      const again = await runCli(['tenants', '--json'], env);
      expect(JSON.parse(again.stdout).tenants.map((t: { slug: string }) => t.slug)).toEqual(['demo', 'acme']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
