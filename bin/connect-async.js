#!/usr/bin/env node
// The `connect-async` bin: registers tsx so the TypeScript sources run as they are, with no build step.
"use strict";
require("tsx/cjs");
require("./connect-async.ts");
