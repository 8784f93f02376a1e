import { createRequire } from 'node:module';
import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// graphql ships CommonJS (main) and ESM (module) copies; Node, and so type-graphql and Apollo, load
// the CommonJS one. Vite would hand our sources the ESM one: two copies of graphql in one process
// ("Cannot use GraphQLObjectType from another module or realm"). Pin everyone to Node's choice.
const graphql = createRequire(
  createRequire(import.meta.url).resolve('@rollcall/server/package.json'),
).resolve('graphql');

// Tests import sources (the @rollcall/source condition) so no build is needed first;
// ROLLCALL_TEST_DIST=1 runs the built packages instead.
const source = process.env.ROLLCALL_TEST_DIST ? [] : ['@rollcall/source'];

export default defineConfig({
  ssr: { resolve: { conditions: [...source, ...defaultServerConditions] } },
  resolve: { alias: { graphql } },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
