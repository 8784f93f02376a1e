/**
 * Request bodies are refused when nested deeper than this: no SCIM resource or GraphQL request needs
 * more than a handful of levels, and code that walks a value recursively (coercion, PATCH, the request
 * log, Bulk's bulkId references) must never meet one deep enough to overflow its stack.
 */
export const maxJsonDepth = 64;

/** Whether a parsed JSON value nests deeper than `limit` levels (walked without recursion). */
export function nestedDeeperThan(value: unknown, limit = maxJsonDepth): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length) {
    const [item, depth] = pending.pop()!;
    if (typeof item !== 'object' || item === null) continue;
    if (depth > limit) return true;
    for (const child of Object.values(item)) pending.push([child, depth + 1]);
  }
  return false;
}
