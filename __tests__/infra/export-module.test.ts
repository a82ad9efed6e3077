/**
 * The module export (infra/export-module.ts): a synthesized stack turned into a self-contained module
 * folder for plain Terraform. (The `export` command that synthesizes the user's app first is tested
 * with the CLI.)
 */
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { exportTerraformModule, type ExportModuleResult } from "../../infra/export-module";
import { listFiles, resourcesOf, synthesizeDefaultStack, type TerraformJson } from "./support/synthesized-stack";

let outDir: string;
let result: ExportModuleResult;
let text: string;
let moduleJson: TerraformJson;
let stackDir: string;

/** GIVEN the default stack synthesized with a name prefix from cdktf.json context, exported into a folder. */
function exportDefaultStack(): ExportModuleResult {
  stackDir = synthesizeDefaultStack({ context: { namePrefix: "acme-cc" }, env: {} }).stackDir;
  return exportTerraformModule({ outDir, stackDir });
}

beforeAll(() => {
  outDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-project-")), "platform-module");
  result = exportDefaultStack();
  text = fs.readFileSync(path.join(result.outDir, "main.tf.json"), "utf8");
  moduleJson = JSON.parse(text) as TerraformJson;
});

it("writes main.tf.json, a README and the Lambda zips into the folder", () => {
  expect(result.outDir).toBe(outDir);
  expect(listFiles(result.outDir)).toEqual(["README.md", "assets/demo-backend.zip", "assets/poll.zip", "assets/start.zip", "main.tf.json"]);
  expect(result.files).toEqual(listFiles(result.outDir));
  // 24 for the demo's bridge, flow and backend; 6 for the long-poll function (function, log group, role,
  // policy, Connect permission and association); 18 for the alarms, dashboard and saved queries.
  expect(result.resourceCount).toBe(48);
});

it("has no backend and no provider block, but requires the AWS provider 6.x", () => {
  expect(moduleJson.provider).toBeUndefined();
  expect(text).not.toContain('"backend"');
  expect(moduleJson.terraform).toEqual({ required_version: expect.stringMatching(/^>= 1\.\d+\.\d+$/), required_providers: { aws: { source: "hashicorp/aws", version: "~> 6.0" } } });
});

it("contains no absolute path and no CDKTF metadata", () => {
  for (const absolute of [stackDir, os.tmpdir(), process.cwd(), result.outDir]) expect(text).not.toContain(absolute);
  expect(text).not.toContain('"//"');
});

it("references every Lambda zip inside the module by a path.module-relative filename that exists", () => {
  const functions = resourcesOf(moduleJson, "aws_lambda_function");
  expect(functions).toHaveLength(4);
  for (const [, block] of functions) {
    const filename = block.filename as string;
    expect(filename).toMatch(/^\$\{path\.module\}\/assets\/[a-z-]+\.zip$/);
    const file = path.join(result.outDir, filename.replace("${path.module}/", ""));
    expect(fs.existsSync(file)).toBe(true);
    // The code hash still describes the zip's bytes.
    expect(createHash("md5").update(fs.readFileSync(file)).digest("hex").toUpperCase()).toBe(block.source_code_hash);
  }
});

it("keeps the module's inputs and outputs, configured from cdktf.json context, without the provider-only region", () => {
  expect(Object.keys(moduleJson.variable ?? {}).sort()).toEqual(["connect_instance_id", "name_prefix", "tags"]);
  expect(moduleJson.variable?.name_prefix).toMatchObject({ default: "acme-cc" });
  expect(text).not.toContain("var.aws_region");
  expect(Object.keys(moduleJson.output ?? {})).toContain("state_machine_arns");
});

it("writes the same bytes when exported again from a new synthesis", () => {
  const before = fs.readFileSync(path.join(result.outDir, "assets", "start.zip"));
  exportDefaultStack();
  expect(fs.readFileSync(path.join(result.outDir, "main.tf.json"), "utf8")).toBe(text);
  expect(fs.readFileSync(path.join(result.outDir, "assets", "start.zip"))).toEqual(before);
});
