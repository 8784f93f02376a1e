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
