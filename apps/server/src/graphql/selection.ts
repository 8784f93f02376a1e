import { Kind, type FragmentDefinitionNode, type GraphQLResolveInfo, type SelectionSetNode } from 'graphql';

/**
 * Whether the query asks, under the field being resolved, for the field at `path` (e.g. `nodes`,
 * `groups`): through fragments and inline fragments, whatever the aliases. A list page reads what its
 * fields need in its own statement instead of one more per field (a user's groups).
 */
export function selects(info: Pick<GraphQLResolveInfo, 'fieldNodes' | 'fragments'>, path: string[]): boolean {
  return info.fieldNodes.some((node) => node.selectionSet && below(node.selectionSet, path, info.fragments));
}

function below(
  set: SelectionSetNode,
  [name, ...rest]: string[],
  fragments: Record<string, FragmentDefinitionNode>,
): boolean {
  return set.selections.some((selection) => {
    switch (selection.kind) {
      case Kind.FIELD:
        if (selection.name.value !== name) return false;
        return (
          rest.length === 0 || (!!selection.selectionSet && below(selection.selectionSet, rest, fragments))
        );
      case Kind.INLINE_FRAGMENT:
        return below(selection.selectionSet, [name!, ...rest], fragments);
      case Kind.FRAGMENT_SPREAD: {
        const fragment = fragments[selection.name.value];
        return !!fragment && below(fragment.selectionSet, [name!, ...rest], fragments);
      }
    }
  });
}
