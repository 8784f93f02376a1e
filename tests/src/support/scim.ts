import { randomUUID } from 'node:crypto';
import {
  TenantDirectory,
  openDatabase,
  systemActor,
  withTenant,
  type MikroORM,
  type Services,
} from '@rollcall/domain';
import { startTestServer, type TestServer } from '@rollcall/server/testing';
import { afterAll, beforeAll, inject } from 'vitest';

export const USER = 'urn:ietf:params:scim:schemas:core:2.0:User';
export const GROUP = 'urn:ietf:params:scim:schemas:core:2.0:Group';
export const ENT = 'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User';
export const PATCH = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export interface ScimResponse<T = any> {
  status: number;
  body: T;
  headers: Headers;
}

export type ScimClient = <T = any>(
  method: string,
  path: string,
  body?: unknown,
  headers?: Record<string, string>,
) => Promise<ScimResponse<T>>;

export interface TestTenant {
  id: string;
  slug: string;
  token: string;
  /** The tenant's SCIM base URL. */
  base: string;
  scim: ScimClient;
  /** Run domain services as the console would (to create console users, read the audit trail…). */
  run<T>(work: (services: Services) => Promise<T>): Promise<T>;
}

/** One server and one ORM for a test file, on the run's database. */
export function scimTestServer(env: Record<string, string> = {}) {
  const state = {} as { server: TestServer; orm: MikroORM };
  beforeAll(async () => {
    state.server = await startTestServer({ databaseUrl: inject('databaseUrl'), env });
    state.orm = await openDatabase({ databaseUrl: inject('databaseUrl'), poolSize: 2 });
  });
  afterAll(async () => {
    await state.server?.close();
    await state.orm?.close();
  });

  /** A fresh tenant with SCIM on and a token (random slug: tests never share rows). */
  async function newTenant(): Promise<TestTenant> {
    const tenant = await createTenant(state.orm);
    const base = `${state.server.url}/scim/v2/${tenant.slug}`;
    return { ...tenant, base, scim: client(base, tenant.token) };
  }

  return { state, newTenant, flush: () => state.server.flushRequestLog() };
}

/**
 * A tenant with SCIM on and its token, made straight in the database (random slug), plus `run` to use
 * its services as the console would; for tests that start their own servers.
 */
export async function createTenant(orm: MikroORM) {
  const slug = `t-${randomUUID().slice(0, 12)}`;
  const { id } = await new TenantDirectory(orm).create({ slug, name: slug });
  const run = <T>(work: (s: Services) => Promise<T>) =>
    withTenant(orm, id, { actor: systemActor('test') }, work);
  const { token } = await run((s) => s.scim.enable());
  return { id, slug, token, run };
}

/** A SCIM client for a base URL and token; paths are relative to the base (query strings included). */
export function client(
  base: string,
  token: string | null,
  defaults: Record<string, string> = {},
): ScimClient {
  return async (method, path, body, headers = {}) => {
    const response = await fetch(`${base}${path}`, {
      method,
      headers: {
        ...(token ? { Authorization: `Bearer ${token}` } : {}),
        ...(body !== undefined ? { 'Content-Type': 'application/scim+json' } : {}),
        ...defaults,
        ...headers,
      },
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON: keep the text so the assertion shows it */
    }
    return { status: response.status, body: parsed as any, headers: response.headers };
  };
}

export const newUserName = (prefix = 'user') => `${prefix}-${randomUUID().slice(0, 8)}@example.com`;
