import type { UnknownAttributes } from '@rollcall/scim';

export type ScimResourceName = 'User' | 'Group';

/** At most this many distinct names are kept per request: a hostile body cannot grow the report. */
const maxNamesPerRequest = 50;
/** Names are cut to this length (a JSON key can be as long as the body allows). */
const maxNameLength = 200;

/**
 * The lenient policy for one SCIM request (every operation of a Bulk request together): attributes
 * Rollcall does not keep are skipped, and remembered per resource type for the request log and the
 * admin's list on Identity & Security.
 */
export class IgnoredAttributes {
  private readonly seen = new Map<string, { resourceType: ScimResourceName; name: string }>();

  /** The policy handlers of one resource type apply. */
  of(resourceType: ScimResourceName): UnknownAttributes {
    return {
      strict: false,
      ignore: (path) => {
        const name = path.slice(0, maxNameLength);
        const key = `${resourceType}:${name}`;
        if (this.seen.size < maxNamesPerRequest && !this.seen.has(key))
          this.seen.set(key, { resourceType, name });
      },
    };
  }

  get list(): { resourceType: ScimResourceName; name: string }[] {
    return [...this.seen.values()];
  }
}
