import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Tests import sources (the @rollcall/source condition), so no build is needed first.
export default defineConfig({
  ssr: { resolve: { conditions: ['@rollcall/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
