import { describe, expect, it } from 'vitest';
import { isDomainError } from '../src/errors.js';
import { UserService } from '../src/users/user.service.js';
import { newTenant, testOrm, uniqueName } from './support.js';

const orm = await testOrm();

describe(UserService.name, () => {
  it('creates a user with every attribute and reads it back', async () => {
    const tenant = await newTenant(orm);
    const created = await tenant.run((s) =>
      s.users.create({
        userName: 'Ada.Lovelace@example.com',
        externalId: 'ext-1',
        givenName: 'Ada',
        familyName: 'Lovelace',
        emails: [{ value: 'ada@example.com', type: 'work', primary: true }],
        addresses: [{ type: 'work', formatted: '1 Analytical Way' }],
        department: 'Engines',
      }),
    );
    expect(created).toMatchObject({
      userName: 'Ada.Lovelace@example.com',
      origin: 'console',
      version: 1,
      active: true,
    });
    const read = await tenant.run((s) => s.users.get(created.id));
    expect(read.emails).toEqual([{ value: 'ada@example.com', type: 'work', primary: true }]);
    expect(read.department).toBe('Engines');
  });

  it('treats userName as unique per tenant, case-insensitively', async () => {
    const tenant = await newTenant(orm);
    await tenant.run((s) => s.users.create({ userName: 'Grace@Example.com' }));
    const again = tenant.run((s) => s.users.create({ userName: 'grace@example.COM' }));
    await expect(again).rejects.toSatisfy((e) => isDomainError(e, 'user.username_taken'));
    // Another tenant may use the same login ID.
    const other = await newTenant(orm);
    await expect(other.run((s) => s.users.create({ userName: 'grace@example.com' }))).resolves.toBeDefined();
  });

  it('lets exactly one of many concurrent creates of one userName win', async () => {
    const tenant = await newTenant(orm);
    const name = uniqueName();
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) =>
        tenant.run((s) => s.users.create({ userName: i % 2 ? name.toUpperCase() : name })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    for (const r of results.filter((r): r is PromiseRejectedResult => r.status === 'rejected')) {
      expect(isDomainError(r.reason, 'user.username_taken'), String(r.reason)).toBe(true);
    }
    const page = await tenant.run((s) =>
      s.users.search({ userNameKey: name.toLowerCase() }, { limit: 10, withTotal: true }),
    );
    expect(page.total).toBe(1);
  });

  it('refuses a stale version and changes nothing', async () => {
    const tenant = await newTenant(orm);
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName(), title: 'Engineer' }));
    const updated = await tenant.run((s) => s.users.update(user.id, { title: 'Lead' }, { ifVersion: 1 }));
    expect(updated.version).toBe(2);
    const stale = tenant.run((s) => s.users.update(user.id, { title: 'Intern' }, { ifVersion: 1 }));
    await expect(stale).rejects.toSatisfy((e) => isDomainError(e, 'version_mismatch'));
    expect(await tenant.run((s) => s.users.get(user.id))).toMatchObject({ title: 'Lead', version: 2 });
  });

  it('loses no update when mutators run concurrently on one user', async () => {
    const tenant = await newTenant(orm);
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName(), roles: [] }));
    await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        tenant.run((s) =>
          s.users.update(user.id, (current) => ({ roles: [...current.roles, { value: `role-${i}` }] })),
        ),
      ),
    );
    const final = await tenant.run((s) => s.users.get(user.id));
    expect(final.roles.map((r) => r.value).sort()).toEqual(
      Array.from({ length: 10 }, (_, i) => `role-${i}`).sort(),
    );
    expect(final.version).toBe(11);
  });

  it('writes nothing for a change that changes nothing', async () => {
    const tenant = await newTenant(orm);
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName(), title: 'Same' }));
    const after = await tenant.run((s) => s.users.update(user.id, { title: 'Same' }));
    expect(after.version).toBe(1);
  });

  it('rejects invalid input with every problem listed and writes nothing', async () => {
    const tenant = await newTenant(orm);
    const bad = tenant.run((s) =>
      s.users.create({
        userName: '  ',
        emails: [
          { value: 'a', primary: true },
          { value: 'b', primary: true },
        ],
      }),
    );
    await expect(bad).rejects.toSatisfy(
      (e) => isDomainError(e, 'invalid_input') && /userName/.test(e.message) && /emails/.test(e.message),
    );
    expect((await tenant.run((s) => s.users.search({}, { limit: 1, withTotal: true }))).total).toBe(0);
  });

  it('answers not found for unknown and non-UUID ids', async () => {
    const tenant = await newTenant(orm);
    for (const id of ['00919288221112222', '0190b2a4-0000-7000-8000-000000000000']) {
      await expect(tenant.run((s) => s.users.get(id))).rejects.toSatisfy((e) =>
        isDomainError(e, 'user.not_found'),
      );
      await expect(tenant.run((s) => s.users.update(id, { title: 'x' }))).rejects.toSatisfy((e) =>
        isDomainError(e, 'user.not_found'),
      );
    }
  });

  it('writes an audit event with before → after in the same transaction as the change', async () => {
    const tenant = await newTenant(orm);
    const user = await tenant.run((s) => s.users.create({ userName: uniqueName(), title: 'A' }));
    await tenant.run((s) => s.users.update(user.id, { title: 'B' }), {
      actor: { kind: 'admin', id: 'admin-1', label: 'ada@example.com' },
      requestId: 'req-1',
      dialect: 'okta',
    });
    // A failing change (unique violation) leaves no audit event behind.
    await tenant.run((s) => s.users.create({ userName: 'taken' }));
    await expect(tenant.run((s) => s.users.update(user.id, { userName: 'TAKEN' }))).rejects.toThrow();
    const events = await tenant.run((s) => s.audit.list({ targetId: user.id, limit: 10 }));
    expect(events.map((e) => e.action)).toEqual(['user.update', 'user.create']);
    expect(events[0]).toMatchObject({
      actor: { kind: 'admin', id: 'admin-1', label: 'ada@example.com' },
      requestId: 'req-1',
      dialect: 'okta',
      changes: { title: { before: 'A', after: 'B' } },
    });
  });

  it('pages with a stable order and with a keyset cursor, without gaps or repeats', async () => {
    const tenant = await newTenant(orm);
    for (let i = 0; i < 7; i++) await tenant.run((s) => s.users.create({ userName: `p${i}@x.test` }));
    const seen: string[] = [];
    let after: string | undefined;
    do {
      const page = await tenant.run((s) =>
        s.users.search(
          {},
          { limit: 3, ...(after ? { after } : { after: '00000000-0000-0000-0000-000000000000' }) },
        ),
      );
      seen.push(...page.items.map((u) => u.userName));
      after = page.nextCursor ?? undefined;
    } while (after);
    expect(seen.sort()).toEqual(Array.from({ length: 7 }, (_, i) => `p${i}@x.test`));
    const offsetPages = await Promise.all(
      [0, 3, 6].map((offset) =>
        tenant.run((s) => s.users.search({}, { limit: 3, offset }, { field: 'userName', direction: 'asc' })),
      ),
    );
    expect(offsetPages.flatMap((p) => p.items.map((u) => u.userName))).toEqual(
      Array.from({ length: 7 }, (_, i) => `p${i}@x.test`),
    );
  });
});
