import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { hashSecret, secretMatches } from '../secrets.js';
import type { Services } from '../services.js';
import type { Actor, RequestContext } from '../tenancy/actor.js';
import { runInTenant } from '../tenancy/with-tenant.js';
import { providerLabels, type ScimProvider, type UserScope } from './scim-settings.entity.js';

export type IdpActor = Extract<Actor, { kind: 'idp' }>;

/** Last-used times are kept to the minute: recording every request would make every read a write. */
const lastUsedResolution = '60 seconds';

const unauthorized = () =>
  new DomainError('scim.unauthorized', 'The bearer token is not valid for this tenant, or SCIM is off');

/**
 * Run SCIM work for a bearer token, in one transaction: the token must be active for this tenant and
 * SCIM switched on, or `scim.unauthorized`. The token is found by its SHA-256 (an index probe) and
 * compared in constant time. The IdP acts with the scope the settings give it.
 */
export function withScimToken<T>(
  orm: MikroORM,
  tenantId: string,
  token: string,
  request: Omit<RequestContext, 'actor'>,
  work: (services: Services, idp: IdpActor) => Promise<T>,
): Promise<T> {
  return runInTenant(
    orm,
    tenantId,
    async (em) => ({ ...request, actor: await authenticate(em, tenantId, token) }),
    (services, context) => work(services, context.actor as IdpActor),
  );
}

async function authenticate(em: EntityManager, tenantId: string, token: string): Promise<IdpActor> {
  if (!token.startsWith('rc_scim_') || token.length > 128) throw unauthorized();
  const [row] = await em.execute<
    { id: string; tokenHash: string; stale: boolean; provider: ScimProvider; userScope: UserScope }[]
  >(
    `select t.id, t.token_hash as "tokenHash", s.provider, s.user_scope as "userScope",
            (t.last_used_at is null or t.last_used_at < now() - interval '${lastUsedResolution}') as stale
       from scim_token t join scim_settings s on s.tenant_id = t.tenant_id
      where t.tenant_id = ? and t.token_hash = ? and t.revoked_at is null and s.enabled`,
    [tenantId, hashSecret(token)],
  );
  if (!row || !secretMatches(token, row.tokenHash)) throw unauthorized();
  if (row.stale)
    await em.execute('update scim_token set last_used_at = now() where tenant_id = ? and id = ?', [
      tenantId,
      row.id,
    ]);
  return {
    kind: 'idp',
    id: row.id,
    label: row.provider === 'other' ? 'SCIM client' : providerLabels[row.provider],
    userScope: row.userScope,
  };
}
