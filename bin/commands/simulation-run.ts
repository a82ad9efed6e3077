/**
 * What `connect-async simulate` does, apart from its command line: load a scenario (named or a file), pick
 * the flow (a file, a flow of the user's app, or the demo), run the simulator, draw the SVG. The command
 * (simulate.ts) and `--all` (simulate-all.ts) both run it.
 */
import { readFile, writeFile } from "node:fs/promises";
import { existsSync } from "node:fs";
import type { FlowJson } from "../../flows/flow-json";
import type { Channel } from "../../flows/flow-language";
import type { SimulatedFunction } from "../../sim/aws/function-map";
import type { SimulationResult } from "../../sim/report/simulation-result";
import type { OperationSettings } from "../../sim/world/operations-to-simulate";
import type { Scenario } from "../../sim/world/scenario";
import { EXIT_CODE, type ExitCode } from "../logger";

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
export function isFlowFile(flow: string): boolean {
  return flow.endsWith(".json") || existsSync(flow);
}
