import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { client, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

const { state, newTenant, flush } = scimTestServer();
const HEALTH = `{ connectionHealth { lastRequestAt dialect expectedCadenceMinutes recentErrorRate
  hourly { start requests errors } warnings { code message } } }`;

async function health(tenant: TestTenant) {
  await flush();
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'health', role: 'viewer' }));
  return (await graphql(state.server.url)(HEALTH, {}, { bearer: key })).data.connectionHealth;
}
const codes = (h: { warnings: { code: string }[] }) => h.warnings.map((w) => w.code);

describe('connection health', () => {
  it('Entra without ?aadOptscim062020, mostly failing: hourly errors, the dialect, and what to do', async () => {
    const tenant = await newTenant();
    await tenant.run((s) => s.scim.update({ provider: 'entra_id' }));
    expect(codes(await health(tenant))).toEqual(['no_requests_yet']);

    const entra = client(tenant.base, tenant.token, { 'User-Agent': 'Microsoft Azure AD SCIM Client' });
    const id = (await entra('POST', '/Users', { schemas: [USER], userName: 'h@acme.test' })).body.id;
    expect((await entra('GET', '/Users?filter=userName eq "nobody@acme.test"')).status).toBe(200);
    for (let i = 0; i < 10; i++)
      expect(
        (
          await entra('PATCH', `/Users/${id}`, {
            schemas: [PATCH],
            Operations: [{ op: 'Replace', path: 'active', value: 'sometimes' }],
          })
        ).status,
      ).toBe(400);

    const h = await health(tenant);
    expect(h.dialect).toBe('entra');
    expect(h.expectedCadenceMinutes).toBe(40);
    expect(h.recentErrorRate).toBeCloseTo(10 / 12, 5);
    expect(h.hourly).toHaveLength(24);
    // All in the current hour (or the one before, when the test straddles the hour).
    const sum = (key: 'requests' | 'errors', buckets: Record<string, number>[]) =>
      buckets.reduce((n, b) => n + b[key]!, 0);
    expect([sum('requests', h.hourly.slice(-2)), sum('errors', h.hourly.slice(-2))]).toEqual([12, 10]);
    expect(sum('requests', h.hourly.slice(0, -2))).toBe(0);
    expect(codes(h)).toEqual(['mostly_failing', 'legacy_entra']);
    expect(h.warnings[0].message).toMatch(/Entra will quarantine this provisioning job/);
    expect(h.warnings[1].message).toMatch(/\?aadOptscim062020/);
  });

  it('the 2020 dialect and a healthy sync: no warnings; the legacy shape is recognised without its User-Agent', async () => {
    const modern = await newTenant();
    await modern.run((s) => s.scim.update({ provider: 'entra_id' }));
    const entra2020 = client(`${modern.base}`, modern.token);
    for (let i = 0; i < 3; i++) await entra2020('GET', '/Users?aadOptscim062020&count=1');
    const h = await health(modern);
    expect(h).toMatchObject({ dialect: 'entra-2020', recentErrorRate: 0, warnings: [] });

    const legacy = await newTenant();
    const id = (await legacy.scim('POST', '/Users', { schemas: [USER], userName: 'l@acme.test' })).body.id;
    for (let i = 0; i < 3; i++)
      await legacy.scim('PATCH', `/Users/${id}`, {
        schemas: [PATCH],
        Operations: [{ op: 'Replace', path: 'active', value: 'True' }],
      });
    expect((await health(legacy)).dialect).toBe('entra');
  });

  it('a sync that went quiet: no request for hours, against Entra’s 40-minute cycle', async () => {
    const tenant = await newTenant();
    await tenant.run((s) => s.scim.update({ provider: 'entra_id' }));
    const at = new Date(Date.now() - 4 * 3_600_000 - 60_000);
    await tenant.run((s) =>
      s.requestLog.record([
        {
          at,
          method: 'GET',
          path: '/scim/v2/x/Users',
          status: 200,
          scimType: null,
          durationMs: 3,
          tokenPrefix: null,
          dialect: 'entra-2020',
          requestId: null,
          userAgent: null,
          requestBody: null,
          responseBody: null,
        },
      ]),
    );
    const h = await health(tenant);
    expect(new Date(h.lastRequestAt).getTime()).toBe(at.getTime());
    expect(codes(h)).toEqual(['no_recent_requests']);
    expect(h.warnings[0].message).toMatch(
      /^No request for 4 hours \(Microsoft Entra ID syncs about every 40 minutes\)/,
    );
    expect(h.hourly.reduce((n: number, b: { requests: number }) => n + b.requests, 0)).toBe(1);
  });
});
