import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { client, scimTestServer } from '../support/scim.js';

const { state, newTenant } = scimTestServer();
const SETTINGS = 'token { prefix lastUsedAt } previousToken { prefix lastUsedAt expiresAt }';

async function setup(role: 'ADMIN' | 'VIEWER' = 'ADMIN') {
  const tenant = await newTenant();
  const { key } = await tenant.run((s) =>
    s.apiKeys.create({ name: 'rotation', role: role === 'ADMIN' ? 'admin' : 'viewer' }),
  );
  const gql = <T = any>(query: string, variables: Record<string, unknown> = {}) =>
    graphql(state.server.url)<T>(query, variables, { bearer: key });
  const regenerate = async (overlapMinutes?: number) => {
    const result = await gql(
      `mutation($m: Int) { regenerateScimToken(overlapMinutes: $m) { token settings { ${SETTINGS} } } }`,
      { m: overlapMinutes ?? null },
    );
    expect(result.errors).toBeUndefined();
    return result.data.regenerateScimToken as { token: string; settings: any };
  };
  const status = async (token: string) => (await client(tenant.base, token)('GET', '/Users?count=1')).status;
  return { tenant, gql, regenerate, status };
}

describe('zero-downtime token rotation', () => {
  it('the old token keeps working until the IdP first uses the new one; both are shown with last use', async () => {
    const { tenant, gql, regenerate, status } = await setup();
    const old = tenant.token;
    expect(await status(old)).toBe(200);
    const { token: fresh, settings } = await regenerate();
    expect(settings.token.prefix).toBe(fresh.slice(0, 14));
    expect(settings.previousToken).toMatchObject({ prefix: old.slice(0, 14) });
    expect(settings.previousToken.lastUsedAt).not.toBeNull();
    expect(new Date(settings.previousToken.expiresAt).getTime() - Date.now()).toBeGreaterThan(23 * 3600_000);

    // The IdP has not been updated yet: the old token still works, as often as needed.
    for (let i = 0; i < 3; i++) expect(await status(old)).toBe(200);
    // The IdP switches: the first use of the new token retires the old one.
    expect(await status(fresh)).toBe(200);
    expect(await status(old)).toBe(401);
    const after = (await gql(`{ scimSettings { ${SETTINGS} } }`)).data.scimSettings;
    expect(after.previousToken).toBeNull();
    expect(after.token.lastUsedAt).not.toBeNull();
  });

  it('the admin can revoke the old one early; overlap 0 stops it at once; the overlap ends by itself', async () => {
    const { tenant, gql, regenerate, status } = await setup();
    const first = tenant.token;
    const { token: second } = await regenerate();
    expect(await status(first)).toBe(200);
    const revoked = await gql(`mutation { revokePreviousScimToken { ${SETTINGS} } }`);
    expect(revoked.data.revokePreviousScimToken.previousToken).toBeNull();
    expect(await status(first)).toBe(401);
    expect(await status(second)).toBe(200);

    const { token: third } = await regenerate(0);
    expect(await status(second)).toBe(401);
    expect(await status(third)).toBe(200);

    // An overlap that has run out (moved into the past here, instead of waiting a day).
    const { token: fourth } = await regenerate(60);
    expect(await status(third)).toBe(200);
    const db = new pg.Client({ connectionString: inject('databaseUrl') });
    await db.connect();
    await db.query(
      `update scim_token set expires_at = now() - interval '1 second' where tenant_id = $1 and prefix = $2`,
      [tenant.id, third.slice(0, 14)],
    );
    await db.end();
    expect(await status(third)).toBe(401);
    expect(await status(fourth)).toBe(200);
    const audit = await tenant.run((s) => s.audit.list({ limit: 20 }));
    expect(audit.map((e) => e.action)).toEqual(
      expect.arrayContaining(['scim.token.issue', 'scim.token.revoke']),
    );
  });

  it('switching SCIM off revokes both at once; viewers see neither', async () => {
    const { tenant, gql, regenerate, status } = await setup();
    const { token: fresh } = await regenerate();
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'viewer', role: 'viewer' }));
    const seen = await graphql(state.server.url)(`{ scimSettings { ${SETTINGS} } }`, {}, { bearer: key });
    expect(seen.data.scimSettings).toEqual({ token: null, previousToken: null });
    await gql('mutation { setScimEnabled(enabled: false) { token } }');
    expect(await status(tenant.token)).toBe(401);
    expect(await status(fresh)).toBe(401);
  });
});
