import { userAttributeNames, type UserSnapshot } from './user.snapshot.js';

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
 * manager resolved (`managerUser`). `idpUsersOnly`: resolve only to users the IdP may see.
 */
export const userColumns = (alias: string, idpUsersOnly = false): string =>
  snapshotNames.map((name) => `${alias}.${columnOf(name)} as "${name}"`).join(', ') +
  `, ${resolvedManager(alias, idpUsersOnly)} as "managerUser"`;

/**
 * The user a manager value names (RFC 7643 §2.3.7 makes referential integrity a MAY, so it may name
 * none). Tried in order, each an index probe: the user's id, its `externalId`, its `userName`
 * (case-insensitively), its `employeeNumber` — so Okta's free-form `managerId` resolves whichever of
 * these the customer keeps there. Never the user itself; the oldest user wins a tie. Resolved at every
 * read, so a manager provisioned after its report, renamed or deleted shows as it is now.
 */
export function resolvedManager(alias: string, idpUsersOnly: boolean): string {
  const ref = `json_build_object('id', m.id, 'userName', m.user_name, 'displayName', m.display_name)`;
  const probe = (condition: string) =>
    `(select ${ref} from directory_user m
       where m.tenant_id = ${alias}.tenant_id and ${condition} and m.id <> ${alias}.id
         ${idpUsersOnly ? "and m.managed_by = 'idp'" : ''}
       order by m.created_at, m.id limit 1)`;
  const uuid = `'^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$'`;
  const v = `${alias}.manager`;
  return `case when ${v} is null then null else coalesce(
    ${probe(`m.id = (case when ${v} ~ ${uuid} then ${v}::uuid end)`)},
    ${probe(`m.external_id = ${v}`)},
    ${probe(`m.user_name_key = lower(${v})`)},
    ${probe(`m.employee_number = ${v}`)}) end`;
}

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

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(String(value)));
