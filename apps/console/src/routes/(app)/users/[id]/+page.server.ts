import { error, redirect } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import {
  DEACTIVATE_USER,
  DELETE_USER,
  REACTIVATE_USER,
  UPDATE_USER,
  USER,
  type Provider,
  type UserDetail,
} from '$lib/server/operations';
import { userInput } from '../user-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  const data = await api<{ user: UserDetail | null; scimSettings: { provider: Provider } }>(cookies, USER, {
    id: params.id,
  });
  if (!data.user) error(404, 'No such user in this workspace');
  return { user: data.user, provider: data.scimSettings.provider, created: url.searchParams.has('created') };
};

const run =
  (query: string) =>
  async ({ cookies, params }: { cookies: import('@sveltejs/kit').Cookies; params: { id: string } }) =>
    attempt(async () => {
      await api(cookies, query, { id: params.id });
      return { message: 'Done.' };
    });

export const actions: Actions = {
  save: async ({ cookies, params, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      await api(cookies, UPDATE_USER, {
        input: {
          id: params.id,
          userName: values.userName,
          ifVersion: Number(values.version),
          ...userInput(values),
        },
      });
      return { message: 'Saved.' };
    }, values);
  },
  deactivate: run(DEACTIVATE_USER),
  reactivate: run(REACTIVATE_USER),
  delete: async ({ cookies, params }) => {
    return attempt(async () => {
      await api(cookies, DELETE_USER, { id: params.id });
      redirect(303, '/users');
    });
  },
};
