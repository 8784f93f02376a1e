import { fail } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
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

export const actions: Actions = {
  enable: async ({ cookies }) => {
    try {
      const result = await api<TokenResult>(cookies, SET_SCIM_ENABLED, { enabled: true });
      return {
        token: result.setScimEnabled!.token,
        message: 'SCIM is on. Paste the URL and the token into your identity provider.',
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  disable: async ({ cookies, request }) => {
    const form = await request.formData();
    if (form.get('confirm') !== 'yes') return fail(400, { error: 'Confirm that you want to turn SCIM off.' });
    try {
      await api(cookies, SET_SCIM_ENABLED, { enabled: false });
      return {
        message:
          'SCIM is off. The token was cleared; your identity provider now gets 401 until you turn it on again.',
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  regenerate: async ({ cookies, request }) => {
    const overlapMinutes = Number((await request.formData()).get('overlapMinutes') ?? 1440);
    try {
      const result = await api<TokenResult>(cookies, REGENERATE_TOKEN, { overlapMinutes });
      return {
        token: result.regenerateScimToken!.token,
        message:
          overlapMinutes > 0
            ? `New token issued. The previous one keeps working for ${overlapLabels[overlapMinutes] ?? `${overlapMinutes} minutes`}, or until your identity provider first uses the new one: paste it there now.`
            : 'New token issued. The previous one no longer works: paste the new one into your identity provider now.',
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  revokePrevious: async ({ cookies }) => {
    try {
      await api(cookies, REVOKE_PREVIOUS_TOKEN);
      return { message: 'The previous token no longer works.' };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  selfCheck: async ({ cookies }) => {
    try {
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
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  keep: async ({ cookies, request }) => {
    const form = await request.formData();
    const id = String(form.get('id') ?? '');
    const keep = form.get('keep') === 'true';
    try {
      const { setKeepConsoleManaged: user } = await api<{ setKeepConsoleManaged: { userName: string } }>(
        cookies,
        SET_KEEP_CONSOLE_MANAGED,
        { id, keep },
      );
      return {
        message: keep
          ? `${user.userName} stays console-managed: your identity provider will get a conflict for it.`
          : `${user.userName} may be taken over by your identity provider.`,
        values: { provider: form.get('provider'), userScope: form.get('userScope') },
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  link: async ({ cookies, request }) => {
    const id = String((await request.formData()).get('id') ?? '');
    try {
      const { linkScimConflict } = await api<{ linkScimConflict: { userName: string } }>(
        cookies,
        LINK_CONFLICT,
        { id },
      );
      return {
        message: `${linkScimConflict.userName} is handed to your identity provider: its next attempt takes the user over.`,
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  dismiss: async ({ cookies, request }) => {
    const id = String((await request.formData()).get('id') ?? '');
    try {
      const { dismissScimConflict } = await api<{ dismissScimConflict: { userName: string } }>(
        cookies,
        DISMISS_CONFLICT,
        { id },
      );
      return {
        message: `${dismissScimConflict.userName} stays managed here; your identity provider keeps getting a conflict for it.`,
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
  release: async ({ cookies }) => {
    try {
      await api(cookies, RELEASE_DEPROVISIONING_HOLD);
      return {
        message:
          'Hold released: the identity provider’s held deactivations and deletes go through on its next retries.',
      };
    } catch (error) {
      return fail(400, failure(error));
    }
  },
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
    try {
      await api(cookies, UPDATE_SCIM_SETTINGS, { input: { provider, userScope, ...brake } });
      const scope =
        userScope === 'ALL_USERS'
          ? 'the IdP may see and manage all users'
          : 'the IdP sees only the users it created';
      return { message: `Settings saved: ${providerLabels[provider]}; ${scope}.` };
    } catch (error) {
      return fail(400, failure(error, { provider, userScope, ...brake }));
    }
  },
};
