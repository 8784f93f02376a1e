import { describe, expect, it } from 'vitest';
import { codeOf, graphql } from '../support/graphql.js';
import { scimTestServer } from '../support/scim.js';

const { newTenant, state } = scimTestServer();
const gql = () => graphql(state.server.url);

async function tenantWithOwner() {
  const tenant = await newTenant();
  const password = 'correct horse battery staple';
  await tenant.run((s) => s.admins.create({ email: 'owner@acme.test', role: 'owner', password }));
  return { tenant, password };
}

const LOGIN = `mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { kind label role tenant } }`;

describe('sign-in and sessions', () => {
  it('login sets an HttpOnly SameSite=Lax session cookie that authenticates; logout ends it', async () => {
    const { tenant, password } = await tenantWithOwner();
    const call = gql();
    const login = await fetch(`${state.server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        query: LOGIN,
        variables: { t: tenant.slug, e: 'OWNER@acme.test', p: password },
      }),
    });
    const body = (await login.json()) as { data: { login: unknown } };
    expect(body.data.login).toEqual({
      kind: 'ADMIN',
      label: 'owner@acme.test',
      role: 'OWNER',
      tenant: tenant.slug,
    });
    const setCookie = login.headers.getSetCookie().find((c) => c.startsWith('rollcall_session='))!;
    expect(setCookie).toMatch(/httponly/i);
    expect(setCookie).toMatch(/samesite=lax/i);
    const cookie = setCookie.split(';')[0]!;
    expect(cookie).not.toContain(password);

    const me = await call('{ me { label role } }', {}, { cookie });
    expect(me.data.me).toEqual({ label: 'owner@acme.test', role: 'OWNER' });
    // Only the secret's hash is stored.
    const secret = cookie.split('.').pop()!;
    expect(JSON.stringify(await tenant.run((s) => s.auth.session(secret)))).toContain('owner@acme.test');

    expect((await call('mutation { logout }', {}, { cookie })).data.logout).toBe(true);
    expect(codeOf(await call('{ me { label } }', {}, { cookie }))).toBe('UNAUTHENTICATED');
  });

  it('a wrong password, an unknown email or tenant all answer the same; nothing is signed in', async () => {
    const { tenant, password } = await tenantWithOwner();
    for (const [t, e, p] of [
      [tenant.slug, 'owner@acme.test', 'wrong password!'],
      [tenant.slug, 'nobody@acme.test', password],
      ['no-such-tenant', 'owner@acme.test', password],
    ]) {
      const r = await gql()(LOGIN, { t, e, p });
      expect(codeOf(r)).toBe('UNAUTHENTICATED');
      expect(r.errors![0]!.message).toBe('Wrong email or password');
      expect(r.setCookie).toBeNull();
    }
  });

  it('throttles failed sign-ins per account, even with the right password, and says when to retry', async () => {
    const { tenant, password } = await tenantWithOwner();
    for (let i = 0; i < 5; i++)
      expect(
        codeOf(await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: `wrong ${i} password` })),
      ).toBe('UNAUTHENTICATED');
    const limited = await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: password });
    expect(codeOf(limited)).toBe('TOO_MANY_REQUESTS');
    expect(limited.errors![0]!.extensions.details).toMatchObject({ retryAfterSeconds: expect.any(Number) });
    expect(limited.setCookie).toBeNull();
  });

  it('an expired session is refused', async () => {
    const { tenant, password } = await tenantWithOwner();
    const login = await tenant.run((s) =>
      s.auth.login(
        { email: 'owner@acme.test', password, clientAddress: null, userAgent: null },
        {
          sessionTtlSeconds: -1,
          perAccount: { limit: 5, seconds: 60 },
          perAddress: { limit: 5, seconds: 60 },
        },
      ),
    );
    const cookie = `rollcall_session=${tenant.id}.${login.secret}`;
    expect(codeOf(await gql()('{ me { label } }', {}, { cookie }))).toBe('UNAUTHENTICATED');
  });

  it('changePassword needs the current password; the new one signs in', async () => {
    const { tenant, password } = await tenantWithOwner();
    const { setCookie: cookie } = await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: password });
    const wrong = await gql()(
      'mutation { changePassword(currentPassword: "nope nope nope", newPassword: "a brand new password") }',
      {},
      { cookie: cookie! },
    );
    expect(codeOf(wrong)).toBe('UNAUTHENTICATED');
    const ok = await gql()(
      'mutation { changePassword(currentPassword: "correct horse battery staple", newPassword: "a brand new password") }',
      {},
      { cookie: cookie! },
    );
    expect(ok.data.changePassword).toBe(true);
    expect(
      (await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: 'a brand new password' })).data.login
        .role,
    ).toBe('OWNER');
  });
});

describe('API keys', () => {
  it('create → use → revoke → 401; the key is shown once and stored hashed', async () => {
    const { tenant, password } = await tenantWithOwner();
    const { setCookie: cookie } = await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: password });
    const created = await gql()(
      'mutation { createApiKey(name: "CI", role: ADMIN) { key apiKey { id prefix role } } }',
      {},
      { cookie: cookie! },
    );
    const { key, apiKey } = created.data.createApiKey;
    expect(key).toMatch(/^rc_key_[0-9a-f]{32}_/);
    expect(key.startsWith(apiKey.prefix)).toBe(true);
    const listed = await gql()(
      '{ apiKeys { id name prefix lastUsedAt revokedAt } }',
      {},
      { cookie: cookie! },
    );
    expect(JSON.stringify(listed.data)).not.toContain(key);

    const me = await gql()('{ me { kind label role tenant } }', {}, { bearer: key });
    expect(me.data.me).toEqual({ kind: 'API_KEY', label: 'CI', role: 'ADMIN', tenant: tenant.slug });
    const users = await gql()(
      'mutation { createUser(input: { userName: "via-key@acme.test" }) { id } }',
      {},
      { bearer: key },
    );
    expect(users.data.createUser.id).toBeTruthy();
    const [event] = await tenant.run((s) => s.audit.list({ targetId: users.data.createUser.id, limit: 1 }));
    expect(event!.actor).toMatchObject({ kind: 'api_key', label: 'CI' });

    await gql()(
      'mutation($id: ID!) { revokeApiKey(id: $id) { revokedAt } }',
      { id: apiKey.id },
      { cookie: cookie! },
    );
    const after = await gql()('{ me { label } }', {}, { bearer: key });
    expect(after.status).toBe(401);
    expect(codeOf(after)).toBe('UNAUTHENTICATED');
    expect((await gql()('{ me { label } }', {}, { bearer: 'rc_key_garbage' })).status).toBe(401);
  });
});

describe('CSRF', () => {
  it('refuses a cookie-authenticated mutation from another origin, and simple-request (text/plain) posts', async () => {
    const { tenant, password } = await tenantWithOwner();
    const { setCookie: cookie } = await gql()(LOGIN, { t: tenant.slug, e: 'owner@acme.test', p: password });
    const evil = await gql()(
      'mutation { createUser(input: { userName: "csrf@acme.test" }) { id } }',
      {},
      { cookie: cookie!, headers: { Origin: 'https://evil.example' } },
    );
    expect(evil.status).toBe(403);
    expect(codeOf(evil)).toBe('FORBIDDEN');
    const simple = await fetch(`${state.server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'text/plain', Cookie: cookie! },
      body: JSON.stringify({
        query: 'mutation { createUser(input: { userName: "csrf2@acme.test" }) { id } }',
      }),
    });
    expect(simple.status).toBe(400);
    const users = await tenant.run((s) => s.users.search({ $text: 'csrf' }, { limit: 10 }));
    expect(users.items).toEqual([]);
    // The same mutation from the right origin works.
    const own = await gql()(
      'mutation { createUser(input: { userName: "ok@acme.test" }) { id } }',
      {},
      { cookie: cookie!, headers: { Origin: state.server.url } },
    );
    expect(own.data.createUser.id).toBeTruthy();
  });
});
