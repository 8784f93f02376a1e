import { redirect } from '@sveltejs/kit';
import { api, attempt } from '$lib/server/api';
import { CreateGroupDocument, GroupsPageDocument } from '$lib/graphql/generated/graphql';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
  const data = await api(cookies, GroupsPageDocument, {
    first: 25,
    after: url.searchParams.get('after') || null,
    search: url.searchParams.get('search') || null,
  });
  return { groups: data.groups, search: url.searchParams.get('search') ?? '' };
};

export const actions: Actions = {
  create: async ({ cookies, request }) => {
    const displayName = String((await request.formData()).get('displayName') ?? '').trim();
    return attempt(
      async () => {
        const { createGroup } = await api(cookies, CreateGroupDocument, {
          input: { displayName },
        });
        redirect(303, `/groups/${createGroup.id}`);
      },
      { displayName },
    );
  },
};
