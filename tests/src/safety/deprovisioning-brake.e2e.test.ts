import { backdateUsers } from '@rollcall/domain/testing';
import { describe, expect, inject, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

const { state, newTenant } = scimTestServer();
const deactivate = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };

async function tenantWithUsers(count: number) {
  const tenant = await newTenant();
  await tenant.run((s) => s.scim.update({ provider: 'okta', brakeMaxUsers: 5, brakeMaxPercent: 100 }));
  const ids: string[] = [];
  for (let i = 0; i < count; i++)
    ids.push(
      (await tenant.scim('POST', '/Users', { schemas: [USER], userName: `u${i}@brake.test` })).body.id,
    );
  await backdateUsers(inject('databaseUrl'), tenant.id); // what the brake protects: users that were there
  return { tenant, ids };
}

const inactive = async (tenant: TestTenant) =>
  (await tenant.run((s) => s.users.search({ active: false }, { limit: 100 }))).items.length;

describe('mass-deprovisioning brake', () => {
  it('holds deactivations and deletes past the limit under concurrent load (503 + Retry-After), lets everything else through, and loses nothing once released', async () => {
    const { tenant, ids } = await tenantWithUsers(30);
    const targets = ids.slice(0, 20);

    // 20 concurrent deactivations, 8 at a time: exactly the limit (5) pass.
    const statuses = new Map<string, number>();
    const queue = [...targets];
    await Promise.all(
      Array.from({ length: 8 }, async () => {
        for (let id = queue.shift(); id; id = queue.shift())
          statuses.set(id, (await tenant.scim('PATCH', `/Users/${id}`, deactivate)).status);
      }),
    );
    const passed = targets.filter((id) => statuses.get(id) === 200);
    const held = targets.filter((id) => statuses.get(id) === 503);
    expect(passed.length).toBe(5);
    expect(held.length).toBe(15);
    expect(await inactive(tenant)).toBe(5);

    const refused = await tenant.scim('PATCH', `/Users/${held[0]}`, deactivate);
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('600');
    expect(refused.body).toMatchObject({
      schemas: ['urn:ietf:params:scim:api:messages:2.0:Error'],
      status: '503',
    });
    expect(refused.body.detail).toMatch(
      /on hold since .*Nothing was changed: an admin must release the hold/,
    );
    // A delete and an Okta-style PUT with active=false are held too; nothing changed.
    expect((await tenant.scim('DELETE', `/Users/${ids[25]}`)).status).toBe(503);
    expect((await tenant.scim('GET', `/Users/${ids[25]}`)).status).toBe(200);
    expect(
      (
        await tenant.scim('PUT', `/Users/${ids[26]}`, {
          schemas: [USER],
          userName: 'u26@brake.test',
          active: false,
        })
      ).status,
    ).toBe(503);
    // Everything else keeps flowing.
    expect(
      (
        await tenant.scim('PATCH', `/Users/${ids[27]}`, {
          schemas: [PATCH],
          Operations: [{ op: 'replace', path: 'title', value: 'Still flowing' }],
        })
      ).status,
    ).toBe(200);
    expect(
      (await tenant.scim('POST', '/Users', { schemas: [USER], userName: 'new@brake.test' })).status,
    ).toBe(201);
    expect(await inactive(tenant)).toBe(5);

    // The admin sees the hold (and why), audited once, attributed to the IdP.
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'brake', role: 'admin' }));
    const gql = graphql(state.server.url);
    const settings = await gql(
      '{ scimSettings { deprovisioningBrake { heldSince heldRequests recentDeprovisions maxUsers } } }',
      {},
      { bearer: key },
    );
    const brake = settings.data.scimSettings.deprovisioningBrake;
    expect(brake.heldSince).not.toBeNull();
    expect(brake).toMatchObject({ heldRequests: 18, recentDeprovisions: 5, maxUsers: 5 });
    const holds = await tenant.run((s) => s.audit.list({ action: 'scim.deprovisioning.hold', limit: 10 }));
    expect(holds.map((e) => e.actor.label)).toEqual(['Okta']);

    // Released: the IdP's retries go through, nothing was lost.
    const released = await gql(
      'mutation { releaseDeprovisioningHold { deprovisioningBrake { heldSince heldRequests releasedUntil } } }',
      {},
      { bearer: key },
    );
    expect(released.data.releaseDeprovisioningHold.deprovisioningBrake).toMatchObject({
      heldSince: null,
      heldRequests: 0,
    });
    expect(released.data.releaseDeprovisioningHold.deprovisioningBrake.releasedUntil).not.toBeNull();
    for (const id of held) expect((await tenant.scim('PATCH', `/Users/${id}`, deactivate)).status).toBe(200);
    expect((await tenant.scim('DELETE', `/Users/${ids[25]}`)).status).toBe(204);
    expect(await inactive(tenant)).toBe(20);
    console.log(
      `brake: 20 concurrent deactivations → ${passed.length} passed, ${held.length} held; all applied after release`,
    );
  });

  it('below the limit nothing is held, and a viewer cannot release', async () => {
    const { tenant, ids } = await tenantWithUsers(8);
    for (const id of ids.slice(0, 5))
      expect((await tenant.scim('PATCH', `/Users/${id}`, deactivate)).status).toBe(200);
    const { key } = await tenant.run((s) => s.apiKeys.create({ name: 'viewer', role: 'viewer' }));
    const denied = await graphql(state.server.url)(
      'mutation { releaseDeprovisioningHold { enabled } }',
      {},
      { bearer: key },
    );
    expect(denied.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const settings = await tenant.run((s) => s.scim.get());
    expect(settings.deprovisioningBrake).toMatchObject({ heldSince: null, recentDeprovisions: 5 });
  });
});
