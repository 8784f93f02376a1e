import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType({ description: 'Where a page ends and whether more follow (cursor paging).' })
export class PageInfo {
  @Field(() => String, { nullable: true, description: 'Pass as `after` to get the next page.' })
  endCursor!: string | null;

  @Field(() => Boolean, { description: 'Whether another page follows.' })
  hasNextPage!: boolean;
}

/** Offset cursors for orderings other than creation: opaque to clients, `o:<offset>`. */
export const offsetCursor = {
  encode: (offset: number) => Buffer.from(`o:${offset}`).toString('base64url'),
  decode: (cursor: string | undefined | null): number => {
    if (!cursor) return 0;
    const match = /^o:(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
    return match ? Number(match[1]) : -1;
  },
};

export const maxPageSize = 100;

/** Page sizes are 1..100 (defaulting to 50); the query cost limit assumes so. */
export function pageSize(first: number | undefined | null): number {
  return Math.min(Math.max(first ?? 50, 1), maxPageSize);
}

export { Int };
