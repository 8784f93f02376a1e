/// <reference lib="dom" />
import { backdateUsers } from '@rollcall/domain/testing';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, newPage, screenshotDir, shot } from '../support/browser.js';
import { freshDatabase, runCli, startServer, type ServerProcess } from '../support/processes.js';
import { client, ENT, PATCH, USER } from '../support/scim.js';
import { WebhookReceiver } from '../support/webhook-receiver.js';
import { Webhook } from 'standardwebhooks';

const owner = { email: 'owner@demo.test', password: 'owner password 123' };
let server: ServerProcess;
let browser: Browser;
let databaseUrl: string;

beforeAll(async () => {
  databaseUrl = await freshDatabase();
  server = await startServer({
    DATABASE_URL: databaseUrl,
    ROLLCALL_ADMIN_EMAIL: owner.email,
    ROLLCALL_ADMIN_PASSWORD: owner.password,
    ROLLCALL_WEBHOOK_ALLOW_PRIVATE_NETWORKS: 'true', // the receiver below listens on 127.0.0.1
    ROLLCALL_WEBHOOK_POLL_MS: '100',
    ROLLCALL_WEBHOOK_RETRY_BASE_MS: '200',
    ROLLCALL_WEBHOOK_MAX_ATTEMPTS: '2',
  });
  browser = await launchBrowser();
  console.log(`Screenshots: ${screenshotDir}`);
});
afterAll(async () => {
  await browser?.close();
  await server?.stop();
});

/** Navigate and wait until the page is hydrated (typing before that would be lost). */
async function open(page: Page, path: string) {
  await page.goto(`${server.url}${path}`);
  await page.locator('body[data-ready]').waitFor();
}

async function signIn(page: Page, who: { email: string; password: string }) {
  await open(page, '/');
  await page.getByLabel('Workspace').fill('demo');
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/security$/);
}

const scimFilter = (base: string, token: string, userName: string) =>
  client(base, token)('GET', `/Users?filter=${encodeURIComponent(`userName eq "${userName}"`)}`).then(
    (r) => r.body.totalResults as number,
  );

describe('the admin console in Chromium', () => {
  let scimUrl = '';
  let token = '';

  it('signs in, connects Okta, copies URL and token, and sees the SCIM-created user as "Managed by Okta" with its history', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await open(page, '/users');
    expect(page.url()).toContain('/login?next=%2Fusers');
    await page.getByLabel('Email').fill(owner.email);
    await page.getByLabel('Password').fill('wrong password!!');
    await page.getByLabel('Workspace').fill('demo');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('alert').filter({ hasText: 'Wrong email or password' }).waitFor();
    expect(await page.getByLabel('Email').inputValue()).toBe(owner.email); // input kept
    await shot(page, '01-sign-in-error');

    await page.getByLabel('Password').fill(owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/users$/);
    await page.reload(); // the session survives reloads
    await page.getByRole('heading', { name: /Users/ }).waitFor();

    await page.getByRole('link', { name: 'Identity & Security' }).click();
    await page.getByLabel('Okta', { exact: true }).check();
    await expect.poll(() => page.getByText('SCIM connector base URL').count()).toBe(1); // Okta's instructions
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Settings saved: Okta; the IdP may see and manage all users.' })
      .waitFor();
    await page.getByRole('switch').click();
    await page.getByText("Copy the token now: you won't see it again").waitFor();
    await shot(page, '02-security-token-shown');

    scimUrl = await page.locator('#scim-url').inputValue();
    await page.getByRole('button', { name: 'Copy API token' }).click();
    token = await page.evaluate(() => navigator.clipboard.readText());
    expect(token).toBe(await page.locator('#scim-token').inputValue());
    expect(scimUrl).toBe(`${server.url}/scim/v2/demo`);
    expect(token).toMatch(/^rc_scim_/);

    const scim = client(scimUrl, token);
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'katherine@okta.test',
      displayName: 'Katherine Johnson',
      title: 'Mathematician',
    });
    expect(created.status).toBe(201);
    await scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'replace', path: 'title', value: 'Research mathematician' }],
    });

    await page.getByRole('link', { name: 'Users' }).click();
    const row = page.getByRole('row').filter({ hasText: 'katherine@okta.test' });
    await row.getByText('Managed by Okta').waitFor();
    await shot(page, '03-users-managed-by-okta');
    await row.getByRole('link', { name: 'katherine@okta.test' }).click();
    await page.getByRole('heading', { name: 'History' }).waitFor();
    await page.getByText('Mathematician → Research mathematician').waitFor();
    await page.getByTestId('locked-reason').filter({ hasText: 'managed by Okta' }).waitFor();
    expect(await page.getByLabel(/Title/).getAttribute('readonly')).not.toBeNull();
    expect(await page.getByRole('button', { name: 'Save changes' }).count()).toBe(0);
    await shot(page, '04-idp-user-locked-with-history');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the attributes the IdP sends that Rollcall ignores, and a manager that is not in the directory', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    const scim = client(scimUrl, token);
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'dorothy@okta.test',
      displayName: 'Dorothy Vaughan',
      favoriteColor: 'teal', // one extra attribute mapping in the IdP
      [ENT]: { manager: { value: 'E12345' } }, // Okta's free-form managerId
    });
    expect(created.status).toBe(201);

    // The request log is written in batches: the list appears within a moment.
    await expect
      .poll(async () => {
        await open(page, '/security');
        return page.getByTestId('ignored-attributes').getByText('favoriteColor').count();
      })
      .toBe(1);
    await page
      .getByTestId('health-warning')
      .filter({ hasText: 'sends attributes Rollcall does not keep: favoriteColor' })
      .waitFor();
    await page.getByTestId('ignored-attributes').scrollIntoViewIfNeeded();
    await shot(page, '04b-ignored-attributes');

    await open(page, `/users/${created.body.id}`);
    await page.getByTestId('manager').filter({ hasText: 'E12345 — not in the directory' }).waitFor();
    // Once the manager is provisioned, the same value links to it.
    const manager = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'mary@okta.test',
      displayName: 'Mary Jackson',
      [ENT]: { employeeNumber: 'E12345' },
    });
    await page.reload();
    await page.getByTestId('manager').getByRole('link', { name: 'Mary Jackson' }).click();
    await page.waitForURL(new RegExp(`/users/${manager.body.id}$`));
    expect(errors).toEqual([]);
    await context.close();
  });

  it('keeps an ignored attribute: declared from the ignored list, the next sync stores it, the user page shows it', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    const scim = client(scimUrl, token);
    const badge = 'urn:ietf:params:scim:schemas:extension:Acme:2.0:User:badgeNumber';
    // Entra's shape: a custom URN flattened into the attribute name, not declared yet.
    const created = await scim('POST', '/Users', {
      schemas: [USER],
      userName: 'katherine@entra.test',
      [badge]: 'B-1962',
    });
    expect(created.status).toBe(201);
    await expect
      .poll(async () => {
        await open(page, '/security');
        return page.getByTestId('ignored-attributes').getByText(badge).count();
      })
      .toBe(1);
    await page
      .getByTestId('ignored-attributes')
      .getByRole('row', { name: badge })
      .getByRole('link', { name: 'Keep this attribute' })
      .click();
    await page.waitForURL(/\/attributes\?keep=/);
    await page.locator('body[data-ready]').waitFor();
    // The form is filled in from what the IdP sent.
    expect(await page.getByLabel('Extension URN').inputValue()).toBe(
      'urn:ietf:params:scim:schemas:extension:Acme:2.0:User',
    );
    expect(await page.getByLabel('Name', { exact: true }).inputValue()).toBe('badgeNumber');
    await page.getByLabel('Unique: no two users share a value').check();
    await shot(page, '04c-declare-attribute');
    await page.getByRole('button', { name: 'Declare' }).click();
    await page.getByRole('status').filter({ hasText: 'badgeNumber is declared' }).waitFor();
    await page
      .getByTestId('custom-attributes')
      .getByRole('cell', { name: 'badgeNumber', exact: true })
      .waitFor();
    await expect
      .poll(() => page.getByTestId('custom-attributes').getByRole('cell', { name: 'unique' }).count())
      .toBe(1);
    // Edited: no longer unique.
    await page.getByLabel('Edit badgeNumber').click();
    await page.getByTestId('custom-attributes').getByLabel('Unique').uncheck();
    await page.getByRole('button', { name: 'Save badgeNumber' }).click();
    await page.getByRole('status').filter({ hasText: 'badgeNumber is saved' }).waitFor();
    await expect
      .poll(() => page.getByTestId('custom-attributes').getByRole('cell', { name: 'unique' }).count())
      .toBe(0);

    // The IdP's next sync of the user (Entra sends the whole user again) now keeps it.
    const synced = await scim('PATCH', `/Users/${created.body.id}`, {
      schemas: [PATCH],
      Operations: [{ op: 'Replace', path: badge, value: 'B-1962' }],
    });
    expect(synced.status).toBe(200);
    expect(synced.body['urn:ietf:params:scim:schemas:extension:Acme:2.0:User']).toEqual({
      badgeNumber: 'B-1962',
    });
    await open(page, `/users/${created.body.id}`);
    const field = page.getByTestId('custom-attributes').getByLabel('badgeNumber');
    expect(await field.inputValue()).toBe('B-1962');
    expect(await field.getAttribute('readonly')).not.toBeNull(); // the IdP manages this user
    await shot(page, '04d-custom-attribute-on-user');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('creates and edits a console user; switching the scope hides it from SCIM and back', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('link', { name: 'Users' }).click();
    await page.getByRole('link', { name: 'New user' }).click();
    await page.getByLabel('Login ID (userName)').fill('grace@console.test');
    await page.getByLabel('Display name').fill('Grace Hopper');
    await page.getByRole('button', { name: 'Create user' }).click();
    await page.getByRole('status').filter({ hasText: 'User created.' }).waitFor();
    await page.getByLabel('Title').fill('Rear Admiral');
    await page.getByRole('button', { name: 'Save changes' }).click();
    await page.getByRole('status').filter({ hasText: 'Saved.' }).waitFor();
    // Deactivate and reactivate from the console.
    await page.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByRole('status').filter({ hasText: 'Done.' }).waitFor();
    await page.getByText('Deactivated', { exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByText('Active', { exact: true }).waitFor();
    expect(await page.getByLabel('Title').inputValue()).toBe('Rear Admiral');
    await page.getByText('Rear Admiral').first().waitFor();
    await shot(page, '05-console-user-editable');

    expect(await scimFilter(scimUrl, token, 'grace@console.test')).toBe(1);
    await page.getByRole('link', { name: 'Identity & Security' }).click();
    await page.getByLabel(/Only users created by your identity provider/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'the IdP sees only the users it created' }).waitFor();
    expect(await scimFilter(scimUrl, token, 'grace@console.test')).toBe(0);
    await shot(page, '06-scope-idp-users-only');
    await page.getByLabel(/All users/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'the IdP may see and manage all users' }).waitFor();
    expect(await scimFilter(scimUrl, token, 'grace@console.test')).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('a viewer sees the settings read-only and never the token', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByLabel('Email').fill('viewer@demo.test');
    await page.locator('#new-admin-role').selectOption('VIEWER');
    await page.getByRole('button', { name: 'Add admin' }).click();
    await page.getByText('Pass this password to viewer@demo.test now').waitFor();
    const password = await page.locator('#new-password').inputValue();
    await shot(page, '07-settings-admin-created');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/login/);

    await signIn(page, { email: 'viewer@demo.test', password });
    await page.getByText('You have read-only access').waitFor();
    expect(await page.getByTestId('token-prefix').count()).toBe(0);
    expect(await page.content()).not.toContain('rc_scim_');
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    expect(await page.getByRole('switch').isDisabled()).toBe(true);
    expect(await page.getByLabel('Okta', { exact: true }).isDisabled()).toBe(true);
    expect(await page.getByRole('link', { name: 'Settings' }).count()).toBe(0);
    await shot(page, '08-viewer-read-only');
    await open(page, '/users');
    expect(await page.getByRole('link', { name: 'New user' }).count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists a refused IdP create in the conflict inbox; handing it over lets the retry take the user over', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    const created = await page.request.post(`${server.url}/graphql`, {
      headers: { Origin: server.url },
      data: { query: 'mutation { createUser(input: { userName: "carol@demo.test" }) { id } }' },
    });
    const carol = (await created.json()).data.createUser.id as string;
    await page.getByLabel(/Only users created by your identity provider/).check();
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'the IdP sees only the users it created' }).waitFor();

    const scim = client(scimUrl, token);
    expect((await scim('POST', '/Users', { schemas: [USER], userName: 'Carol@demo.test' })).status).toBe(409);
    await page.reload();
    const inbox = page.getByRole('region', { name: 'Conflict inbox' });
    await inbox.getByRole('cell', { name: 'Carol@demo.test' }).waitFor();
    await shot(page, '09-conflict-inbox');
    await inbox.getByRole('button', { name: 'Hand over to the IdP' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: 'Carol@demo.test is handed to your identity provider' })
      .waitFor();
    expect(await page.getByRole('region', { name: 'Conflict inbox' }).count()).toBe(0);
    const retry = await scim('POST', '/Users', { schemas: [USER], userName: 'Carol@demo.test' });
    expect(retry.status).toBe(201);
    expect(retry.body.id).toBe(carol);

    // Widening the scope: first the preview of the console users the IdP could take over.
    await page.request.post(`${server.url}/graphql`, {
      headers: { Origin: server.url },
      data: { query: 'mutation { createUser(input: { userName: "dan@demo.test" }) { id } }' },
    });
    await open(page, '/security');
    expect(await page.getByRole('region', { name: /Before your identity provider takes over/ }).count()).toBe(
      0,
    );
    await page.getByLabel(/All users/).check();
    const preview = page.getByRole('region', { name: /Before your identity provider takes over/ });
    const dan = preview.getByRole('row').filter({ hasText: 'dan@demo.test' });
    await dan.waitFor();
    await dan.getByRole('button', { name: 'Keep console-managed' }).click();
    await page.getByRole('status').filter({ hasText: 'dan@demo.test stays console-managed' }).waitFor();
    await dan.getByText('Kept console-managed').waitFor(); // the unsaved "All users" choice survived
    await shot(page, '09-takeover-preview');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'the IdP may see and manage all users' }).waitFor();
    const refused = await scim('POST', '/Users', { schemas: [USER], userName: 'dan@demo.test' });
    expect(refused.status).toBe(409);
    expect(refused.body.detail).toMatch(/keep console-managed/);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('alerts when the deprovisioning brake holds a mass deactivation, and releases it', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.locator('input[name="brakeMaxUsers"]').fill('5');
    await page.locator('input[name="brakeMaxPercent"]').fill('100');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'Settings saved' }).waitFor();

    const scim = client(scimUrl, token);
    const leavers: string[] = [];
    for (let i = 0; i < 7; i++)
      leavers.push(
        (await scim('POST', '/Users', { schemas: [USER], userName: `leaver${i}@demo.test` })).body.id,
      );
    await backdateUsers(databaseUrl, 'demo'); // the brake protects users that were already there
    const statuses: number[] = [];
    const patch = { schemas: [PATCH], Operations: [{ op: 'replace', path: 'active', value: false }] };
    for (const id of leavers) statuses.push((await scim('PATCH', `/Users/${id}`, patch)).status);
    expect(statuses.filter((s) => s === 503).length).toBeGreaterThan(0);

    await page.reload();
    const alert = page.getByRole('alert').filter({ hasText: 'Deprovisioning is on hold' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(/2 requests were held/);
    // The health chart counts the held requests as failures (the request log is written in batches).
    await expect
      .poll(async () => {
        await page.reload();
        return page
          .getByRole('img', {
            name: /Requests per hour over the last 24 hours: \d+ requests, [1-9]\d* failed/,
          })
          .count();
      })
      .toBe(1);
    await shot(page, '09-deprovisioning-held');
    // Every other page says so too, with the way to it.
    await open(page, '/users');
    await page.getByRole('alert').filter({ hasText: 'Deprovisioning is on hold' }).getByRole('link').click();
    await page.waitForURL(/\/security$/);
    await page.getByRole('button', { name: 'Release the hold' }).click();
    await page.getByRole('status').filter({ hasText: 'Hold released' }).waitFor();
    expect(await page.getByText('Deprovisioning is on hold').count()).toBe(0);
    expect(await page.getByText(/released until/).count()).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('tests the connection: every step of the IdP replay shown, nothing left behind', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('button', { name: 'Test my connection' }).click();
    await page.getByRole('status').filter({ hasText: 'Connection test passed: all 8 steps' }).waitFor();
    const table = page.getByRole('table', { name: 'Connection test' });
    expect(await table.getByRole('row').count()).toBe(9);
    expect(await table.getByText('✗').count()).toBe(0);
    await shot(page, '09-connection-test');
    const leftovers = await client(scimUrl, token)(
      'GET',
      `/Users?filter=${encodeURIComponent('userName sw "rollcall-self-check"')}`,
    );
    expect(leftovers.body.totalResults).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('rotates the token without downtime: the previous one is shown and can be revoked early', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('button', { name: 'Regenerate token' }).click();
    await page.getByRole('status').filter({ hasText: 'The previous one keeps working for a day' }).waitFor();
    const fresh = await page.locator('#scim-token').inputValue();
    expect((await client(scimUrl, token)('GET', '/Users')).status).toBe(200); // the IdP not updated yet
    await page.reload();
    const previous = page.getByTestId('previous-token');
    await previous.waitFor();
    expect(await previous.textContent()).toContain(token.slice(0, 14));
    await shot(page, '09-token-overlap');
    await page.getByRole('button', { name: 'Revoke the previous token now' }).click();
    await page.getByRole('status').filter({ hasText: 'The previous token no longer works.' }).waitFor();
    expect(await page.getByTestId('previous-token').count()).toBe(0);
    expect((await client(scimUrl, token)('GET', '/Users')).status).toBe(401);
    expect((await client(scimUrl, fresh)('GET', '/Users')).status).toBe(200);
    token = fresh;
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a webhook endpoint, shows a failing delivery, retries it, and sends a test event', async () => {
    const receiver = await new WebhookReceiver().up();
    receiver.answer = () => 500;
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('link', { name: 'Webhooks' }).click();
    await page.getByText('No endpoints yet.').waitFor();
    await page.getByLabel('URL').fill(`${receiver.url}/hook`);
    await page.getByLabel('Description').fill('HR system');
    await page.getByRole('button', { name: 'Add endpoint' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `Added ${receiver.url}/hook` })
      .waitFor();
    const secret = await page.locator('#webhook-secret').inputValue();
    expect(secret).toMatch(/^whsec_/);
    await shot(page, '12-webhook-added');

    const userName = 'webhook.person@demo.test';
    expect((await client(scimUrl, token)('POST', '/Users', { schemas: [USER], userName })).status).toBe(201);
    const failed = page.getByRole('row').filter({ hasText: 'user.created' }).filter({ hasText: 'failed' });
    await expect
      .poll(async () => {
        await open(page, '/webhooks');
        return failed.count();
      })
      .toBe(1);
    expect(await failed.textContent()).toContain('HTTP 500: receiver says 500');
    await shot(page, '12-webhook-failed');

    receiver.answer = () => 204;
    await failed.getByRole('button', { name: /Send user.created .* again/ }).click();
    await page.getByRole('status').filter({ hasText: 'Delivery queued to be sent again now.' }).waitFor();
    await page.getByRole('button', { name: `Send a test event to ${receiver.url}/hook` }).click();
    await page.getByRole('status').filter({ hasText: 'Test event queued' }).waitFor();
    const delivered = page.getByRole('row').filter({ hasText: 'delivered' });
    await expect
      .poll(async () => {
        await open(page, '/webhooks');
        return delivered.count();
      })
      .toBe(2);
    const createdRow = delivered.filter({ hasText: 'user.created' });
    await createdRow.getByText('Payload').click();
    await createdRow.getByText(`"after": "${userName}"`).waitFor(); // the body as sent
    await shot(page, '12-webhook-log');
    const accepted = receiver.received.filter((r) => r.status === 204);
    const types = accepted.map(
      (hook) => (new Webhook(secret).verify(hook.body, hook.headers) as { type: string }).type,
    );
    expect(types.sort()).toEqual(['user.created', 'webhook.test']);
    // The activity trail leads from the endpoint's audited creation back to it.
    await open(page, '/activity');
    await page
      .getByRole('row')
      .filter({ hasText: 'webhook.create' })
      .getByRole('link', { name: 'open endpoint' })
      .click();
    await page.waitForURL(/\/webhooks\?endpoint=/);
    await page.getByRole('heading', { name: /Delivery log/ }).waitFor();
    expect(errors).toEqual([]);
    await context.close();
    await receiver.down();
  });

  it('turning SCIM off asks first, then the old token gets 401', async () => {
    const { page, errors, context } = await newPage(browser, server.url);
    await signIn(page, owner);
    await page.getByRole('switch').click();
    await page
      .getByRole('alertdialog')
      .getByText('Synchronisation stops at once and the API token is cleared')
      .waitFor();
    await shot(page, '09-turn-off-confirmation');
    await page.getByRole('button', { name: 'Turn off SCIM and clear the token' }).click();
    await page.getByRole('status').filter({ hasText: 'SCIM is off.' }).waitFor();
    expect((await client(scimUrl, token)('GET', '/Users')).status).toBe(401);
    await page.getByRole('link', { name: 'Activity' }).click();
    await page.getByRole('cell', { name: 'scim.disable' }).waitFor();
    // The audit trail as a file: the browser downloads it with the session cookie.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'CSV', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rollcall-audit-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = await download.path();
    const { readFileSync } = await import('node:fs');
    const csv = readFileSync(file, 'utf8');
    expect(csv.split('\r\n')[0]).toBe(
      'id,at,actorKind,actorId,actorLabel,action,targetType,targetId,changes,requestId,dialect,outcome',
    );
    expect(csv).toContain('scim.disable');
    await page.getByRole('link', { name: 'SCIM request log' }).click();
    await page.waitForURL(/tab=scim/);
    await shot(page, '10-activity-scim-log');
    // The request log is written in batches a fraction of a second after the request.
    await expect
      .poll(async () => {
        await page.reload();
        return page.getByRole('cell', { name: /401/ }).count();
      })
      .toBeGreaterThan(0);
    await shot(page, '10-activity-scim-log');
    // Narrow window: still readable, nothing overflows the page.
    await page.setViewportSize({ width: 420, height: 900 });
    await open(page, '/security');
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1)).toBe(
      true,
    );
    await shot(page, '11-security-narrow');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('an owner downloads the workspace archive, then deletes the workspace after typing its slug', async () => {
    const env = { DATABASE_URL: databaseUrl };
    const leaver = { email: 'owner@leaving.test', password: 'leaving password 123' };
    expect((await runCli(['tenant:create', 'leaving', '--name', 'Leaving Ltd'], env)).code).toBe(0);
    const made = await runCli(
      [
        'admin:create',
        '--tenant',
        'leaving',
        '--email',
        leaver.email,
        '--role',
        'owner',
        '--password',
        leaver.password,
      ],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    const { page, errors, context } = await newPage(browser, server.url);
    await open(page, '/');
    await page.getByLabel('Workspace').fill('leaving');
    await page.getByLabel('Email').fill(leaver.email);
    await page.getByLabel('Password').fill(leaver.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/security$/);
    // What the workspace holds, once pruning has measured it (the CLI runs a pass now).
    await open(page, '/settings');
    await page.getByText('Measured after the first pruning run.').waitFor();
    const pruned = await runCli(['prune', '--json'], env);
    expect(pruned.code, pruned.stderr).toBe(0);
    await open(page, '/settings');
    const storage = page.getByRole('table', { name: 'Storage' });
    await expect.poll(() => storage.getByRole('row', { name: /^Console sessions 1 / }).count()).toBe(1);
    await storage.getByRole('row', { name: /^Audit trail \d+ / }).waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('link', { name: 'Download workspace archive' }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^rollcall-leaving-archive-\d{4}-\d{2}-\d{2}\.ndjson$/);
    const { readFileSync } = await import('node:fs');
    const header = JSON.parse(readFileSync(await download.path(), 'utf8').split('\n')[0]!);
    expect(header).toMatchObject({
      format: 'rollcall-tenant-archive',
      tenant: { slug: 'leaving', name: 'Leaving Ltd' },
    });

    page.on('dialog', (dialog) => void dialog.accept());
    const confirmation = page.getByLabel(/to delete this workspace for good/);
    await confirmation.fill('demo'); // another workspace's slug is not a confirmation
    await page.getByRole('button', { name: 'Delete workspace' }).click();
    await page.getByRole('alert').filter({ hasText: 'confirm with its slug, "leaving"' }).waitFor();
    await confirmation.fill('leaving');
    await shot(page, '12-delete-workspace');
    await page.getByRole('button', { name: 'Delete workspace' }).click();
    await page.waitForURL(/\/login\?deleted=leaving$/);
    await page
      .getByRole('status')
      .filter({ hasText: 'Workspace leaving and everything in it were deleted.' })
      .waitFor();
    // The session went with it; the demo workspace is untouched.
    await open(page, '/settings');
    expect(page.url()).toContain('/login?next=%2Fsettings');
    await signIn(page, owner);
    expect(errors).toEqual([]);
    await context.close();
  });
});
