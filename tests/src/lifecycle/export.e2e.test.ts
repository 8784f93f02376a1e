import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { systemActor, TenantDirectory, withTenant } from '@rollcall/domain';
import { runCli } from '../support/processes.js';
import { ownServer } from '../support/own-server.js';

// Exports (issue 19): the audit trail and the SCIM request log for a time range, streamed.
const { state, sql } = ownServer({ ROLLCALL_PRUNE_INTERVAL_SECONDS: '0' });

/** The server's resident memory (the process the export streams through), in MiB. */
const rssMiB = () =>
  Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${state.server.child.pid}/status`, 'utf8'))![1]) / 1024;

async function keyedTenant(slug: string) {
  const tenant = await new TenantDirectory(state.orm).create({ slug, name: slug });
  const { key } = await withTenant(state.orm, tenant.id, { actor: systemActor('test') }, (s) =>
    s.apiKeys.create({ name: 'export', role: 'viewer' }),
  );
  return { ...tenant, key };
}

describe('exports', () => {
  it('1,000,000 request log lines as NDJSON, streamed in bounded memory; only the tenant’s, only the range', async () => {
    const a = await keyedTenant('exporter');
    const b = await keyedTenant('bystander');
    await sql(
      `insert into scim_request_log (tenant_id, id, at, method, path, status, request_body)
       select $1, uuidv7(), timestamptz '2026-11-01' + (g * interval '1 second'), 'PATCH', '/Users/' || g, 200,
              jsonb_build_object('Operations', jsonb_build_array(jsonb_build_object('op', 'replace', 'path', 'title', 'value', 'Engineer ' || g)))
         from generate_series(0, 999999) g`,
      [a.id],
    );
    await sql(
      `insert into scim_request_log (tenant_id, id, at, method, path, status)
       select $1, uuidv7(), timestamptz '2026-11-01' + (g * interval '1 second'), 'GET', '/Users', 200
         from generate_series(0, 999) g`,
      [b.id],
    );
    const before = rssMiB();
    let peak = before;
    const sampler = setInterval(() => (peak = Math.max(peak, rssMiB())), 50);
    const response = await fetch(`${state.server.url}/api/export/requests?from=2026-11-01T00:00:00Z`, {
      headers: { authorization: `Bearer ${a.key}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toContain('application/x-ndjson');
    let lines = 0;
    let bytes = 0;
    let first: Record<string, unknown> | undefined;
    let tail = '';
    const decoder = new TextDecoder();
    const reader = response.body!.getReader();
    for (let read = await reader.read(); !read.done; read = await reader.read()) {
      const chunk = read.value;
      bytes += chunk.length;
      const text = tail + decoder.decode(chunk, { stream: true });
      const parts = text.split('\n');
      tail = parts.pop()!;
      if (!first && parts[0]) first = JSON.parse(parts[0]);
      lines += parts.length;
    }
    clearInterval(sampler);
    expect(lines).toBe(1_000_000);
    expect(first).toMatchObject({ method: 'PATCH', path: '/Users/0', at: '2026-11-01T00:00:00.000Z' });
    // Hundreds of megabytes went through; the server held a few batches of them at a time.
    expect(bytes).toBeGreaterThan(180 * 2 ** 20);
    expect(peak - before, `RSS ${before.toFixed(0)} → ${peak.toFixed(0)} MiB`).toBeLessThan(120);

    // A range: [from, to).
    const ranged = await fetch(
      `${state.server.url}/api/export/requests?from=2026-11-01T00:00:10Z&to=2026-11-01T00:00:20Z&format=csv`,
      { headers: { authorization: `Bearer ${a.key}` } },
    );
    const csv = (await ranged.text()).trimEnd().split('\r\n');
    expect(csv[0]).toBe(
      'id,at,method,path,status,scimType,durationMs,tokenPrefix,dialect,requestId,userAgent,requestBody,responseBody,ignoredAttributes',
    );
    expect(csv).toHaveLength(11);
    // JSON in a cell, quoted as RFC 4180 has it.
    expect(csv[1]).toContain('"{""Operations"":[{""op"":""replace""');
  }, 240_000);

  it('the audit trail through the CLI, as CSV; refusals are precise', async () => {
    const tenant = await keyedTenant('auditor');
    await withTenant(state.orm, tenant.id, { actor: systemActor('test') }, async (s) => {
      for (let i = 0; i < 3; i++)
        await s.users.create({ userName: `u${i}@auditor.test`, title: 'Line, "quoted"' });
    });
    const out = await runCli(['audit:export', '--tenant', 'auditor', '--format', 'csv'], {
      DATABASE_URL: state.databaseUrl,
    });
    expect(out.code, out.stderr).toBe(0);
    const rows = out.stdout.trimEnd().split('\r\n');
    expect(rows[0]).toBe(
      'id,at,actorKind,actorId,actorLabel,action,targetType,targetId,changes,requestId,dialect,outcome',
    );
    // The API key's creation, three user creates, and this export (each export is noted first).
    expect(rows.slice(1).map((r) => r.split(',')[5])).toEqual([
      'api_key.create',
      'user.create',
      'user.create',
      'user.create',
      'export.audit',
    ]);
    expect(rows.at(-1)!.split(',')[4]).toBe('cli');
    const ndjson = await runCli(['audit:export', '--tenant', 'auditor', '--from', '2999-01-01'], {
      DATABASE_URL: state.databaseUrl,
    });
    expect(ndjson.stdout).toBe('');
    const bad = await runCli(['audit:export', '--tenant', 'auditor', '--from', 'yesterday'], {
      DATABASE_URL: state.databaseUrl,
    });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('--from must be an ISO 8601 date');

    const url = `${state.server.url}/api/export/audit`;
    expect((await fetch(url)).status).toBe(401);
    expect((await fetch(url, { headers: { authorization: 'Bearer rc_key_nope' } })).status).toBe(401);
    const wrong = await fetch(`${url}?from=soon`, { headers: { authorization: `Bearer ${tenant.key}` } });
    expect(wrong.status).toBe(400);
    expect(await wrong.json()).toEqual({ error: '"from" must be an ISO 8601 date or time' });
    expect(
      (await fetch(`${url}?format=xml`, { headers: { authorization: `Bearer ${tenant.key}` } })).status,
    ).toBe(400);
  });

  it('at most two exports of a workspace stream at once: a third is 429 until one has finished', async () => {
    const tenant = await keyedTenant('busy');
    await sql(
      `insert into scim_request_log (tenant_id, id, at, method, path, status)
       select $1, uuidv7(), now() - (g * interval '1 second'), 'GET', '/Users?filter=' || repeat('x', 200), 200
         from generate_series(1, 30000) g`,
      [tenant.id],
    );
    const url = `${state.server.url}/api/export/requests`;
    const open = () => fetch(url, { headers: { authorization: `Bearer ${tenant.key}` } });
    // Two exports whose bodies nobody reads: they stay open, held back by the socket.
    const [first, second] = [await open(), await open()];
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open();
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('30');
    expect(await third.json()).toEqual({
      error: '2 exports of this workspace are running; try again when one has finished',
    });
    // Another workspace is not held back by this one's.
    const other = await keyedTenant('calm');
    const elsewhere = await fetch(url, { headers: { authorization: `Bearer ${other.key}` } });
    expect(elsewhere.status).toBe(200);
    await elsewhere.text();
    // One finishes (read to the end): the next is let through.
    expect((await first.text()).trimEnd().split('\n')).toHaveLength(30000);
    await expect
      .poll(async () => {
        const next = await open();
        const status = next.status;
        await next.body?.cancel();
        return status;
      })
      .toBe(200);
    await second.body?.cancel();
  });
});
