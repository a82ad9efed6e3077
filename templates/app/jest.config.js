// TypeScript tests, transformed by SWC (fast, no type-checking: `npm run typecheck` does that).
/** @type {import('jest').Config} */
module.exports = {
  testEnvironment: "node",
  roots: ["<rootDir>/__tests__"],
  testMatch: ["**/*.test.ts"],
  transform: { "^.+\\.tsx?$": ["@swc/jest", { jsc: { target: "es2022", parser: { syntax: "typescript" } }, module: { type: "commonjs" } }] },
  setupFilesAfterEnv: ["<rootDir>/setup.js"],
};
