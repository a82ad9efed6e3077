/**
 * `connect-async synth [--project DIR] [--out DIR]`: what `cdktf synth` does for a TypeScript app, without
 * the CLI's start-up (about 3 s of its 4): runs the cdktf.json `app` entry in this process, writes the
 * Terraform JSON where `cdktf synth` would (cdktf.json `output`, default cdktf.out, or CDKTF_OUTDIR), and
 * says what is in it. An app whose command is not a plain `tsx`/`ts-node`/`node` file runs through the
 * shell, as the CLI runs it. A synth error prints as one message, without a stack trace
 * (CONNECT_ASYNC_STACK_TRACE=1 shows it); `cdktf synth|diff|deploy` keep working on the same app.
 */
import * as path from "node:path";
import type { Command } from "commander";
import { EXIT_CODE, type Logger } from "../logger";

/** Options of {@link runSynth}. */
export interface SynthOptions {
  /** The project folder, holding cdktf.json. @default the working directory */
  readonly projectDir?: string;
  /** Where to write. @default CDKTF_OUTDIR, else cdktf.json `output`, else cdktf.out */
  readonly outdir?: string;
}

/** One stack written. */
export interface SynthesizedStackSummary {
  readonly name: string;
  /** Its cdk.tf.json (absolute). */
  readonly file: string;
  readonly resourceCount: number;
}

/** What was written. */
export interface SynthResult {
  readonly outdir: string;
  readonly stacks: ReadonlyArray<SynthesizedStackSummary>;
  /** Warnings: what a child-process app printed, and every stack's warning annotations (as `cdktf synth` shows them). */
  readonly warnings: ReadonlyArray<string>;
}

/** Synthesizes the project in this process; a failing app throws a ProjectError with its message. */
export function runSynth(options: SynthOptions = {}): SynthResult {
  const { readCdktfProject } = require("../project/cdktf-project") as typeof import("../project/cdktf-project");
  const { synthesizeProject } = require("../project/synthesize-project") as typeof import("../project/synthesize-project");
  const project = readCdktfProject(options.projectDir ?? process.cwd());
  const outdir = path.resolve(options.outdir ?? process.env.CDKTF_OUTDIR ?? path.join(project.dir, project.output));
  const synthesized = synthesizeProject({ projectDir: project.dir, outdir, inProcess: true });
  const stacks = synthesized.stacks.map((stack) => ({
    name: stack.name,
    file: path.join(stack.dir, "cdk.tf.json"),
    resourceCount: Object.values(stack.json.resource ?? {}).reduce((count, byName) => count + Object.keys(byName).length, 0),
  }));
  const { annotationLines } = require("../project/synthesize-project") as typeof import("../project/synthesize-project");
  return { outdir, stacks, warnings: [...(synthesized.warnings === "" ? [] : [synthesized.warnings]), ...annotationLines(synthesized.stacks)] };
}

/** Adds `synth` to the program. Exit codes: 0 written, 1 the app failed (one message), 2 internal failure. */
export function registerSynth(program: Command, logger: Logger): void {
  program
    .command("synth")
    .description("Synthesize your CDKTF app (cdktf.json \"app\") into Terraform JSON, like `cdktf synth` but without its start-up time; print errors as one message.")
    .option("--project <dir>", "The folder of your CDKTF app, holding cdktf.json.", ".")
    .option("-o, --out <dir>", "Where to write the Terraform JSON. Default: CDKTF_OUTDIR, else cdktf.json \"output\", else cdktf.out.")
    .action((flags: { project: string; out?: string }) => {
      const { ProjectError } = require("../project/project-error") as typeof import("../project/project-error");
      try {
        const result = runSynth({ projectDir: flags.project, outdir: flags.out });
        for (const warning of result.warnings) logger.warn(warning);
        for (const stack of result.stacks) {
          const shown = path.relative(process.cwd(), stack.file) || stack.file;
          logger.info(`Terraform JSON for stack ${stack.name}: ${shown} (${stack.resourceCount} resources; Lambda zips in ${path.join(path.dirname(shown), "assets")})`);
        }
        const { currentEngine } = require("../engine/current-engine") as typeof import("../engine/current-engine");
        const cli = currentEngine();
        logger.info(`Next: review it, then \`npx ${cli} diff\` / \`npx ${cli} deploy\` (need Terraform and AWS credentials), or \`npx connect-async export --out DIR\` for a plain Terraform module.`);
        process.exitCode = EXIT_CODE.Ok;
      } catch (error) {
        if (!(error instanceof ProjectError)) throw error;
        logger.error(`connect-async synth: ${error.message}`);
        process.exitCode = EXIT_CODE.UserError;
      }
    });
}
