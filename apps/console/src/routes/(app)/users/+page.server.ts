import { api } from '$lib/server/api';
import { USERS, type UserRow, type ScimSettings } from '$lib/server/operations';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
  const q = url.searchParams;
  const filter = {
    ...(q.get('search') ? { search: q.get('search') } : {}),
    ...(q.get('origin') ? { origin: q.get('origin') } : {}),
    ...(q.get('managedBy') ? { managedBy: q.get('managedBy') } : {}),
    ...(q.get('active') ? { active: q.get('active') === 'true' } : {}),
  };
  const data = await api<{
    users: {
      totalCount: number;
      nodes: UserRow[];
      pageInfo: { endCursor: string | null; hasNextPage: boolean };
    };
    scimSettings: Pick<ScimSettings, 'provider'>;
  }>(cookies, USERS, {
    first: 25,
    after: q.get('after') || null,
    filter,
    orderBy: 'USER_NAME',
  });
  return { users: data.users, provider: data.scimSettings.provider, query: Object.fromEntries(q) };
};
