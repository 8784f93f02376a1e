import { describe, expect, it } from 'vitest';
import { newUserName, PATCH, scimTestServer, USER, type TestTenant } from '../support/scim.js';

// SCIM user writes are pipelined (two round trips for a PATCH): every guarantee of the transactional
// path must still hold when requests race. Each tenant first makes one request, so the server knows its
// token and the writes below take the pipelined path.
const { newTenant } = scimTestServer();

const replace = (path: string, value: unknown) => ({
  schemas: [PATCH],
  Operations: [{ op: 'replace', path, value }],
});

async function warmTenant(): Promise<TestTenant> {
  const tenant = await newTenant();
  expect((await tenant.scim('GET', '/Users?count=1')).status).toBe(200);
  return tenant;
}

const statuses = (responses: { status: number }[]) => responses.map((r) => r.status).sort((a, b) => a - b);

describe('concurrent SCIM user writes', () => {
  it('two PATCHes with the same If-Match: one applies, the other gets 412, and the version moves once', async () => {
    const tenant = await warmTenant();
    const user = await tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName() });
    const etag = user.headers.get('etag')!;
    const answers = await Promise.all(
      ['First', 'Second'].map((name) =>
        tenant.scim('PATCH', `/Users/${user.body.id}`, replace('displayName', name), { 'If-Match': etag }),
      ),
    );
    expect(statuses(answers)).toEqual([200, 412]);
    const winner = answers.find((a) => a.status === 200)!;
    const now = await tenant.scim('GET', `/Users/${user.body.id}`);
    expect(now.body.displayName).toBe(winner.body.displayName);
    expect(now.body.meta.version).toBe(`W/"${user.body.meta.version.match(/\d+/)[0] * 1 + 1}"`);
    const audit = await tenant.run((s) => s.audit.list({ targetId: user.body.id, limit: 10 }));
    expect(audit.map((e) => e.action).sort()).toEqual(['user.create', 'user.update']);
  });

  it('concurrent PATCHes of one user without If-Match: none is lost, each is one version and one audit event', async () => {
    const tenant = await warmTenant();
    const user = await tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName() });
    // Each adds its own phone number with Add (read-modify-write under the row lock).
    const answers = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        tenant.scim('PATCH', `/Users/${user.body.id}`, {
          schemas: [PATCH],
          Operations: [{ op: 'add', path: 'phoneNumbers', value: [{ value: `+1555000${i}`, type: 'work' }] }],
        }),
      ),
    );
    expect(new Set(answers.map((a) => a.status))).toEqual(new Set([200]));
    const now = await tenant.scim('GET', `/Users/${user.body.id}`);
    expect(now.body.phoneNumbers).toHaveLength(12);
    expect(now.body.meta.version).toBe('W/"13"');
    const audit = await tenant.run((s) => s.audit.list({ targetId: user.body.id, limit: 50 }));
    expect(audit.filter((e) => e.action === 'user.update')).toHaveLength(12);
  });

  it('concurrent creates of one new userName: exactly one 201, the rest 409 uniqueness, one user', async () => {
    const tenant = await warmTenant();
    const userName = newUserName('race');
    const answers = await Promise.all(
      Array.from({ length: 8 }, () => tenant.scim('POST', '/Users', { schemas: [USER], userName })),
    );
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409, 409, 409, 409]);
    for (const refused of answers.filter((a) => a.status === 409))
      expect(refused.body).toMatchObject({ scimType: 'uniqueness' });
    const found = await tenant.scim(
      'GET',
      `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`,
    );
    expect(found.body.totalResults).toBe(1);
    const audit = await tenant.run((s) => s.audit.list({ action: 'user.create', limit: 50 }));
    expect(audit.filter((e) => e.targetId === found.body.Resources[0].id)).toHaveLength(1);
    expect(audit.filter((e) => e.changes['userName']?.after === userName)).toHaveLength(1);
  });

  it('creates racing to take over a console user: one takes it over (same id), the rest 409', async () => {
    const tenant = await warmTenant();
    const consoleUser = await tenant.run((s) => s.users.create({ userName: newUserName('console') }));
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        tenant.scim('POST', '/Users', { schemas: [USER], userName: consoleUser.userName.toUpperCase() }),
      ),
    );
    expect(statuses(answers)).toEqual([201, 409, 409, 409, 409, 409]);
    expect(answers.find((a) => a.status === 201)!.body.id).toBe(consoleUser.id);
    const after = await tenant.run((s) => s.users.get(consoleUser.id));
    expect(after).toMatchObject({ managedBy: 'idp', version: consoleUser.version + 1 });
    const audit = await tenant.run((s) => s.audit.list({ targetId: consoleUser.id, limit: 10 }));
    expect(audit.filter((e) => e.action === 'user.takeover')).toHaveLength(1);
  });

  it('a token revoked mid-load: each write before it applies, each after it is 401, none is a 500', async () => {
    const tenant = await warmTenant();
    const user = await tenant.scim('POST', '/Users', { schemas: [USER], userName: newUserName() });
    let revoked = false;
    const after: number[] = [];
    const seen: number[] = [];
    const load = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = 0; i < 25; i++) {
        const sentAfterRevocation = revoked;
        const { status } = await tenant.scim(
          'PATCH',
          `/Users/${user.body.id}`,
          replace('title', `w${worker}-${i}`),
        );
        seen.push(status);
        if (sentAfterRevocation) after.push(status);
      }
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    await tenant.run((s) => s.scim.disable());
    revoked = true;
    await Promise.all(load);
    expect(seen.filter((s) => s !== 200 && s !== 401)).toEqual([]);
    expect(after.length).toBeGreaterThan(0);
    expect(after.every((s) => s === 401)).toBe(true);
    // What was acknowledged is what was written: one audit event per 200.
    const audit = await tenant.run((s) => s.audit.list({ targetId: user.body.id, limit: 200 }));
    expect(audit.filter((e) => e.action === 'user.update')).toHaveLength(
      seen.filter((s) => s === 200).length,
    );
  });
});
