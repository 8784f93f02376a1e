import { describe, expect, it } from 'vitest';
import { scimTestServer, USER } from '../support/scim.js';

const metricsToken = 'scrape-token-for-tests-0123456789';
const { state, newTenant } = scimTestServer({ ROLLCALL_METRICS_TOKEN: metricsToken });

describe('observability', () => {
  it('/metrics: per-route counts and latency histograms, SCIM requests per tenant, the pool; token required', async () => {
    const tenant = await newTenant();
    expect((await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'm@acme.test' })).status).toBe(
      201,
    );
    for (let i = 0; i < 3; i++) expect((await tenant.scim('GET', '/Users?count=1')).status).toBe(200);
    expect((await tenant.scim('GET', '/Users/not-a-user')).status).toBe(404);

    expect((await fetch(`${state.server.url}/metrics`)).status).toBe(401);
    const response = await fetch(`${state.server.url}/metrics`, {
      headers: { Authorization: `Bearer ${metricsToken}` },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await response.text();
    const sample = (name: string, labels: string) =>
      Number(new RegExp(`^${name}\\{${labels}\\} (\\S+)$`, 'm').exec(text)?.[1]);
    expect(
      sample('rollcall_http_requests_total', 'method="GET",route="/scim/v2/:tenant/Users",status="200"'),
    ).toBeGreaterThanOrEqual(3);
    expect(
      sample(
        'rollcall_scim_requests_total',
        `method="GET",route="/scim/v2/:tenant/Users",status="200",tenant="${tenant.slug}"`,
      ),
    ).toBe(3);
    expect(text).toMatch(
      new RegExp(
        `rollcall_scim_requests_total\\{[^}]*route="/scim/v2/:tenant/Users/:id"[^}]*status="404"[^}]*\\} 1`,
      ),
    );
    expect(text).toMatch(
      /^rollcall_http_request_duration_seconds_bucket\{le="0.005",method="POST",route="\/scim\/v2\/:tenant\/Users",status="201"\} \d+$/m,
    );
    expect(text).toMatch(/^rollcall_db_pool_connections\{state="used"\} \d+$/m);
    // Nothing was held long enough to be dropped (request-log lines waiting for the database).
    expect(text).toMatch(/^rollcall_scim_request_log_dropped_total 0$/m);
    expect(text).toMatch(/^process_resident_memory_bytes \d+/m);
  });

  it('every response carries a request id: the caller’s when sane, else a new one', async () => {
    const tenant = await newTenant();
    const given = await tenant.scim('GET', '/Users', undefined, { 'X-Request-Id': 'idp-req-42' });
    expect(given.headers.get('x-request-id')).toBe('idp-req-42');
    const made = await tenant.scim('GET', '/Users', undefined, { 'X-Request-Id': 'bad id with spaces' });
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const graphql = await fetch(`${state.server.url}/graphql`, { method: 'POST' });
    expect(graphql.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
