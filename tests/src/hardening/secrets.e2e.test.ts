import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase, startServer, type ServerProcess } from '../support/processes.js';
import { USER } from '../support/scim.js';

// Every secret this test handles — the admin password, the session id, an API key, SCIM tokens (old
// and new), a password an IdP sends for a user, webhook signing secrets — is used, misused and
// rotated, then looked for in everything the run wrote: the server's log output, every row of every
// table, and every response body. Only digests may be stored (signing secrets, which the server must
// read back, sealed with ROLLCALL_SECRETS_KEY); nothing may echo a secret back.
describe('secrets never leak', () => {
  let server: ServerProcess;
  let databaseUrl: string;
  const password = 'correct horse battery staple 42';
  const bodies: string[] = [];

  beforeAll(async () => {
    databaseUrl = await freshDatabase();
    server = await startServer({
      DATABASE_URL: databaseUrl,
      ROLLCALL_ADMIN_EMAIL: 'owner@demo.test',
      ROLLCALL_ADMIN_PASSWORD: password,
      ROLLCALL_CONSOLE_DIR: '/nonexistent',
      LOG_LEVEL: 'debug',
      ROLLCALL_SECRETS_KEY: randomBytes(32).toString('base64'),
    });
  });
  afterAll(async () => server?.stop());

  /** `issues`: the one response that hands out a new secret (it must, once) is not searched. */
  async function gql(
    query: string,
    variables: Record<string, unknown>,
    headers: Record<string, string>,
    issues = false,
  ) {
    const response = await fetch(`${server.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Origin: server.url, ...headers },
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    if (!issues) bodies.push(text);
    return { json: JSON.parse(text) as any, cookie: response.headers.getSetCookie()[0]?.split(';')[0] };
  }
  async function scim(method: string, path: string, token: string, body?: unknown) {
    const response = await fetch(`${server.url}/scim/v2/demo${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/scim+json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    bodies.push(text);
    return response.status;
  }

  it('appear in no log line, table row or response body', async () => {
    const login = `mutation($p: String!) { login(tenant: "demo", email: "owner@demo.test", password: $p) { label } }`;
    expect((await gql(login, { p: `${password}x` }, {})).json.errors[0].extensions.code).toBe(
      'UNAUTHENTICATED',
    );
    const signedIn = await gql(login, { p: password }, {});
    const cookie = signedIn.cookie!;
    const sessionId = cookie.split('=')[1]!.split('.')[1]!;
    const session = { Cookie: cookie };

    const apiKey = (
      await gql(`mutation { createApiKey(name: "ci", role: ADMIN) { key } }`, {}, session, true)
    ).json.data.createApiKey.key as string;
    const first = (await gql(`mutation { setScimEnabled(enabled: true) { token } }`, {}, session, true)).json
      .data.setScimEnabled.token as string;
    expect(await scim('GET', '/Users', first)).toBe(200);
    const second = (
      await gql(
        `mutation { regenerateScimToken(overlapMinutes: 0) { token } }`,
        {},
        { Authorization: `Bearer ${apiKey}` },
        true,
      )
    ).json.data.regenerateScimToken.token as string;
    expect(await scim('GET', '/Users', first)).toBe(401); // the old one, misused
    expect(await scim('GET', '/Users', `${second}tampered`)).toBe(401);
    // Webhook signing secrets must stay readable to the server (each delivery is signed with them):
    // with ROLLCALL_SECRETS_KEY they are sealed, so they too appear in no row, log line or other response.
    const owner = { Authorization: `Bearer ${apiKey}` };
    const webhook = (
      await gql(
        `mutation { createWebhookEndpoint(input: { url: "https://hooks.example.com/in", eventTypes: [USER_CREATED] }) { secret endpoint { id } } }`,
        {},
        session,
        true,
      )
    ).json.data.createWebhookEndpoint;
    const rotated = (
      await gql(
        `mutation($id: ID!) { rotateWebhookSecret(id: $id) { secret } }`,
        { id: webhook.endpoint.id },
        session,
        true,
      )
    ).json.data.rotateWebhookSecret.secret as string;
    await gql(`{ webhookEndpoints { id url previousSecretExpiresAt } }`, {}, owner);
    const userPassword = 'IdP-Sent-P4ssw0rd!';
    expect(
      await scim('POST', '/Users', second, {
        schemas: [USER],
        userName: 'p@demo.test',
        password: userPassword,
      }),
    ).toBe(201);
    expect(
      await scim('POST', '/Users', second, {
        schemas: [USER],
        userName: 'p@demo.test',
        password: userPassword,
      }),
    ).toBe(409);
    await gql(
      `mutation($c: String!, $n: String!) { changePassword(currentPassword: $c, newPassword: $n) }`,
      { c: password, n: `${password} new` },
      session,
    );
    await gql(
      `mutation { createApiKey(name: "x", role: ADMIN) { key } }`,
      {},
      { Authorization: `Bearer ${apiKey}x` },
    );
    await new Promise((r) => setTimeout(r, 500)); // the request log is written in batches
    expect(await server.stop()).toBe(0);

    const secrets = {
      password,
      newPassword: `${password} new`,
      sessionId,
      apiKey,
      first,
      second,
      userPassword,
    };
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows: tables } = await db.query(
      "select tablename from pg_tables where schemaname = 'public' order by 1",
    );
    let rowCount = 0;
    const rowsText: string[] = [];
    for (const { tablename } of tables) {
      const { rows } = await db.query(`select row_to_json(t)::text as row from "${tablename}" t`);
      rowCount += rows.length;
      rowsText.push(...rows.map((r) => r.row as string));
    }
    await db.end();
    const places = {
      'server log': server.output(),
      'database rows': rowsText.join('\n'),
      'response bodies': bodies.join('\n'),
    };
    const signingSecrets = { webhookSecret: webhook.secret as string, rotatedWebhookSecret: rotated };
    for (const [where, text] of Object.entries(places))
      for (const [name, secret] of Object.entries({ ...secrets, ...signingSecrets }))
        expect(text.includes(secret.replace(/^whsec_/, '')), `${name} found in ${where}`).toBe(false);
    // Where the signing secrets are: sealed (both, the previous one signs for a day too).
    const endpointRow = rowsText.find((r) => r.includes('"previous_secret"'))!;
    expect(endpointRow.match(/sealed:v1:/g)).toHaveLength(2);
    // The test looked where the secrets' traces are: the audit trail and the request log were written.
    expect(rowsText.some((r) => r.includes('scim.token_regenerate') || r.includes('token'))).toBe(true);
    expect(rowsText.some((r) => r.includes('p@demo.test'))).toBe(true);
    console.log(
      `secrets: ${Object.keys(secrets).length + 2} secrets searched in ${server.output().length} log bytes, ` +
        `${rowCount} rows of ${tables.length} tables, ${bodies.length} response bodies`,
    );
  });
});
