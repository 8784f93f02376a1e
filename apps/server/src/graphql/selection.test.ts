import { parse, type FieldNode, type FragmentDefinitionNode, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import { selects } from './selection.js';

/** The `users` field of a document, as a resolver's info has it. */
function info(document: string) {
  const parsed = parse(document);
  const operation = parsed.definitions.find(
    (d) => d.kind === 'OperationDefinition',
  ) as OperationDefinitionNode;
  const fragments = Object.fromEntries(
    parsed.definitions
      .filter((d): d is FragmentDefinitionNode => d.kind === 'FragmentDefinition')
      .map((f) => [f.name.value, f]),
  );
  const field = operation.selectionSet.selections[0] as FieldNode;
  return { fieldNodes: [field], fragments };
}

describe('selects', () => {
  it.each([
    ['directly', '{ users { nodes { id groups { id } } } }', true],
    ['not asked', '{ users { nodes { id userName } totalCount } }', false],
    ['a same-named field elsewhere', '{ users { groups nodes { id } } }', false],
    ['under an alias', '{ users { rows: nodes { memberOf: groups { id } } } }', true],
    ['in a fragment', '{ users { nodes { ...Row } } } fragment Row on User { id groups { id } }', true],
    ['in a fragment, not asked', '{ users { nodes { ...Row } } } fragment Row on User { id }', false],
    [
      'in an inline fragment',
      '{ users { ... on UserConnection { nodes { ... on User { groups { id } } } } } }',
      true,
    ],
    [
      'a fragment of the page',
      '{ users { ...Page } } fragment Page on UserConnection { nodes { groups { id } } }',
      true,
    ],
  ])('%s', (_, document, expected) => {
    expect(selects(info(document), ['nodes', 'groups'])).toBe(expected);
  });
});
