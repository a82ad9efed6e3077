/**
 * `connect-async simulate --scenario <name|file> [--flow FILE|NAME] [--project DIR] [--channel
 * VOICE|CHAT|TASK|EMAIL] [--json] [--svg FILE] [--seed N]`: runs a flow the way Connect would, with the
 * real start/poll handlers, the real state-machine definition in aws-local-stepfunctions and DynamoDB
 * served by dynalite, in virtual time; prints what the caller hears and when, and the figures.
 *
 * Which flow: a flow JSON file given with `--flow`; else a flow of the CDKTF app in `--project` (or in
 * the current folder, when it has a cdktf.json), synthesized, with its operations' settings as the stack
 * deploys them (`--flow` then names the flow); else the built-in demo flow.
 */
import type { Command } from "commander";
import { readFile, writeFile } from "node:fs/promises";
import type { FlowJson } from "../../flows/flow-json";
import { Channel } from "../../flows/flow-language";
import { existsSync } from "node:fs";
import * as path from "node:path";
import type { SimulatedFunction } from "../../sim/aws/function-map";
import type { SimulationResult } from "../../sim/report/simulation-result";
import type { OperationSettings } from "../../sim/world/operations-to-simulate";
import type { Scenario } from "../../sim/world/scenario";
import { EXIT_CODE, type ExitCode, type Logger } from "../logger";
import { figureGlossary } from "../../sim/report/figure-definitions";

export interface SimulateOptions {
  /** A named scenario (e.g. `slow-backend`) or the path of a scenario JSON file. */
  readonly scenario: string;
  /** A flow JSON file to run instead of the demo flow. @default the demo flow */
  readonly flow?: string;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Where to write the timeline as SVG. @default no SVG */
  readonly svg?: string;
  /** The contacts' channel. @default the scenario's, else "VOICE" */
  readonly channel?: Channel;
  /**
   * Operation settings by name (e.g. read from the user's synthesized stack), laid over the demo's.
   * @default the demo's settings for every operation the flow names
   */
  readonly operations?: { readonly [name: string]: OperationSettings };
  /** Lambda ARN → what it stands for (e.g. from the user's stack). @default found from the flow */
  readonly functions?: { readonly [arn: string]: SimulatedFunction };
  /** The flow itself, already loaded (e.g. from the user's stack); wins over `flow`. */
  readonly flowJson?: FlowJson;
}

export interface SimulateResult {
  readonly scenario: Scenario;
  readonly result: SimulationResult;
  /** The file the SVG went to, when asked. */
  readonly svgFile?: string;
  readonly exitCode: ExitCode;
}

/** A problem with the command's input (unknown scenario, unreadable file, invalid JSON): exit 1. */
export class SimulateInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "SimulateInputError";
  }
}

async function readJsonFile(file: string, what: string): Promise<{ text: string; value: unknown }> {
  let text: string;
  try {
    text = await readFile(file, "utf8");
  } catch (error) {
    throw new SimulateInputError(`the ${what} ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? String(error)}).`);
  }
  try {
    return { text, value: JSON.parse(text) as unknown };
  } catch (error) {
    throw new SimulateInputError(`the ${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
}

function looksLikeFile(scenario: string): boolean {
  return scenario.endsWith(".json") || scenario.includes("/") || scenario.includes("\\");
}

/** A named scenario or a scenario file; an unknown name or an invalid file is a {@link SimulateInputError}. */
export async function loadScenario(given: string): Promise<Scenario> {
  const { parseScenario, ScenarioValidationError } = require("../../sim/world/scenario") as typeof import("../../sim/world/scenario");
  const { namedScenario } = require("../../sim/world/scenarios") as typeof import("../../sim/world/scenarios");
  try {
    return looksLikeFile(given) ? parseScenario((await readJsonFile(given, "scenario file")).value) : namedScenario(given);
  } catch (error) {
    if (error instanceof ScenarioValidationError || (error instanceof Error && /^unknown scenario/.test(error.message))) throw new SimulateInputError(error.message);
    throw error;
  }
}

/**
 * Loads the scenario and the flow, simulates, and writes the SVG when asked. The simulator modules load
 * here, not at the top of the file, so `--help` and the other commands start without them.
 */
export async function runSimulate(options: SimulateOptions): Promise<SimulateResult> {
  const { simulate } = require("../../sim/call-simulator") as typeof import("../../sim/call-simulator");
  const { simulatedDemoFlow } = require("../../sim/world/demo-world") as typeof import("../../sim/world/demo-world");
  const scenario = await loadScenario(options.scenario);

  let flow: FlowJson;
  if (options.flowJson !== undefined) {
    flow = options.flowJson;
  } else if (options.flow === undefined) {
    flow = simulatedDemoFlow();
  } else {
    const { FlowParseError, parseFlowJson } = require("../../flows/parse") as typeof import("../../flows/parse");
    const { text } = await readJsonFile(options.flow, "flow file");
    try {
      flow = parseFlowJson(text, options.flow);
    } catch (error) {
      if (error instanceof FlowParseError) throw new SimulateInputError(error.message);
      throw error;
    }
  }

  const { FlowRuntimeError, UnsupportedActionError } = require("../../sim/connect/flow-errors") as typeof import("../../sim/connect/flow-errors");
  const { UnsupportedConditionError } = require("../../sim/connect/flow-conditions") as typeof import("../../sim/connect/flow-conditions");
  const { SimulationInputError } = require("../../sim/simulation-input-error") as typeof import("../../sim/simulation-input-error");
  let result: SimulationResult;
  try {
    result = await simulate({
      scenario,
      flow,
      seed: options.seed,
      channel: options.channel,
      operations: options.operations,
      ...(options.functions !== undefined ? { functions: options.functions, strictOperations: true } : {}),
    });
  } catch (error) {
    // A flow the simulator cannot run as written, or an operation nobody configured, is the user's input, not a crash.
    if (error instanceof UnsupportedActionError || error instanceof UnsupportedConditionError || error instanceof FlowRuntimeError || error instanceof SimulationInputError) {
      throw new SimulateInputError(`cannot simulate this flow: ${error.message}`);
    }
    throw error;
  }
  let svgFile: string | undefined;
  if (options.svg !== undefined) {
    const { timelineSvg } = require("../../sim/report/timeline-svg") as typeof import("../../sim/report/timeline-svg");
    await writeFile(options.svg, timelineSvg(result), "utf8");
    svgFile = options.svg;
  }
  return { scenario, result, svgFile, exitCode: EXIT_CODE.Ok };
}

/**
 * A flow of the user's CDKTF app, with its operations as the stack deploys them: synthesizes the app in
 * `projectDir` and picks the flow named `flow` (its name in Connect or its file stem), or the only one.
 */
export function projectSimulateOptions(projectDir: string, flow: string | undefined): Pick<SimulateOptions, "flowJson" | "operations" | "functions"> {
  const { loadSimulationInput } = require("../project/simulation-input") as typeof import("../project/simulation-input");
  const { ProjectError } = require("../project/project-error") as typeof import("../project/project-error");
  try {
    return simulateOptionsOf(loadSimulationInput({ projectDir, ...(flow !== undefined ? { flow } : {}) }));
  } catch (error) {
    if (error instanceof ProjectError) throw new SimulateInputError(error.message);
    throw error;
  }
}

/** One flow of the user's stack as simulate's options: other Lambdas of the stack answer {}. */
export function simulateOptionsOf(input: import("../project/simulation-input").SimulationInput): Pick<SimulateOptions, "flowJson" | "operations" | "functions"> {
  const functions: { [arn: string]: SimulatedFunction } = {};
  for (const [arn, fn] of Object.entries(input.functions)) {
    functions[arn] = fn.kind === "other" ? { kind: "stub", name: fn.functionName, response: {} } : { kind: fn.kind, reservedConcurrency: fn.reservedConcurrency };
  }
  const operations = Object.fromEntries(Object.entries(input.operations).map(([name, { name: _name, ...settings }]) => [name, settings]));
  return { flowJson: input.flow, operations, functions };
}

/** `--flow` names a file when it ends in .json or a file by that path exists. */
function isFlowFile(flow: string): boolean {
  return flow.endsWith(".json") || existsSync(flow);
}

interface SimulateFlags {
  readonly scenario?: string;
  readonly flow?: string;
  readonly project?: string;
  readonly json?: boolean;
  readonly svg?: string;
  readonly seed?: string;
  readonly channel?: string;
  readonly list?: boolean;
  readonly all?: boolean;
}

function isChannel(value: string): value is Channel {
  return (Object.values(Channel) as string[]).includes(value);
}

function listScenarios(logger: Logger): void {
  const { NAMED_SCENARIOS } = require("../../sim/world/scenarios") as typeof import("../../sim/world/scenarios");
  for (const scenario of NAMED_SCENARIOS.values()) logger.info(`${scenario.name.padEnd(18)} ${scenario.description ?? ""}`);
}

export function registerSimulate(program: Command, logger: Logger): void {
  program
    .command("simulate")
    .description("Simulate calls through a flow in virtual time, with the real handlers, state machine and a local DynamoDB; print what the caller hears and the figures.")
    .option(
      "--scenario <name|file>",
      "A named scenario (see --list) or a scenario JSON file; its format is the JSON Schema docs/scenario.schema.json in the package (node_modules/connect-async/docs/scenario.schema.json), which editors can check it against through a \"$schema\" field.",
    )
    .option(
      "--flow <file|name>",
      "A flow JSON file (its async macro's start and poll Lambdas run the real handlers, every operation it names with the demo's settings; other Lambdas answer {}), or the name of a flow of the --project app.",
    )
    .option(
      "--project <dir>",
      "Simulate a flow of the CDKTF app in this folder (its cdktf.json app), with its operations' settings as the stack deploys them. Default: the current folder when it has a cdktf.json, else the built-in demo flow.",
    )
    .option(
      "--channel <channel>",
      "The contact's channel: VOICE, CHAT, TASK or EMAIL (default: the scenario's, else VOICE). On all but VOICE, prompts are text messages and SSML or recorded prompts are counted as not deliverable.",
    )
    .option(
      "--json",
      `Print the result as JSON (outcome, timeToOutcomeMs, resultDeliveryLagMs, longestSilenceMs, silenceBeyondLambdaMs, chatMessages, voiceOnlyPromptsOnChat, invocations, executions, lambda peak concurrency and throttles, stepFunctions and dynamodb pressure, outcomes, notes, callers, timeline, …); the text report prints the same figures. ${figureGlossary()}`,
      false,
    )
    .option("--svg <file>", "Also draw the timeline (speech, silence, Lambda calls, backend work) as an SVG file.")
    .option("--seed <n>", "Seed for the scenario's random draws, overriding the scenario's own.")
    .option("--list", "List the named scenarios and exit.", false)
    .option(
      "--all",
      "Simulate every contact flow of the --project app (default: the current folder), one after the other, then print one summary line per flow (outcome, time to outcome, longest silence). Not with --flow or --svg.",
      false,
    )
    .action(async (flags: SimulateFlags, command: Command) => {
      if (flags.list === true) {
        listScenarios(logger);
        return;
      }
      if (flags.scenario === undefined) command.error("--scenario is required (a name such as slow-backend, or a scenario file); --list shows the names.", { exitCode: EXIT_CODE.UserError });
      const seed = flags.seed === undefined ? undefined : Number(flags.seed);
      if (seed !== undefined && !(Number.isInteger(seed) && seed >= 0)) command.error(`--seed must be a non-negative integer, got "${flags.seed}".`, { exitCode: EXIT_CODE.UserError });
      const channel = flags.channel?.toUpperCase();
      if (channel !== undefined && !isChannel(channel)) command.error(`--channel must be one of ${Object.values(Channel).join(", ")}, got "${flags.channel}".`, { exitCode: EXIT_CODE.UserError });
      if (flags.all === true) {
        if (flags.flow !== undefined || flags.svg !== undefined) command.error("--all simulates every flow; leave out --flow and --svg (give --flow NAME to simulate and draw one).", { exitCode: EXIT_CODE.UserError });
        await simulateEveryFlow({ scenario: flags.scenario!, projectDir: flags.project ?? process.cwd(), seed, channel: channel as Channel | undefined }, flags.json === true, logger);
        return;
      }
      try {
        const flowFile = flags.flow !== undefined && flags.project === undefined && isFlowFile(flags.flow) ? flags.flow : undefined;
        const projectDir = flowFile !== undefined ? undefined : (flags.project ?? (existsSync(path.join(process.cwd(), "cdktf.json")) ? process.cwd() : undefined));
        if (projectDir === undefined && flags.flow !== undefined && flowFile === undefined) {
          throw new SimulateInputError(`--flow ${flags.flow}: no such flow file, and no CDKTF project here to find a flow of that name in (give --project DIR)`);
        }
        const fromProject = projectDir === undefined ? {} : projectSimulateOptions(projectDir, flags.flow);
        const { result, svgFile, exitCode } = await runSimulate({ scenario: flags.scenario!, flow: flowFile, ...fromProject, seed, svg: flags.svg, channel: channel as Channel | undefined });
        const { formatReport, toJsonReport } = require("../../sim/report/report") as typeof import("../../sim/report/report");
        if (flags.json === true) logger.data(`${JSON.stringify(toJsonReport(result), null, 2)}\n`);
        else logger.data(formatReport(result));
        if (svgFile !== undefined && flags.json !== true) logger.info(`Timeline drawn to ${svgFile}`);
        process.exitCode = exitCode;
      } catch (error) {
        if (!(error instanceof SimulateInputError)) throw error;
        logger.error(error.message);
        process.exitCode = EXIT_CODE.UserError;
      }
    });
}

/** `--all`: each flow's report (or JSON), then the per-flow summary. */
async function simulateEveryFlow(options: import("./simulate-all").SimulateAllOptions, json: boolean, logger: Logger): Promise<void> {
  const { runSimulateAll, formatFlowSummary, flowLabel } = require("./simulate-all") as typeof import("./simulate-all");
  const { formatReport, toJsonReport } = require("../../sim/report/report") as typeof import("../../sim/report/report");
  try {
    const { runs, exitCode } = await runSimulateAll(options);
    if (json) {
      const reports = runs.map((run) => ({ stack: run.stackName, flow: run.flowName, ...(run.result !== undefined ? { report: toJsonReport(run.result) } : { problem: run.problem }) }));
      logger.data(`${JSON.stringify(reports, null, 2)}\n`);
    } else {
      for (const run of runs) {
        logger.data(`=== ${flowLabel(run, runs)} ===\n`);
        logger.data(run.result !== undefined ? formatReport(run.result) : `not simulated: ${run.problem}\n`);
        logger.data("\n");
      }
      logger.data(`${formatFlowSummary(runs, options.scenario)}\n`);
    }
    process.exitCode = exitCode;
  } catch (error) {
    if (!(error instanceof SimulateInputError)) throw error;
    logger.error(error.message);
    process.exitCode = EXIT_CODE.UserError;
  }
}
