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
    // Clears the reliability records before the run; `npm run docs:reliability` renders them.
    globalSetup: ['tests/reliability/global-setup.ts'],
    // Hang guards only. Tests assert order, counts and states, never how fast something was, so these
    // are far above what any test needs on an idle machine: a loaded runner must not trip them.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    pool: 'forks',
    coverage: {
      provider: 'v8',
      include: ['src/**/*.ts', 'resolvers/**/*.ts'],
      exclude: ['resolvers/generated/**', 'src/main.ts'],
      thresholds: { lines: 75, functions: 75, branches: 65, statements: 75 },
    },
  },
});
