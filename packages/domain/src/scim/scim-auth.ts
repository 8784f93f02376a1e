import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { hashSecret, secretMatches } from '../secrets.js';
import type { Services } from '../services.js';
import type { Actor, RequestContext } from '../tenancy/actor.js';
import { runInTenant, type EnteredToken } from '../tenancy/with-tenant.js';
import { readInTenant } from '../tenancy/one-round-trip.js';
import { ActorChanged, writeInTenant } from '../tenancy/pipelined-write.js';
import {
  customAttributeColumns,
  fromCustomAttributeRow,
  type CustomSchema,
} from '../users/custom-attribute.js';
import { providerLabels, type ScimProvider, type UserScope } from './scim-settings.entity.js';

export type IdpActor = Extract<Actor, { kind: 'idp' }>;

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
  // Only well-formed tokens are looked up; the lookup is an index probe by SHA-256.
  const wellFormed = token.startsWith('rc_scim_') && token.length <= 128;
  return runInTenant(
    orm,
    tenantId,
    {
      tokenHash: wellFormed ? hashSecret(token) : '',
      establish: async (em, row) => ({ ...request, actor: await authenticate(em, tenantId, token, row) }),
    },
    (services, context) => work(services, context.actor as IdpActor),
  );
}

/**
 * The actor of each token this process has authenticated, by tenant and token digest: what a read
 * needs before it is sent. The token is checked again, live, in the read's own round trip, and so is
 * the user scope the read assumed: revocation and scope changes count at once.
 */
const knownActors = new Map<string, IdpActor>();
const maxKnownActors = 1000;

function remember(key: string, actor: IdpActor): void {
  if (knownActors.size >= maxKnownActors) knownActors.delete(knownActors.keys().next().value!);
  knownActors.set(key, actor);
}

/** The actor this process learnt for a well-formed token, with the token's digest; else undefined. */
function knownActor(tenantId: string, token: string): { tokenHash: string; actor: IdpActor } | undefined {
  if (!token.startsWith('rc_scim_') || token.length > 128) return undefined;
  const tokenHash = hashSecret(token);
  const actor = knownActors.get(`${tenantId}:${tokenHash}`);
  return actor && { tokenHash, actor };
}

/**
 * Like `withScimToken`, for work that only reads: one round trip per statement (one-round-trip.ts)
 * once this process knows the token. The first request of a token, and one a minute after that (its
 * last-used time), take the transactional path, which also does the token's bookkeeping.
 */
export async function readWithScimToken<T>(
  orm: MikroORM,
  tenantId: string,
  token: string,
  request: Omit<RequestContext, 'actor'>,
  work: (services: Services, idp: IdpActor) => Promise<T>,
): Promise<T> {
  const known = knownActor(tenantId, token);
  if (!known) return withScimToken(orm, tenantId, token, request, work);
  const { tokenHash, actor } = known;
  const { result, token: row } = await readInTenant(
    orm,
    tenantId,
    { tokenHash, context: { ...request, actor }, refuse: unauthorized },
    (services) => work(services, actor),
  );
  if (!row || !secretMatches(token, row.tokenHash)) throw unauthorized();
  // The scope changed since this process learnt it: the answer may show too much or too little.
  // Read again on the transactional path, which also learns the new scope.
  if (row.userScope !== actor.userScope || row.customSchemaVersion !== actor.customSchema?.version)
    return withScimToken(orm, tenantId, token, request, work);
  if (row.stale || row.firstUse) await withScimToken(orm, tenantId, token, request, async () => undefined);
  return result;
}

/**
 * Like `withScimToken`, for work that writes with SQL only (the user service): a pipelined write
 * (pipelined-write.ts), two round trips for a PATCH, once this process knows the token. The token is
 * checked live in the first round trip; when its row shows the actor out of date (user scope or
 * strict-attributes setting changed), the work is rolled back and run on the transactional path.
 */
export async function writeWithScimToken<T>(
  orm: MikroORM,
  tenantId: string,
  token: string,
  request: Omit<RequestContext, 'actor'>,
  work: (services: Services, idp: IdpActor) => Promise<T>,
): Promise<T> {
  const known = knownActor(tenantId, token);
  if (!known) return withScimToken(orm, tenantId, token, request, work);
  const { tokenHash, actor } = known;
  let stale = false;
  try {
    const result = await writeInTenant(
      orm,
      tenantId,
      {
        tokenHash,
        context: { ...request, actor },
        admits: (row) => {
          if (!row || !secretMatches(token, row.tokenHash)) throw unauthorized();
          stale = row.stale;
          return (
            row.userScope === actor.userScope &&
            row.strictAttributes === (actor.strictAttributes === true) &&
            row.customSchemaVersion === actor.customSchema?.version &&
            !row.firstUse
          );
        },
      },
      (services) => work(services, actor),
    );
    // The token's last-used time, kept to the minute, on the transactional path's bookkeeping.
    if (stale) await withScimToken(orm, tenantId, token, request, async () => undefined);
    return result;
  } catch (error) {
    if (error instanceof ActorChanged) return withScimToken(orm, tenantId, token, request, work);
    throw error;
  }
}

async function authenticate(
  em: EntityManager,
  tenantId: string,
  token: string,
  row: EnteredToken | undefined,
): Promise<IdpActor> {
  if (!row || !secretMatches(token, row.tokenHash)) throw unauthorized();
  if (row.stale)
    await em.execute('update scim_token set last_used_at = now() where tenant_id = ? and id = ?', [
      tenantId,
      row.id,
    ]);
  // The IdP now uses the new token: the one it replaced has served its overlap (zero-downtime rotation).
  if (row.firstUse)
    await em.execute(
      `update scim_token set revoked_at = now()
        where tenant_id = ? and id <> ? and revoked_at is null
          and created_at < (select created_at from scim_token where tenant_id = ? and id = ?)`,
      [tenantId, row.id, tenantId, row.id],
    );
  const provider = row.provider as ScimProvider;
  const actor: IdpActor = {
    kind: 'idp',
    id: row.id,
    label:
      row.purpose === 'self_check'
        ? 'Rollcall self-check'
        : provider === 'other'
          ? 'SCIM client'
          : providerLabels[provider],
    userScope: row.userScope as UserScope,
    ...(row.strictAttributes ? { strictAttributes: true } : {}),
    ...(row.purpose === 'self_check' ? { selfCheck: true } : {}),
    customSchema: await customSchemaOf(em, tenantId, row.customSchemaVersion),
  };
  remember(`${tenantId}:${row.tokenHash}`, actor);
  return actor;
}

/** The tenant's custom attribute declarations at the version `rollcall_enter` reported. */
async function customSchemaOf(em: EntityManager, tenantId: string, version: number): Promise<CustomSchema> {
  const rows = await em.execute<Record<string, unknown>[]>(
    `select ${customAttributeColumns} from custom_attribute where tenant_id = ? order by schema_key, name_key`,
    [tenantId],
  );
  return { version, attributes: rows.map(fromCustomAttributeRow) };
}
