import { describe, expect, it } from 'vitest';
import { randomBytes } from 'node:crypto';
import { isPublicAddress, publicOnlyLookup, webhookUrlProblem } from './network-policy.js';
import { SecretBox } from './secret-box.js';
import { webhookEventType } from './webhook-events.js';
import { retryDelayMs, webhookPayload } from './webhook-payload.js';

describe(webhookEventType.name, () => {
  it.each([
    ['user.create', {}, 'user.created'],
    ['user.update', { title: { before: 'a', after: 'b' } }, 'user.updated'],
    [
      'user.update',
      { active: { before: true, after: false }, title: { before: 'a', after: 'b' } },
      'user.deactivated',
    ],
    ['user.update', { active: { before: false, after: true } }, 'user.reactivated'],
    ['user.revive', { active: { before: false, after: true } }, 'user.reactivated'],
    ['user.takeover', { active: { before: true, after: false } }, 'user.taken_over'],
    ['user.delete', {}, 'user.deleted'],
    ['group.create', {}, 'group.created'],
    ['group.update', {}, 'group.updated'],
    ['group.delete', {}, 'group.deleted'],
    ['group.members', {}, 'group.membership_changed'],
    ['user.keep_console_managed', {}, null],
    ['scim.token.issue', {}, null],
    ['admin.create', {}, null],
    ['webhook.test', {}, null],
  ] as const)('%s %j → %s', (action, changes, expected) => {
    expect(webhookEventType({ action, changes })).toBe(expected);
  });

  it('never delivers a refused attempt', () => {
    expect(webhookEventType({ action: 'user.create', outcome: 'refused' })).toBeNull();
  });
});

describe(retryDelayMs.name, () => {
  const policy = { baseMs: 1000, maxMs: 60_000, maxAttempts: 8 };
  const middle = () => 0.5; // no jitter
  it.each([
    [1, null, 1000],
    [2, null, 2000],
    [3, null, 4000],
    [6, null, 32_000],
    [7, null, 60_000], // capped
    [1, 30_000, 30_000], // the receiver's Retry-After wins when longer…
    [3, 500, 4000], // …never when shorter
    [1, 3_600_000, 60_000], // …and never past the cap
    [8, null, null], // out of attempts
  ])('after %i attempts (Retry-After %s ms) → %s ms', (attempts, retryAfter, expected) => {
    expect(retryDelayMs(attempts, policy, retryAfter, middle)).toBe(expected);
  });

  it('spreads retries by ±20 %', () => {
    expect(retryDelayMs(3, policy, null, () => 0)).toBe(3200);
    expect(retryDelayMs(3, policy, null, () => 0.999_999)).toBe(4800);
  });
});

describe(isPublicAddress.name, () => {
  it.each([
    ['93.184.216.34', true],
    ['8.8.8.8', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false], // cloud metadata
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['::1', false],
    ['::', false],
    ['fd00::1', false],
    ['fe80::1', false],
    ['::ffff:127.0.0.1', false], // IPv4-mapped loopback
    ['::ffff:8.8.8.8', true],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe(webhookUrlProblem.name, () => {
  const strict = { allowPrivateNetworks: false };
  const lax = { allowPrivateNetworks: true };
  it.each([
    ['https://hooks.example.com/rollcall', strict, null],
    ['https://93.184.216.34:8443/in', strict, null],
    ['http://hooks.example.com/rollcall', strict, /must be https/],
    ['https://127.0.0.1/hook', strict, /not a public address/],
    ['https://[::1]/hook', strict, /not a public address/],
    ['https://169.254.169.254/latest/meta-data', strict, /not a public address/],
    ['https://localhost:3000/hook', strict, /not a public address/],
    ['https://localhost.:3000/hook', strict, /not a public address/],
    ['https://127.0.0.1./hook', strict, /not a public address/],
    ['https://db.internal/hook', strict, /not a public address/],
    ['https://user:pw@hooks.example.com/', strict, /user name or password/],
    ['https://hooks.example.com/#x', strict, /fragment/],
    ['ftp://hooks.example.com/', strict, /must be https/],
    ['hooks.example.com/rollcall', strict, /absolute URL/],
    [`https://hooks.example.com/${'a'.repeat(2048)}`, strict, /longer than 2048/],
    ['http://127.0.0.1:4000/hook', lax, null],
    ['file:///etc/passwd', lax, /must be https/],
  ] as const)('%s', (url, policy, expected) => {
    const problem = webhookUrlProblem(url, policy);
    if (expected === null) expect(problem).toBeNull();
    else expect(problem).toMatch(expected);
  });
});

describe(webhookPayload.name, () => {
  const event = {
    eventId: '0190c1d2-0000-7000-8000-000000000001',
    at: new Date('2026-11-29T12:00:00Z'),
    tenantId: '0190c1d2-0000-7000-8000-0000000000aa',
    tenantSlug: 'acme',
    actorKind: 'idp',
    actorLabel: 'Okta',
    targetId: '0190c1d2-0000-7000-8000-0000000000bb',
  };

  it('carries the changes of a user event in the Standard Webhooks envelope', () => {
    const changes = { active: { before: true, after: false } };
    expect(webhookPayload({ ...event, eventType: 'user.deactivated', targetType: 'user', changes })).toEqual({
      type: 'user.deactivated',
      timestamp: '2026-11-29T12:00:00.000Z',
      data: {
        eventId: event.eventId,
        tenant: { id: event.tenantId, slug: 'acme' },
        actor: { kind: 'idp', label: 'Okta' },
        object: 'user',
        id: event.targetId,
        changes,
      },
    });
  });

  it('lists the members added and removed for a membership change', () => {
    const changes = { members: { before: null, after: null, added: ['u1', 'u2'], removed: ['u3'] } };
    const payload = webhookPayload({
      ...event,
      eventType: 'group.membership_changed',
      targetType: 'group',
      changes,
    });
    expect(payload['data']).toMatchObject({ object: 'group', added: ['u1', 'u2'], removed: ['u3'] });
    expect(payload['data']).not.toHaveProperty('changes');
  });
});

describe('publicOnlyLookup', () => {
  const resolve = (hostname: string, all: boolean) =>
    new Promise<unknown>((done, fail) =>
      publicOnlyLookup(hostname, { all }, (error, address) => (error ? fail(error) : done(address))),
    );

  it.each([true, false])('refuses a name that resolves only to private addresses (all: %s)', async (all) => {
    // "localhost" resolves without a network, to loopback: what a name re-pointed inward looks like.
    await expect(resolve('localhost', all)).rejects.toThrow('localhost does not resolve to a public address');
  });

  it('lets public addresses through', async () => {
    expect(await resolve('93.184.216.34', false)).toBe('93.184.216.34');
    expect(await resolve('93.184.216.34', true)).toEqual([{ address: '93.184.216.34', family: 4 }]);
  });
});

describe(SecretBox.name, () => {
  const key = randomBytes(32).toString('base64');
  const box = new SecretBox(key);
  const secret = 'whsec_c2VjcmV0IHNpZ25pbmcga2V5IG9mIDMyIGJ5dGVzISE=';

  it('seals with a fresh nonce and opens only in the same context', () => {
    const sealed = box.seal(secret, 'endpoint/a');
    expect(sealed).toMatch(/^sealed:v1:/);
    expect(sealed).not.toContain(secret.slice(6));
    expect(box.seal(secret, 'endpoint/a')).not.toBe(sealed);
    expect(box.open(sealed, 'endpoint/a')).toBe(secret);
    expect(() => box.open(sealed, 'endpoint/b')).toThrow(/does not open/); // copied into another row
  });

  it('refuses a changed byte, and another key', () => {
    const sealed = box.seal(secret, 'x');
    const parts = sealed.split(':');
    const ciphertext = Buffer.from(parts[4]!, 'base64');
    ciphertext[0]! ^= 1;
    const changed = [...parts.slice(0, 4), ciphertext.toString('base64')].join(':');
    expect(() => box.open(changed, 'x')).toThrow(/does not open/);
    expect(() => new SecretBox(randomBytes(32).toString('base64')).open(sealed, 'x')).toThrow(
      /does not open/,
    );
  });

  it('without a key, stores as is and says why a sealed value cannot be read', () => {
    const keyless = new SecretBox();
    expect(keyless.seal(secret, 'x')).toBe(secret);
    expect(keyless.open(secret, 'x')).toBe(secret);
    expect(box.open(secret, 'x')).toBe(secret); // stored before the key was set
    expect(() => keyless.open(box.seal(secret, 'x'), 'x')).toThrow(/ROLLCALL_SECRETS_KEY is not set/);
    expect(() => new SecretBox(randomBytes(16).toString('base64'))).toThrow(/32 bytes/);
  });

  it('rotates: a previous key still opens, never seals, and resealing moves each value to the new key', () => {
    const next = randomBytes(32).toString('base64');
    const rotated = new SecretBox(next, [key]);
    const alone = new SecretBox(next);
    const underOld = box.seal(secret, 'x');
    const underNew = rotated.seal(secret, 'x');
    const cases: { stored: string; opens: boolean; reseals: boolean }[] = [
      { stored: underOld, opens: true, reseals: true }, // sealed before the rotation
      { stored: underNew, opens: true, reseals: false }, // already under the new key
      { stored: secret, opens: true, reseals: true }, // stored before any key was set
    ];
    for (const { stored, opens, reseals } of cases) {
      expect(rotated.open(stored, 'x') === secret, stored).toBe(opens);
      const resealed = rotated.resealed(stored, 'x');
      expect(resealed !== null, stored).toBe(reseals);
      if (resealed) expect(alone.open(resealed, 'x')).toBe(secret); // the old key is no longer needed
    }
    expect(() => alone.open(underOld, 'x')).toThrow(/ROLLCALL_SECRETS_PREVIOUS_KEYS/);
    expect(() => rotated.open(underOld, 'y')).toThrow(/does not open/); // still bound to its row
    expect(new SecretBox(undefined, [key]).resealed(underOld, 'x')).toBeNull(); // nothing to seal with
  });
});
