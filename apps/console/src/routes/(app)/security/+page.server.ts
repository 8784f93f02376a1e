import { fail } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import {
  DISMISS_CONFLICT,
  LINK_CONFLICT,
  REGENERATE_TOKEN,
  RELEASE_DEPROVISIONING_HOLD,
  REVOKE_PREVIOUS_TOKEN,
  RUN_SELF_CHECK,
  SCIM_SETTINGS,
  SET_KEEP_CONSOLE_MANAGED,
  SET_SCIM_ENABLED,
  UPDATE_SCIM_SETTINGS,
  type Conflict,
  type Health,
  type Provider,
  type Scope,
  type SelfCheckStep,
  type TakeoverCandidate,
  type ScimSettings,
} from '$lib/server/operations';
import type { Actions, PageServerLoad } from './$types';

const providerLabels: Record<Provider, string> = {
  ENTRA_ID: 'Microsoft Entra ID',
  OKTA: 'Okta',
  OTHER: 'other SCIM provider',
};

/** How long the current token keeps working after "Regenerate" (the select on the page). */
const overlapLabels: Record<number, string> = { 0: 'no time', 60: 'an hour', 1440: 'a day', 10080: 'a week' };

export const load: PageServerLoad = async ({ cookies }) => {
  const data = await api<{
    scimSettings: ScimSettings;
    scimConflicts: Conflict[];
    takeoverPreview: { total: number; users: TakeoverCandidate[] };
    connectionHealth: Health;
  }>(cookies, SCIM_SETTINGS);
  return {
    settings: data.scimSettings,
    conflicts: data.scimConflicts,
    takeover: data.takeoverPreview,
    health: data.connectionHealth,
  };
};

type TokenResult = { setScimEnabled?: { token: string | null }; regenerateScimToken?: { token: string } };

/** A conflict decision: the same call and answer shape for both choices. */
const decide = (mutation: string, field: string, says: (userName: string) => string) =>
  (async ({ cookies, request }) => {
    const id = String((await request.formData()).get('id') ?? '');
    return attempt(async () => {
      const result = await api<Record<string, { userName: string }>>(cookies, mutation, { id });
      return { message: says(result[field]!.userName) };
    });
  }) satisfies Actions[string];

export const actions: Actions = {
  enable: async ({ cookies }) =>
    attempt(async () => {
      const result = await api<TokenResult>(cookies, SET_SCIM_ENABLED, { enabled: true });
      return {
        token: result.setScimEnabled!.token,
        message: 'SCIM is on. Paste the URL and the token into your identity provider.',
      };
    }),
  disable: async ({ cookies, request }) => {
    const form = await request.formData();
    if (form.get('confirm') !== 'yes') return fail(400, { error: 'Confirm that you want to turn SCIM off.' });
    return attempt(async () => {
      await api(cookies, SET_SCIM_ENABLED, { enabled: false });
      return {
        message:
          'SCIM is off. The token was cleared; your identity provider now gets 401 until you turn it on again.',
      };
    });
  },
  regenerate: async ({ cookies, request }) => {
    const overlapMinutes = Number((await request.formData()).get('overlapMinutes') ?? 1440);
    return attempt(async () => {
      const result = await api<TokenResult>(cookies, REGENERATE_TOKEN, { overlapMinutes });
      return {
        token: result.regenerateScimToken!.token,
        message:
          overlapMinutes > 0
            ? `New token issued. The previous one keeps working for ${overlapLabels[overlapMinutes] ?? `${overlapMinutes} minutes`}, or until your identity provider first uses the new one: paste it there now.`
            : 'New token issued. The previous one no longer works: paste the new one into your identity provider now.',
      };
    });
  },
  revokePrevious: async ({ cookies }) =>
    attempt(async () => {
      await api(cookies, REVOKE_PREVIOUS_TOKEN);
      return { message: 'The previous token no longer works.' };
    }),
  selfCheck: async ({ cookies }) =>
    attempt(async () => {
      const { runScimSelfCheck: steps } = await api<{ runScimSelfCheck: SelfCheckStep[] }>(
        cookies,
        RUN_SELF_CHECK,
      );
      const failed = steps.filter((s) => !s.ok).length;
      return {
        selfCheck: steps,
        message: failed
          ? `Connection test: ${failed} of ${steps.length} steps failed (see below).`
          : `Connection test passed: all ${steps.length} steps answered as your identity provider expects.`,
      };
    }),
  keep: async ({ cookies, request }) => {
    const form = await request.formData();
    const keep = form.get('keep') === 'true';
    // The unsaved provider and scope choices on the page survive this action.
    const values = { provider: form.get('provider'), userScope: form.get('userScope') };
    return attempt(async () => {
      const { setKeepConsoleManaged: user } = await api<{ setKeepConsoleManaged: { userName: string } }>(
        cookies,
        SET_KEEP_CONSOLE_MANAGED,
        { id: String(form.get('id') ?? ''), keep },
      );
      return {
        message: keep
          ? `${user.userName} stays console-managed: your identity provider will get a conflict for it.`
          : `${user.userName} may be taken over by your identity provider.`,
        values,
      };
    }, values);
  },
  link: decide(
    LINK_CONFLICT,
    'linkScimConflict',
    (userName) => `${userName} is handed to your identity provider: its next attempt takes the user over.`,
  ),
  dismiss: decide(
    DISMISS_CONFLICT,
    'dismissScimConflict',
    (userName) => `${userName} stays managed here; your identity provider keeps getting a conflict for it.`,
  ),
  release: async ({ cookies }) =>
    attempt(async () => {
      await api(cookies, RELEASE_DEPROVISIONING_HOLD);
      return {
        message:
          'Hold released: the identity provider’s held deactivations and deletes go through on its next retries.',
      };
    }),
  save: async ({ cookies, request }) => {
    const form = await request.formData();
    const provider = String(form.get('provider') ?? '') as Provider;
    const userScope = String(form.get('userScope') ?? '') as Scope;
    const brake = {
      brakeEnabled: form.get('brakeEnabled') === 'on',
      brakeMaxUsers: Number(form.get('brakeMaxUsers')),
      brakeMaxPercent: Number(form.get('brakeMaxPercent')),
      brakeWindowMinutes: Number(form.get('brakeWindowMinutes')),
    };
    return attempt(
      async () => {
        await api(cookies, UPDATE_SCIM_SETTINGS, { input: { provider, userScope, ...brake } });
        const scope =
          userScope === 'ALL_USERS'
            ? 'the IdP may see and manage all users'
            : 'the IdP sees only the users it created';
        return { message: `Settings saved: ${providerLabels[provider]}; ${scope}.` };
      },
      { provider, userScope, ...brake },
    );
  },
};
