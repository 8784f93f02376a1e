import { backdateUsers } from '@rollcall/domain/testing';
import { describe, expect, inject, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { ENT, newUserName, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

// What real identity providers send and other SCIM servers accept (issue 14): a manager that names no
// Rollcall id, attributes Rollcall does not keep, and a test run that creates and removes a few users.
const { state, newTenant, flush } = scimTestServer();
const ACME = 'urn:ietf:params:scim:schemas:extension:acme:2.0:User';

const create = (tenant: TestTenant, extra: Record<string, unknown> = {}) =>
  tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName(), ...extra });
const managerOf = async (tenant: TestTenant, id: string) =>
  (await tenant.scim('GET', `/Users/${id}`)).body[ENT]?.manager;

async function adminKey(tenant: TestTenant) {
  return (await tenant.run((s) => s.apiKeys.create({ name: 'tolerant', role: 'admin' }))).key;
}

describe('manager: a reference that may dangle (RFC 7643 §2.3.7)', () => {
  it("keeps Okta's free-form managerId, resolves it once the manager is provisioned, follows renames and deletes", async () => {
    const tenant = await newTenant();
    const report = await create(tenant, { [ENT]: { manager: { value: 'E12345' } } });
    expect(report.status, JSON.stringify(report.body)).toBe(201);
    // Kept exactly as sent; it names nobody yet, so no $ref.
    expect(report.body[ENT].manager).toEqual({ value: 'E12345' });

    // The manager arrives later, carrying that employee number: the report now points at it.
    const boss = await create(tenant, { displayName: 'Grace Hopper', [ENT]: { employeeNumber: 'E12345' } });
    expect(await managerOf(tenant, report.body.id)).toEqual({
      value: 'E12345',
      $ref: `${tenant.base}/Users/${boss.body.id}`,
      displayName: 'Grace Hopper',
    });
    // Lists resolve it too, and a filter on the value finds the report.
    const filter = encodeURIComponent(`${ENT}:manager.value eq "E12345"`);
    const listed = await tenant.scim('GET', `/Users?filter=${filter}`);
    expect(listed.body.Resources.map((r: any) => [r.id, r[ENT].manager.displayName])).toEqual([
      [report.body.id, 'Grace Hopper'],
    ]);

    // Renamed, then deleted: the report follows without the IdP resending it.
    await tenant.scim('PATCH', `/Users/${boss.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'displayName', value: 'Rear Admiral Hopper' }],
    });
    expect((await managerOf(tenant, report.body.id)).displayName).toBe('Rear Admiral Hopper');
    expect((await tenant.scim('DELETE', `/Users/${boss.body.id}`)).status).toBe(204);
    expect(await managerOf(tenant, report.body.id)).toEqual({ value: 'E12345' });

    // GraphQL says the same: the value, and the user it names (none now).
    const gql = graphql(state.server.url);
    const key = await adminKey(tenant);
    const read = await gql(
      'query($id: ID!) { user(id: $id) { manager { value user { id userName displayName } } } }',
      { id: report.body.id },
      { bearer: key },
    );
    expect(read.data.user.manager).toEqual({ value: 'E12345', user: null });
  });

  it('resolves by id, externalId, userName (any case) and employeeNumber, never to the user itself', async () => {
    const tenant = await newTenant();
    const boss = await create(tenant, {
      externalId: 'okta-00u1',
      displayName: 'Boss',
      [ENT]: { employeeNumber: '0042' },
    });
    for (const value of [boss.body.id, 'okta-00u1', boss.body.userName.toUpperCase(), '0042']) {
      const report = await create(tenant, { [ENT]: { manager: { value } } });
      expect(report.body[ENT].manager, value).toEqual({
        value,
        $ref: `${tenant.base}/Users/${boss.body.id}`,
        displayName: 'Boss',
      });
    }
    const self = await create(tenant, { externalId: 'me', [ENT]: { manager: 'me' } });
    expect(self.body[ENT].manager).toEqual({ value: 'me' });
  });

  it("takes the validator's capitalised keys, Entra's bare string, array of one and clearing forms", async () => {
    const tenant = await newTenant();
    const boss = await create(tenant, { displayName: 'Boss' });
    // Microsoft's SCIM validator: "Manager": {"Value": …}, a value that is nobody's id.
    const validator = await tenant.scim('POST', '/Users', {
      schemas: [USER, ENT],
      userName: newUserName('validator'),
      [ENT]: { Manager: { Value: 'SuzzyQ' } },
    });
    expect(validator.status, JSON.stringify(validator.body)).toBe(201);
    expect(validator.body[ENT].manager).toEqual({ value: 'SuzzyQ' });

    const patch = async (operation: Record<string, unknown>) => {
      const answer = await tenant.scim('PATCH', `/Users/${validator.body.id}`, {
        schemas: [PATCH],
        Operations: [operation],
      });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body[ENT]?.manager;
    };
    const resolved = {
      value: boss.body.id,
      $ref: `${tenant.base}/Users/${boss.body.id}`,
      displayName: 'Boss',
    };
    // Microsoft's tutorial, example 5: path "manager", an array of one with $ref.
    expect(
      await patch({
        op: 'Replace',
        path: 'manager',
        value: [{ $ref: `../Users/${boss.body.id}`, value: boss.body.id }],
      }),
    ).toEqual(resolved);
    expect(await patch({ op: 'Replace', path: `${ENT}:manager`, value: { value: '' } })).toBeUndefined();
    expect(await patch({ op: 'Add', path: `${ENT}:manager`, value: boss.body.id })).toEqual(resolved);
    expect(await patch({ op: 'Replace', path: `${ENT}:manager`, value: '' })).toBeUndefined();
    expect(await patch({ op: 'Add', path: `${ENT}:manager`, value: 'E9' })).toEqual({ value: 'E9' });
    expect(await patch({ op: 'Replace', path: `${ENT}:manager`, value: null })).toBeUndefined();
    expect(await patch({ op: 'Add', path: `${ENT}:manager.value`, value: 'E9' })).toEqual({ value: 'E9' });
    expect(await patch({ op: 'Remove', path: `${ENT}:manager` })).toBeUndefined();
  });

  it('audits the change and carries it in the webhook payload source (the audit trail)', async () => {
    const tenant = await newTenant();
    const report = await create(tenant);
    await tenant.scim('PATCH', `/Users/${report.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: `${ENT}:manager`, value: 'E777' }],
    });
    const [event] = await tenant.run((s) => s.audit.list({ targetId: report.body.id, limit: 1 }));
    expect(event).toMatchObject({
      action: 'user.update',
      changes: { manager: { before: null, after: 'E777' } },
    });
  });
});

describe('attributes Rollcall does not keep', () => {
  it('ignores them on POST, PUT and PATCH (the rest applies, nothing stored or echoed) and tells the admin', async () => {
    const tenant = await newTenant();
    const posted = await create(tenant, {
      favoriteColor: 'teal',
      title: 'Engineer',
      [ACME]: { badgeNumber: '1701' }, // Entra leaves a custom extension's URN out of schemas[]
    });
    expect(posted.status, JSON.stringify(posted.body)).toBe(201);
    expect(posted.body.title).toBe('Engineer');
    expect(posted.body).not.toHaveProperty('favoriteColor');
    expect(posted.body).not.toHaveProperty(ACME);

    const put = await tenant.scim('PUT', `/Users/${posted.body.id}`, {
      schemas: [USER],
      userName: posted.body.userName,
      title: 'Staff Engineer',
      adreses: [{ formatted: '1 Main St' }],
    });
    expect(put.status, JSON.stringify(put.body)).toBe(200);
    expect(put.body).toMatchObject({ title: 'Staff Engineer' });
    expect(put.body).not.toHaveProperty('adreses');

    // Entra: an Add on an undeclared extension attribute does not cost the other operations.
    const patched = await tenant.scim('PATCH', `/Users/${posted.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Add', path: `${ACME}:badgeNumber`, value: '1701' },
        { op: 'Replace', path: 'displayName', value: 'Kept' },
        { op: 'Replace', path: 'name.nickname', value: 'no such sub-attribute' },
      ],
    });
    expect(patched.status, JSON.stringify(patched.body)).toBe(200);
    expect(patched.body.displayName).toBe('Kept');
    const stored = await tenant.run((s) => s.users.get(posted.body.id));
    expect(JSON.stringify(stored)).not.toMatch(/teal|1701|1 Main St|nickname/);

    // The request log says what each request lost; Identity & Security lists it with counts.
    await flush();
    const key = await adminKey(tenant);
    const gql = graphql(state.server.url);
    const answer = await gql(
      `{ ignoredScimAttributes { resourceType name requests }
         connectionHealth { warnings { code message } }
         scimRequests(first: 10) { nodes { method ignoredAttributes } } }`,
      {},
      { bearer: key },
    );
    expect(answer.errors).toBeUndefined();
    expect(
      answer.data.ignoredScimAttributes.map((a: any) => `${a.resourceType} ${a.name} ${a.requests}`).sort(),
    ).toEqual(
      ['User favoriteColor 1', `User ${ACME}:badgeNumber 2`, 'User adreses 1', 'User name.nickname 1'].sort(),
    );
    const warning = answer.data.connectionHealth.warnings.find((w: any) => w.code === 'ignored_attributes');
    expect(warning.message).toMatch(/sends attributes Rollcall does not keep: .*adreses/);
    expect(
      answer.data.scimRequests.nodes.map((n: any) => [n.method, n.ignoredAttributes?.sort() ?? null]),
    ).toEqual([
      ['PATCH', [`${ACME}:badgeNumber`, 'name.nickname'].sort()],
      ['PUT', ['adreses']],
      ['POST', [`${ACME}:badgeNumber`, 'favoriteColor'].sort()],
    ]);
  });

  it('ignores them on Groups too, recorded as the Group resource type', async () => {
    const tenant = await newTenant();
    const group = await tenant.scim('POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Pilots',
      description: 'Okta sends one when mapped',
    });
    expect(group.status, JSON.stringify(group.body)).toBe(201);
    expect(group.body).not.toHaveProperty('description');
    await flush();
    expect(await tenant.run((s) => s.requestLog.ignoredAttributes())).toMatchObject([
      { resourceType: 'Group', name: 'description', requests: 1 },
    ]);
  });

  it('still refuses what the RFCs refuse: no userName, a wrong type, changing id', async () => {
    const tenant = await newTenant();
    const noName = await tenant.scim('POST', '/Users', { schemas: [USER], favoriteColor: 'teal' });
    expect(noName.status).toBe(400);
    const wrongType = await create(tenant, { active: 'sometimes' });
    expect([wrongType.status, wrongType.body.scimType]).toEqual([400, 'invalidValue']);
    const user = await create(tenant);
    const id = await tenant.scim('PATCH', `/Users/${user.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'id', value: 'another' }],
    });
    expect([id.status, id.body.scimType]).toEqual([400, 'mutability']);
  });

  it('with strict attribute checking on (audited), refuses them as before and changes nothing', async () => {
    const tenant = await newTenant();
    const user = await create(tenant, { title: 'Before' });
    const gql = graphql(state.server.url);
    const key = await adminKey(tenant);
    const saved = await gql(
      'mutation { updateScimSettings(input: { strictAttributes: true }) { strictAttributes } }',
      {},
      { bearer: key },
    );
    expect(saved.data.updateScimSettings.strictAttributes).toBe(true);
    const [event] = await tenant.run((s) => s.audit.list({ action: 'scim.settings', limit: 1 }));
    expect(event!.changes).toMatchObject({ strictAttributes: { before: false, after: true } });

    const posted = await create(tenant, { favoriteColor: 'teal', [ACME]: { badgeNumber: '1' } });
    expect([posted.status, posted.body.scimType]).toEqual([400, 'invalidValue']);
    expect(posted.body.detail).toBe(`Unknown attributes: favoriteColor, ${ACME}:badgeNumber`);
    const patched = await tenant.scim('PATCH', `/Users/${user.body.id}`, {
      schemas: [PATCH],
      Operations: [
        { op: 'Replace', path: 'title', value: 'After' },
        { op: 'Add', path: `${ACME}:badgeNumber`, value: '1' },
      ],
    });
    expect([patched.status, patched.body.scimType]).toEqual([400, 'invalidPath']);
    expect((await tenant.scim('GET', `/Users/${user.body.id}`)).body.title).toBe('Before');
  });
});

describe('deprovisioning brake and a test run', () => {
  it('does not hold a validation run that creates a dozen users and removes them a minute later', async () => {
    const tenant = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await create(tenant)).body.id);
    const deactivate = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };
    const statuses = [];
    for (const id of ids.slice(0, 6))
      statuses.push((await tenant.scim('PATCH', `/Users/${id}`, deactivate)).status);
    for (const id of ids) statuses.push((await tenant.scim('DELETE', `/Users/${id}`)).status);
    expect(statuses).toEqual([...Array(6).fill(200), ...Array(12).fill(204)]);
    const settings = await tenant.run((s) => s.scim.get());
    expect(settings.deprovisioningBrake).toMatchObject({ heldSince: null, recentDeprovisions: 0 });
  });

  it('still holds a mass deactivation of users that were already there', async () => {
    const tenant = await newTenant();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) ids.push((await create(tenant)).body.id);
    await backdateUsers(inject('databaseUrl'), tenant.id);
    const fresh = (await create(tenant)).body.id; // created now: not what the brake protects
    const statuses = [];
    for (const id of ids) statuses.push((await tenant.scim('DELETE', `/Users/${id}`)).status);
    expect(statuses).toEqual([...Array(5).fill(204), ...Array(7).fill(503)]);
    // While held, every deprovision waits for the admin, even of a user created moments ago.
    expect((await tenant.scim('DELETE', `/Users/${fresh}`)).status).toBe(503);
  });
});
