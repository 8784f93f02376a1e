import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests import sources (the @rollcall/source condition) so no build is needed first;
// ROLLCALL_TEST_DIST=1 runs the built packages instead.
const source = process.env.ROLLCALL_TEST_DIST ? [] : ['@rollcall/source'];

export default defineConfig({
  ssr: { resolve: { conditions: [...source, ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts'],
    globalSetup: ['src/support/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
