import { api } from '$lib/server/api';
import {
  AuditEventsDocument,
  ScimRequestsDocument,
  type ActorKind,
  type AuditFilter,
  type ScimRequestFilter,
  type StatusClass,
} from '$lib/graphql/generated/graphql';
import type { PageServerLoad } from './$types';

const date = (value: string | null) => (value ? new Date(value).toISOString() : null);

export const load: PageServerLoad = async ({ cookies, url }) => {
  const q = url.searchParams;
  const tab = q.get('tab') === 'scim' ? 'scim' : 'audit';
  const range = {
    ...(q.get('from') ? { from: date(q.get('from')) } : {}),
    ...(q.get('to') ? { to: date(q.get('to')) } : {}),
  };
  if (tab === 'scim') {
    const filter: ScimRequestFilter = {
      ...range,
      ...(q.get('status') ? { statusClass: q.get('status') as StatusClass } : {}),
      ...(q.get('method') ? { method: q.get('method') } : {}),
      ...(q.get('path') ? { path: q.get('path') } : {}),
    };
    const data = await api(cookies, ScimRequestsDocument, {
      after: q.get('after') || null,
      filter,
    });
    return { tab, requests: data.scimRequests, events: null, query: Object.fromEntries(q) };
  }
  const filter: AuditFilter = {
    ...range,
    ...(q.get('actor') ? { actorKind: q.get('actor') as ActorKind } : {}),
    ...(q.get('action') ? { action: q.get('action') } : {}),
    ...(q.get('target') ? { targetId: q.get('target') } : {}),
  };
  const data = await api(cookies, AuditEventsDocument, {
    after: q.get('after') || null,
    filter,
  });
  return { tab, events: data.auditEvents, requests: null, query: Object.fromEntries(q) };
};
