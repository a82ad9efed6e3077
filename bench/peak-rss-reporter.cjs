// Preloaded (`node --require`) into a measured child process: on exit, writes the process's own peak
// resident set size (getrusage ru_maxrss, in KiB) to the file named by BENCH_PEAK_RSS_FILE.
"use strict";
const fs = require("node:fs");
const file = process.env.BENCH_PEAK_RSS_FILE;
if (file) {
  process.on("exit", () => {
    fs.writeFileSync(file, JSON.stringify({ maxRssKiB: process.resourceUsage().maxRSS }));
  });
}
