/**
 * `connect-async simulate --all`: every contact flow of the user's app, one after the other, each with its
 * stack's operations as deployed (the app is synthesized once), then one summary line per flow. A flow the
 * simulator cannot run is reported in its line and the others still run; the exit code is then 1. This is
 * what the `init` scaffold's `npm run simulate` runs, so it works with any number of flows.
 */
import type { Channel } from "../../flows/flow-language";
import type { SimulationResult } from "../../sim/report/simulation-result";
import { EXIT_CODE, type ExitCode } from "../logger";
import { loadScenario, runSimulate, SimulateInputError, simulateOptionsOf } from "./simulation-run";

/** Options of {@link runSimulateAll}. */
export interface SimulateAllOptions {
  /** A named scenario or a scenario JSON file, run through every flow. */
  readonly scenario: string;
  /** The project folder (holding cdktf.json). */
  readonly projectDir: string;
  readonly seed?: number;
  readonly channel?: Channel;
}

/** One flow's run: its result, or why it could not be simulated. */
export interface FlowRun {
  readonly stackName: string;
  readonly flowName: string;
  readonly result?: SimulationResult;
  readonly problem?: string;
}

export interface SimulateAllResult {
  readonly runs: ReadonlyArray<FlowRun>;
  readonly exitCode: ExitCode;
}

/** Simulates each flow; a project that cannot be synthesized or has no flow is a {@link SimulateInputError}. */
export async function runSimulateAll(options: SimulateAllOptions): Promise<SimulateAllResult> {
  const { loadSimulationInputs } = require("../project/simulation-input") as typeof import("../project/simulation-input");
  const { ProjectError } = require("../project/project-error") as typeof import("../project/project-error");
  // An unknown scenario is the same mistake for every flow: say it once, before synthesizing.
  await loadScenario(options.scenario);
  let inputs: ReturnType<typeof loadSimulationInputs>;
  try {
    inputs = loadSimulationInputs({ projectDir: options.projectDir });
  } catch (error) {
    if (error instanceof ProjectError) throw new SimulateInputError(error.message);
    throw error;
  }
  const runs: FlowRun[] = [];
  for (const input of inputs) {
    const named = { stackName: input.stackName, flowName: input.flowName };
    try {
      const { result } = await runSimulate({ scenario: options.scenario, seed: options.seed, channel: options.channel, ...simulateOptionsOf(input) });
      runs.push({ ...named, result });
    } catch (error) {
      if (!(error instanceof SimulateInputError)) throw error;
      runs.push({ ...named, problem: error.message });
    }
  }
  return { runs, exitCode: runs.some((run) => run.problem !== undefined) ? EXIT_CODE.UserError : EXIT_CODE.Ok };
}

/** The flow's label: `<flow>`, or `<stack>/<flow>` when the app has several stacks. */
export function flowLabel(run: FlowRun, runs: ReadonlyArray<FlowRun>): string {
  const stacks = new Set(runs.map((each) => each.stackName));
  return stacks.size > 1 ? `${run.stackName}/${run.flowName}` : run.flowName;
}

/** One line per flow: outcome (counted when a crowd called), time to outcome and longest silence of the first caller. */
export function formatFlowSummary(runs: ReadonlyArray<FlowRun>, scenario: string): string {
  const { outcomeCounts } = require("../../sim/report/report") as typeof import("../../sim/report/report");
  const labels = runs.map((run) => flowLabel(run, runs));
  const width = Math.max("flow".length, ...labels.map((label) => label.length));
  const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const lines = runs.map((run, index) => {
    const label = labels[index]!.padEnd(width);
    if (run.result === undefined) return `  ${label}  not simulated: ${run.problem}`;
    const first = run.result.callers[0]!;
    const counts = outcomeCounts(run.result);
    const outcome = run.result.callers.length === 1 ? first.outcome.kind : Object.entries(counts).map(([kind, count]) => `${kind} ${count}`).join(", ");
    return `  ${label}  ${outcome.padEnd(9)}  ${seconds(first.timeToOutcomeMs).padStart(10)}  ${seconds(first.longestSilenceMs).padStart(15)}`;
  });
  const header = `  ${"flow".padEnd(width)}  ${"outcome".padEnd(9)}  ${"to outcome".padStart(10)}  ${"longest silence".padStart(15)}`;
  return [`Summary: scenario ${scenario}, ${runs.length} flow${runs.length === 1 ? "" : "s"}`, header, ...lines].join("\n");
}
