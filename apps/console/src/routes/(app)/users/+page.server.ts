import { api } from '$lib/server/api';
import { UsersPageDocument, type Origin, type UserFilter } from '$lib/graphql/generated/graphql';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ cookies, url }) => {
  const q = url.searchParams;
  const filter: UserFilter = {
    ...(q.get('search') ? { search: q.get('search') } : {}),
    ...(q.get('origin') ? { origin: q.get('origin') as Origin } : {}),
    ...(q.get('managedBy') ? { managedBy: q.get('managedBy') as Origin } : {}),
    ...(q.get('active') ? { active: q.get('active') === 'true' } : {}),
  };
  const data = await api(cookies, UsersPageDocument, {
    first: 25,
    after: q.get('after') || null,
    filter,
    orderBy: 'USER_NAME',
  });
  return { users: data.users, provider: data.scimSettings.provider, query: Object.fromEntries(q) };
};
