import { error } from '@sveltejs/kit';
import { api } from '$lib/server/api';
import { GROUP, type GroupRow } from '$lib/server/operations';
import type { PageServerLoad } from './$types';

type Members = {
  nodes: { id: string; userName: string; displayName: string | null }[];
  pageInfo: { endCursor: string | null; hasNextPage: boolean };
};

export const load: PageServerLoad = async ({ cookies, params, url }) => {
  const data = await api<{ group: (GroupRow & { createdAt: string; members: Members }) | null }>(
    cookies,
    GROUP,
    {
      id: params.id,
      after: url.searchParams.get('after') || null,
    },
  );
  if (!data.group) error(404, 'No such group in this workspace');
  return { group: data.group };
};
