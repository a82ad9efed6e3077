/**
 * Writes the generic module folder: `main.tf.json` (synthesized from {@link GenericBridge}, then made a
 * child module by export-module.ts's toModule), the start and poll zips under `assets/`, a README in the
 * terraform-docs shape, and `examples/basic` (a root module and a tfvars file with two operations).
 *
 * The prebuilt copy lives in terraform/connect-async (`npm run build:generic-module`); a test fails when
 * it differs from what this writes.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { App, TerraformStack, type TerraformElement } from "cdktf";
import type { Node } from "constructs";
import { MODULE_ASSETS_DIR, MODULE_MAIN_FILE, MODULE_README_FILE, toModule } from "../export-module";
import { GenericBridge } from "./generic-bridge";
import { renderExampleMain, EXAMPLE_DIR, EXAMPLE_MAIN_FILE, EXAMPLE_TFVARS, EXAMPLE_TFVARS_FILE } from "./module-example";
import { renderModuleReadme, type ModuleDocument } from "./module-readme";

/** The Terraform versions the module is written for: optional object attributes need 1.3, preconditions 1.2. */
export const GENERIC_MODULE_REQUIRED_VERSION = ">= 1.5.0, < 2.0.0";
/** The AWS provider major version the resources are written for (the CDKTF bindings are 6.x). */
export const GENERIC_MODULE_AWS_PROVIDER = { source: "hashicorp/aws", version: ">= 6.0.0, < 7.0.0" } as const;
/** Where the prebuilt module is kept in this repository. */
export const PREBUILT_MODULE_DIR = path.resolve(__dirname, "..", "..", "terraform", "connect-async");

/**
 * The stack the module is synthesized from. Its resources get addresses a platform team can read in a
 * plan (`aws_lambda_function.start_function`), from their path under the bridge, instead of CDKTF's
 * path-and-hash names; names the bridge sets itself (`aws_sfn_state_machine.operation`) win.
 */
class GenericModuleStack extends TerraformStack {
  protected allocateLogicalId(element: TerraformElement | Node): string {
    const node = "node" in element ? element.node : element;
    // Scopes: the app, this stack, the bridge, then the path inside the bridge.
    return node.scopes
      .slice(3)
      .map((scope) => scope.node.id)
      .join("_")
      .replace(/-/g, "_");
  }
}

/** Options of {@link writeGenericModule}. */
export interface WriteGenericModuleOptions {
  /** The folder to write; files the module owns in it are replaced. */
  readonly outDir: string;
  /** Where the handler bundles are. @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
}

/** What was written. */
export interface GenericModuleFiles {
  /** The folder (absolute). */
  readonly outDir: string;
  /** The files written, relative to `outDir`, POSIX-style, sorted. */
  readonly files: ReadonlyArray<string>;
}

/** The module's files in memory, by relative path (zips as bytes). */
export function renderGenericModule(options: { readonly handlersDir?: string } = {}): Map<string, string | Uint8Array> {
  const synthDir = fs.mkdtempSync(path.join(os.tmpdir(), "connect-async-generic-"));
  try {
    const app = new App({ outdir: synthDir, skipValidation: true });
    const stack = new GenericModuleStack(app, "generic");
    new GenericBridge(stack, "connect-async", { handlersDir: options.handlersDir });
    app.synth();
    const stackDir = path.join(synthDir, "stacks", "generic");
    const synthesized = JSON.parse(fs.readFileSync(path.join(stackDir, "cdk.tf.json"), "utf8"));
    const { module, assets } = toModule(synthesized);
    module.terraform = { required_version: GENERIC_MODULE_REQUIRED_VERSION, required_providers: { aws: GENERIC_MODULE_AWS_PROVIDER } };
    const files = new Map<string, string | Uint8Array>();
    files.set(MODULE_MAIN_FILE, `${JSON.stringify(module, null, 2)}\n`);
    for (const asset of assets) files.set(asset.to, fs.readFileSync(path.join(stackDir, asset.from)));
    files.set(MODULE_README_FILE, renderModuleReadme(module as ModuleDocument));
    files.set(path.posix.join(EXAMPLE_DIR, EXAMPLE_MAIN_FILE), renderExampleMain());
    files.set(path.posix.join(EXAMPLE_DIR, EXAMPLE_TFVARS_FILE), `${JSON.stringify(EXAMPLE_TFVARS, null, 2)}\n`);
    return files;
  } finally {
    fs.rmSync(synthDir, { recursive: true, force: true });
  }
}

/** Writes the module folder. */
export function writeGenericModule(options: WriteGenericModuleOptions): GenericModuleFiles {
  const outDir = path.resolve(options.outDir);
  const files = renderGenericModule({ handlersDir: options.handlersDir });
  fs.mkdirSync(outDir, { recursive: true });
  for (const owned of [MODULE_MAIN_FILE, MODULE_README_FILE, MODULE_ASSETS_DIR, EXAMPLE_DIR.split("/")[0]]) fs.rmSync(path.join(outDir, owned), { recursive: true, force: true });
  for (const [file, content] of files) {
    fs.mkdirSync(path.dirname(path.join(outDir, file)), { recursive: true });
    fs.writeFileSync(path.join(outDir, file), content);
  }
  return { outDir, files: [...files.keys()].sort() };
}
