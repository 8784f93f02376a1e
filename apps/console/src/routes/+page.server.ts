import { env } from '$env/dynamic/private';
import type { PageServerLoad } from './$types';

/** The server that mounts the console tells it where the API listens (ROLLCALL_API_URL). */
export const load: PageServerLoad = async () => {
  const response = env.ROLLCALL_API_URL
    ? await globalThis.fetch(new URL('/readyz', env.ROLLCALL_API_URL)).catch(() => null)
    : null;
  return { ready: response?.ok ?? false };
};
