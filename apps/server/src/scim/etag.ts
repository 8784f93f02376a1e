import { preconditionFailed } from '@rollcall/scim';

/** RFC 7644 §3.14: versions are weak ETags, `W/"<version>"`. */
export const etag = (version: number) => `W/"${version}"`;

/**
 * The version an `If-Match` asks for: undefined when absent or `*`. A value that names no version of
 * ours can never match, so it is a 412 rather than being ignored.
 */
export function parseIfMatch(header: string | undefined): number | undefined {
  if (!header || header.trim() === '*') return undefined;
  const match = /^\s*(?:W\/)?"(\d+)"\s*$/.exec(header);
  if (!match) throw preconditionFailed(`If-Match ${header} does not match the current version`);
  return Number(match[1]);
}

/** Whether `If-None-Match` names the current version (then GET answers 304). */
export function noneMatch(header: string | undefined, version: number): boolean {
  if (!header) return false;
  return header
    .split(',')
    .some((tag) => tag.trim() === '*' || tag.trim().replace(/^W\//, '') === `"${version}"`);
}
