import { fail, redirect } from '@sveltejs/kit';
import { api, failure } from '$lib/server/api';
import { CREATE_USER } from '$lib/server/operations';
import { userInput } from '../user-form';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async ({ cookies, request }) => {
    const values = Object.fromEntries(await request.formData()) as Record<string, string>;
    let id: string;
    try {
      id = (
        await api<{ createUser: { id: string } }>(cookies, CREATE_USER, {
          input: { userName: values.userName, ...userInput(values) },
        })
      ).createUser.id;
    } catch (error) {
      return fail(400, failure(error, values));
    }
    redirect(303, `/users/${id}?created=1`);
  },
};
