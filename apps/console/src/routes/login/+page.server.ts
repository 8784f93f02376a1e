import { fail, redirect } from '@sveltejs/kit';
import { ApiError, signIn } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
  if (locals.me) redirect(303, '/security');
  return { next: url.searchParams.get('next') ?? '', deleted: url.searchParams.get('deleted') };
};

export const actions: Actions = {
  default: async ({ request, cookies, url }) => {
    const form = await request.formData();
    const values = {
      tenant: String(form.get('tenant') ?? '').trim(),
      email: String(form.get('email') ?? '').trim(),
    };
    const password = String(form.get('password') ?? '');
    if (!values.tenant || !values.email || !password)
      return fail(400, { error: 'Enter your workspace, email and password.', values });
    try {
      await signIn(cookies, url.protocol === 'https:', { ...values, password });
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      const status = error.code === 'TOO_MANY_REQUESTS' ? 429 : 400;
      return fail(status, { error: error.message, values });
    }
    const next = String(form.get('next') ?? '');
    redirect(303, next.startsWith('/') && !next.startsWith('//') ? next : '/security');
  },
};
