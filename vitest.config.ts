import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node resolves `graphql` to its CommonJS entry (the package has no `exports` map), while Vite
    // would pick the `module` (.mjs) entry for our own files: two realms of one library. Pin the one
    // Node uses, so tests run what production runs.
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    setupFiles: ['tests/no-open-sockets.ts'],
    // Clears the reliability records before the run and renders docs/reliability.md after it.
    globalSetup: ['tests/reliability/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 30_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'resolvers/**/*.ts'],
      exclude: ['resolvers/generated/**', 'src/main.ts'],
      thresholds: { lines: 75, functions: 75, branches: 65, statements: 75 },
    },
  },
});
