#!/usr/bin/env node
// The `connect-async` bin. In a checkout the TypeScript sources run as they are (through tsx, no build
// step; they are the CDKTF flavour); the installed package runs its compiled JavaScript, in the flavour
// for the engine the project has: dist/lib (CDKTF) or dist/cdktn (CDK Terrain), so no TypeScript runs at
// start-up and the other engine is never loaded (see bin/engine/detect-engine.ts).
"use strict";
// The simulator runs the AWS SDK here, on the developer's Node; its "Node 22 will be required" notice
// concerns where the SDK runs in production (the Lambdas run nodejs22.x), not this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const path = require("node:path");
const source = path.join(__dirname, "connect-async.ts");
if (require("node:fs").existsSync(source)) {
  require("tsx/cjs");
  require(source);
} else {
  const { detectEngine, EngineChoiceError } = require("../dist/lib/bin/engine/detect-engine.js");
  const { ENGINES } = require("../dist/lib/bin/engine/engines.js");
  let detected;
  try {
    detected = detectEngine({ argv: process.argv.slice(2), cwd: process.cwd(), packageDir: path.resolve(__dirname, ".."), env: process.env });
  } catch (error) {
    if (!(error instanceof EngineChoiceError)) throw error;
    process.stderr.write(`connect-async: ${error.message}\n`);
    process.exit(1);
  }
  require(`../dist/${ENGINES[detected.engine].distFolder}/bin/connect-async.js`);
}
