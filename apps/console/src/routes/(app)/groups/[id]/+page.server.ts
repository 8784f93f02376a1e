import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { GroupPageDocument } from '$lib/graphql/generated/graphql';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  const data = await api(cookies, GroupPageDocument, {
    id: params.id,
    after: url.searchParams.get('after') || null,
  });
  if (!data.group) error(404, 'No such group in this workspace');
  return { group: data.group };
};
