import { isStorableText } from '@rollcall/domain';
import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

/**
 * Query depth and cost limits, as validation rules (checked before anything runs). Cost counts every
 * field once, multiplied by the page sizes (`first`) of the lists around it, so a request cannot ask
 * for users × groups × members × history in one go.
 */
export function queryLimits(limits: { maxDepth: number; maxCost: number; defaultPageSize: number }) {
  return (context: ValidationContext): ASTVisitor => {
    const fragments = new Map<string, FragmentDefinitionNode>();
    for (const definition of context.getDocument().definitions) {
      if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    }
    const measure = (
      set: SelectionSetNode,
      depth: number,
      multiplier: number,
      seen: Set<string>,
    ): { depth: number; cost: number } => {
      let maxDepth = depth;
      let cost = 0;
      for (const selection of set.selections) {
        if (selection.kind === Kind.FIELD) {
          if (selection.name.value.startsWith('__')) continue;
          const first = selection.arguments?.find((a) => a.name.value === 'first');
          const size =
            first?.value.kind === Kind.INT ? Number(first.value.value) : first ? limits.defaultPageSize : 1;
          cost += multiplier;
          if (selection.selectionSet) {
            const inner = measure(selection.selectionSet, depth + 1, multiplier * Math.max(1, size), seen);
            maxDepth = Math.max(maxDepth, inner.depth);
            cost += inner.cost;
          }
        } else {
          const inner =
            selection.kind === Kind.INLINE_FRAGMENT
              ? selection.selectionSet
              : seen.has(selection.name.value)
                ? undefined
                : fragments.get(selection.name.value)?.selectionSet;
          if (selection.kind === Kind.FRAGMENT_SPREAD) seen.add(selection.name.value);
          if (inner) {
            const r = measure(inner, depth, multiplier, seen);
            maxDepth = Math.max(maxDepth, r.depth);
            cost += r.cost;
          }
        }
      }
      return { depth: maxDepth, cost };
    };
    return {
      OperationDefinition(node) {
        const { depth, cost } = measure(node.selectionSet, 1, 1, new Set());
        if (depth > limits.maxDepth) {
          context.reportError(
            new GraphQLError(`The query is ${depth} levels deep; the limit is ${limits.maxDepth}`, {
              nodes: [node],
              extensions: { code: 'QUERY_TOO_COMPLEX' },
            }),
          );
        } else if (cost > limits.maxCost) {
          context.reportError(
            new GraphQLError(
              `The query could return ${cost} values; the limit is ${limits.maxCost}: ask for smaller pages`,
              { nodes: [node], extensions: { code: 'QUERY_TOO_COMPLEX' } },
            ),
          );
        }
      },
    };
  };
}

/** No text argument needs more: the longest stored text (a URL, a description) is shorter. */
export const maxTextArgument = 4096;

/** What is wrong with one text value of a request, if anything: too long, or unstorable (NUL…). */
function textProblem(value: string): string | undefined {
  if (value.length > maxTextArgument) return `A text argument is longer than ${maxTextArgument} characters`;
  if (!isStorableText(value)) return 'A text argument contains a NUL or an unpaired surrogate character';
  return undefined;
}

/**
 * Every text argument written into the query (a validation rule, so before anything runs) is at
 * most `maxTextArgument` characters and storable: a 300 KB search, or a NUL PostgreSQL refuses, is a
 * VALIDATION error and never reaches the database.
 */
export function textLimits(context: ValidationContext): ASTVisitor {
  return {
    StringValue(node) {
      const problem = textProblem(node.value);
      if (problem)
        context.reportError(new GraphQLError(problem, { nodes: [node], extensions: { code: 'VALIDATION' } }));
    },
  };
}

/** The same for the request's variables (walked without recursion): the problem, or undefined. */
export function variablesProblem(variables: unknown): string | undefined {
  const pending = [variables];
  while (pending.length) {
    const value = pending.pop();
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return problem;
    } else if (typeof value === 'object' && value !== null) pending.push(...Object.values(value));
  }
  return undefined;
}
