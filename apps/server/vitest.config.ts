import { defaultServerConditions } from 'vite';
import { defineConfig } from 'vitest/config';

// Unit tests of the server's own pieces; the server as a whole is tested black-box in tests/.
export default defineConfig({
  ssr: { resolve: { conditions: ['@rollcall/source', ...defaultServerConditions] } },
  test: {
    include: ['src/**/*.test.ts'],
  },
});
