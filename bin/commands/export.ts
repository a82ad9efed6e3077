/**
 * `connect-async export --out DIR`: writes the default stack as a self-contained Terraform module
 * (Terraform JSON plus the Lambda zips, no backend or provider block) for platform teams that run
 * plain Terraform. Synthesizes in-process: no cdktf-cli needed, but the handler bundles must exist
 * (`npm run build`).
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { ExportModuleResult } from "../../infra/export-module";
import { EXIT_CODE, type Logger } from "../logger";

/** Options of {@link runExport}. */
export interface ExportOptions {
  /** The module folder to write. */
  readonly out: string;
  /** The project folder whose `cdktf.json` "context" configures the stack. @default the working directory */
  readonly projectDir?: string;
  /** Where the handler bundles are. @default `dist/handlers` of this repository */
  readonly handlersDir?: string;
  /** Environment variables for the configuration. @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/** Writes the module; throws {@link MissingBundleError} when the handlers have not been built. */
export async function runExport(options: ExportOptions): Promise<ExportModuleResult> {
  // Loaded on use: CDKTF and the provider bindings cost a second that other commands should not pay.
  const { readCdktfJsonContext } = require("../../infra/default-app") as typeof import("../../infra/default-app");
  const { exportTerraformModule } = require("../../infra/export-module") as typeof import("../../infra/export-module");
  const projectDir = path.resolve(options.projectDir ?? process.cwd());
  return exportTerraformModule({
    outDir: path.resolve(projectDir, options.out),
    context: readCdktfJsonContext(projectDir),
    env: options.env,
    handlersDir: options.handlersDir,
  });
}

/** Adds `export` to the program. Exit codes: 0 written, 1 user error (e.g. not built), 2 internal failure. */
export function registerExport(program: Command, logger: Logger): void {
  program
    .command("export")
    .description("Write the stack as a self-contained Terraform module (main.tf.json and Lambda zips; no backend or provider block) for use without Node.js.")
    .requiredOption("--out <dir>", "The folder to write the module to; files the export owns in it are replaced.")
    .option("--project <dir>", "The project folder whose cdktf.json context configures the stack.", ".")
    .action(async (flags: { out: string; project: string }) => {
      try {
        const result = await runExport({ out: flags.out, projectDir: flags.project });
        const shown = path.relative(process.cwd(), result.outDir) || ".";
        logger.info(`Wrote a Terraform module with ${result.resourceCount} resources to ${shown}:`);
        for (const file of result.files) logger.info(`  ${file}`);
        // Terraform wants a relative module source to start with ./ or ../
        const source = shown.startsWith("../") ? shown : `./${shown}`;
        logger.info(["Use it from a root module:", `  module "connect_async" {`, `    source              = "${source}"`, `    connect_instance_id = "<instance id>"`, "  }"].join("\n"));
        process.exitCode = EXIT_CODE.Ok;
      } catch (error) {
        const { MissingBundleError } = require("../../infra/lambda-bundle") as typeof import("../../infra/lambda-bundle");
        if (!(error instanceof MissingBundleError)) throw error; // the program reports internal failures (exit 2)
        logger.error(`connect-async export: ${error.message}`);
        process.exitCode = EXIT_CODE.UserError;
      }
    });
}
