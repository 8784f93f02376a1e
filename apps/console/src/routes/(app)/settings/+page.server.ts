import { error } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import {
  CHANGE_ROLE,
  CREATE_ADMIN,
  CREATE_KEY,
  REMOVE_ADMIN,
  REVOKE_KEY,
  SETTINGS,
  type Admin,
  type ApiKey,
} from '$lib/server/operations';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, locals }) => {
  if (locals.me?.role !== 'OWNER') error(403, 'Only owners manage admins and API keys');
  return api<{ admins: Admin[]; apiKeys: ApiKey[] }>(cookies, SETTINGS);
};

export const actions: Actions = {
  createAdmin: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      const { createAdmin } = await api<{
        createAdmin: { password: string | null; admin: { email: string } };
      }>(cookies, CREATE_ADMIN, {
        input: { email: values.email, role: values.role, name: values.name || null },
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
      await api(cookies, CHANGE_ROLE, { id: form.get('id'), role: form.get('role') });
      return { message: 'Role changed.' };
    });
  },
  removeAdmin: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, REMOVE_ADMIN, { id: form.get('id') });
      return { message: 'Admin removed.' };
    });
  },
  createKey: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      const { createApiKey } = await api<{ createApiKey: { key: string; apiKey: { name: string } } }>(
        cookies,
        CREATE_KEY,
        { name: values.name, role: values.role },
      );
      return { message: `API key "${createApiKey.apiKey.name}" created.`, key: createApiKey.key };
    }, values);
  },
  revokeKey: async ({ cookies, request }) => {
    const form = await request.formData();
    return attempt(async () => {
      await api(cookies, REVOKE_KEY, { id: form.get('id') });
      return { message: 'API key revoked.' };
    });
  },
};
