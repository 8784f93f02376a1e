import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Pure unit tests of the protocol pieces.
export default defineConfig({
  ssr: { resolve: { conditions: ['@rollcall/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
