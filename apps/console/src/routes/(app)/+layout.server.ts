import { api } from '$lib/server/api';
import { ATTENTION, type Attention } from '$lib/server/operations';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies }) => ({
  me: locals.me!,
  attention: (await api<{ attention: Attention }>(cookies, ATTENTION)).attention,
});
