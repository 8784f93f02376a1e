import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { scimTestServer } from '../support/scim.js';

const { state, newTenant, flush } = scimTestServer();
const RUN = 'mutation { runScimSelfCheck { name method path status ok durationMs detail } }';

async function setup(provider: 'entra_id' | 'okta') {
  const tenant = await newTenant();
  await tenant.run((s) => s.scim.update({ provider }));
  const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'self-check', role: 'admin' }));
  const gql = (query: string) => graphql(state.server.url)(query, {}, { bearer: key });
  return { tenant, gql };
}

describe('test my connection', () => {
  it.each(['entra_id', 'okta'] as const)(
    '%s: replays the typical requests on temporary data, removes it, and leaves the IdP token alone',
    async (provider) => {
      const { tenant, gql } = await setup(provider);
      const result = await gql(RUN);
      expect(result.errors).toBeUndefined();
      const steps = result.data.runScimSelfCheck as {
        name: string;
        method: string;
        status: number;
        ok: boolean;
      }[];
      expect(steps.map((s) => s.name)).toEqual([
        'Match the user by userName (not there yet)',
        'Create the user',
        provider === 'okta' ? 'Update the profile (GET-modify-PUT)' : 'Update an attribute',
        'Push a group',
        'Add the user to the group',
        'Deactivate the user',
        'Clean up: delete the group',
        'Clean up: delete the user',
      ]);
      expect(steps.filter((s) => !s.ok)).toEqual([]);
      expect(steps[2]!.method).toBe(provider === 'okta' ? 'PUT' : 'PATCH');

      // Nothing left behind; the IdP's token still works and is still the only one shown.
      expect((await tenant.run((s) => s.users.search({}, { limit: 10 }))).items).toEqual([]);
      expect((await tenant.run((s) => s.groups.search({}, { limit: 10 }))).items).toEqual([]);
      expect((await tenant.scim('GET', '/Users')).status).toBe(200);
      expect((await tenant.run((s) => s.scim.get())).tokens).toHaveLength(1);
      // Audited as the self-check, not as the IdP; and not counted as the IdP's traffic.
      const actors = new Set(
        (await tenant.run((s) => s.audit.list({ limit: 50, actorKind: 'idp' }))).map((e) => e.actor.label),
      );
      expect([...actors]).toEqual(['Rollcall self-check']);
      await flush();
      const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'v', role: 'viewer' }));
      const health = await graphql(state.server.url)('{ connectionHealth { dialect } }', {}, { bearer: key });
      expect(health.data.connectionHealth.dialect).toBe('other'); // only the one GET above, not the self-check
    },
  );

  it('with SCIM off it says to turn it on first, and issues nothing', async () => {
    const { tenant, gql } = await setup('entra_id');
    expect((await gql('mutation { setScimEnabled(enabled: false) { token } }')).errors).toBeUndefined();
    const refused = await gql(RUN);
    expect(refused.errors?.[0]?.message).toMatch(/SCIM is off: turn it on before testing the connection/);
    expect((await tenant.run((s) => s.scim.get())).tokens).toEqual([]);
  });
});
