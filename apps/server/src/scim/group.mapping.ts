import type { GroupMemberRef, GroupSnapshot, NewGroup } from '@rollcall/domain';
import {
  groupResourceType,
  groupSchemaId,
  memberIds,
  type FilterTarget,
  type ScimResource,
} from '@rollcall/scim';
import { etag } from './etag.js';
import { str } from './resource.js';

/** GroupSnapshot (+ members when loaded) → SCIM Group. */
export function toScimGroup(group: GroupSnapshot, baseUrl: string, members?: GroupMemberRef[]): ScimResource {
  return {
    schemas: [groupSchemaId],
    id: group.id,
    displayName: group.displayName,
    ...(group.externalId !== null ? { externalId: group.externalId } : {}),
    ...(members
      ? {
          members: members.map((m) => ({
            value: m.id,
            display: m.displayName ?? m.userName,
            $ref: `${baseUrl}/Users/${m.id}`,
            type: 'User',
          })),
        }
      : {}),
    meta: {
      resourceType: 'Group',
      created: group.createdAt.toISOString(),
      lastModified: group.updatedAt.toISOString(),
      location: `${baseUrl}/Groups/${group.id}`,
      version: etag(group.version),
    },
  };
}

/** Canonical SCIM Group → attributes and member ids (a full replacement). */
export function fromScimGroup(resource: ScimResource): {
  attributes: Required<NewGroup>;
  members: string[] | null;
} {
  return {
    attributes: { displayName: str(resource.displayName) as string, externalId: str(resource.externalId) },
    members: 'members' in resource ? memberIds(resource.members, 'members') : null,
  };
}

export const groupFilterTarget: FilterTarget = {
  resourceType: groupResourceType,
  fields: {
    id: { kind: 'scalar', field: 'id', type: 'uuid', caseExact: true },
    externalId: { kind: 'scalar', field: 'externalId', type: 'string', caseExact: true },
    displayName: {
      kind: 'scalar',
      field: 'displayName',
      type: 'string',
      caseExact: false,
      keyField: 'displayNameKey',
    },
    'meta.created': { kind: 'scalar', field: 'createdAt', type: 'dateTime', caseExact: false },
    'meta.lastModified': { kind: 'scalar', field: 'updatedAt', type: 'dateTime', caseExact: false },
  },
};
