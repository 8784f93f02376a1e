import { error, redirect } from '@sveltejs/kit';
import { api, attempt, sessionCookie, text } from '$lib/server/api';
import {
  ChangeAdminRoleDocument,
  CreateAdminDocument,
  CreateApiKeyDocument,
  DeleteWorkspaceDocument,
  RemoveAdminDocument,
  RevokeApiKeyDocument,
  SettingsPageDocument,
  UpdateRetentionDocument,
  type Role,
} from '$lib/graphql/generated/graphql';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
  if (locals.me?.role !== 'OWNER') error(403, 'Only owners manage admins and API keys');
  return api(cookies, SettingsPageDocument);
};

/** A period field: its days, or null (the default) when left empty. */
const period = (form: FormData, name: string) => {
  const value = text(form, name).trim();
  return value === '' ? null : Number(value);
};

export const actions: Actions = {
  deleteWorkspace: async ({ cookies, request }) => {
    const form = await request.formData();
    const result = await attempt(() =>
      api(cookies, DeleteWorkspaceDocument, { confirm: text(form, 'confirm') }),
    );
    if (!('deleteWorkspace' in result)) return result;
    // The session went with the workspace: sign-in is all that is left.
    cookies.delete(sessionCookie, { path: '/' });
    redirect(303, `/login?deleted=${encodeURIComponent(result.deleteWorkspace.slug)}`);
  },
  retention: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, UpdateRetentionDocument, {
        input: {
          requestLogDays: period(form, 'requestLogDays'),
          webhookDays: period(form, 'webhookDays'),
          auditDays: period(form, 'auditDays'),
        },
      });
      return { message: 'Retention saved. Older records go at the next pruning.' };
    });
  },
  createAdmin: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      const { createAdmin } = await api(cookies, CreateAdminDocument, {
        input: { email: values.email ?? '', role: values.role as Role, name: values.name || null },
      });
      return {
        message: `Added ${createAdmin.admin.email}.`,
        password: createAdmin.password,
        passwordFor: createAdmin.admin.email,
      };
    }, values);
  },
  changeRole: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, ChangeAdminRoleDocument, { id: text(form, 'id'), role: text(form, 'role') as Role });
      return { message: 'Role changed.' };
    });
  },
  removeAdmin: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, RemoveAdminDocument, { id: text(form, 'id') });
      return { message: 'Admin removed.' };
    });
  },
  createKey: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      const { createApiKey } = await api(cookies, CreateApiKeyDocument, {
        name: values.name ?? '',
        role: values.role as Role,
      });
      return { message: `API key "${createApiKey.apiKey.name}" created.`, key: createApiKey.key };
    }, values);
  },
  revokeKey: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, RevokeApiKeyDocument, { id: text(form, 'id') });
      return { message: 'API key revoked.' };
    });
  },
};
