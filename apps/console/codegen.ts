import type { CodegenConfig } from '@graphql-codegen/cli';

/**
 * The console's typed GraphQL operations: every document in src/lib/graphql/*.graphql is checked
 * against the server's committed schema and gets its result and variables types generated
 * (`pnpm --filter @rollcall/console codegen`; a test fails when the generated files drift).
 */
const config: CodegenConfig = {
  schema: '../server/schema.graphql',
  documents: ['src/lib/graphql/*.graphql'],
  ignoreNoDocuments: false,
  generates: {
    'src/lib/graphql/generated/': {
      preset: 'client',
      // Plain strings, not parsed ASTs: the console posts them as they are and ships no graphql runtime.
      config: {
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        strictScalars: true,
        scalars: { DateTimeISO: 'string', JSON: 'unknown' },
      },
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
    },
  },
};
export default config;
