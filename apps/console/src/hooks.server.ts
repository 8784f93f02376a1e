import { redirect, type Handle } from '@sveltejs/kit';
import { api, ApiError, sessionCookie } from '$lib/server/api';
import { MeDocument } from '$lib/graphql/generated/graphql';

/** Session cookie → the signed-in admin (locals.me). Everything but the sign-in page needs one. */
export const handle: Handle = async ({ event, resolve }) => {
  event.locals.me = null;
  if (event.cookies.get(sessionCookie)) {
    try {
      event.locals.me = (await api(event.cookies, MeDocument)).me;
    } catch (error) {
      if (!(error instanceof ApiError && error.code === 'UNAUTHENTICATED')) throw error;
      event.cookies.delete(sessionCookie, { path: '/' });
    }
  }
  const publicPath = event.url.pathname === '/login';
  if (!event.locals.me && !publicPath) {
    const next =
      event.url.pathname === '/' ? '' : `?next=${encodeURIComponent(event.url.pathname + event.url.search)}`;
    redirect(303, `/login${next}`);
  }
  return resolve(event);
};
