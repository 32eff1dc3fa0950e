import { defineConfig } from 'vitest/config';
import preact from '@preact/preset-vite';

// Two tiers: fast unit tests in Node (fakes allowed), and browser tests that drive the built extension
// in real Chromium and Firefox. `npm test` runs both; see README.md.
export default defineConfig({
  test: {
    projects: [
      {
        plugins: [preact()],
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.{ts,tsx}'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'browser',
          include: ['tests/browser/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One Chromium at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
