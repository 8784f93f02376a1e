import { api } from '$lib/server/api';
import { AttentionDocument } from '$lib/graphql/generated/graphql';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async ({ locals, cookies }) => ({
  me: locals.me!,
  attention: (await api(cookies, AttentionDocument)).attention,
});
