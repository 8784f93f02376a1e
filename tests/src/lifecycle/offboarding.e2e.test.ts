import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { graphql } from '../support/graphql.js';
import { runCli, scimCalls } from '../support/processes.js';
import { ownServer } from '../support/own-server.js';
import { USER, createTenant, newUserName } from '../support/scim.js';

// Tenant offboarding (issue 19): an owner takes the workspace out as one archive, then deletes it;
// the archive brings it back (same SCIM ids and ETags) on a Rollcall through the CLI.
const { state } = ownServer({ ROLLCALL_PRUNE_INTERVAL_SECONDS: '0' });

async function keyedTenant() {
  const tenant = await createTenant(state.orm);
  const keys = await tenant.run(async (s) => ({
    owner: (await s.apiKeys.create({ name: 'owner', role: 'owner' })).key,
    admin: (await s.apiKeys.create({ name: 'admin', role: 'admin' })).key,
  }));
  return { ...tenant, keys, scim: scimCalls(tenant) };
}

const deleteWorkspace = `mutation ($confirm: String!) { deleteWorkspace(confirm: $confirm) { id slug rowsDeleted } }`;

describe('offboarding a workspace', () => {
  it('an owner downloads the archive and deletes the workspace; the CLI brings it back with the same SCIM ids', async () => {
    const leaving = await keyedTenant();
    const staying = await keyedTenant();
    const created = await leaving.scim(state.server, 'POST', '/Users', {
      schemas: [USER],
      userName: newUserName('leaver'),
      emails: [{ value: 'leaver@example.com', type: 'work', primary: true }],
    });
    expect(created.status).toBe(201);
    const group = await leaving.scim(state.server, 'POST', '/Groups', {
      schemas: ['urn:ietf:params:scim:schemas:core:2.0:Group'],
      displayName: 'Leavers',
      members: [{ value: created.body.id }],
    });
    expect(group.status).toBe(201);
    const stayer = await staying.scim(state.server, 'POST', '/Users', {
      schemas: [USER],
      userName: newUserName('stayer'),
    });
    expect(stayer.status).toBe(201);

    const download = (key: string) =>
      fetch(`${state.server.url}/api/export/workspace`, { headers: { authorization: `Bearer ${key}` } });
    const refused = await download(leaving.keys.admin);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: 'Only an owner can export the whole workspace' });
    const archived = await download(leaving.keys.owner);
    expect(archived.status).toBe(200);
    expect(archived.headers.get('content-type')).toContain('application/x-ndjson');
    expect(archived.headers.get('content-disposition')).toMatch(
      new RegExp(`attachment; filename="rollcall-${leaving.slug}-archive-\\d{4}-\\d\\d-\\d\\d\\.ndjson"`),
    );
    const archive = await archived.text();
    const lines = archive
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ format: 'rollcall-tenant-archive', tenant: { slug: leaving.slug } });
    expect(lines.filter((l) => l.table === 'directory_user').map((l) => l.row.id)).toEqual([created.body.id]);
    expect(lines.filter((l) => l.table === 'group_member')).toHaveLength(1);
    expect(archive).not.toContain(stayer.body.id); // the other workspace's rows are not in it
    expect(archive).not.toContain(leaving.token);
    // Who took the directory out is in the audit trail.
    const noted = await state.orm.em
      .getConnection()
      .execute(`select actor_label, action from audit_event where tenant_id = ? and action like 'export.%'`, [
        leaving.id,
      ]);
    expect(noted).toEqual([{ actor_label: 'owner', action: 'export.workspace' }]);

    // Deleting: an owner only, and only with the slug typed again.
    const gql = graphql(state.server.url);
    const byAdmin = await gql(deleteWorkspace, { confirm: leaving.slug }, { bearer: leaving.keys.admin });
    expect(byAdmin.errors?.[0]?.extensions.code).toBe('FORBIDDEN');
    const mistyped = await gql(
      deleteWorkspace,
      { confirm: 'something-else' },
      { bearer: leaving.keys.owner },
    );
    expect(mistyped.errors?.[0]?.message).toContain(`confirm with its slug, "${leaving.slug}"`);
    const before = await leaving.scim(state.server, 'GET', `/Users/${created.body.id}`);
    expect(before.status).toBe(200);

    const deleted = await gql(deleteWorkspace, { confirm: leaving.slug }, { bearer: leaving.keys.owner });
    expect(deleted.errors).toBeUndefined();
    expect(deleted.data.deleteWorkspace).toMatchObject({ id: leaving.id, slug: leaving.slug });
    expect(deleted.data.deleteWorkspace.rowsDeleted).toBeGreaterThan(5);
    // Its token and keys stop working at once; the other workspace carries on.
    expect((await leaving.scim(state.server, 'GET', `/Users/${created.body.id}`)).status).toBe(401);
    const afterwards = await gql(`{ me { label } }`, {}, { bearer: leaving.keys.owner });
    expect(afterwards.errors?.[0]?.extensions.code).toBe('UNAUTHENTICATED');
    expect((await download(leaving.keys.owner)).status).toBe(401);
    expect((await staying.scim(state.server, 'GET', `/Users/${stayer.body.id}`)).status).toBe(200);

    // Back from the archive: same user id and version (the IdP's stored ids and ETags still hold).
    const file = join(mkdtempSync(join(tmpdir(), 'rollcall-offboard-')), 'archive.ndjson');
    writeFileSync(file, archive);
    const env = { DATABASE_URL: state.databaseUrl };
    const imported = await runCli(['tenant:import', file, '--json'], env);
    expect(imported.code, imported.stderr).toBe(0);
    const enabled = await runCli(['scim:enable', '--tenant', leaving.slug, '--json'], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    const again = scimCalls({ slug: leaving.slug, token: JSON.parse(enabled.stdout).token });
    const back = await again(state.server, 'GET', `/Users/${created.body.id}`);
    expect(back.status).toBe(200);
    expect(back.body).toEqual(before.body); // the same id, attributes, meta.version and timestamps
    const members = await again(state.server, 'GET', `/Groups/${group.body.id}`);
    expect(members.body.members).toMatchObject([{ value: created.body.id }]);
    // The refused requests' log lines had no tenant left to go to: dropped quietly, not an error.
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(state.server.output()).not.toContain('could not write the SCIM request log');
  }, 120_000);
});
