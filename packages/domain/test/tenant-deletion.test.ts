import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { withScimToken } from '../src/scim/scim-auth.js';
import { TenantDirectory } from '../src/tenancy/tenant-directory.js';
import { SecretBox } from '../src/webhooks/secret-box.js';
import { newTenant, testOrm, uniqueName } from './support.js';

// Tenant offboarding (issue 19): one transaction deletes everything a tenant owns, and only that.
const orm = await testOrm();

async function sql<T extends pg.QueryResultRow>(text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    await client.query('begin');
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.query('rollback');
    await client.end();
  }
}

/** Rows with this tenant_id in every table that has the column (as its row-level security sees them). */
async function rowsOf(tenantId: string): Promise<Record<string, number>> {
  const tables = await sql<{ table_name: string }>(
    `select table_name from information_schema.columns
      where table_schema = 'public' and column_name = 'tenant_id' order by 1`,
  );
  const counts: Record<string, number> = {};
  for (const { table_name: table } of tables) {
    const [row] = await sql<{ n: number }>(
      `select set_config('rollcall.tenant_id', $1, true), (select count(*)::int from ${table} where tenant_id = $1::uuid) as n`,
      [tenantId],
    );
    if (row!.n > 0) counts[table] = row!.n;
  }
  return counts;
}

/** A tenant with something in nearly every table. */
async function populated() {
  const tenant = await newTenant(orm);
  const { token } = await tenant.run(async (s) => {
    const badge = await s.customAttributes.declare({
      schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
      name: 'badge',
      type: 'string',
    });
    const user = await s.users.create({ userName: uniqueName(), customAttributes: { [badge.id]: 'B-1' } });
    const group = await s.groups.create({ displayName: 'Team' });
    await s.groups.addMembers(group.id, [user.id]);
    await s.admins.create({
      email: `${uniqueName('o')}@x.test`,
      role: 'owner',
      password: 'correct horse battery',
    });
    await s.apiKeys.create({ name: 'ci', role: 'admin' });
    await s.webhooks.createEndpoint(
      { url: 'https://hooks.example.com/x', eventTypes: ['user.created'] },
      { allowPrivateNetworks: false },
      new SecretBox(),
    );
    await s.users.create({ userName: uniqueName() }); // a delivery for the endpoint
    await s.retention.update({ auditDays: 90 }, { requestLogDays: 30, webhookDays: 30, auditDays: 400 });
    await s.requestLog.record([
      {
        at: new Date(),
        method: 'GET',
        path: '/Users',
        status: 200,
        scimType: null,
        durationMs: 1,
        tokenPrefix: null,
        dialect: null,
        requestId: null,
        userAgent: null,
        requestBody: null,
        responseBody: null,
        ignoredAttributes: [],
      },
    ]);
    return s.scim.enable();
  });
  return { tenant, token };
}

describe('deleting a tenant', () => {
  it('removes every row it owns in one transaction, records it outside, and leaves other tenants alone', async () => {
    const { tenant, token } = await populated();
    const { tenant: other } = await populated();
    const before = await rowsOf(tenant.id);
    expect(Object.keys(before).length).toBeGreaterThan(12);
    const otherBefore = await rowsOf(other.id);

    const directory = new TenantDirectory(orm);
    await expect(
      directory.delete(tenant.slug, { confirm: 'something-else', by: 'test' }),
    ).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const { rows } = await directory.delete(tenant.slug, {
      confirm: tenant.slug.toUpperCase(),
      by: 'owner@x.test',
    });

    expect(rows).toEqual(before);
    expect(await rowsOf(tenant.id)).toEqual({});
    expect(await rowsOf(other.id)).toEqual(otherBefore);
    expect(await directory.findBySlug(tenant.slug)).toBeNull();
    const [record] = await sql<{ slug: string; deleted_by: string; rows: Record<string, number> }>(
      'select slug, deleted_by, rows from tenant_deletion where deleted_tenant_id = $1',
      [tenant.id],
    );
    expect(record).toMatchObject({ slug: tenant.slug, deleted_by: 'owner@x.test', rows: before });
    // Its SCIM token stops working at once.
    await expect(
      withScimToken(orm, tenant.id, token, {}, (s) => s.users.search({}, { limit: 1 })),
    ).rejects.toMatchObject({ code: 'scim.unauthorized' });
  });
});
