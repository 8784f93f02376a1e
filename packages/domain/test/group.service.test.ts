import { describe, expect, it } from 'vitest';
import { isDomainError } from '../src/errors.js';
import { GroupService } from '../src/groups/group.service.js';
import { newTenant, testOrm, uniqueName } from './support.js';

const statements: string[] = [];
const orm = await testOrm({ onQuery: (message) => statements.push(message) });

/** Seed users fast, in one statement (the service path is tested elsewhere). */
async function seedUsers(tenant: Awaited<ReturnType<typeof newTenant>>, count: number): Promise<string[]> {
  const rows = await tenant.run(async (s) =>
    (
      s.users as unknown as { scope: { sql: (q: string, p: unknown[]) => Promise<{ id: string }[]> } }
    ).scope.sql(
      `insert into directory_user (tenant_id, id, user_name, origin, managed_by)
       select ?, gen_random_uuid(), 'seed-' || g || '-' || ?, 'idp', 'idp' from generate_series(1, ?) g returning id`,
      [tenant.id, uniqueName(), count],
    ),
  );
  return rows.map((r) => r.id);
}

async function countStatements(work: () => Promise<unknown>): Promise<number> {
  statements.length = 0;
  await work();
  return statements.length;
}

describe(GroupService.name, () => {
  it('adds a member to a 10,000-member group with the same statements as to an empty group', async () => {
    const tenant = await newTenant(orm);
    const [newcomer, another, ...crowd] = await seedUsers(tenant, 10_002);
    const { big, empty } = await tenant.run(async (s) => ({
      big: await s.groups.create({ displayName: 'Everyone' }),
      empty: await s.groups.create({ displayName: 'Nobody yet' }),
    }));
    await tenant.run((s) => s.groups.addMembers(big.id, crowd));

    const intoEmpty = await countStatements(() =>
      tenant.run((s) => s.groups.addMembers(empty.id, [newcomer!])),
    );
    const intoBig = await countStatements(() => tenant.run((s) => s.groups.addMembers(big.id, [newcomer!])));
    expect(intoEmpty).toBeGreaterThan(2);
    expect(intoBig).toBe(intoEmpty);

    const removeSmall = await countStatements(() =>
      tenant.run((s) => s.groups.removeMembers(empty.id, [newcomer!])),
    );
    const removeBig = await countStatements(() =>
      tenant.run((s) => s.groups.removeMembers(big.id, [newcomer!, another!])),
    );
    expect(removeBig).toBe(removeSmall);

    const page = await tenant.run((s) => s.groups.members(big.id, { limit: 5000 }));
    expect(page.items).toHaveLength(1000); // capped at the maximum page size
    expect(page.nextCursor).not.toBeNull();
  });

  it('adds idempotently, removes only the listed members, and bumps the version only on change', async () => {
    const tenant = await newTenant(orm);
    const [u1, u2, u3] = await seedUsers(tenant, 3);
    const group = await tenant.run((s) => s.groups.create({ displayName: uniqueName('group') }));
    const first = await tenant.run((s) => s.groups.addMembers(group.id, [u1!, u2!, u3!, u1!]));
    expect(first.added.sort()).toEqual([u1, u2, u3].sort());
    expect(first.version).toBe(2);
    const again = await tenant.run((s) => s.groups.addMembers(group.id, [u1!]));
    expect(again).toEqual({ version: 2, added: [], removed: [] });
    const removed = await tenant.run((s) => s.groups.removeMembers(group.id, [u2!]));
    expect(removed).toEqual({ version: 3, added: [], removed: [u2] });
    const members = await tenant.run((s) => s.groups.members(group.id, { limit: 10 }));
    expect(members.items.map((m) => m.id).sort()).toEqual([u1, u3].sort());
    const groupsOfU1 = await tenant.run((s) => s.users.groupsOf(u1!));
    expect(groupsOfU1).toEqual([{ id: group.id, displayName: group.displayName }]);
  });

  it('adds nothing when any member id is unknown, and says which', async () => {
    const tenant = await newTenant(orm);
    const other = await newTenant(orm);
    const [mine] = await seedUsers(tenant, 1);
    const [theirs] = await seedUsers(other, 1);
    const group = await tenant.run((s) => s.groups.create({ displayName: uniqueName('group') }));
    const attempt = tenant.run((s) => s.groups.addMembers(group.id, [mine!, theirs!, 'not-a-uuid']));
    await expect(attempt).rejects.toSatisfy(
      (e) =>
        isDomainError(e, 'group.member_not_found') &&
        JSON.stringify(e.details) === JSON.stringify({ ids: ['not-a-uuid', theirs] }),
    );
    expect((await tenant.run((s) => s.groups.members(group.id, { limit: 10 }))).items).toEqual([]);
  });

  it('renames without touching members, case-insensitively unique, with version checks', async () => {
    const tenant = await newTenant(orm);
    const [u1] = await seedUsers(tenant, 1);
    const group = await tenant.run((s) => s.groups.create({ displayName: 'Sales' }));
    await tenant.run((s) => s.groups.create({ displayName: 'Marketing' }));
    await tenant.run((s) => s.groups.addMembers(group.id, [u1!]));
    const renamed = await tenant.run((s) =>
      s.groups.update(group.id, { change: { displayName: 'Sales EMEA' } }, { ifVersion: 2 }),
    );
    expect(renamed).toMatchObject({ displayName: 'Sales EMEA', version: 3 });
    expect(
      (await tenant.run((s) => s.groups.members(group.id, { limit: 10 }))).items.map((m) => m.id),
    ).toEqual([u1]);
    await expect(
      tenant.run((s) => s.groups.update(group.id, { change: { displayName: 'MARKETING' } })),
    ).rejects.toSatisfy((e) => isDomainError(e, 'group.display_name_taken'));
    await expect(tenant.run((s) => s.groups.create({ displayName: 'sales emea' }))).rejects.toSatisfy((e) =>
      isDomainError(e, 'group.display_name_taken'),
    );
    await expect(tenant.run((s) => s.groups.addMembers(group.id, [], { ifVersion: 1 }))).rejects.toSatisfy(
      (e) => isDomainError(e, 'version_mismatch'),
    );
  });

  it('deleting a user or a group removes the memberships, and audits both', async () => {
    const tenant = await newTenant(orm);
    const [u1, u2] = await seedUsers(tenant, 2);
    const group = await tenant.run((s) => s.groups.create({ displayName: uniqueName('group') }));
    await tenant.run((s) => s.groups.addMembers(group.id, [u1!, u2!]));
    await tenant.run((s) => s.users.remove(u1!));
    expect(
      (await tenant.run((s) => s.groups.members(group.id, { limit: 10 }))).items.map((m) => m.id),
    ).toEqual([u2]);
    await tenant.run((s) => s.groups.remove(group.id));
    await expect(tenant.run((s) => s.groups.get(group.id))).rejects.toSatisfy((e) =>
      isDomainError(e, 'group.not_found'),
    );
    expect(await tenant.run((s) => s.users.groupsOf(u2!))).toEqual([]);
    const actions = (await tenant.run((s) => s.audit.list({ limit: 20 }))).map((e) => e.action);
    expect(actions).toEqual(['group.delete', 'user.delete', 'group.members', 'group.create']);
  });
});
