import { multiValuedAttributeNames, userAttributeNames, type UserSnapshot } from './user.snapshot.js';

/**
 * Reads bypass the ORM's entity hydration and unit of work: a read-only request never writes, so the
 * snapshot is built straight from the row (measured: hydration plus snapshot cloning was a fifth of
 * the CPU of a SCIM lookup). Writes still go through entities, with locking and versioning.
 */
const snapshotNames = [
  'id',
  ...userAttributeNames,
  'origin',
  'managedBy',
  'keepConsoleManaged',
  'version',
  'createdAt',
  'updatedAt',
] as const satisfies readonly (keyof UserSnapshot)[];

const columnOf = (name: string) => name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/**
 * `u.user_name as "userName", …`: every snapshot field, selected under its snapshot name, and the
 * manager resolved (`managerUser`), only to a user the caller may see.
 */
export const userColumns = (alias: string): string => {
  let columns = columnsByAlias.get(alias);
  if (columns === undefined) {
    columns =
      snapshotNames.map((name) => `${alias}.${columnOf(name)} as "${name}"`).join(', ') +
      `, ${resolvedManager(alias)} as "managerUser"`;
    columnsByAlias.set(alias, columns);
  }
  return columns;
};
/** The column list is the same text for every statement on an alias: built once. */
const columnsByAlias = new Map<string, string>();

/**
 * The condition under which the caller may see the user row `alias`: under "Only users created by
 * your identity provider" an IdP sees only the users it manages; otherwise every row (no condition,
 * so counts and offset scans stay index-only). A one-round-trip read decides with the scope it knew
 * and checks it against the live one `rollcall_enter` returns in the same message (scim-auth.ts).
 */
export const idpSees = (alias: string, idpUsersOnly: boolean): string =>
  idpUsersOnly ? `${alias}.managed_by = 'idp'` : 'true';

/**
 * The user a manager value names (RFC 7643 §2.3.7 makes referential integrity a MAY, so it may name
 * none): the user whose id, else `externalId`, else `userName` (case-insensitively), else
 * `employeeNumber` equals it — so Okta's free-form `managerId` resolves whichever of these the
 * customer keeps there. Never the user itself; the oldest user wins a tie; only a user the caller may
 * see. Resolved at every read, so a manager provisioned after its report, renamed or deleted shows as
 * it is now. The probes live in `rollcall_manager` (Migration20261203040000ReadFunctions), whose plans
 * PostgreSQL keeps.
 */
export const resolvedManager = (alias: string): string =>
  // The CASE spares the call for users without a manager: an OFFSET computes every skipped row too.
  `case when ${alias}.manager is null then null else rollcall_manager(${alias}.tenant_id, ${alias}.id, ${alias}.manager) end`;

/** The snapshot fields of a row selected with `userColumns`. JSONB arrives parsed; timestamps as text
 * (MikroORM registers a text parser for timestamptz), so they become Dates here. */
export function fromUserRow(row: Record<string, unknown>): UserSnapshot {
  const snapshot: Record<string, unknown> = {};
  for (const name of snapshotNames) snapshot[name] = row[name];
  snapshot['managerUser'] = row['managerUser'] ?? null;
  snapshot['createdAt'] = toDate(row['createdAt']);
  snapshot['updatedAt'] = toDate(row['updatedAt']);
  return snapshot as unknown as UserSnapshot;
}

/** A timestamp as the driver hands it over (MikroORM registers a text parser for timestamptz). */
export const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));

/** Attributes stored as JSONB (the multi-valued ones): sent as JSON text, cast in the statement. */
const jsonNames = new Set<string>([...multiValuedAttributeNames, 'customAttributes']);

const placeholder = (name: string) => (jsonNames.has(name) ? '?::jsonb' : '?');
const valueOf = (name: string, value: unknown) => (jsonNames.has(name) ? JSON.stringify(value) : value);

/** Every column a new user row gets, in snapshot field order. */
const insertedNames = snapshotNames;

/** `insert into directory_user …` of a whole snapshot (its generated key columns are PostgreSQL's). */
export function userInsert(tenantId: string, user: UserSnapshot): { query: string; params: unknown[] } {
  const record = user as unknown as Record<string, unknown>;
  return {
    query:
      `insert into directory_user (tenant_id, ${insertedNames.map(columnOf).join(', ')}) ` +
      `values (?, ${insertedNames.map(placeholder).join(', ')})`,
    params: [tenantId, ...insertedNames.map((name) => valueOf(name, record[name]))],
  };
}

/**
 * `update directory_user …` of the snapshot fields in `fields` (and the version and last-modified
 * time, which move with every write). The row is locked by the caller, so the version it read is the
 * one it replaces.
 */
export function userUpdate(
  tenantId: string,
  user: UserSnapshot,
  fields: readonly (keyof UserSnapshot)[],
): { query: string; params: unknown[] } {
  const record = user as unknown as Record<string, unknown>;
  const names = [...new Set<string>([...fields, 'version', 'updatedAt'])];
  return {
    query:
      `update directory_user set ${names.map((name) => `${columnOf(name)} = ${placeholder(name)}`).join(', ')} ` +
      `where tenant_id = ? and id = ?`,
    params: [...names.map((name) => valueOf(name, record[name])), tenantId, user.id],
  };
}
