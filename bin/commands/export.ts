/**
 * `connect-async export --out DIR [--project DIR] [--stack NAME]`: synthesizes the user's CDKTF app (its
 * cdktf.json `app`) and writes one of its stacks as a self-contained Terraform module (Terraform JSON plus
 * the Lambda zips, no backend or provider block, outputs for the functions, table, state machines and
 * flows) for platform teams that run plain Terraform.
 */
import * as path from "node:path";
import type { Command } from "commander";
import type { ExportModuleResult } from "../../infra/export-module";
import { EXIT_CODE, type Logger } from "../logger";

/** Options of {@link runExport}. */
export interface ExportOptions {
  /** The module folder to write, relative to the working directory. */
  readonly out: string;
  /** The project folder, holding cdktf.json; it must exist. @default the working directory */
  readonly projectDir?: string;
  /** The stack to export. @default the app's only stack */
  readonly stack?: string;
}

/** What was exported, and from which stack. */
export interface ExportResult extends ExportModuleResult {
  readonly stackName: string;
  /** Warnings of the project's synthesis, one per line. */
  readonly warnings: ReadonlyArray<string>;
}

/** Synthesizes the project and writes the module; a problem with the project throws a ProjectError. */
export async function runExport(options: ExportOptions): Promise<ExportResult> {
  // Loaded on use, so that the other commands do not pay for them.
  const { loadProject, selectStack } = require("../project/load-project") as typeof import("../project/load-project");
  const { moduleOutputsOf } = require("../project/module-outputs") as typeof import("../project/module-outputs");
  const { exportTerraformModule } = require("../../infra/export-module") as typeof import("../../infra/export-module");
  const project = loadProject({ projectDir: options.projectDir ?? process.cwd() });
  try {
    const stack = selectStack(project, options.stack);
    const written = exportTerraformModule({ outDir: path.resolve(options.out), stackDir: stack.dir, outputs: moduleOutputsOf(stack) });
    return { ...written, stackName: stack.name, warnings: project.warnings };
  } finally {
    project.dispose();
  }
}

/** How a module folder is named as a Terraform module source: relative ones start with ./ or ../ */
function moduleSource(outDir: string): string {
  const shown = path.relative(process.cwd(), outDir) || ".";
  if (path.isAbsolute(shown)) return shown;
  return shown.startsWith("../") ? shown : `./${shown}`;
}

/** Adds `export` to the program. Exit codes: 0 written, 1 user error (no project, app fails), 2 internal failure. */
export function registerExport(program: Command, logger: Logger): void {
  program
    .command("export")
    .description("Synthesize your CDKTF app and write one stack as a self-contained Terraform module (main.tf.json and Lambda zips; no backend or provider block) for use without Node.js.")
    .requiredOption("--out <dir>", "The folder to write the module to; files the export owns in it are replaced.")
    .option("--project <dir>", "The folder of your CDKTF app, holding cdktf.json.", ".")
    .option("--stack <name>", "The stack to export, when the app has several.")
    .option("--generic", "Write the generic module instead: no app needed, operations come from a tfvars map (see docs/platform-teams.md in the package: node_modules/connect-async/docs/platform-teams.md).")
    .action(async (flags: { out: string; project: string; stack?: string; generic?: boolean }) => {
      const { ProjectError } = require("../project/project-error") as typeof import("../project/project-error");
      if (flags.generic) {
        const { writeGenericModule } = require("../../infra/generic-module/write-generic-module") as typeof import("../../infra/generic-module/write-generic-module");
        const written = writeGenericModule({ outDir: flags.out });
        logger.info(`Wrote the generic connect-async module to ${moduleSource(written.outDir)}:\n${written.files.map((file) => `  ${file}`).join("\n")}\nSee its README.md and examples/basic.`);
        process.exitCode = EXIT_CODE.Ok;
        return;
      }
      try {
        const result = await runExport({ out: flags.out, projectDir: flags.project, stack: flags.stack });
        for (const warning of result.warnings) logger.warn(warning);
        const source = moduleSource(result.outDir);
        logger.info(`Wrote stack ${result.stackName} as a Terraform module with ${result.resourceCount} resources to ${source}:`);
        for (const file of result.files) logger.info(`  ${file}`);
        const width = Math.max("source".length, ...result.requiredVariables.map((name) => name.length));
        const argument = (name: string, value: string) => `    ${name.padEnd(width)} = ${value}`;
        logger.info(
          ["Use it from a root module:", `  module "connect_async" {`, argument("source", `"${source}"`), ...result.requiredVariables.map((name) => argument(name, `"<${name}>"`)), "  }"].join("\n"),
        );
        process.exitCode = EXIT_CODE.Ok;
      } catch (error) {
        if (!(error instanceof ProjectError)) throw error; // the program reports internal failures (exit 2)
        logger.error(`connect-async export: ${error.message}`);
        process.exitCode = EXIT_CODE.UserError;
      }
    });
}
