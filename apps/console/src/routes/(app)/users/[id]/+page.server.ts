import { error, redirect } from '@sveltejs/kit';
import { api, attempt, type OnIdOperation } from '$lib/server/api';
import {
  DeactivateUserDocument,
  DeleteUserDocument,
  ReactivateUserDocument,
  UpdateUserDocument,
  UserPageDocument,
} from '$lib/graphql/generated/graphql';
import { userInput } from '../user-form';
import type { Action, Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  const data = await api(cookies, UserPageDocument, { id: params.id });
  if (!data.user) error(404, 'No such user in this workspace');
  return { user: data.user, provider: data.scimSettings.provider, created: url.searchParams.has('created') };
};

/** A user action: one mutation on this page's user. */
const run =
  (document: OnIdOperation): Action =>
  async ({ cookies, params }) =>
    attempt(async () => {
      await api(cookies, document, { id: params.id });
      return { message: 'Done.' };
    });

export const actions: Actions = {
  save: async ({ cookies, params, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      await api(cookies, UpdateUserDocument, {
        input: {
          id: params.id,
          userName: values.userName ?? null,
          ifVersion: Number(values.version),
          ...userInput(values),
        },
      });
      return { message: 'Saved.' };
    }, values);
  },
  deactivate: run(DeactivateUserDocument),
  reactivate: run(ReactivateUserDocument),
  delete: async ({ cookies, params }) => {
    return attempt(async () => {
      await api(cookies, DeleteUserDocument, { id: params.id });
      redirect(303, '/users');
    });
  },
};
