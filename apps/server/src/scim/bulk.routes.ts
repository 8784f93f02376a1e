import { invalidSyntax, invalidValue, ScimError } from '@rollcall/scim';
import { isObject } from './resource.js';
import type { ScimReply } from './scim-call.js';
import { toScimError } from './scim-errors.js';

export const bulkRequestSchema = 'urn:ietf:params:scim:api:messages:2.0:BulkRequest';
export const bulkResponseSchema = 'urn:ietf:params:scim:api:messages:2.0:BulkResponse';

export interface BulkOperation {
  method: 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  resource: 'Users' | 'Groups';
  id: string | undefined;
  data: unknown;
  ifMatch: string | undefined;
}

/** Runs one operation exactly as the HTTP endpoint would, in its own transaction. */
export type BulkDispatch = (operation: BulkOperation) => Promise<ScimReply>;

/**
 * RFC 7644 §3.7: operations run in order, each on its own (a bulk request is not atomic);
 * `bulkId:<id>` references in paths and data are replaced by the ids the earlier POSTs created;
 * processing stops once `failOnErrors` errors have happened. Once the operations start, whatever
 * happens to one of them — a refusal, the database going away, a bug — is that operation's result:
 * the answer is always the BulkResponse saying what was done, never an error after a commit.
 */
export async function runBulk(
  body: unknown,
  maxOperations: number,
  dispatch: BulkDispatch,
): Promise<ScimReply> {
  if (!isObject(body)) throw invalidSyntax('The body must be a BulkRequest object');
  const get = (object: Record<string, unknown>, name: string) =>
    object[Object.keys(object).find((k) => k.toLowerCase() === name.toLowerCase()) ?? ''];
  const operations = get(body, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('Operations must be an array');
  if (operations.length > maxOperations) {
    throw new ScimError(
      413,
      undefined,
      `A bulk request may hold at most ${maxOperations} operations (it has ${operations.length})`,
    );
  }
  const failOnErrors = get(body, 'failOnErrors');
  if (failOnErrors !== undefined && (!Number.isInteger(failOnErrors) || (failOnErrors as number) < 1)) {
    throw invalidSyntax('failOnErrors must be a positive integer');
  }
  const created = new Map<string, string>();
  const results: Record<string, unknown>[] = [];
  let errors = 0;
  for (const raw of operations) {
    if (failOnErrors !== undefined && errors >= (failOnErrors as number)) break;
    const entry = isObject(raw) ? raw : {};
    const given = get(entry, 'method');
    const method = typeof given === 'string' ? given.toUpperCase() : '';
    const bulkId = get(entry, 'bulkId');
    const result: Record<string, unknown> = { method, ...(typeof bulkId === 'string' ? { bulkId } : {}) };
    try {
      const operation = parseOperation(entry, method, bulkId, get, created);
      const reply = await dispatch(operation);
      const resource = isObject(reply.body) ? reply.body : undefined;
      const id = typeof resource?.id === 'string' ? resource.id : operation.id;
      if (operation.method === 'POST' && typeof bulkId === 'string' && id) created.set(bulkId, id);
      const location = id ? `/${operation.resource}/${id}` : undefined;
      Object.assign(result, {
        ...(location ? { location: isObject(resource?.meta) ? resource.meta.location : location } : {}),
        ...(reply.headers?.ETag ? { version: reply.headers.ETag } : {}),
        status: String(reply.status),
      });
    } catch (error) {
      const scim = toScimError(error);
      errors++;
      Object.assign(result, { status: String(scim.status), response: scim.toBody() });
    }
    results.push(result);
  }
  return { status: 200, body: { schemas: [bulkResponseSchema], Operations: results } };
}

function parseOperation(
  entry: Record<string, unknown>,
  method: string,
  bulkId: unknown,
  get: (object: Record<string, unknown>, name: string) => unknown,
  created: Map<string, string>,
): BulkOperation {
  if (!['POST', 'PUT', 'PATCH', 'DELETE'].includes(method))
    throw invalidSyntax(`Unsupported bulk method "${method}"`);
  if (method === 'POST' && typeof bulkId !== 'string')
    throw invalidSyntax('A POST in a bulk request needs a bulkId');
  const path = resolveReferences(get(entry, 'path'), created);
  const match = typeof path === 'string' ? /^\/(Users|Groups)(?:\/([^/?]+))?$/.exec(path) : null;
  if (!match) throw invalidSyntax(`Unsupported bulk path ${JSON.stringify(path)}`);
  const id = match[2];
  if ((method === 'POST') !== (id === undefined))
    throw invalidSyntax(`${method} ${path}: ${method === 'POST' ? 'POST takes no id' : 'an id is required'}`);
  const version = get(entry, 'version');
  return {
    method: method as BulkOperation['method'],
    resource: match[1] as BulkOperation['resource'],
    id,
    data: resolveReferences(get(entry, 'data'), created),
    ifMatch: typeof version === 'string' ? version : undefined,
  };
}

/** Replace every "bulkId:<id>" string by the id its POST created (RFC 7644 §3.7.2). */
function resolveReferences(value: unknown, created: Map<string, string>): unknown {
  if (typeof value === 'string') {
    const replaced = value.replace(/bulkId:([^/"\s]+)/g, (_m, ref: string) => {
      const id = created.get(ref);
      if (!id)
        throw invalidValue(`bulkId:${ref} does not name an operation that has succeeded before this one`);
      return id;
    });
    return replaced;
  }
  if (Array.isArray(value)) return value.map((v) => resolveReferences(v, created));
  if (isObject(value))
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveReferences(v, created)]));
  return value;
}
