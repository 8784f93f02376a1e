import { toDate } from '../users/user-rows.js';
import type { GroupSnapshot } from './group.snapshot.js';

/** `g.display_name as "displayName", …`: a group's snapshot fields, for reads straight from rows. */
export const groupColumns = (alias: string): string =>
  `${alias}.id, ${alias}.display_name as "displayName", ${alias}.external_id as "externalId", ` +
  `${alias}.origin, ${alias}.managed_by as "managedBy", ${alias}.version, ` +
  `${alias}.created_at as "createdAt", ${alias}.updated_at as "updatedAt"`;

export function fromGroupRow(row: Record<string, unknown>): GroupSnapshot {
  return {
    id: row['id'] as string,
    displayName: row['displayName'] as string,
    externalId: (row['externalId'] as string | null) ?? null,
    origin: row['origin'] as GroupSnapshot['origin'],
    managedBy: row['managedBy'] as GroupSnapshot['managedBy'],
    version: Number(row['version']),
    createdAt: toDate(row['createdAt']),
    updatedAt: toDate(row['updatedAt']),
  };
}

/** `insert into directory_group …` of a whole snapshot (its generated key column is PostgreSQL's). */
export const groupInsert = (tenantId: string, group: GroupSnapshot) => ({
  query: `insert into directory_group (tenant_id, id, display_name, external_id, origin, managed_by, version,
                                       created_at, updated_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  params: [
    tenantId,
    group.id,
    group.displayName,
    group.externalId,
    group.origin,
    group.managedBy,
    group.version,
    group.createdAt,
    group.updatedAt,
  ],
});

/** `update directory_group …` to a written snapshot (the caller holds the row lock). */
export const groupUpdate = (tenantId: string, group: GroupSnapshot) => ({
  query: `update directory_group set display_name = ?, external_id = ?, version = ?, updated_at = ?
           where tenant_id = ? and id = ?`,
  params: [group.displayName, group.externalId, group.version, group.updatedAt, tenantId, group.id],
});
