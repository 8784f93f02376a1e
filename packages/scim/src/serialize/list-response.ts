export const listResponseSchema = 'urn:ietf:params:scim:api:messages:2.0:ListResponse';

/** RFC 7644 §3.4.2.4 ListResponse, with RFC 9865's `nextCursor` when cursor paging. */
export function listResponse(
  resources: unknown[],
  page: { totalResults: number; startIndex?: number; nextCursor?: string | null },
): Record<string, unknown> {
  return {
    schemas: [listResponseSchema],
    totalResults: page.totalResults,
    itemsPerPage: resources.length,
    ...(page.startIndex !== undefined ? { startIndex: page.startIndex } : {}),
    ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    Resources: resources,
  };
}
