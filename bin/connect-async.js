#!/usr/bin/env node
// The `connect-async` bin: registers tsx so the TypeScript sources run as they are, with no build step.
"use strict";
// The simulator runs the AWS SDK here, on the developer's Node; its "Node 22 will be required" notice
// concerns where the SDK runs in production (the Lambdas run nodejs22.x), not this tool.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
require("tsx/cjs");
require("./connect-async.ts");
