/**
 * A PostgreSQL array literal with every element quoted, to bind as one parameter (`?::text[]`):
 * knex would expand a JS array into a list of parameters.
 */
export function arrayLiteral(values: readonly (string | number)[]): string {
  return `{${values.map((v) => `"${String(v).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}
