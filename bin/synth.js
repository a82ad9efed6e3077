#!/usr/bin/env node
/**
 * `npm run synth` in this repository: `connect-async synth` on the demo app (main.ts, in-process, no
 * cdktf CLI start-up), after rebuilding the Lambda bundles when a source is newer than them. The build
 * is deterministic, so skipping it when nothing changed gives the same bytes; `npm run build` forces it.
 */
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const root = path.resolve(__dirname, "..");
const BUNDLES = ["start", "poll", "demo-backend"].map((name) => path.join(root, "dist", "handlers", name, "index.js"));
const INPUTS = [path.join(root, "handlers"), path.join(root, "bin", "build-handlers.ts"), path.join(root, "package-lock.json")];

/** The newest modification time under `file` (a file or a folder, walked). */
function newest(file) {
  const stat = fs.statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return fs.readdirSync(file).reduce((most, name) => Math.max(most, newest(path.join(file, name))), stat.mtimeMs);
}

function bundlesAreStale() {
  if (!BUNDLES.every((bundle) => fs.existsSync(bundle))) return true;
  const oldestBundle = Math.min(...BUNDLES.map((bundle) => fs.statSync(bundle).mtimeMs));
  return INPUTS.some((input) => fs.existsSync(input) && newest(input) > oldestBundle);
}

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
require("tsx/cjs");
(async () => {
  if (bundlesAreStale()) {
    const { buildHandlers } = require("./build-handlers.ts");
    const built = await buildHandlers();
    console.log(`Rebuilt ${built.length} Lambda bundles (a source changed).`);
  }
  process.argv.splice(2, 0, "synth");
  require("./connect-async.ts");
})().catch((error) => {
  console.error(`npm run synth: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
