#!/usr/bin/env node
// The `connect-async` bin. In a checkout the TypeScript sources run as they are (through tsx, no build
// step); the installed package runs its compiled JavaScript (dist/lib), so no TypeScript runs at start-up.
"use strict";
// The simulator runs the AWS SDK here, on the developer's Node; its "Node 22 will be required" notice
// concerns where the SDK runs in production (the Lambdas run nodejs22.x), not this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
const source = require("node:path").join(__dirname, "connect-async.ts");
if (require("node:fs").existsSync(source)) {
  require("tsx/cjs");
  require(source);
} else {
  require("../dist/lib/bin/connect-async.js");
}
