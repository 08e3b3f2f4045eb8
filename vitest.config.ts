import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real PostgreSQL is started (or reused) once for the whole run; each integration file
    // creates and drops its own database.
    globalSetup: ['./test/support/global-setup.ts'],
    include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
    exclude: ['node_modules/**', 'dist/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    environment: 'node',
  },
});
