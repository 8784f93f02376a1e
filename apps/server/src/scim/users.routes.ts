import type { UserWhere } from '@rollcall/domain';
import { applyPatch, parsePatchOp, parseProjection, project, toWhere, wants } from '@rollcall/scim';
import { etag, noneMatch, parseIfMatch } from './etag.js';
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
import { customSortOrder } from './custom-schema.js';
import { fromScimUser, toScimUser, userSortFields } from './user.mapping.js';

/** The SCIM User endpoints (RFC 7644 §3): parse → one service call → serialise. */
export function userHandlers(limits: ListLimits & { maxOperations: number }) {
  /** One user as a resource, with its groups (read with it) unless the projection leaves them out. */
  const single = (
    call: ScimCall,
    user: Parameters<typeof toScimUser>[0],
    status: number,
    groups: NonNullable<Parameters<typeof toScimUser>[2]>,
  ): ScimReply => {
    const projection = parseProjection(call.query);
    const { resourceType, custom } = call.userType;
    const resource = toScimUser(
      user,
      call.baseUrl,
      wants(projection, resourceType, 'groups') ? groups : undefined,
      custom,
    );
    return {
      status,
      body: project(resource, resourceType, projection),
      headers: {
        ETag: etag(user.version),
        ...(status === 201 ? { Location: `${call.baseUrl}/Users/${user.id}` } : {}),
      },
    };
  };

  const list = async (call: ScimCall, query: ListQuery): Promise<ScimReply> => {
    const { resourceType, filterTarget, custom } = call.userType;
    const where = (query.filter ? toWhere(query.filter, filterTarget) : {}) as UserWhere;
    const withGroups = wants(query.projection, resourceType, 'groups');
    const order = customSortOrder(query, call.userType) ?? sortOrder(query, userSortFields);
    const request = [where, pageRequest(query), order] as const;
    // RFC 7643 §4.1.2: `groups` is returned by default. A filtered search is an IdP's lookup of one
    // user: its groups come in the same statement (one round trip). A page of a whole directory reads
    // them for all its users at once, in one more statement (cheaper than a lookup per row).
    const { groups, ...page } =
      withGroups && query.filter
        ? await call.services.users.searchWithGroups(...request)
        : { ...(await call.services.users.search(...request)), groups: undefined };
    const pageGroups =
      groups ??
      (withGroups ? await call.services.users.groupsOfMany(page.items.map((u) => u.id)) : undefined);
    const resources = page.items.map((user) =>
      project(
        toScimUser(user, call.baseUrl, pageGroups ? (pageGroups.get(user.id) ?? []) : undefined, custom),
        resourceType,
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
      const { user, groups } = await call.services.users.getWithGroups(call.params.id!);
      if (noneMatch(call.ifNoneMatch, user.version))
        return { status: 304, headers: { ETag: etag(user.version) } };
      return single(call, user, 200, groups);
    },

    async create(call: ScimCall): Promise<ScimReply> {
      const { resourceType, custom } = call.userType;
      const attributes = fromScimUser(normalizeResource(call.body, resourceType, call.unknown), custom);
      const { user, groups } = await call.services.users.createWithGroups(attributes);
      return single(call, user, 201, groups);
    },

    /** PUT replaces every attribute the client may set (RFC 7644 §3.5.1); Okta's GET-modify-PUT. */
    async replace(call: ScimCall): Promise<ScimReply> {
      const { resourceType, custom } = call.userType;
      const attributes = fromScimUser(normalizeResource(call.body, resourceType, call.unknown), custom);
      const { user, groups } = await call.services.users.updateWithGroups(call.params.id!, attributes, {
        ifVersion: parseIfMatch(call.ifMatch),
      });
      return single(call, user, 200, groups);
    },

    /** PATCH: the operations are applied to the current state inside the update's transaction. */
    async patch(call: ScimCall): Promise<ScimReply> {
      const operations = parsePatchOp(call.body, { maxOperations: limits.maxOperations });
      const { resourceType, custom } = call.userType;
      const { user, groups } = await call.services.users.updateWithGroups(
        call.params.id!,
        (current) =>
          fromScimUser(
            applyPatch(
              toScimUser(current, call.baseUrl, undefined, custom),
              operations,
              resourceType,
              call.unknown,
            ),
            custom,
          ),
        { ifVersion: parseIfMatch(call.ifMatch) },
      );
      return single(call, user, 200, groups);
    },

    async remove(call: ScimCall): Promise<ScimReply> {
      await call.services.users.remove(call.params.id!, { ifVersion: parseIfMatch(call.ifMatch) });
      return { status: 204 };
    },
  };
}
