/**
 * `connect-async build-flows [--out DIR] [--project DIR] [--set NAME=VALUE]… [--set-file FILE]`: synthesizes
 * the CDKTF app of the project (its cdktf.json `app`) and writes every contact flow of its stacks as
 * `<name>.json` (the flow-language content Connect imports) and `<name>.mmd` (its Mermaid diagram), after
 * validating each. `<name>` is the builder's flow name, file-safe.
 *
 * What only a deployment knows stays a reference in the JSON: the stack's own Lambdas as stand-in ARNs
 * naming the functions (account 000000000000), Terraform references it cannot resolve at synth
 * (`${data.aws_connect_prompt.….arn}`), and placeholders of flows kept as templates (`%Name%`, `${name}`,
 * `{{name}}`, "ENTER …" text). Each flow's report lists them by name; `--set NAME=VALUE` (or a JSON file of
 * names and values) fills them in, so the JSON can be imported as it stands. A `--set` that matches nothing
 * fails the command, since a misspelt name would leave the reference in place.
 */
import type { Command } from "commander";
import { mkdir, writeFile } from "node:fs/promises";
import * as path from "node:path";
import { readFile } from "node:fs/promises";
import type { FlowIssue, FlowJson } from "../../flows/flow-json";
import type { StandIn, UnresolvedReference } from "../../flows/template/substitution";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";

/** One flow of the project. */
export interface NamedFlow {
  readonly name: string;
  readonly flow: FlowJson;
  /** Identifier → block name, shown in the diagram. @default none */
  readonly blockNames?: ReadonlyMap<string, string>;
  /** Values in the flow that stand in for what only a deployment knows (the stack's Lambda ARNs). @default none */
  readonly standIns?: ReadonlyArray<StandIn>;
}

export interface BuildFlowsOptions {
  /** The folder to write into; created when missing. */
  readonly outDir: string;
  /** The project whose flows to build (the folder holding cdktf.json). @default the working directory */
  readonly projectDir?: string;
  /** Where the flows come from. @default the flows of the project's synthesized stacks */
  readonly loadFlows?: () => ReadonlyArray<NamedFlow>;
  /** Values for the references the flows still hold, by name (`--set NAME=VALUE`). @default none */
  readonly values?: ReadonlyMap<string, string>;
}

/** What happened to one flow. */
export interface BuiltFlow {
  readonly name: string;
  readonly jsonFile?: string;
  readonly mermaidFile?: string;
  readonly issues: ReadonlyArray<FlowIssue>;
  /** Identifier → builder block name, so issues name blocks as they were written. @default none */
  readonly blockNames?: ReadonlyMap<string, string>;
  /** References still without a value: the written JSON holds them, and Connect would take them literally. @default none */
  readonly unresolved?: ReadonlyArray<UnresolvedReference>;
}

export interface BuildFlowsResult {
  readonly flows: ReadonlyArray<BuiltFlow>;
  /** Set when the project's flows could not even be built (the app failed to synthesize, or the builder threw a FlowValidationError). */
  readonly buildFailure?: { readonly message: string; readonly issues: ReadonlyArray<FlowIssue> };
  /** Warnings of the project's synthesis (e.g. ContactFlow's cacheKey warning), one per line. @default none */
  readonly synthWarnings?: ReadonlyArray<string>;
  /** Names given a value that no flow uses (a misspelt `--set`), sorted. @default none */
  readonly unmatchedValues?: ReadonlyArray<string>;
  /** Names given a value that some flow used, sorted. @default none */
  readonly usedValues?: ReadonlyArray<string>;
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
  const { substitutePlaceholders } = require("../../flows/template/substitution") as typeof import("../../flows/template/substitution");

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
  const values = options.values ?? new Map<string, string>();
  const used = new Set<string>();
  const flows: BuiltFlow[] = [];
  for (const { name, flow: template, blockNames, standIns } of named) {
    if (!FLOW_NAME.test(name)) {
      flows.push({ name, issues: [{ severity: "error", code: "FLOW_NAME_INVALID",
        message: `The flow name "${name}" cannot be a file name; use letters, digits, ".", "_" and "-" only.` }] });
      continue;
    }
    // Substituted first, so the validator judges the values given (a PromptId that is not an ARN is an error).
    const substituted = substitutePlaceholders(template, values, standIns);
    for (const each of substituted.used) used.add(each);
    const flow = substituted.flow;
    const unresolved = substituted.unresolved;
    const issues = validateFlow(flow);
    if (issues.some((issue) => issue.severity === "error")) {
      flows.push({ name, issues, blockNames, unresolved });
      continue;
    }
    const jsonFile = path.join(options.outDir, `${name}.json`);
    const mermaidFile = path.join(options.outDir, `${name}.mmd`);
    await writeFile(jsonFile, serializeFlow(flow), "utf8");
    await writeFile(mermaidFile, renderMermaid(flow, { blockNames }), "utf8");
    flows.push({ name, jsonFile, mermaidFile, issues, blockNames, unresolved });
  }
  const unmatchedValues = [...values.keys()].filter((given) => !used.has(given)).sort();
  const all = flows.flatMap((built) => built.issues);
  const errorCount = all.filter((issue) => issue.severity === "error").length + unmatchedValues.length;
  const warningCount = all.length - all.filter((issue) => issue.severity === "error").length;
  return { flows, synthWarnings: warnings, unmatchedValues, usedValues: [...used].sort(), errorCount, warningCount, exitCode: errorCount > 0 ? EXIT_CODE.UserError : EXIT_CODE.Ok };
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
      // The stack model gives each of the stack's Lambdas an ARN naming it (account 000000000000); the real one
      // is known only once deployed, so each is a stand-in, set by its Terraform reference.
      standIns: stack.functions.map((fn) => ({ value: fn.arn, name: `${fn.address}.arn`, description: `the stack's Lambda ${fn.functionName}` })),
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
    const blockName = (blockId: string): string => built.blockNames?.get(blockId) ?? blockId;
    for (const issue of built.issues) {
      const severity = issue.severity === "warning" ? "warning: " : "";
      const block = issue.blockId === undefined ? "flow" : blockName(issue.blockId);
      logger.info(`[${built.name}] [${block}] ${severity}${issue.message} (${issue.code})`);
    }
    const unresolved = built.unresolved ?? [];
    if (unresolved.length > 0) {
      logger.info(`[${built.name}] ${unresolved.length} reference(s) have no value yet; substitute them before importing the JSON (--set NAME=VALUE, or --set-file):`);
      for (const reference of unresolved) {
        const what = reference.kind === "stand-in" ? `${reference.description ?? "a stand-in"}, written ${reference.text}` : `written ${reference.text}`;
        logger.info(`  ${reference.name}  (${what}; used by ${reference.blockIds.map(blockName).join(", ")})`);
      }
    }
    if (built.jsonFile !== undefined) logger.info(`Wrote ${built.jsonFile} and ${built.mermaidFile}.`);
    else logger.error(`Did not write flow "${built.name}": it has errors.`);
  }
  const known = [...new Set([...(result.usedValues ?? []), ...result.flows.flatMap((built) => (built.unresolved ?? []).map((reference) => reference.name))])].sort();
  for (const name of result.unmatchedValues ?? []) {
    logger.error(`--set ${name} matches nothing in any flow, so it was not used (a misspelt name?). ${known.length > 0 ? `The names the flows hold are: ${known.join(", ")}.` : "The flows hold no reference to set."}`);
  }
  const verdict = result.exitCode === EXIT_CODE.Ok ? "OK" : "FAILED";
  logger.info(`${verdict}: ${result.flows.filter((built) => built.jsonFile !== undefined).length} of ${result.flows.length} flow(s) written; ${result.errorCount} error(s), ${result.warningCount} warning(s).`);
}

interface BuildFlowsFlags {
  readonly out: string;
  readonly project: string;
  readonly set: ReadonlyArray<string>;
  readonly setFile?: string;
}

/** `--set-file` values, then `--set` ones (which win); throws a message naming what to fix. */
export async function readValues(setFile: string | undefined, settings: ReadonlyArray<string>): Promise<Map<string, string>> {
  const values = new Map<string, string>();
  if (setFile !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(await readFile(setFile, "utf8"));
    } catch (error) {
      throw new Error(`--set-file ${setFile} cannot be read as JSON (${error instanceof Error ? error.message : String(error)}); give a JSON object of names and string values, e.g. {"BeepPromptArn": "arn:aws:connect:…"}.`);
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`--set-file ${setFile} must hold a JSON object of names and string values, e.g. {"BeepPromptArn": "arn:aws:connect:…"}.`);
    for (const [name, value] of Object.entries(parsed)) {
      if (typeof value !== "string" || value === "") throw new Error(`--set-file ${setFile}: the value of ${JSON.stringify(name)} must be a non-empty string, got ${JSON.stringify(value)}.`);
      values.set(name, value);
    }
  }
  for (const setting of settings) {
    const at = setting.indexOf("=");
    if (at <= 0 || at === setting.length - 1) throw new Error(`--set takes NAME=VALUE, e.g. --set BeepPromptArn=arn:aws:connect:…; got ${JSON.stringify(setting)}.`);
    values.set(setting.slice(0, at), setting.slice(at + 1));
  }
  return values;
}

export function registerBuildFlows(program: Command, logger: Logger): void {
  program
    .command("build-flows")
    .description("Synthesize your CDKTF app (cdktf.json \"app\"), validate every contact flow of its stacks, and write each as <name>.json and <name>.mmd. The report lists the references each flow still holds (its Lambdas' stand-in ARNs, Terraform references, template placeholders); give their values with --set to write flows ready to import.")
    .option("-o, --out <dir>", "The folder to write the flow files into; it is created when missing.", "flows-out")
    .option("--project <dir>", "The folder of your CDKTF app, holding cdktf.json.", ".")
    .option("--set <name=value>", "A value for a reference the flows still hold, by the name the report lists (a stack Lambda's aws_lambda_function.<name>.arn, a Terraform reference such as data.aws_connect_prompt.<name>.arn, a template placeholder's name, or \"ENTER …\" text). Repeatable.", (setting: string, all: string[]) => [...all, setting], [] as string[])
    .option("--set-file <file>", "A JSON object of such names and values; --set wins over it.")
    .action(async (flags: BuildFlowsFlags, command: Command) => {
      let values: Map<string, string>;
      try {
        values = await readValues(flags.setFile, flags.set);
      } catch (error) {
        command.error((error as Error).message, { exitCode: EXIT_CODE.UserError });
      }
      const result = await runBuildFlows({ outDir: flags.out, projectDir: flags.project, values: values! });
      printBuildFlowsResult(result, logger);
      process.exitCode = result.exitCode;
    });
}
