import { invalidSyntax, invalidValue, tooMany } from '../errors.js';

export const patchOpSchema = 'urn:ietf:params:scim:api:messages:2.0:PatchOp';

export type PatchOpName = 'add' | 'replace' | 'remove';

export interface PatchOperation {
  op: PatchOpName;
  path?: string;
  value?: unknown;
}

/**
 * Parse a PatchOp message (RFC 7644 §3.5.2). Lenient in what IdPs really send: op names in any case
 * (Entra: `Replace`, `Add`, `Remove`), `Operations` in any case. Strict on shape: anything else is 400.
 */
export function parsePatchOp(body: unknown, limits: { maxOperations?: number } = {}): PatchOperation[] {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw invalidSyntax('The body must be a PatchOp object');
  }
  const record = body as Record<string, unknown>;
  const schemas = valueOf(record, 'schemas');
  if (schemas !== undefined && !(Array.isArray(schemas) && schemas.includes(patchOpSchema))) {
    throw invalidSyntax(`schemas must contain "${patchOpSchema}"`);
  }
  const operations = valueOf(record, 'Operations');
  if (!Array.isArray(operations)) throw invalidSyntax('Operations must be an array');
  if (operations.length === 0) throw invalidValue('Operations must not be empty');
  const max = limits.maxOperations ?? 1000;
  if (operations.length > max) throw tooMany(`At most ${max} operations per PATCH`);
  return operations.map((raw, index) => {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw))
      throw invalidSyntax(`Operations[${index}] must be an object`);
    const entry = raw as Record<string, unknown>;
    const op = valueOf(entry, 'op');
    const name = typeof op === 'string' ? op.toLowerCase() : undefined;
    if (name !== 'add' && name !== 'replace' && name !== 'remove') {
      throw invalidSyntax(
        `Operations[${index}].op must be add, replace or remove (got ${JSON.stringify(op)})`,
      );
    }
    const path = valueOf(entry, 'path');
    if (path !== undefined && path !== null && (typeof path !== 'string' || path.trim() === '')) {
      throw invalidSyntax(`Operations[${index}].path must be a non-empty string`);
    }
    const hasValue = keyOf(entry, 'value') !== undefined;
    if (name !== 'remove' && !hasValue) throw invalidSyntax(`Operations[${index}] (${name}) needs a value`);
    return {
      op: name,
      ...(typeof path === 'string' ? { path } : {}),
      ...(hasValue ? { value: valueOf(entry, 'value') } : {}),
    };
  });
}

function keyOf(record: Record<string, unknown>, name: string): string | undefined {
  const wanted = name.toLowerCase();
  return Object.keys(record).find((k) => k.toLowerCase() === wanted);
}

function valueOf(record: Record<string, unknown>, name: string): unknown {
  const key = keyOf(record, name);
  return key === undefined ? undefined : record[key];
}
