import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/global-setup.ts'],
    // Time-outs only catch hangs: the detector's evaluation sets take about 70 s alone and were
    // seen at 171 s on a loaded machine, which is slowness, not a failure.
    testTimeout: 600_000,
    hookTimeout: 600_000,
    // Two cores: test files run two at a time.
    maxWorkers: 2,
  },
});
