import tseslint from 'typescript-eslint';

/** Import boundaries (conventions.md §1): each package may depend only on what its role allows. */
const boundary = (files, patterns, message) => ({
  files,
  rules: {
    'no-restricted-imports': ['error', { patterns: patterns.map((group) => ({ group: [group], message })) }],
  },
});

export default tseslint.config(
  {
    ignores: [
      '**/generated/**',
      '**/dist/**',
      '**/build/**',
      '**/.svelte-kit/**',
      '**/node_modules/**',
      '.data/**',
    ],
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/no-non-null-assertion': 'off',
      // Configuration is read once, in apps/server/src/config.ts.
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration in config.ts' },
      ],
    },
  },
  {
    files: [
      'apps/server/src/config.ts',
      '**/*.config.ts',
      '**/*.config.js',
      '**/test/**',
      'tests/**',
      'scripts/**',
      '**/*.test.ts',
      'packages/domain/src/mikro-orm.config.ts',
    ],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Black-box tests read SCIM JSON, which is untyped by nature; asserting on `any` keeps them short.
    files: ['tests/**'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
  boundary(
    ['packages/scim/src/**'],
    ['@rollcall/*', 'koa', '@koa/*', '@mikro-orm/*', 'pg'],
    'packages/scim is the protocol alone: no I/O, nothing of ours',
  ),
  boundary(
    ['packages/domain/src/**'],
    ['@rollcall/scim', 'koa', '@koa/*', 'type-graphql', 'graphql', '@apollo/*'],
    'the domain knows nothing of HTTP, SCIM or GraphQL',
  ),
  boundary(
    ['apps/server/src/**'],
    ['@mikro-orm/*', 'pg', '@rollcall/*/src/*'],
    'the server reaches the database only through domain services',
  ),
  boundary(
    ['apps/console/src/**'],
    ['@rollcall/server', '@rollcall/domain', '@rollcall/scim', '@mikro-orm/*'],
    'the console talks to the API over GraphQL only',
  ),
);
