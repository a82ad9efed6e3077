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
import { existsSync } from "node:fs";
import * as path from "node:path";
import { Channel } from "../../flows/flow-language";
import { EXIT_CODE, type Logger } from "../logger";
import { figureGlossary } from "../../sim/report/figure-definitions";
import { isFlowFile, projectSimulateOptions, runSimulate, SimulateInputError } from "./simulation-run";

// The command's engine, for callers that drive simulate as a library (tests, scripts).
export { loadScenario, projectSimulateOptions, runSimulate, SimulateInputError, simulateOptionsOf, type SimulateOptions, type SimulateResult } from "./simulation-run";

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
