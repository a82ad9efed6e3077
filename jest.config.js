// Tests are transformed by SWC without type-checking; `npm run typecheck` (tsc --noEmit) checks types
// once for the whole project, which is much faster than ts-jest type-checking every test file.
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: {
    "^.+\\.(t|j)sx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }],
  },
  setupFiles: ["<rootDir>/__tests__/support/setup-node20.ts"],
  // The handler bundles are built once per run, here, not by each test that needs them.
  globalSetup: "<rootDir>/__tests__/support/global-setup.ts",
  testTimeout: 30000,
  // Jest's default leaves a core to its parent process, which only waits: on a 2-core CI machine that
  // ran the suite on one core. The tests are CPU-bound simulations, so use every core.
  maxWorkers: "100%",
};
