import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { hashSecret } from '../src/secrets.js';
import { ScimSettingsService } from '../src/scim/scim-settings.service.js';
import { backdateUsers } from '../src/testing.js';
import { newTenant, testOrm } from './support.js';

const orm = await testOrm();

async function storedTokens(tenantId: string) {
  const client = new pg.Client({ connectionString: inject('databaseUrl') });
  await client.connect();
  try {
    const { rows } = await client.query('select * from scim_token where tenant_id = $1 order by created_at', [
      tenantId,
    ]);
    return rows as { token_hash: string; prefix: string; revoked_at: Date | null }[];
  } finally {
    await client.end();
  }
}

describe(ScimSettingsService.name, () => {
  it('enabling issues a token that is stored only as its hash; regenerating keeps the old one for the overlap', async () => {
    const tenant = await newTenant(orm);
    const { token, settings } = await tenant.run((s) => s.scim.enable());
    expect(token).toMatch(/^rc_scim_[A-Za-z0-9_-]{43}$/);
    expect(settings).toMatchObject({ enabled: true, tokens: [{ prefix: token.slice(0, 14) }] });
    const [stored] = await storedTokens(tenant.id);
    expect(stored!.token_hash).toBe(hashSecret(token));
    expect(JSON.stringify(stored)).not.toContain(token);

    const second = await tenant.run((s) => s.scim.regenerateToken());
    expect(second.token).not.toBe(token);
    // The first token works for a day more; both are listed, newest first.
    expect(second.settings.tokens.map((t) => t.prefix)).toEqual([
      second.token.slice(0, 14),
      token.slice(0, 14),
    ]);
    const overlapEnds = second.settings.tokens[1]!.expiresAt!.getTime() - Date.now();
    expect(overlapEnds).toBeGreaterThan(23.9 * 3600_000);
    expect(overlapEnds).toBeLessThanOrEqual(24 * 3600_000);

    // A third token retires the first now, keeps the second; with overlap 0 nothing is kept.
    const third = await tenant.run((s) => s.scim.regenerateToken());
    expect(third.settings.tokens.map((t) => t.prefix)).toEqual([
      third.token.slice(0, 14),
      second.token.slice(0, 14),
    ]);
    const fourth = await tenant.run((s) => s.scim.regenerateToken({ overlapMinutes: 0 }));
    expect(fourth.settings.tokens.map((t) => t.prefix)).toEqual([fourth.token.slice(0, 14)]);
    const rows = await storedTokens(tenant.id);
    expect(rows.map((r) => r.revoked_at === null)).toEqual([false, false, false, true]);
    await expect(tenant.run((s) => s.scim.regenerateToken({ overlapMinutes: 20_000 }))).rejects.toMatchObject(
      {
        code: 'invalid_input',
      },
    );
  });

  it('disabling clears every token and keeps the users', async () => {
    const tenant = await newTenant(orm);
    await tenant.run((s) => s.scim.enable());
    await tenant.run((s) => s.users.create({ userName: 'kept@x.test' }));
    const off = await tenant.run((s) => s.scim.disable());
    expect(off).toMatchObject({ enabled: false, tokens: [] });
    expect((await storedTokens(tenant.id)).every((r) => r.revoked_at !== null)).toBe(true);
    expect((await tenant.run((s) => s.users.search({}, { limit: 5 }))).items).toHaveLength(1);
  });

  it('saves provider and scope together, audited before → after, and rejects unknown values', async () => {
    const tenant = await newTenant(orm);
    const saved = await tenant.run((s) =>
      s.scim.update({ provider: 'entra_id', userScope: 'idp_users_only' }),
    );
    expect(saved).toMatchObject({ enabled: false, provider: 'entra_id', userScope: 'idp_users_only' });
    await expect(tenant.run((s) => s.scim.update({ provider: 'ldap' as 'okta' }))).rejects.toThrow(
      /provider/,
    );
    const [event] = await tenant.run((s) => s.audit.list({ limit: 1 }));
    expect(event).toMatchObject({
      action: 'scim.settings',
      changes: {
        provider: { before: 'other', after: 'entra_id' },
        userScope: { before: 'all_users', after: 'idp_users_only' },
      },
    });
  });
});

describe('deprovisioning brake limit', () => {
  const idp = { kind: 'idp', id: 'okta-token', label: 'Okta', userScope: 'all_users' } as const;
  it.each([
    { users: 80, maxUsers: 100, maxPercent: 10, passes: 8 }, // the share binds: 10 % of 80
    { users: 20, maxUsers: 6, maxPercent: 50, passes: 6 }, // maxUsers binds (users counted up to 12 only)
    { users: 20, maxUsers: 100, maxPercent: 1, passes: 5 }, // never fewer than 5
  ])('$users users, at most $maxUsers or $maxPercent %: $passes deactivations pass', async (c) => {
    const tenant = await newTenant(orm);
    await tenant.run((s) => s.scim.update({ brakeMaxUsers: c.maxUsers, brakeMaxPercent: c.maxPercent }));
    const ids = await tenant.run(async (s) => {
      const created: string[] = [];
      for (let i = 0; i < c.users; i++)
        created.push((await s.users.create({ userName: `b${i}@brake.test` })).id);
      return created;
    });
    await backdateUsers(inject('databaseUrl'), tenant.id); // the brake protects established users
    let passed = 0;
    for (const id of ids.slice(0, c.passes + 3)) {
      const outcome = await tenant
        .run((s) => s.users.update(id, { active: false }), { actor: idp })
        .then(
          () => 'ok',
          (error: { code?: string }) => error.code,
        );
      if (outcome === 'ok') passed++;
      else expect(outcome).toBe('scim.deprovisioning_held');
    }
    expect(passed).toBe(c.passes);
  });
});
