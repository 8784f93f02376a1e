import { fail, type Cookies } from '@sveltejs/kit';
import { api, attempt, text } from '$lib/server/api';
import {
  DismissScimConflictDocument,
  LinkScimConflictDocument,
  RegenerateScimTokenDocument,
  ReleaseDeprovisioningHoldDocument,
  RevokePreviousScimTokenDocument,
  RunScimSelfCheckDocument,
  SecurityPageDocument,
  SetKeepConsoleManagedDocument,
  SetScimEnabledDocument,
  UpdateScimSettingsDocument,
  type ScimProvider,
  type UserScope,
} from '$lib/graphql/generated/graphql';
import type { Actions, PageServerLoad } from './$types';

const providerLabels: Record<ScimProvider, string> = {
  ENTRA_ID: 'Microsoft Entra ID',
  OKTA: 'Okta',
  OTHER: 'other SCIM provider',
};

/** How long the current token keeps working after "Regenerate" (the select on the page). */
const overlapLabels: Record<number, string> = { 0: 'no time', 60: 'an hour', 1440: 'a day', 10080: 'a week' };

export const load: PageServerLoad = async ({ cookies }) => {
  const data = await api(cookies, SecurityPageDocument);
  return {
    settings: data.scimSettings,
    conflicts: data.scimConflicts,
    takeover: data.takeoverPreview,
    health: data.connectionHealth,
    ignoredAttributes: data.ignoredScimAttributes,
  };
};

/** A conflict decision: one mutation on the conflict, and what it means for its user. */
const decide = (
  decision: (cookies: Cookies, id: string) => Promise<{ userName: string }>,
  says: (userName: string) => string,
) =>
  (async ({ cookies, request }) => {
    const id = text(await request.formData(), 'id');
    return attempt(async () => ({ message: says((await decision(cookies, id)).userName) }));
  }) satisfies Actions[string];

export const actions: Actions = {
  enable: async ({ cookies }) =>
    attempt(async () => {
      const { setScimEnabled } = await api(cookies, SetScimEnabledDocument, { enabled: true });
      return {
        token: setScimEnabled.token,
        message: 'SCIM is on. Paste the URL and the token into your identity provider.',
      };
    }),
  disable: async ({ cookies, request }) => {
    const form = await request.formData();
    if (form.get('confirm') !== 'yes') return fail(400, { error: 'Confirm that you want to turn SCIM off.' });
    return attempt(async () => {
      await api(cookies, SetScimEnabledDocument, { enabled: false });
      return {
        message:
          'SCIM is off. The token was cleared; your identity provider now gets 401 until you turn it on again.',
      };
    });
  },
  regenerate: async ({ cookies, request }) => {
    const overlapMinutes = Number((await request.formData()).get('overlapMinutes') ?? 1440);
    return attempt(async () => {
      const { regenerateScimToken } = await api(cookies, RegenerateScimTokenDocument, { overlapMinutes });
      return {
        token: regenerateScimToken.token,
        message:
          overlapMinutes > 0
            ? `New token issued. The previous one keeps working for ${overlapLabels[overlapMinutes] ?? `${overlapMinutes} minutes`}, or until your identity provider first uses the new one: paste it there now.`
            : 'New token issued. The previous one no longer works: paste the new one into your identity provider now.',
      };
    });
  },
  revokePrevious: async ({ cookies }) =>
    attempt(async () => {
      await api(cookies, RevokePreviousScimTokenDocument);
      return { message: 'The previous token no longer works.' };
    }),
  selfCheck: async ({ cookies }) =>
    attempt(async () => {
      const { runScimSelfCheck: steps } = await api(cookies, RunScimSelfCheckDocument);
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
      const { setKeepConsoleManaged: user } = await api(cookies, SetKeepConsoleManagedDocument, {
        id: text(form, 'id'),
        keep,
      });
      return {
        message: keep
          ? `${user.userName} stays console-managed: your identity provider will get a conflict for it.`
          : `${user.userName} may be taken over by your identity provider.`,
        values,
      };
    }, values);
  },
  link: decide(
    async (cookies, id) => (await api(cookies, LinkScimConflictDocument, { id })).linkScimConflict,
    (userName) => `${userName} is handed to your identity provider: its next attempt takes the user over.`,
  ),
  dismiss: decide(
    async (cookies, id) => (await api(cookies, DismissScimConflictDocument, { id })).dismissScimConflict,
    (userName) => `${userName} stays managed here; your identity provider keeps getting a conflict for it.`,
  ),
  release: async ({ cookies }) =>
    attempt(async () => {
      await api(cookies, ReleaseDeprovisioningHoldDocument);
      return {
        message:
          'Hold released: the identity provider’s held deactivations and deletes go through on its next retries.',
      };
    }),
  save: async ({ cookies, request }) => {
    const form = await request.formData();
    const provider = text(form, 'provider') as ScimProvider;
    const userScope = text(form, 'userScope') as UserScope;
    const brake = {
      strictAttributes: form.get('strictAttributes') === 'on',
      brakeEnabled: form.get('brakeEnabled') === 'on',
      brakeMaxUsers: Number(form.get('brakeMaxUsers')),
      brakeMaxPercent: Number(form.get('brakeMaxPercent')),
      brakeWindowMinutes: Number(form.get('brakeWindowMinutes')),
    };
    return attempt(
      async () => {
        await api(cookies, UpdateScimSettingsDocument, { input: { provider, userScope, ...brake } });
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
