import { raw, type FilterQuery } from '@mikro-orm/postgresql';
import { DomainError } from '../errors.js';
import { isId } from '../ids.js';
import { assertSearchable, containsPattern } from '../rules.js';
import type { User } from './user.entity.js';
import type { CustomCondition, ElementWhere, UserWhere } from './user.where.js';

/** Multi-valued attributes (JSONB arrays of objects) and their columns. */
const elementColumns: Record<string, string> = {
  emails: 'emails',
  phoneNumbers: 'phone_numbers',
  ims: 'ims',
  photos: 'photos',
  addresses: 'addresses',
  entitlements: 'entitlements',
  roles: 'roles',
  x509Certificates: 'x509_certificates',
};

const subAttribute = /^[A-Za-z][A-Za-z0-9]*$/;

/**
 * Turn a UserWhere into MikroORM's FilterQuery. Everything maps one to one except `$some` on a
 * multi-valued attribute, which becomes an `exists (… jsonb_array_elements …)` fragment built from the
 * typed condition: sub-attribute names are checked against a pattern, every value is bound.
 */
export function toFilterQuery(where: UserWhere): FilterQuery<User> {
  assertSearchable(where);
  const result: Record<string, unknown> = {};
  const extra: unknown[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === '$text') {
      // The console's search box: login ID, names and work email, case-insensitively.
      const pattern = containsPattern(String(value));
      extra.push({
        $or: ['userNameKey', 'displayName', 'givenName', 'familyName', 'workEmailKey'].map((f) => ({
          [f]: { $ilike: pattern },
        })),
      });
    } else if (key === '$memberOf') {
      if (typeof value !== 'string' || !isId(value)) extra.push({ id: { $in: [] } });
      else
        extra.push({
          [raw(
            (alias: string) =>
              `exists (select 1 from group_member m where m.tenant_id = ${alias}.tenant_id and m.group_id = ? and m.user_id = ${alias}.id)`,
            [value],
          )]: [],
        });
    } else if (key === '$custom') {
      const { sql, params } = customSql(value as CustomCondition);
      extra.push({ [raw((alias: string) => sql.replaceAll('{u}', alias), params)]: [] });
    } else if (key === '$and' || key === '$or') result[key] = (value as UserWhere[]).map(toFilterQuery);
    else if (key === '$not') result[key] = toFilterQuery(value as UserWhere);
    else if (isSome(value)) {
      const column = elementColumns[key];
      if (!column) throw new DomainError('invalid_input', `${key} is not a multi-valued attribute`);
      const params: unknown[] = [];
      const condition = elementSql(value.$some, params);
      extra.push({
        [raw(
          (alias: string) =>
            `exists (select 1 from jsonb_array_elements(${alias}.${column}) as e where ${condition})`,
          params,
        )]: [],
      });
    } else result[key] = value;
  }
  if (extra.length === 0) return result as FilterQuery<User>;
  return { $and: [result, ...extra] } as FilterQuery<User>;
}

function isSome(value: unknown): value is { $some: ElementWhere } {
  return typeof value === 'object' && value !== null && '$some' in value;
}

const comparisons: Record<string, string> = {
  $eq: '=',
  $ne: '<>',
  $gt: '>',
  $gte: '>=',
  $lt: '<',
  $lte: '<=',
  $like: 'like',
  $ilike: 'ilike',
};

/** SQL over one array element `e` for an ElementWhere. */
function elementSql(where: ElementWhere, params: unknown[]): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(where)) {
    if (value === undefined) continue;
    if (key === '$and' || key === '$or') {
      const inner = (value as ElementWhere[]).map((w) => `(${elementSql(w, params)})`);
      parts.push(
        inner.length
          ? `(${inner.join(key === '$and' ? ' and ' : ' or ')})`
          : key === '$and'
            ? 'true'
            : 'false',
      );
      continue;
    }
    if (key === '$not') {
      parts.push(`not (${elementSql(value as ElementWhere, params)})`);
      continue;
    }
    if (!subAttribute.test(key))
      throw new DomainError('invalid_input', `"${key}" is not a sub-attribute name`);
    const field = `(e->>'${key}')`;
    const typed = (v: unknown) => (typeof v === 'boolean' ? `${field}::boolean` : field);
    if (value === null) {
      parts.push(`${field} is null`);
      continue;
    }
    if (typeof value !== 'object' || value instanceof Date) {
      params.push(value);
      parts.push(`${typed(value)} = ?`);
      continue;
    }
    for (const [op, operand] of Object.entries(value as Record<string, unknown>)) {
      if ((op === '$ne' || op === '$eq') && operand === null) {
        parts.push(`${field} is ${op === '$ne' ? 'not ' : ''}null`);
        continue;
      }
      const sqlOp = comparisons[op];
      if (!sqlOp) throw new DomainError('invalid_input', `Unsupported operator ${op} on ${key}`);
      params.push(operand);
      parts.push(`${typed(operand)} ${sqlOp} ?`);
    }
  }
  return parts.length ? parts.join(' and ') : 'true';
}

/** The keyed column of custom_attribute_value each type compares on (Migration20261204010000CustomAttributes). */
const customColumns = {
  string: 'text_key',
  uuid: 'text_key',
  integer: 'number',
  decimal: 'number',
  boolean: 'flag',
  dateTime: 'at',
} as const;
const customOperators = { eq: '=', gt: '>', ge: '>=', lt: '<', le: '<=' } as const;

/** `exists` over a custom attribute's keyed values (`{u}`: the user row's alias); every value bound. */
function customSql(condition: CustomCondition): { sql: string; params: unknown[] } {
  if (!isId(condition.attribute)) throw new DomainError('invalid_input', 'Not a custom attribute id');
  const column = customColumns[condition.type];
  if (!column) throw new DomainError('invalid_input', `Custom attributes are not of type ${condition.type}`);
  const params: unknown[] = [condition.attribute];
  let test = '';
  if (condition.op) {
    const { op, value } = condition;
    if (op === 'co' || op === 'sw' || op === 'ew') {
      const escaped = String(value).replace(/[\\%_]/g, (c) => `\\${c}`);
      params.push(op === 'co' ? `%${escaped}%` : op === 'sw' ? `${escaped}%` : `%${escaped}`);
      test = ` and v.${column} like ?`;
    } else {
      const operator = customOperators[op];
      if (!operator) throw new DomainError('invalid_input', `Unsupported operator ${op}`);
      params.push(value);
      test = ` and v.${column} ${operator} ?`;
    }
  }
  return {
    sql: `exists (select 1 from custom_attribute_value v where v.tenant_id = {u}.tenant_id and v.user_id = {u}.id and v.attribute_id = ?${test})`,
    params,
  };
}
