/** RFC 7644 §3.4.2.2 comparison operators. */
export type CompareOp = 'eq' | 'ne' | 'co' | 'sw' | 'ew' | 'gt' | 'ge' | 'lt' | 'le';
export const compareOps: readonly CompareOp[] = ['eq', 'ne', 'co', 'sw', 'ew', 'gt', 'ge', 'lt', 'le'];

export type FilterValue = string | number | boolean | null;

/**
 * An attribute path as written: optional schema URN, attribute, optional sub-attribute.
 * Names keep the client's spelling; resolution against a schema is case-insensitive.
 */
export interface AttrPath {
  uri?: string;
  attr: string;
  sub?: string;
}

/** The filter tree. Every consumer switches on `kind` with an exhaustive `never` default. */
export type FilterNode =
  | { kind: 'compare'; path: AttrPath; op: CompareOp; value: FilterValue }
  | { kind: 'present'; path: AttrPath }
  | { kind: 'and'; left: FilterNode; right: FilterNode }
  | { kind: 'or'; left: FilterNode; right: FilterNode }
  | { kind: 'not'; filter: FilterNode }
  /** `emails[type eq "work"]`: the inner filter applies to elements of a multi-valued attribute. */
  | { kind: 'valuePath'; path: AttrPath; filter: FilterNode };

export function assertNever(value: never): never {
  throw new Error(`unexpected ${JSON.stringify(value)}`);
}

export function formatPath(path: AttrPath): string {
  return `${path.uri ? `${path.uri}:` : ''}${path.attr}${path.sub ? `.${path.sub}` : ''}`;
}

/**
 * A filter tree back as RFC 7644 §3.4.2.2 text, in canonical form: operators lowercase, strings as
 * JSON strings, every sub-expression of `and`/`or`/`not` parenthesised. `parseFilter` reads it back
 * to the same tree (a property test checks this), so it can be logged or sent to another server.
 */
export function formatFilter(node: FilterNode): string {
  switch (node.kind) {
    case 'compare':
      return `${formatPath(node.path)} ${node.op} ${JSON.stringify(node.value)}`;
    case 'present':
      return `${formatPath(node.path)} pr`;
    case 'and':
    case 'or':
      return `(${formatFilter(node.left)}) ${node.kind} (${formatFilter(node.right)})`;
    case 'not':
      return `not (${formatFilter(node.filter)})`;
    case 'valuePath':
      return `${formatPath(node.path)}[${formatFilter(node.filter)}]`;
    default:
      return assertNever(node);
  }
}
