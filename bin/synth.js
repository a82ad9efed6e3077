#!/usr/bin/env node
/**
 * `npm run synth`: runs `cdktf synth` and then says where the Terraform JSON went and what is in it.
 * cdktf-cli only names the stacks, and it tries to reach HashiCorp's checkpoint service (an error on
 * an offline machine); neither helps a user who wants the file.
 */
"use strict";
const { spawnSync } = require("node:child_process");
const fs = require("node:fs");
const path = require("node:path");

const projectDir = path.resolve(__dirname, "..");
const cdktf = require.resolve("cdktf-cli/bundle/bin/cdktf", { paths: [projectDir] });
const run = spawnSync(process.execPath, [cdktf, "synth", ...process.argv.slice(2)], {
  cwd: projectDir,
  stdio: "inherit",
  env: { ...process.env, CHECKPOINT_DISABLE: "1" },
});
if (run.status !== 0) process.exit(run.status ?? 1);

const outdir = path.join(projectDir, "cdktf.out", "stacks");
for (const stack of fs.existsSync(outdir) ? fs.readdirSync(outdir).sort() : []) {
  const file = path.join(outdir, stack, "cdk.tf.json");
  if (!fs.existsSync(file)) continue;
  const json = JSON.parse(fs.readFileSync(file, "utf8"));
  const resources = Object.values(json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
  console.log(`Terraform JSON for stack ${stack}: ${path.relative(process.cwd(), file)} (${resources} resources; Lambda zips in ${path.relative(process.cwd(), path.join(outdir, stack, "assets"))})`);
}
console.log("Next: review it, then `npx cdktf diff` / `npx cdktf deploy` (need Terraform and AWS credentials), or `npx connect-async export --out DIR` for a plain Terraform module.");
