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
  return {
    user: data.user,
    provider: data.scimSettings.provider,
    customAttributes: data.customAttributes,
    created: url.searchParams.has('created'),
  };
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
          customAttributes: customInput(values),
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

/**
 * The custom attribute fields of the form (`custom:<id>`, `custom-list:<id>` for a list, one value per
 * line or comma), as the API's input: every declared attribute the form shows, set or cleared.
 */
function customInput(values: Record<string, string>) {
  return Object.entries(values).flatMap(([key, value]) => {
    const [kind, attributeId] = key.split(':');
    if (!attributeId || (kind !== 'custom' && kind !== 'custom-list')) return [];
    const given = kind === 'custom-list' ? value.split(/[\n,]/) : [value];
    return [{ attributeId, values: given.map((v) => v.trim()).filter(Boolean) }];
  });
}
