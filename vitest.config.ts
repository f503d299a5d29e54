import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    env: {
      NEXT_TELEMETRY_DISABLED: '1',
      PAYLOAD_SECRET: 'broadside-test-secret-not-for-production',
    },
    globalSetup: ['tests/helpers/globalSetup.ts'],
    hookTimeout: 180_000,
    projects: [
      { extends: true, test: { include: ['tests/unit/**/*.test.ts', 'tests/int/**/*.test.ts'], name: 'int' } },
      // Several server processes on one PostgreSQL database (npm run test:cluster); not in `npm test`.
      { extends: true, test: { include: ['tests/cluster/**/*.test.ts'], name: 'cluster', testTimeout: 300_000 } },
      // One browser at a time: two cores cannot drive several Chromiums and servers well.
      { extends: true, test: { fileParallelism: false, include: ['tests/e2e/**/*.test.ts'], name: 'e2e' } },
    ],
    testTimeout: 60_000,
  },
})
