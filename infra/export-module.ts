/**
 * Export for platform teams: a synthesized stack as a self-contained Terraform module folder that needs
 * no Node.js.
 *
 *   <out>/main.tf.json   resources, data sources, variables, outputs, `required_version` and
 *                        `required_providers`; no `backend` and no `provider` block (the calling
 *                        configuration owns those)
 *   <out>/assets/*.zip   the Lambda zips, referenced as `${path.module}/assets/<name>.zip`
 *   <out>/README.md      how to call the module
 *
 * Usage: `module "connect_async" { source = "./<out>"  connect_instance_id = "…" }`, then
 * `terraform init && terraform plan`. `connect-async export` synthesizes the user's app and passes the
 * stack folder here, with the outputs a caller needs (functions, table, state machines, flows).
 */
import * as fs from "node:fs";
import * as path from "node:path";

/** The module's main file. */
export const MODULE_MAIN_FILE = "main.tf.json";
export const MODULE_ASSETS_DIR = "assets";
export const MODULE_README_FILE = "README.md";
/** Variables of the root stack that only configure the provider, hence meaningless in a module. */
const ROOT_ONLY_VARIABLES = ["aws_region"] as const;
const AWS_PROVIDER_REQUIREMENT = { source: "hashicorp/aws", version: "~> 6.0" } as const;
/**
 * The oldest Terraform the module is written for: it uses variable validation and JSON syntax that
 * Terraform 1.x reads, and 1.5 is the oldest release line still in wide use with the AWS provider 6.x.
 */
export const MODULE_REQUIRED_VERSION = ">= 1.5.0";

/** An output the module adds: a value (usually a `${…}` reference into the module) and what it is. */
export interface ModuleOutput {
  readonly value: unknown;
  readonly description: string;
}

/** Options of {@link exportTerraformModule}. */
export interface ExportModuleOptions {
  /** The module folder to write; created if missing. Files this export owns are replaced. */
  readonly outDir: string;
  /** The synthesized stack folder, holding `cdk.tf.json` and the assets it references. */
  readonly stackDir: string;
  /** Outputs to add, by name; an output the stack already declares keeps its own value. @default none */
  readonly outputs?: { readonly [name: string]: ModuleOutput };
}

/** What was written. */
export interface ExportModuleResult {
  /** The module folder (absolute). */
  readonly outDir: string;
  /** The files written, relative to `outDir`, POSIX-style, sorted. */
  readonly files: ReadonlyArray<string>;
  /** How many resources the module declares. */
  readonly resourceCount: number;
  /** The variables a caller must set (those without a default), sorted. */
  readonly requiredVariables: ReadonlyArray<string>;
}

/** A Terraform JSON document (the parts this export touches). */
interface TerraformJson {
  "//"?: unknown;
  terraform?: { backend?: unknown; required_providers?: { [name: string]: unknown }; required_version?: string; [key: string]: unknown };
  provider?: unknown;
  variable?: { [name: string]: { description?: string; default?: unknown; type?: string } };
  output?: { [name: string]: { description?: string; value?: unknown } };
  resource?: { [type: string]: { [name: string]: { [argument: string]: unknown } } };
  data?: { [type: string]: { [name: string]: { [argument: string]: unknown } } };
  [block: string]: unknown;
}

/** Writes the synthesized stack in `stackDir` as a module folder. */
export function exportTerraformModule(options: ExportModuleOptions): ExportModuleResult {
  const outDir = path.resolve(options.outDir);
  const stackDir = path.resolve(options.stackDir);
  const synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8")) as TerraformJson;
  const { module, assets } = toModule(synthesized, options.outputs);

  fs.mkdirSync(outDir, { recursive: true });
  for (const owned of [MODULE_MAIN_FILE, MODULE_README_FILE, MODULE_ASSETS_DIR]) fs.rmSync(path.join(outDir, owned), { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, MODULE_ASSETS_DIR));
  for (const asset of assets) fs.copyFileSync(path.join(stackDir, asset.from), path.join(outDir, asset.to));
  fs.writeFileSync(path.join(outDir, MODULE_MAIN_FILE), `${JSON.stringify(module, null, 2)}\n`);
  fs.writeFileSync(path.join(outDir, MODULE_README_FILE), renderReadme(module));

  const files = [MODULE_MAIN_FILE, MODULE_README_FILE, ...assets.map((asset) => asset.to)].sort();
  const resourceCount = Object.values(module.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0);
  const requiredVariables = Object.entries(module.variable ?? {}).filter(([, variable]) => variable.default === undefined).map(([name]) => name).sort();
  return { outDir, files, resourceCount, requiredVariables };
}

/**
 * Turns a synthesized root stack into a child module: drops the backend, provider, provider-only
 * variables and CDKTF metadata, pins the Terraform and AWS provider requirements, adds the outputs the
 * stack does not declare itself, and points every `filename` at a copy under `${path.module}/assets/`.
 */
export function toModule(
  synthesized: TerraformJson,
  outputs: { readonly [name: string]: ModuleOutput } = {},
): { module: TerraformJson; assets: Array<{ from: string; to: string }> } {
  const module = structuredClone(synthesized);
  delete module["//"];
  delete module.provider;
  const { backend: _backend, ...terraform } = module.terraform ?? {};
  module.terraform = { ...terraform, required_version: MODULE_REQUIRED_VERSION, required_providers: { ...terraform.required_providers, aws: AWS_PROVIDER_REQUIREMENT } };
  for (const name of ROOT_ONLY_VARIABLES) delete module.variable?.[name];
  for (const [name, output] of Object.entries(outputs).sort(([a], [b]) => (a < b ? -1 : 1))) {
    if (module.output?.[name] !== undefined) continue;
    module.output = { ...module.output, [name]: { value: output.value, description: output.description } };
  }

  const assets: Array<{ from: string; to: string }> = [];
  const byTarget = new Map<string, string>();
  for (const blocks of [module.resource, module.data]) {
    for (const [type, byName] of Object.entries(blocks ?? {})) {
      for (const [name, block] of Object.entries(byName)) {
        delete block["//"];
        if (typeof block.filename !== "string") continue;
        const to = path.posix.join(MODULE_ASSETS_DIR, path.posix.basename(block.filename));
        const previous = byTarget.get(to);
        if (previous !== undefined && previous !== block.filename) {
          throw new Error(`${type}.${name}: two assets would both be exported as ${to} (${previous}, ${block.filename}); give the bundles distinct names`);
        }
        if (previous === undefined) assets.push({ from: block.filename, to });
        byTarget.set(to, block.filename);
        block.filename = `\${path.module}/${to}`;
      }
    }
  }
  return { module, assets };
}

function renderReadme(module: TerraformJson): string {
  const variables = Object.entries(module.variable ?? {}).map(([name, variable]) => {
    const required = variable.default === undefined ? " (required)" : ` (default ${JSON.stringify(variable.default)})`;
    return `- \`${name}\`${required}: ${variable.description ?? ""}`;
  });
  const outputs = Object.entries(module.output ?? {}).map(([name, output]) => `- \`${name}\`: ${output.description ?? ""}`);
  return [
    "# connect-async (exported Terraform module)",
    "",
    "Generated by `connect-async export`; do not edit. Plain Terraform JSON: no Node.js needed.",
    "The calling configuration supplies the `aws` provider (~> 6.0) and the backend.",
    "",
    "```hcl",
    'module "connect_async" {',
    '  source = "./<this folder>"',
    ...Object.entries(module.variable ?? {}).filter(([, variable]) => variable.default === undefined).map(([name]) => `  ${name} = "<${name}>"`),
    "}",
    "```",
    "",
    "## Variables",
    "",
    ...variables,
    "",
    "## Outputs",
    "",
    ...outputs,
    "",
  ].join("\n");
}
