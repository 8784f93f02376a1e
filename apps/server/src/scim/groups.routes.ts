import type { GroupSnapshot, GroupWhere } from '@rollcall/domain';
import {
  applyPatch,
  groupResourceType,
  parsePatchOp,
  parseProjection,
  planGroupPatch,
  tooMany,
  project,
  toWhere,
  wants,
} from '@rollcall/scim';
import { etag, noneMatch, parseIfMatch } from './etag.js';
import { fromScimGroup, groupFilterTarget, toScimGroup } from './group.mapping.js';
import {
  listReply,
  pageRequest,
  parseListQuery,
  sortOrder,
  type ListLimits,
  type ListQuery,
} from './list-query.js';
import { normalizeResource } from './resource.js';
import type { ScimCall, ScimReply } from './scim-call.js';

const groupSortFields: Record<string, 'displayNameKey' | 'externalId' | 'createdAt' | 'updatedAt' | 'id'> = {
  displayname: 'displayNameKey',
  externalid: 'externalId',
  'meta.created': 'createdAt',
  'meta.lastmodified': 'updatedAt',
  id: 'id',
};

/** The SCIM Group endpoints. Members are loaded only when the response includes them. */
export function groupHandlers(limits: ListLimits & { maxOperations: number; maxMembersPerPatch: number }) {
  const single = async (call: ScimCall, group: GroupSnapshot, status = 200): Promise<ScimReply> => {
    const projection = parseProjection(call.query);
    const members = wants(projection, groupResourceType, 'members')
      ? (await call.services.groups.members(group.id)).items
      : undefined;
    return {
      status,
      body: project(toScimGroup(group, call.baseUrl, members), groupResourceType, projection),
      headers: {
        ETag: etag(group.version),
        ...(status === 201 ? { Location: `${call.baseUrl}/Groups/${group.id}` } : {}),
      },
    };
  };

  const list = async (call: ScimCall, query: ListQuery): Promise<ScimReply> => {
    const where = (query.filter ? toWhere(query.filter, groupFilterTarget) : {}) as GroupWhere;
    const page = await call.services.groups.search(
      where,
      pageRequest(query),
      sortOrder(query, groupSortFields),
    );
    const members = wants(query.projection, groupResourceType, 'members')
      ? await call.services.groups.membersOfMany(page.items.map((g) => g.id))
      : undefined;
    const resources = page.items.map((group) =>
      project(
        toScimGroup(group, call.baseUrl, members ? (members.get(group.id) ?? []) : undefined),
        groupResourceType,
        query.projection,
      ),
    );
    return listReply(resources, page, query);
  };

  return {
    list: (call: ScimCall) => list(call, parseListQuery(call.query, limits)),
    search: (call: ScimCall) =>
      list(call, parseListQuery((call.body ?? {}) as Record<string, unknown>, limits)),

    async get(call: ScimCall): Promise<ScimReply> {
      const group = await call.services.groups.get(call.params.id!);
      if (noneMatch(call.ifNoneMatch, group.version))
        return { status: 304, headers: { ETag: etag(group.version) } };
      return single(call, group);
    },

    /** Entra creates groups empty; Okta with `members: []`; others with members. */
    async create(call: ScimCall): Promise<ScimReply> {
      const { attributes, members } = fromScimGroup(
        normalizeResource(call.body, groupResourceType, call.unknown),
      );
      return single(call, await call.services.groups.create(attributes, members ?? []), 201);
    },

    /** PUT replaces displayName, externalId and, when the body has `members`, the members. */
    async replace(call: ScimCall): Promise<ScimReply> {
      const { attributes, members } = fromScimGroup(
        normalizeResource(call.body, groupResourceType, call.unknown),
      );
      const group = await call.services.groups.update(
        call.params.id!,
        { change: attributes, members: members ? { replace: members, add: [], remove: [] } : null },
        { ifVersion: parseIfMatch(call.ifMatch) },
      );
      return single(call, group);
    },

    /**
     * PATCH: attribute operations go through the PATCH engine on the group without its members;
     * member operations become one membership plan, applied set-based in the same transaction.
     */
    async patch(call: ScimCall): Promise<ScimReply> {
      const { attributeOps, members } = planGroupPatch(
        parsePatchOp(call.body, { maxOperations: limits.maxOperations }),
      );
      const memberValues =
        (members?.replace?.length ?? 0) + (members?.add.length ?? 0) + (members?.remove.length ?? 0);
      if (memberValues > limits.maxMembersPerPatch)
        throw tooMany(
          `At most ${limits.maxMembersPerPatch} member values per PATCH (this one has ${memberValues})`,
        );
      const group = await call.services.groups.update(
        call.params.id!,
        {
          ...(attributeOps.length
            ? {
                change: (current: GroupSnapshot) =>
                  fromScimGroup(
                    applyPatch(
                      toScimGroup(current, call.baseUrl),
                      attributeOps,
                      groupResourceType,
                      call.unknown,
                    ),
                  ).attributes,
              }
            : {}),
          members,
        },
        { ifVersion: parseIfMatch(call.ifMatch) },
      );
      // Entra and Okta accept 204; a body would cost loading every member of a large group.
      const projection = parseProjection(call.query);
      if (!projection.attributes && !projection.excludedAttributes)
        return { status: 204, headers: { ETag: etag(group.version) } };
      return single(call, group);
    },

    async remove(call: ScimCall): Promise<ScimReply> {
      await call.services.groups.remove(call.params.id!, { ifVersion: parseIfMatch(call.ifMatch) });
      return { status: 204 };
    },
  };
}
