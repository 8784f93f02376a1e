import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { codeOf, graphql } from '../support/graphql.js';
import { scimTestServer } from '../support/scim.js';

// Behind a proxy (trusted), the client address comes from X-Forwarded-For.
const { newTenant, state } = scimTestServer({
  ROLLCALL_TRUST_PROXY: 'true',
  ROLLCALL_LOGIN_MAX_FAILURES_PER_ADDRESS: '3',
});
const LOGIN = `mutation($t: String!, $e: String!, $p: String!) { login(tenant: $t, email: $e, password: $p) { label } }`;

describe('sign-in throttling per client address', () => {
  it('limits failures from one address across accounts and tenants; other addresses are unaffected', async () => {
    const a = await newTenant();
    const b = await newTenant();
    await b.run((s) =>
      s.admins.create({ email: 'real@b.test', role: 'owner', password: 'the right password' }),
    );
    const address = `203.0.113.${Math.floor(Math.random() * 250)}`;
    const from = (ip: string) => ({ headers: { 'X-Forwarded-For': ip } });
    const gql = graphql(state.server.url);
    for (let i = 0; i < 3; i++) {
      expect(
        codeOf(
          await gql(
            LOGIN,
            { t: a.slug, e: `guess${i}-${randomUUID()}@a.test`, p: 'guess guess guess' },
            from(address),
          ),
        ),
      ).toBe('UNAUTHENTICATED');
    }
    const blocked = await gql(LOGIN, { t: b.slug, e: 'real@b.test', p: 'the right password' }, from(address));
    expect(codeOf(blocked)).toBe('TOO_MANY_REQUESTS');
    const elsewhere = await gql(
      LOGIN,
      { t: b.slug, e: 'real@b.test', p: 'the right password' },
      from('198.51.100.7'),
    );
    expect(elsewhere.data.login.label).toBe('real@b.test');
  });
});
