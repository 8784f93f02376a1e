import { redirect } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import { CreateUserDocument } from '$lib/graphql/generated/graphql';
import { userInput } from '../user-form';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    return attempt(async () => {
      const { createUser } = await api(cookies, CreateUserDocument, {
        input: { userName: values.userName ?? '', ...userInput(values) },
      });
      redirect(303, `/users/${createUser.id}?created=1`);
    }, values);
  },
};
