import { redirect } from '@sveltejs/kit';
import { signOut } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async () => redirect(303, '/security');

export const actions: Actions = {
  default: async ({ cookies }) => {
    await signOut(cookies);
    redirect(303, '/login');
  },
};
