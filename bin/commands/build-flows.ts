/**
 * `connect-async build-flows [--out DIR] [--project DIR]`: synthesizes the CDKTF app of the project (its
 * cdktf.json `app`) and writes every contact flow of its stacks as `<name>.json` (the flow-language content
 * Connect imports, Lambda references as ARNs naming the functions) and `<name>.mmd` (its Mermaid diagram),
 * after validating each. `<name>` is the builder's flow name, file-safe.
 */
import type { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { FlowIssue, FlowJson } from "../../flows/flow-json";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";

/** One flow of the project. */
export interface NamedFlow {
  readonly name: string;
  readonly flow: FlowJson;
  /** Identifier → block name, shown in the diagram. @default none */
  readonly blockNames?: ReadonlyMap<string, string>;
}

export interface BuildFlowsOptions {
  /** The folder to write into; created when missing. */
  readonly outDir: string;
  /** The project whose flows to build (the folder holding cdktf.json). @default the working directory */
  readonly projectDir?: string;
  /** Where the flows come from. @default the flows of the project's synthesized stacks */
  readonly loadFlows?: () => ReadonlyArray<NamedFlow>;
}

/** What happened to one flow. */
export interface BuiltFlow {
  readonly name: string;
  readonly jsonFile?: string;
  readonly mermaidFile?: string;
  readonly issues: ReadonlyArray<FlowIssue>;
  /** Identifier → builder block name, so issues name blocks as they were written. @default none */
  readonly blockNames?: ReadonlyMap<string, string>;
}

export interface BuildFlowsResult {
  readonly flows: ReadonlyArray<BuiltFlow>;
  /** Set when the project's flows could not even be built (the app failed to synthesize, or the builder threw a FlowValidationError). */
  readonly buildFailure?: { readonly message: string; readonly issues: ReadonlyArray<FlowIssue> };
  /** Warnings of the project's synthesis (e.g. ContactFlow's cacheKey warning), one per line. @default none */
  readonly synthWarnings?: ReadonlyArray<string>;
  readonly errorCount: number;
  readonly warningCount: number;
  readonly exitCode: ExitCode;
}

/** A flow name is a file name: letters, digits, `.`, `_` and `-`, not starting with a dot. */
const FLOW_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]*$/;

/** Builds, validates and writes every project flow. A flow with errors is reported and not written. */
export async function runBuildFlows(options: BuildFlowsOptions): Promise<BuildFlowsResult> {
  const { validateFlow } = require("../../flows/validate") as typeof import("../../flows/validate");
  const { serializeFlow } = require("../../flows/parse") as typeof import("../../flows/parse");
  const { renderMermaid } = require("../../flows/mermaid") as typeof import("../../flows/mermaid");
  const { FlowValidationError } = require("../../flows/flow-validation-error") as typeof import("../../flows/flow-validation-error");

  const { ProjectError } = require("../project/project-error") as typeof import("../project/project-error");

  let named: ReadonlyArray<NamedFlow>;
  let warnings: ReadonlyArray<string> = [];
  try {
    if (options.loadFlows !== undefined) named = options.loadFlows();
    else ({ flows: named, warnings } = loadProjectFlows(options.projectDir ?? process.cwd()));
  } catch (error) {
    if (error instanceof ProjectError) {
      return { flows: [], buildFailure: { message: error.message, issues: [] }, errorCount: 1, warningCount: 0, exitCode: EXIT_CODE.UserError };
    }
    if (!(error instanceof FlowValidationError)) throw error;
    const errorCount = error.issues.filter((issue) => issue.severity === "error").length;
    return {
      flows: [], buildFailure: { message: error.message, issues: error.issues },
      errorCount, warningCount: error.issues.length - errorCount, exitCode: EXIT_CODE.UserError,
    };
  }

  await mkdir(options.outDir, { recursive: true });
  const flows: BuiltFlow[] = [];
  for (const { name, flow, blockNames } of named) {
    if (!FLOW_NAME.test(name)) {
      flows.push({ name, issues: [{ severity: "error", code: "FLOW_NAME_INVALID",
        message: `The flow name "${name}" cannot be a file name; use letters, digits, ".", "_" and "-" only.` }] });
      continue;
    }
    const issues = validateFlow(flow);
    if (issues.some((issue) => issue.severity === "error")) {
      flows.push({ name, issues, blockNames });
      continue;
    }
    const jsonFile = path.join(options.outDir, `${name}.json`);
    const mermaidFile = path.join(options.outDir, `${name}.mmd`);
    await writeFile(jsonFile, serializeFlow(flow), "utf8");
    await writeFile(mermaidFile, renderMermaid(flow, { blockNames }), "utf8");
    flows.push({ name, jsonFile, mermaidFile, issues, blockNames });
  }
  const all = flows.flatMap((built) => built.issues);
  const errorCount = all.filter((issue) => issue.severity === "error").length;
  return { flows, synthWarnings: warnings, errorCount, warningCount: all.length - errorCount, exitCode: errorCount > 0 ? EXIT_CODE.UserError : EXIT_CODE.Ok };
}

/** Every flow of every stack the project's app synthesizes (with several stacks, names start with the stack's), and the synthesis's warnings. */
export function loadProjectFlows(projectDir: string): { readonly flows: ReadonlyArray<NamedFlow>; readonly warnings: ReadonlyArray<string> } {
  const { loadProject, projectFlowsOf } = require("../project/load-project") as typeof import("../project/load-project");
  const project = loadProject({ projectDir });
  try {
    const several = project.stacks.length > 1;
    const flows = projectFlowsOf(project).map(({ stack, flow }) => ({
      name: several ? `${stack.name}-${flow.fileStem}` : flow.fileStem,
      flow: flow.flow,
      blockNames: flow.blockNames,
    }));
    return { flows, warnings: project.warnings };
  } finally {
    project.dispose();
  }
}

export function printBuildFlowsResult(result: BuildFlowsResult, logger: Logger): void {
  if (result.buildFailure !== undefined) logger.error(result.buildFailure.message);
  for (const warning of result.synthWarnings ?? []) logger.warn(warning);
  for (const built of result.flows) {
    for (const issue of built.issues) {
      const severity = issue.severity === "warning" ? "warning: " : "";
      const block = issue.blockId === undefined ? "flow" : (built.blockNames?.get(issue.blockId) ?? issue.blockId);
      logger.info(`[${built.name}] [${block}] ${severity}${issue.message} (${issue.code})`);
    }
    if (built.jsonFile !== undefined) logger.info(`Wrote ${built.jsonFile} and ${built.mermaidFile}.`);
    else logger.error(`Did not write flow "${built.name}": it has errors.`);
  }
  const verdict = result.exitCode === EXIT_CODE.Ok ? "OK" : "FAILED";
  logger.info(`${verdict}: ${result.flows.filter((built) => built.jsonFile !== undefined).length} of ${result.flows.length} flow(s) written; ${result.errorCount} error(s), ${result.warningCount} warning(s).`);
}

interface BuildFlowsFlags {
  readonly out: string;
  readonly project: string;
}

export function registerBuildFlows(program: Command, logger: Logger): void {
  program
    .command("build-flows")
    .description("Synthesize your CDKTF app (cdktf.json \"app\"), validate every contact flow of its stacks, and write each as <name>.json and <name>.mmd.")
    .option("-o, --out <dir>", "The folder to write the flow files into; it is created when missing.", "flows-out")
    .option("--project <dir>", "The folder of your CDKTF app, holding cdktf.json.", ".")
    .action(async (flags: BuildFlowsFlags) => {
      const result = await runBuildFlows({ outDir: flags.out, projectDir: flags.project });
      printBuildFlowsResult(result, logger);
      process.exitCode = result.exitCode;
    });
}
