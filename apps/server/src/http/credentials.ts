import {
  DomainError,
  isId,
  readWithTenant,
  systemActor,
  withTenant,
  type MikroORM,
  type Principal,
} from '@rollcall/domain';

/**
 * Who a credential (an API key, a console session) is: one round trip that writes nothing; once a
 * minute per credential, a transaction that also keeps its last-used time. Null when it is not valid;
 * the database being away propagates.
 */
export async function principalOf(
  orm: MikroORM,
  tenantId: string,
  kind: 'api_key' | 'session',
  secret: string,
): Promise<Principal | null> {
  if (!isId(tenantId)) return null;
  const actor = systemActor(kind === 'api_key' ? 'api key check' : 'session check');
  try {
    const found = await readWithTenant(orm, tenantId, { actor }, (s) => s.auth.credential(kind, secret));
    if (!found?.touchDue) return found?.principal ?? null;
    return await withTenant(orm, tenantId, { actor }, (s) =>
      kind === 'api_key' ? s.auth.apiKey(secret) : s.auth.session(secret),
    );
  } catch (error) {
    if (error instanceof DomainError) return null;
    throw error;
  }
}
