import { describe, expect, it } from 'vitest';
import { importTenantArchive, tenantArchive } from '../src/tenancy/tenant-archive.js';
import { TenantDirectory, type TenantSnapshot } from '../src/tenancy/tenant-directory.js';
import { newTenant, testOrm, uniqueName, sql } from './support.js';

// Tenant offboarding (issue 19): a whole tenant as one archive, and a tenant made from one.
const orm = await testOrm();
const defaults = { requestLogDays: 30, webhookDays: 30, auditDays: 400 };

const archiveOf = async (tenant: TenantSnapshot) => {
  let text = '';
  for await (const chunk of tenantArchive(orm, tenant)) text += chunk;
  return text.trimEnd().split('\n');
};

async function* linesOf(lines: string[]) {
  yield* lines;
}

/** A tenant with settings, custom attributes, 2,500 users (past the batch of 1,000), groups, audit. */
async function populated() {
  const tenant = await newTenant(orm);
  await tenant.run(async (s) => {
    const badge = await s.customAttributes.declare({
      schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
      name: 'badge',
      type: 'string',
      uniqueness: 'server',
    });
    const hired = await s.customAttributes.declare({
      schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
      name: 'hired',
      type: 'dateTime',
    });
    const ada = await s.users.create({
      userName: uniqueName('ada'),
      givenName: 'Ada',
      familyName: 'Lovelace',
      emails: [{ value: 'ada@x.test', type: 'work', primary: true }],
      customAttributes: { [badge.id]: 'B-1', [hired.id]: '2020-01-02T03:04:05Z' },
    });
    const group = await s.groups.create({ displayName: 'Engineering' });
    await s.groups.addMembers(group.id, [ada.id]);
    await s.retention.update({ auditDays: 90 }, defaults);
    await s.scim.update({ provider: 'okta', userScope: 'idp_users_only' });
    await s.scim.enable();
  });
  await sql(
    `begin; select set_config('rollcall.tenant_id', $1, true);
     insert into directory_user (tenant_id, id, user_name, origin, managed_by, emails, created_at)
       select $1::uuid, gen_random_uuid(), 'bulk-' || n, 'idp', 'idp',
              jsonb_build_array(jsonb_build_object('value', 'bulk-' || n || '@x.test', 'type', 'work')),
              now() - make_interval(days => n)
         from generate_series(1, 2500) n;
     insert into group_member (tenant_id, group_id, user_id)
       select $1::uuid, g.id, u.id from directory_group g, directory_user u
        where g.tenant_id = $1::uuid and u.tenant_id = $1::uuid and u.user_name like 'bulk-1%';
     commit;`.replace(/\$1/g, `'${tenant.id}'`),
  );
  return tenant;
}

describe('a tenant archive', () => {
  it('round-trips: the tenant made from it archives to the same rows, with SCIM off and derived rows rebuilt', async () => {
    const source = await populated();
    const archive = await archiveOf(source);
    const header = JSON.parse(archive[0]!);
    expect(header).toMatchObject({
      format: 'rollcall-tenant-archive',
      version: 1,
      tenant: { slug: source.slug },
    });
    const trailer = JSON.parse(archive.at(-1)!);
    expect(trailer.rows).toMatchObject({ directory_user: 2501, directory_group: 1, custom_attribute: 2 });
    expect(trailer.rows.group_member).toBeGreaterThan(1000);
    // Secrets and instance-only rows stay out: no token, no admin, no password hash anywhere.
    const tables = new Set(archive.slice(1, -1).map((line) => JSON.parse(line).table));
    expect([...tables].sort()).toEqual([
      'audit_event',
      'custom_attribute',
      'directory_group',
      'directory_user',
      'group_member',
      'scim_settings',
      'tenant_retention',
    ]);
    expect(archive.join('\n')).not.toMatch(/token_hash|password_hash|secret/);

    const slug = `${source.slug}-copy`;
    const { tenant: copy, rows } = await importTenantArchive(orm, linesOf(archive), { slug });
    expect(rows).toEqual(trailer.rows);
    expect(copy).toMatchObject({ slug, name: source.name });
    expect(copy.id).not.toBe(source.id);

    const again = await archiveOf(copy);
    const settingsLine = (lines: string[]) => lines.findIndex((l) => l.includes('"table":"scim_settings"'));
    const body = (lines: string[]) =>
      lines.slice(1).map((line, i) => (i + 1 === settingsLine(lines) ? JSON.parse(line) : line));
    const [original, copied] = [body(archive), body(again)];
    // SCIM comes back off (the archive has no token); every other row is the same, byte for byte.
    expect(original[settingsLine(archive) - 1].row.enabled).toBe(true);
    expect(copied[settingsLine(again) - 1].row.enabled).toBe(false);
    copied[settingsLine(again) - 1].row.enabled = true;
    expect(copied).toEqual(original);

    // What triggers keep was rebuilt: the typed custom values (searchable) and the user counts.
    const derived = async (tenantId: string) =>
      sql<{ values: number; users: number }>(
        `select (select count(*)::int from custom_attribute_value where tenant_id = $1) as values,
                (select sum(delta)::int from directory_user_count where tenant_id = $1) as users`,
        [tenantId],
      );
    expect(await derived(copy.id)).toEqual(await derived(source.id));
    const found = await new TenantDirectory(orm).findBySlug(slug);
    expect(found?.id).toBe(copy.id);
  });

  it('is refused whole when truncated, from another schema, malformed, or its slug is taken', async () => {
    const source = await newTenant(orm);
    await source.run((s) => s.users.create({ userName: uniqueName() }));
    const archive = await archiveOf(source);
    const attempt = (lines: string[], slug = `t-${uniqueName('imp')}`) =>
      importTenantArchive(orm, linesOf(lines), { slug }).then(
        () => ({ slug, error: undefined }),
        (error: { code: string; message: string }) => ({ slug, error }),
      );
    const header = JSON.parse(archive[0]!);
    const cases = [
      { lines: archive.slice(0, -1), message: /truncated/ },
      {
        lines: [JSON.stringify({ ...header, schema: 'Migration1' }), ...archive.slice(1)],
        message: /schema/,
      },
      {
        lines: [archive[0]!, '{"table":"admin","row":{}}', archive.at(-1)!],
        message: /unknown table "admin"/,
      },
      { lines: [archive[0]!, 'not json'], message: /line 2: not JSON/ },
      {
        lines: [
          archive[0]!,
          JSON.stringify({ table: 'directory_user', row: { id: 'x', user_name: 'a' } }),
          archive.at(-1)!,
        ],
        message:
          /line 3: a directory_user row of lines 2–2 cannot be stored \(invalid input syntax for type uuid: "x"\)/,
      },
      { lines: [JSON.stringify({ hello: 1 })], message: /not a Rollcall tenant archive/ },
    ];
    for (const { lines, message } of cases) {
      const { slug, error } = await attempt(lines);
      expect(error, String(message)).toMatchObject({ code: 'invalid_input', message });
      expect(await new TenantDirectory(orm).findBySlug(slug)).toBeNull();
    }
    const taken = await attempt(archive, source.slug);
    expect(taken.error).toMatchObject({ code: 'tenant.slug_taken' });
  });

  it('is one snapshot: what is written while it streams is not in it, and it still imports whole', async () => {
    const source = await populated();
    const chunks = tenantArchive(orm, source);
    const lines: string[] = [];
    const take = async () => {
      const next = await chunks.next();
      if (!next.done) lines.push(...next.value.trimEnd().split('\n'));
      return !next.done;
    };
    await take(); // the header
    await take(); // the first rows (settings)
    // Meanwhile the IdP adds a user to the group: in a snapshot-less archive, the membership (read
    // after the users) would name a user the archive lacks.
    const late = await source.run(async (s) => {
      const user = await s.users.create({ userName: uniqueName('late') });
      const [group] = (await s.groups.search({}, { limit: 1 })).items;
      await s.groups.addMembers(group!.id, [user.id]);
      return user;
    });
    while (await take());
    expect(lines.join('\n')).not.toContain(late.id);
    const { rows } = await importTenantArchive(orm, linesOf(lines), { slug: `${source.slug}-snap` });
    expect(rows['directory_user']).toBe(2501);
  });
});
