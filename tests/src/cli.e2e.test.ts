import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '@rollcall/domain';
import { freshDatabase, runCli } from './support/processes.js';

let env: Record<string, string>;
beforeAll(async () => {
  env = { DATABASE_URL: await freshDatabase(), ROLLCALL_PUBLIC_URL: 'https://rollcall.example.com' };
});

async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: env.DATABASE_URL });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

describe('operator CLI', () => {
  it('round trip: create a tenant, enable SCIM, get the URL and a token whose hash (not the token) is stored', async () => {
    const created = await runCli(['tenant:create', 'globex', '--name', 'Globex Corp', '--json'], env);
    expect(created.code, created.stderr).toBe(0);
    expect(JSON.parse(created.stdout)).toMatchObject({ tenant: 'globex', name: 'Globex Corp' });

    const enabled = await runCli(['scim:enable', '--tenant', 'globex', '--json'], env);
    expect(enabled.code, enabled.stderr).toBe(0);
    expect(enabled.stdout.trim().split('\n')).toHaveLength(1); // exactly one JSON object
    const output = JSON.parse(enabled.stdout) as { tenant: string; scimUrl: string; token: string };
    expect(output).toEqual({
      tenant: 'globex',
      scimUrl: 'https://rollcall.example.com/scim/v2/globex',
      token: expect.stringMatching(/^rc_scim_/),
    });

    const tokens = await query<{ token_hash: string; prefix: string; revoked_at: Date | null }>(
      `select t.* from scim_token t join tenant on tenant.id = t.tenant_id where tenant.slug = 'globex'`,
    );
    expect(tokens).toHaveLength(1);
    expect(tokens[0]!.token_hash).toBe(createHash('sha256').update(output.token).digest('hex'));
    expect(tokens[0]!.prefix).toBe(output.token.slice(0, 14));
    const dump =
      JSON.stringify(await query('select * from scim_token')) +
      JSON.stringify(await query('select * from audit_event'));
    expect(dump).not.toContain(output.token);
    const [settings] = await query<{ enabled: boolean }>(
      `select s.enabled from scim_settings s join tenant on tenant.id = s.tenant_id where tenant.slug = 'globex'`,
    );
    expect(settings!.enabled).toBe(true);

    // Enabling again rotates: the old token is revoked.
    const rotated = JSON.parse(
      (await runCli(['scim:enable', '--tenant', 'globex', '--json'], env)).stdout,
    ) as { token: string };
    expect(rotated.token).not.toBe(output.token);
    const active = await query(
      `select 1 from scim_token where revoked_at is null and tenant_id = (select id from tenant where slug = 'globex')`,
    );
    expect(active).toHaveLength(1);
  });

  it('creates admins with a generated or given password, stored as argon2id', async () => {
    await runCli(['tenant:create', 'initech', '--json'], env);
    const generated = await runCli(
      ['admin:create', '--tenant', 'initech', '--email', 'Peter@Initech.test', '--role', 'admin', '--json'],
      env,
    );
    expect(generated.code, generated.stderr).toBe(0);
    const out = JSON.parse(generated.stdout) as { password: string; role: string };
    expect(out).toMatchObject({
      tenant: 'initech',
      email: 'Peter@Initech.test',
      role: 'admin',
      password: expect.stringMatching(/^\S{20}$/),
    });
    const given = await runCli(
      [
        'admin:create',
        '--tenant',
        'initech',
        '--email',
        'milton@initech.test',
        '--role',
        'viewer',
        '--password',
        'my red stapler!',
        '--json',
      ],
      env,
    );
    expect(JSON.parse(given.stdout)).not.toHaveProperty('password');
    const hashes = await query<{ password_hash: string }>(
      `select password_hash from admin order by created_at`,
    );
    for (const { password_hash } of hashes) expect(password_hash).toMatch(/^\$argon2id\$/);

    const duplicate = await runCli(
      ['admin:create', '--tenant', 'initech', '--email', 'peter@initech.TEST', '--role', 'viewer', '--json'],
      env,
    );
    expect(duplicate.code).toBe(1);
    expect(duplicate.stdout).toBe('');
    expect(duplicate.stderr).toContain('An admin with email peter@initech.TEST already exists');
  });

  it('reports errors on stderr with a non-zero exit and nothing on stdout', async () => {
    for (const [args, message] of [
      [['scim:enable', '--tenant', 'nope', '--json'], 'No tenant with slug "nope"'],
      [
        ['admin:create', '--tenant', 'initech', '--email', 'x@y.test', '--role', 'root', '--json'],
        '--role must be one of owner, admin, viewer',
      ],
      [['tenant:create', 'Bad Slug!', '--json'], 'slug'],
      [['tenant:create', '--json'], 'tenant:create needs a slug'],
    ] as const) {
      const result = await runCli([...args], env);
      expect(result.code, args.join(' ')).not.toBe(0);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(message);
    }
    const unknown = await runCli(['frobnicate'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('Unknown command: frobnicate');
  });

  it('lists tenants as one JSON object', async () => {
    const result = await runCli(['tenants', '--json'], env);
    const { tenants } = JSON.parse(result.stdout) as { tenants: { slug: string }[] };
    expect(tenants.map((t) => t.slug)).toEqual(['globex', 'initech']);
  });

  it('attribute:declare, attribute:list and attribute:remove, each one JSON object with --json', async () => {
    expect((await runCli(['tenant:create', 'hooli', '--json'], env)).code).toBe(0);
    const urn = 'urn:ietf:params:scim:schemas:extension:Initech:2.0:User';
    const declared = await runCli(
      [
        'attribute:declare',
        '--tenant',
        'hooli',
        '--schema',
        urn,
        '--name',
        'costCode',
        '--type',
        'integer',
        '--unique',
        '--json',
      ],
      env,
    );
    expect(declared.code, declared.stderr).toBe(0);
    expect(declared.stdout, declared.stderr).toContain('costCode');
    expect(JSON.parse(declared.stdout)).toMatchObject({
      tenant: 'hooli',
      attribute: { schema: urn, name: 'costCode', type: 'integer', uniqueness: 'server', multiValued: false },
    });
    const wrongType = await runCli(
      ['attribute:declare', '--tenant', 'hooli', '--schema', urn, '--name', 'x', '--type', 'complex'],
      env,
    );
    expect(wrongType.code, wrongType.stderr).toBe(1);
    expect(wrongType.stderr).toContain('--type must be one of');
    const listed = JSON.parse((await runCli(['attribute:list', '--tenant', 'hooli', '--json'], env)).stdout);
    expect(listed.attributes.map((a: { name: string }) => a.name)).toEqual(['costCode']);
    const updated = await runCli(
      [
        'attribute:update',
        '--tenant',
        'hooli',
        '--name',
        `${urn}:costCode`,
        '--no-unique',
        '--description',
        'Cost code',
        '--json',
      ],
      env,
    );
    expect(updated.code, updated.stderr).toBe(0);
    expect(JSON.parse(updated.stdout).attribute).toMatchObject({
      uniqueness: 'none',
      description: 'Cost code',
    });
    const removed = await runCli(
      ['attribute:remove', '--tenant', 'hooli', '--name', `${urn}:COSTCODE`, '--json'],
      env,
    );
    expect(removed.code, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ valuesDropped: 0, attribute: { name: 'costCode' } });
    const events = await query<{ action: string }>(
      `select action from audit_event where tenant_id = (select id from tenant where slug = 'hooli') order by at`,
    );
    expect(events.map((e) => e.action)).toEqual([
      'custom_attribute.declare',
      'custom_attribute.update',
      'custom_attribute.remove',
    ]);
  });

  it('tenant:delete asks for the slug again, then deletes the tenant and records it', async () => {
    expect((await runCli(['tenant:create', 'doomed', '--json'], env)).code).toBe(0);
    expect((await runCli(['scim:enable', '--tenant', 'doomed'], env)).code).toBe(0);
    const unconfirmed = await runCli(['tenant:delete', 'doomed'], env);
    expect(unconfirmed.code).toBe(1);
    expect(unconfirmed.stderr).toContain('--confirm doomed is required');
    const deleted = await runCli(['tenant:delete', 'doomed', '--confirm', 'doomed', '--json'], env);
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(JSON.parse(deleted.stdout)).toMatchObject({ tenant: 'doomed', rows: { scim_token: 1 } });
    const [record] = await query<{ deleted_by: string }>(
      `select deleted_by from tenant_deletion where slug = 'doomed'`,
    );
    expect(record!.deleted_by).toBe('cli');
    expect(await query(`select 1 from tenant where slug = 'doomed'`)).toHaveLength(0);
  });

  it('tenant:export, then tenant:import on a fresh instance, gives back the same tenant (archive equal)', async () => {
    expect((await runCli(['tenant:create', 'leaving', '--name', 'Leaving Ltd'], env)).code).toBe(0);
    const declared = await runCli(
      [
        'attribute:declare',
        '--tenant',
        'leaving',
        '--schema',
        'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
        '--name',
        'badge',
        '--type',
        'string',
        '--json',
      ],
      env,
    );
    expect(declared.code, declared.stderr).toBe(0);
    const badgeId = (JSON.parse(declared.stdout) as { attribute: { id: string } }).attribute.id;
    await query(
      `insert into directory_user (tenant_id, id, user_name, origin, managed_by, custom_attributes)
       select t.id, gen_random_uuid(), 'leaver-' || n, 'idp', 'idp', jsonb_build_object($1::text, 'B-' || n)
         from tenant t, generate_series(1, 1500) n where t.slug = 'leaving'`,
      [badgeId],
    );
    expect((await runCli(['scim:enable', '--tenant', 'leaving'], env)).code).toBe(0);
    const exported = await runCli(['tenant:export', 'leaving'], env);
    expect(exported.code, exported.stderr).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'rollcall-archive-')), 'leaving.ndjson');
    writeFileSync(file, exported.stdout);

    const fresh = { ...env, DATABASE_URL: await freshDatabase() };
    const imported = await runCli(['tenant:import', file, '--json'], fresh);
    expect(imported.code, imported.stderr).toBe(0);
    expect(JSON.parse(imported.stdout)).toMatchObject({
      tenant: 'leaving',
      rows: { directory_user: 1500, custom_attribute: 1, scim_settings: 1 },
    });
    const again = await runCli(['tenant:export', 'leaving'], fresh);
    expect(again.code, again.stderr).toBe(0);
    // Equal but for when it was made and SCIM being off (the archive carries no token).
    // Each export notes itself in the audit trail first, so the second archive has one more such event.
    type Line = {
      exportedAt?: string;
      table?: string;
      row?: { enabled?: boolean; action?: string };
      rows?: Record<string, number>;
    };
    const comparable = (text: string) =>
      text
        .trimEnd()
        .split('\n')
        .map((line) => JSON.parse(line) as Line)
        .filter((line) => line.row?.action !== 'export.workspace')
        .map((line) => {
          if (line.exportedAt) line.exportedAt = '-';
          if (line.table === 'scim_settings') delete line.row!.enabled;
          if (line.rows) delete line.rows['audit_event'];
          return line;
        });
    expect(again.stdout.match(/"action":"export.workspace"/g)).toHaveLength(2);
    expect(comparable(again.stdout)).toEqual(comparable(exported.stdout));
    expect(comparable(again.stdout).length).toBeGreaterThan(1500);

    // Importing again is refused: the slug is taken (what else is refused: the domain's archive tests).
    const twice = await runCli(['tenant:import', file], fresh);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('A tenant with slug "leaving" already exists');
  }, 240_000);

  it('secrets:reseal moves every webhook signing secret to a rotated ROLLCALL_SECRETS_KEY', async () => {
    const [oldKey, newKey] = [randomBytes(32).toString('base64'), randomBytes(32).toString('base64')];
    expect((await runCli(['tenant:create', 'rotating'], env)).code).toBe(0);
    const [{ id: tenantId }] = (await query<{ id: string }>(
      `select id from tenant where slug = 'rotating'`,
    )) as [{ id: string }];
    const endpointId = randomUUID();
    const context = `webhook_endpoint/${tenantId}/${endpointId}`;
    const signing = 'whsec_dGhlIHNpZ25pbmcgc2VjcmV0IGJlZm9yZSByb3RhdGlvbg==';
    await query(
      `insert into webhook_endpoint (tenant_id, id, url, event_types, secret) values ($1, $2, 'https://h.example.com', '{user.created}', $3)`,
      [tenantId, endpointId, new SecretBox(oldKey).seal(signing, context)],
    );
    const stored = async () =>
      (await query<{ secret: string }>(`select secret from webhook_endpoint where id = $1`, [endpointId]))[0]!
        .secret;

    // The new key alone cannot open what the old one sealed, and says what to do.
    const withoutOld = await runCli(['secrets:reseal'], { ...env, ROLLCALL_SECRETS_KEY: newKey });
    expect(withoutOld.code).toBe(1);
    expect(withoutOld.stderr).toContain('ROLLCALL_SECRETS_PREVIOUS_KEYS');
    expect(withoutOld.stderr).not.toMatch(/\n\s+at /); // a message, not a stack trace
    const rotated = { ...env, ROLLCALL_SECRETS_KEY: newKey, ROLLCALL_SECRETS_PREVIOUS_KEYS: oldKey };
    const resealed = await runCli(['secrets:reseal', '--json'], rotated);
    expect(resealed.code, resealed.stderr).toBe(0);
    expect(JSON.parse(resealed.stdout)).toEqual({ resealed: 1, tenants: { rotating: 1 } });
    expect(new SecretBox(newKey).open(await stored(), context)).toBe(signing); // the old key can go
    const again = await runCli(['secrets:reseal', '--json'], rotated);
    expect(JSON.parse(again.stdout)).toEqual({ resealed: 0, tenants: {} });
    const [audit] = await query<{ action: string }>(
      `select action from audit_event where tenant_id = $1 and action = 'webhook.reseal_secrets'`,
      [tenantId],
    );
    expect(audit).toBeDefined();
  });
});
