/**
 * `connect-async build-flows [--out DIR]`: writes every flow of this project (from `flows/project-flows.ts`)
 * as `<name>.json` (the flow-language content Connect imports) and `<name>.mmd` (its Mermaid diagram), after
 * validating each.
 */
import type { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import type { FlowIssue, FlowJson } from "../../flows/flow-json";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";

/** One flow of the project, as `flows/project-flows.ts` lists it. */
export interface NamedFlow {
  readonly name: string;
  readonly flow: FlowJson;
  /** Identifier → block name, shown in the diagram. @default none */
  readonly blockNames?: ReadonlyMap<string, string>;
}

export interface BuildFlowsOptions {
  /** The folder to write into; created when missing. */
  readonly outDir: string;
  /** Where the flows come from. @default `projectFlows()` of flows/project-flows.ts */
  readonly loadFlows?: () => ReadonlyArray<NamedFlow>;
}

/** What happened to one flow. */
export interface BuiltFlow {
  readonly name: string;
  readonly jsonFile?: string;
  readonly mermaidFile?: string;
  readonly issues: ReadonlyArray<FlowIssue>;
}

export interface BuildFlowsResult {
  readonly flows: ReadonlyArray<BuiltFlow>;
  /** Set when the project's flows could not even be built (the builder threw a FlowValidationError). */
  readonly buildFailure?: { readonly message: string; readonly issues: ReadonlyArray<FlowIssue> };
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

  let named: ReadonlyArray<NamedFlow>;
  try {
    named = (options.loadFlows ?? loadProjectFlows)();
  } catch (error) {
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
      flows.push({ name, issues });
      continue;
    }
    const jsonFile = path.join(options.outDir, `${name}.json`);
    const mermaidFile = path.join(options.outDir, `${name}.mmd`);
    await writeFile(jsonFile, serializeFlow(flow), "utf8");
    await writeFile(mermaidFile, renderMermaid(flow, { blockNames }), "utf8");
    flows.push({ name, jsonFile, mermaidFile, issues });
  }
  const all = flows.flatMap((built) => built.issues);
  const errorCount = all.filter((issue) => issue.severity === "error").length;
  return { flows, errorCount, warningCount: all.length - errorCount, exitCode: errorCount > 0 ? EXIT_CODE.UserError : EXIT_CODE.Ok };
}

function loadProjectFlows(): ReadonlyArray<NamedFlow> {
  const { projectFlows } = require("../../flows/project-flows") as { projectFlows: () => ReadonlyArray<NamedFlow> };
  return projectFlows();
}

export function printBuildFlowsResult(result: BuildFlowsResult, logger: Logger): void {
  if (result.buildFailure !== undefined) logger.error(result.buildFailure.message);
  for (const built of result.flows) {
    for (const issue of built.issues) {
      const severity = issue.severity === "warning" ? "warning: " : "";
      logger.info(`[${built.name}] [${issue.blockId ?? "flow"}] ${severity}${issue.message} (${issue.code})`);
    }
    if (built.jsonFile !== undefined) logger.info(`Wrote ${built.jsonFile} and ${built.mermaidFile}.`);
    else logger.error(`Did not write flow "${built.name}": it has errors.`);
  }
  const verdict = result.exitCode === EXIT_CODE.Ok ? "OK" : "FAILED";
  logger.info(`${verdict}: ${result.flows.filter((built) => built.jsonFile !== undefined).length} of ${result.flows.length} flow(s) written; ${result.errorCount} error(s), ${result.warningCount} warning(s).`);
}

interface BuildFlowsFlags {
  readonly out: string;
}

export function registerBuildFlows(program: Command, logger: Logger): void {
  program
    .command("build-flows")
    .description("Build this project's contact flows, validate them, and write each as <name>.json and <name>.mmd.")
    .option("-o, --out <dir>", "The folder to write the flow files into; it is created when missing.", "flows-out")
    .action(async (flags: BuildFlowsFlags) => {
      const result = await runBuildFlows({ outDir: flags.out });
      printBuildFlowsResult(result, logger);
      process.exitCode = result.exitCode;
    });
}
