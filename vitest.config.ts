import { defineConfig } from 'vitest/config';

// CI asks for a JSON summary too (LANCASTER_VITEST_JSON), from which .ci/run prints "N passed, N failed".
const json = process.env.LANCASTER_VITEST_JSON;

export default defineConfig({
  test: {
    pool: 'forks',
    // The CLI tests run bin/lancaster.js, which runs bundle/ (built from dist/): build both first.
    globalSetup: ['test/support/build.ts'],
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'web/src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    reporters: json ? ['default', ['json', { outputFile: json }]] : ['default'],
  },
});
