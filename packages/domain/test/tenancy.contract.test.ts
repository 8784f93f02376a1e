import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, inject, it } from 'vitest';
import { isDomainError } from '../src/errors.js';
import { SecretBox } from '../src/webhooks/secret-box.js';
import { tenantOwnedTables } from '../src/migrations/tenant-owned-tables.js';
import type { Services } from '../src/services.js';
import { withTenant } from '../src/tenancy/with-tenant.js';
import { systemActor } from '../src/tenancy/actor.js';
import { newTenant, testOrm, uniqueName } from './support.js';

const orm = await testOrm();
const boxKey = randomBytes(32).toString('base64');
const box = new SecretBox(boxKey);

/** Tenant A with one of everything; tenant B knows A's ids and tries every service method on them. */
async function twoTenants() {
  const a = await newTenant(orm);
  const b = await newTenant(orm);
  const seed = await a.run(async (s) => {
    const { endpoint: webhook } = await s.webhooks.createEndpoint(
      { url: 'https://hooks.example.com/rollcall', eventTypes: ['user.created', 'group.created'] },
      { allowPrivateNetworks: false },
      box,
    );
    const badge = await s.customAttributes.declare({
      schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
      name: 'badgeNumber',
      type: 'string',
      uniqueness: 'server',
    });
    const user = await s.users.create({
      userName: uniqueName(),
      externalId: 'shared-ext',
      emails: [{ value: 'w@a.test', type: 'work' }],
      customAttributes: { [badge.id]: 'B-1' },
    });
    const group = await s.groups.create({ displayName: 'Engineering' });
    await s.groups.addMembers(group.id, [user.id]);
    const { admin } = await s.admins.create({
      email: 'owner@a.test',
      role: 'owner',
      password: 'correct horse battery',
    });
    await s.admins.create({ email: 'second@a.test', role: 'owner', password: 'correct horse battery' });
    const { key: apiKey, apiKey: keyInfo } = await s.apiKeys.create({ name: 'CI', role: 'admin' });
    const { secret: session } = await s.auth.login(
      { email: 'owner@a.test', password: 'correct horse battery', clientAddress: null, userAgent: null },
      policy,
    );
    await s.scim.enable();
    await s.scim.update({ userScope: 'idp_users_only' });
    await s.requestLog.record([
      { ...logEntry('/Users', 200), ignoredAttributes: [{ resourceType: 'User', name: 'favoriteColor' }] },
    ]);
    const [delivery] = await s.webhooks.deliveries(webhook.id, { limit: 1 });
    return {
      user,
      group,
      admin,
      apiKey,
      keyId: keyInfo.id,
      session,
      webhook: webhook.id,
      delivery: delivery!.id,
      customAttribute: badge.id,
    };
  });
  // An IdP create colliding with A's console user opens a conflict in A's inbox.
  const idp = { kind: 'idp', id: null, label: 'Okta', userScope: 'idp_users_only' } as const;
  await a
    .run((s) => s.users.create({ userName: seed.user.userName }), { actor: { ...idp, id: seed.keyId } })
    .catch(() => undefined);
  const [conflict] = await a.run((s) => s.conflicts.list('open'));
  return { a, b, ...seed, conflict: conflict!.id };
}

/** A SCIM request log line with nothing but a path and a status. */
const logEntry = (path: string, status: number) => ({
  at: new Date(),
  method: 'GET',
  path,
  status,
  scimType: null,
  durationMs: 1,
  tokenPrefix: null,
  dialect: null,
  requestId: null,
  userAgent: null,
  requestBody: null,
  responseBody: null,
});

const policy = {
  sessionTtlSeconds: 3600,
  perAccount: { limit: 5, seconds: 900 },
  perAddress: { limit: 20, seconds: 900 },
};

type Ids = {
  user: string;
  group: string;
  admin: string;
  apiKey: string;
  keyId: string;
  session: string;
  conflict: string;
  webhook: string;
  delivery: string;
  customAttribute: string;
};
type Attempt = (s: Services, ids: Ids) => Promise<unknown>;

/** Every service method, called as tenant B with tenant A's ids: each must be "not found" or empty. */
const crossTenantAttempts: Record<
  string,
  { call: Attempt; expect: 'not_found' | 'empty' | 'own_only' | 'invalid_credentials' }
> = {
  'users.get': { call: (s, id) => s.users.get(id.user), expect: 'not_found' },
  'users.update': { call: (s, id) => s.users.update(id.user, { title: 'pwned' }), expect: 'not_found' },
  'users.update(mutator)': {
    call: (s, id) => s.users.update(id.user, () => ({ active: false })),
    expect: 'not_found',
  },
  'users.updateWithGroups': {
    call: (s, id) => s.users.updateWithGroups(id.user, { title: 'pwned' }),
    expect: 'not_found',
  },
  'users.remove': { call: (s, id) => s.users.remove(id.user), expect: 'not_found' },
  'users.takeoverPreview': { call: (s) => s.users.takeoverPreview().then((p) => p.users), expect: 'empty' },
  'users.setKeepConsoleManaged': {
    call: (s, id) => s.users.setKeepConsoleManaged(id.user, true),
    expect: 'not_found',
  },
  'users.getWithGroups': { call: (s, id) => s.users.getWithGroups(id.user), expect: 'not_found' },
  'users.groupsOf': { call: (s, id) => s.users.groupsOf(id.user), expect: 'not_found' },
  'users.groupsOfMany': {
    call: (s, id) => s.users.groupsOfMany([id.user]).then((m) => [...m.values()].flat()),
    expect: 'empty',
  },
  'users.search': {
    call: (s) =>
      s.users
        .search(
          { $or: [{ externalId: 'shared-ext' }, { workEmailKey: 'w@a.test' }] },
          { limit: 10, withTotal: true },
        )
        .then((p) => [...p.items, ...(p.total ? [p.total] : [])]),
    expect: 'empty',
  },
  'users.search(custom attribute)': {
    call: (s, id) =>
      s.users
        .search(
          { $custom: { attribute: id.customAttribute, type: 'string', op: 'eq', value: 'b-1' } },
          { limit: 10 },
        )
        .then((p) => p.items),
    expect: 'empty',
  },
  'retention.get': {
    call: (s) => s.retention.get({ requestLogDays: 30, webhookDays: 30, auditDays: 400 }),
    expect: 'own_only',
  },
  'retention.update': {
    call: (s) =>
      s.retention.update({ auditDays: 1 }, { requestLogDays: 30, webhookDays: 30, auditDays: 400 }),
    expect: 'own_only',
  },
  'retention.exportBatch(requests)': {
    call: (s) =>
      s.retention
        .exportBatch('requests', {}, '00000000-0000-0000-0000-000000000000', 100)
        .then((rows) => rows.filter((r) => r['path'] === '/Users')),
    expect: 'empty',
  },
  'retention.exportBatch(audit)': {
    call: (s, id) =>
      s.retention
        .exportBatch('audit', {}, '00000000-0000-0000-0000-000000000000', 100)
        .then((rows) => rows.filter((r) => r['targetId'] === id.user)),
    expect: 'empty',
  },
  'retention.measureUsage': {
    call: (s) =>
      s.retention.measureUsage({
        request_log: 1,
        webhook_delivery: 1,
        audit_event: 1,
        session: 1,
        user: 1,
        group: 1,
        group_member: 1,
      }),
    expect: 'own_only',
  },
  'retention.usage': { call: (s) => s.retention.usage(), expect: 'empty' },
  'retention.recordExport': { call: (s) => s.retention.recordExport('workspace'), expect: 'own_only' },
  // A period that ends in the future ages every row: only B's may go.
  ...Object.fromEntries(
    (['request_log', 'webhook_delivery', 'audit_event', 'session'] as const).map((kind) => [
      `retention.pruneBatch(${kind})`,
      {
        call: (s: Services) =>
          s.retention.pruneBatch(kind, { requestLogDays: -1, webhookDays: -1, auditDays: -1 }, 1000),
        expect: 'own_only' as const,
      },
    ]),
  ),
  'customAttributes.list': { call: (s) => s.customAttributes.list(), expect: 'empty' },
  'customAttributes.schema': {
    call: (s) => s.customAttributes.schema().then((x) => x.attributes),
    expect: 'empty',
  },
  'customAttributes.declare': {
    call: (s) =>
      s.customAttributes.declare({
        schema: 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
        name: 'badgeNumber',
        type: 'string',
      }),
    expect: 'own_only',
  },
  'customAttributes.update': {
    call: (s, id) => s.customAttributes.update(id.customAttribute, { description: 'pwned' }),
    expect: 'not_found',
  },
  'customAttributes.remove': {
    call: (s, id) => s.customAttributes.remove(id.customAttribute),
    expect: 'not_found',
  },
  'groups.memberCounts': {
    call: (s, id) => s.groups.memberCounts([id.group]).then((counts) => [...counts.values()]),
    expect: 'empty',
  },
  'groups.get': { call: (s, id) => s.groups.get(id.group), expect: 'not_found' },
  'groups.update': {
    call: (s, id) => s.groups.update(id.group, { change: { displayName: 'pwned' } }),
    expect: 'not_found',
  },
  'groups.remove': { call: (s, id) => s.groups.remove(id.group), expect: 'not_found' },
  'groups.members': { call: (s, id) => s.groups.members(id.group, { limit: 10 }), expect: 'not_found' },
  'groups.addMembers': { call: (s, id) => s.groups.addMembers(id.group, []), expect: 'not_found' },
  'groups.removeMembers': {
    call: (s, id) => s.groups.removeMembers(id.group, [id.user]),
    expect: 'not_found',
  },
  'groups.search': {
    call: (s) => s.groups.search({ displayNameKey: 'engineering' }, { limit: 10 }).then((p) => p.items),
    expect: 'empty',
  },
  'admins.get': { call: (s, id) => s.admins.get(id.admin), expect: 'not_found' },
  'admins.list': { call: (s) => s.admins.list(), expect: 'empty' },
  'admins.changeRole': { call: (s, id) => s.admins.changeRole(id.admin, 'viewer'), expect: 'not_found' },
  'admins.remove': { call: (s, id) => s.admins.remove(id.admin), expect: 'not_found' },
  'admins.changePassword': {
    call: (s, id) => s.admins.changePassword(id.admin, 'correct horse battery', 'another long one!'),
    expect: 'not_found',
  },
  'apiKeys.list': { call: (s) => s.apiKeys.list(), expect: 'empty' },
  'apiKeys.revoke': { call: (s, id) => s.apiKeys.revoke(id.keyId), expect: 'not_found' },
  'apiKeys.create': { call: (s) => s.apiKeys.create({ name: 'CI', role: 'owner' }), expect: 'own_only' },
  'auth.apiKey': { call: (s, id) => s.auth.apiKey(id.apiKey).then((p) => (p ? [p] : [])), expect: 'empty' },
  'auth.session': {
    call: (s, id) => s.auth.session(id.session).then((p) => (p ? [p] : [])),
    expect: 'empty',
  },
  'auth.credential(api_key)': {
    call: (s, id) => s.auth.credential('api_key', id.apiKey).then((c) => (c ? [c] : [])),
    expect: 'empty',
  },
  'auth.credential(session)': {
    call: (s, id) => s.auth.credential('session', id.session).then((c) => (c ? [c] : [])),
    expect: 'empty',
  },
  'auth.logout': { call: (s, id) => s.auth.logout(id.session), expect: 'own_only' },
  'auth.login': {
    call: (s) =>
      s.auth.login(
        { email: 'owner@a.test', password: 'correct horse battery', clientAddress: null, userAgent: null },
        policy,
      ),
    expect: 'invalid_credentials',
  },
  'audit.list': { call: (s) => s.audit.list({ limit: 100 }), expect: 'empty' },
  'requestLog.list': { call: (s) => s.requestLog.list({ limit: 100 }), expect: 'empty' },
  'users.searchWithGroups': {
    call: (s) => s.users.searchWithGroups({}, { limit: 100 }).then((p) => p.items),
    expect: 'empty',
  },
  'groups.membersOfMany': {
    call: (s, id) => s.groups.membersOfMany([id.group]).then((m) => m.get(id.group) ?? []),
    expect: 'empty',
  },
  'requestLog.ignoredAttributes': { call: (s) => s.requestLog.ignoredAttributes(), expect: 'empty' },
  'requestLog.record': {
    call: (s) => s.requestLog.record([logEntry('/x', 401)]),
    expect: 'own_only',
  },
  'scim.get': {
    call: (s) => s.scim.get().then((x) => (x.enabled || x.tokens.length ? [x] : [])),
    expect: 'empty',
  },
  'scim.disable': { call: (s) => s.scim.disable(), expect: 'own_only' },
  'scim.update': { call: (s) => s.scim.update({ provider: 'okta' }), expect: 'own_only' },
  'scim.regenerateToken': { call: (s) => s.scim.regenerateToken(), expect: 'own_only' },
  'conflicts.list': { call: (s) => s.conflicts.list(), expect: 'empty' },
  'conflicts.link': { call: (s, id) => s.conflicts.link(id.conflict), expect: 'not_found' },
  'conflicts.dismiss': { call: (s, id) => s.conflicts.dismiss(id.conflict), expect: 'not_found' },
  'scim.health': {
    call: (s) => s.scim.health().then((h) => h.hourly.filter((b) => b.requests > 0)),
    expect: 'empty',
  },
  'scim.issueSelfCheckToken': {
    call: async (s) => {
      await s.scim.enable(); // B's own SCIM: a self-check token needs it on
      await s.scim.issueSelfCheckToken();
    },
    expect: 'own_only',
  },
  'scim.revokeSelfCheckToken': {
    call: async (s) => {
      // A's token ids are unknown to B; B revoking its own works and touches nothing of A.
      const { id } = await (await s.scim.enable(), s.scim.issueSelfCheckToken());
      await s.scim.revokeSelfCheckToken(id);
    },
    expect: 'own_only',
  },
  'scim.attention': {
    call: (s) => s.scim.attention().then((a) => (a.openConflicts ? ['leak'] : [])),
    expect: 'empty',
  },
  'scim.releaseDeprovisioningHold': { call: (s) => s.scim.releaseDeprovisioningHold(), expect: 'own_only' },
  'scim.revokePreviousToken': { call: (s) => s.scim.revokePreviousToken(), expect: 'own_only' },
  'scim.enable': { call: (s) => s.scim.enable(), expect: 'own_only' },
  'admins.create': {
    call: (s) => s.admins.create({ email: 'owner@a.test', role: 'owner', password: 'another long password' }),
    expect: 'own_only',
  },
  'users.create': { call: (s) => s.users.create({ userName: 'x' }), expect: 'own_only' },
  'users.createWithGroups': {
    call: (s) => s.users.createWithGroups({ userName: 'y' }).then((r) => r.user),
    expect: 'own_only',
  },
  'webhooks.listEndpoints': { call: (s) => s.webhooks.listEndpoints(), expect: 'empty' },
  'webhooks.createEndpoint': {
    call: (s) =>
      s.webhooks.createEndpoint(
        { url: 'https://hooks.example.com/b', eventTypes: ['user.created'] },
        { allowPrivateNetworks: false },
        box,
      ),
    expect: 'own_only',
  },
  'webhooks.updateEndpoint': {
    call: (s, id) =>
      s.webhooks.updateEndpoint(
        id.webhook,
        { url: 'https://evil.example.com/' },
        { allowPrivateNetworks: true },
      ),
    expect: 'not_found',
  },
  'webhooks.removeEndpoint': { call: (s, id) => s.webhooks.removeEndpoint(id.webhook), expect: 'not_found' },
  'webhooks.rotateSecret': { call: (s, id) => s.webhooks.rotateSecret(id.webhook, box), expect: 'not_found' },
  'webhooks.resealSecrets': {
    call: (s) => s.webhooks.resealSecrets(new SecretBox(randomBytes(32).toString('base64'), [boxKey])),
    expect: 'own_only',
  },
  'webhooks.deliveries': {
    call: (s, id) => s.webhooks.deliveries(id.webhook, { limit: 10 }),
    expect: 'not_found',
  },
  'webhooks.retryDelivery': { call: (s, id) => s.webhooks.retryDelivery(id.delivery), expect: 'not_found' },
  'webhooks.sendTest': { call: (s, id) => s.webhooks.sendTest(id.webhook), expect: 'not_found' },
  'webhooks.forDelivery': { call: (s, id) => s.webhooks.forDelivery([id.delivery], box), expect: 'empty' },
  'webhooks.recordAttempts': {
    call: (s, id) =>
      s.webhooks.recordAttempts(
        [{ id: id.delivery, ok: false, status: 500, error: 'pwned', retryAfterMs: null }],
        [],
        { baseMs: 1000, maxMs: 1000, maxAttempts: 1 },
      ),
    expect: 'own_only',
  },
  'groups.create': { call: (s) => s.groups.create({ displayName: 'Engineering' }), expect: 'own_only' },
};

/** Helpers behind the public methods (TypeScript `private` is still a property at run time). */
const internals = [
  'limiter',
  'find',
  'assertAnotherOwner',
  'em',
  'idp',
  'actorOrigin',
  'visible',
  'decide',
  'revoke',
  'workingTokens',
  'idpUsersOnly',
  'read',
  'claim',
  'write',
  'lock',
  'lockWhere',
  'countMatching',
  'createReturning',
  'updateReturning',
  'withManager',
  'flush',
  'row',
  'snapshot',
  'issue',
  'revokeAll',
  'changeMembers',
  'restrictedToIdpUsers',
  'endpoint',
  'delivery',
  'auditEndpoint',
  'secretContext',
  'snapshotOf',
  'countIgnored',
  'searchRows',
  'touched',
  'current',
  'get',
  'changed',
  'declared',
  'checkedCustom',
  'perCustomAttribute',
];

describe('tenancy contract', () => {
  it('covers every service method', async () => {
    const tenant = await newTenant(orm);
    const methods = await tenant.run(async (s) =>
      Object.entries(s).flatMap(([service, instance]) =>
        Object.getOwnPropertyNames(Object.getPrototypeOf(instance))
          .filter((name) => name !== 'constructor' && !name.startsWith('_'))
          .filter((name) => typeof (instance as Record<string, unknown>)[name] === 'function')
          .filter((name) => !internals.includes(name))
          .map((name) => `${service}.${name}`),
      ),
    );
    const covered = new Set(Object.keys(crossTenantAttempts).map((k) => k.replace(/\(.*\)$/, '')));
    expect(methods.filter((m) => !covered.has(m))).toEqual([]);
  });

  it.each(Object.entries(crossTenantAttempts))(
    '%s as tenant B never reaches tenant A',
    async (_name, attempt) => {
      const {
        a,
        b,
        user,
        group,
        admin,
        apiKey,
        keyId,
        session,
        conflict,
        webhook,
        delivery,
        customAttribute,
      } = await twoTenants();
      const ids = {
        user: user.id,
        group: group.id,
        admin: admin.id,
        apiKey,
        keyId,
        session,
        conflict,
        webhook,
        delivery,
        customAttribute,
      };
      const before = await snapshotOf(a.run.bind(a), ids);
      const outcome = await b
        .run((s) => attempt.call(s, ids))
        .then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        );
      if (attempt.expect === 'invalid_credentials') {
        expect(
          'error' in outcome && isDomainError(outcome.error, 'auth.invalid_credentials'),
          JSON.stringify(outcome),
        ).toBe(true);
      } else if (attempt.expect === 'not_found') {
        expect(
          'error' in outcome && isDomainError(outcome.error) && outcome.error.code.endsWith('not_found'),
          JSON.stringify(outcome),
        ).toBe(true);
      } else if (attempt.expect === 'empty') {
        expect('value' in outcome ? outcome.value : outcome).toEqual([]);
      } else {
        expect('error' in outcome ? String(outcome.error) : 'ok').toBe('ok');
      }
      // Whatever B did, A's data is exactly as it was.
      expect(await snapshotOf(a.run.bind(a), ids)).toEqual(before);
    },
  );

  it('row-level security refuses raw SQL without the tenant, or with another tenant', async () => {
    const { a, b } = await twoTenants();
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      for (const setting of [null, b.id]) {
        await client.query('begin');
        await client.query(`select set_config('role', 'rollcall_app', true)`);
        if (setting) await client.query(`select set_config('rollcall.tenant_id', $1, true)`, [setting]);
        for (const table of tenantOwnedTables) {
          const { rows } = await client.query(
            `select count(*)::int as n from ${table} where tenant_id = $1`,
            [a.id],
          );
          expect(rows[0].n, `${table} with tenant setting ${setting}`).toBe(0);
        }
        await expect(
          client.query(
            `insert into directory_group (tenant_id, id, display_name, origin, managed_by) values ($1, gen_random_uuid(), 'x', 'idp', 'idp')`,
            [a.id],
          ),
        ).rejects.toThrow(/row-level security/);
        await client.query('rollback');
      }
    } finally {
      await client.end();
    }
  });

  it('runs tenant work as the app role, which row-level security applies to', async () => {
    const tenant = await newTenant(orm);
    const [row] = await withTenant(orm, tenant.id, { actor: systemActor('test') }, (s) =>
      (
        s.users as unknown as { scope: { sql: (q: string) => Promise<{ role: string; tenant: string }[]> } }
      ).scope.sql(`select current_user as role, current_setting('rollcall.tenant_id') as tenant`),
    );
    expect(row).toEqual({ role: 'rollcall_app', tenant: tenant.id });
  });

  it('the ORM refuses tenant-owned reads without a tenant', async () => {
    const em = orm.em.fork();
    const { User } = await import('../src/users/user.entity.js');
    await expect(em.find(User, {})).rejects.toThrow("No arguments provided for filter 'tenant'");
  });

  it('every tenant-owned table has tenant_id leading every unique index, and a forced RLS policy', async () => {
    const client = new pg.Client({ connectionString: inject('databaseUrl') });
    await client.connect();
    try {
      const { rows: tables } = await client.query<{
        table: string;
        rls: boolean;
        forced: boolean;
        policies: number;
      }>(`
        select c.relname as table, c.relrowsecurity as rls, c.relforcerowsecurity as forced,
               (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
          from pg_class c join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id'
         where c.relkind = 'r' and c.relnamespace = 'public'::regnamespace and c.relname <> 'tenant'`);
      expect(tables.map((t) => t.table).sort()).toEqual([...tenantOwnedTables].sort());
      // One policy each (tenant isolation); the webhook outbox has a second, for dispatchers only, and
      // usage one for the monitor (it reads counts, for /metrics).
      const policies = (table: string) => (['webhook_delivery', 'tenant_usage'].includes(table) ? 2 : 1);
      for (const t of tables)
        expect(t, t.table).toMatchObject({ rls: true, forced: true, policies: policies(t.table) });
      const { rows: indexes } = await client.query<{ index: string; first: string }>(`
        select i.indexrelid::regclass::text as index, a.attname as first
          from pg_index i join pg_class c on c.oid = i.indrelid
          left join pg_attribute a on a.attrelid = c.oid and a.attnum = i.indkey[0]
         where i.indisunique and c.relnamespace = 'public'::regnamespace
           and exists (select 1 from pg_attribute t where t.attrelid = c.oid and t.attname = 'tenant_id')`);
      expect(indexes.length).toBeGreaterThan(10);
      expect(indexes.filter((i) => i.first !== 'tenant_id')).toEqual([]);
    } finally {
      await client.end();
    }
  });
});

/** Everything of tenant A that B could have touched. */
async function snapshotOf(run: <T>(work: (s: Services) => Promise<T>) => Promise<T>, ids: Ids) {
  return run(async (s) => ({
    user: await s.users.get(ids.user),
    group: await s.groups.get(ids.group),
    members: await s.groups.members(ids.group, { limit: 10 }),
    admins: await s.admins.list(),
    apiKeys: await s.apiKeys.list(),
    session: await s.auth.session(ids.session),
    scim: await s.scim.get(),
    audit: (await s.audit.list({ limit: 100 })).length,
    requestLog: (await s.requestLog.list({ limit: 100 })).length,
    conflicts: await s.conflicts.list(),
    webhooks: await s.webhooks.listEndpoints(),
    deliveries: await s.webhooks.deliveries(ids.webhook, { limit: 100 }),
    customAttributes: await s.customAttributes.list(),
  }));
}
