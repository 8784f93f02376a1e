import { api } from '$lib/server/api';
import { AUDIT_EVENTS, SCIM_REQUESTS, type AuditEvent, type ScimRequest } from '$lib/server/operations';
import type { PageServerLoad } from './$types';

type Page<T> = { nodes: T[]; pageInfo: { endCursor: string | null; hasNextPage: boolean } };

const date = (value: string | null) => (value ? new Date(value).toISOString() : null);

export const load: PageServerLoad = async ({ cookies, url }) => {
  const q = url.searchParams;
  const tab = q.get('tab') === 'scim' ? 'scim' : 'audit';
  const range = {
    ...(q.get('from') ? { from: date(q.get('from')) } : {}),
    ...(q.get('to') ? { to: date(q.get('to')) } : {}),
  };
  if (tab === 'scim') {
    const filter = {
      ...range,
      ...(q.get('status') ? { statusClass: q.get('status') } : {}),
      ...(q.get('method') ? { method: q.get('method') } : {}),
      ...(q.get('path') ? { path: q.get('path') } : {}),
    };
    const data = await api<{ scimRequests: Page<ScimRequest> }>(cookies, SCIM_REQUESTS, {
      after: q.get('after') || null,
      filter,
    });
    return { tab, requests: data.scimRequests, events: null, query: Object.fromEntries(q) };
  }
  const filter = {
    ...range,
    ...(q.get('actor') ? { actorKind: q.get('actor') } : {}),
    ...(q.get('action') ? { action: q.get('action') } : {}),
    ...(q.get('target') ? { targetId: q.get('target') } : {}),
  };
  const data = await api<{ auditEvents: Page<AuditEvent> }>(cookies, AUDIT_EVENTS, {
    after: q.get('after') || null,
    filter,
  });
  return { tab, events: data.auditEvents, requests: null, query: Object.fromEntries(q) };
};
