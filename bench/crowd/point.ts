/**
 * One point of figure 6 (figure.ts): one pattern, one crowd, one account. The crowd arrives evenly over
 * the window, each caller with its own request, to a backend of the given latency (±4 %):
 *
 * - event: the demo flow as shipped (the event strategy) on EXPRESS, its long poll reserving what the
 *   README's sizing rule gives for these arrivals ({@link longPollReserve});
 * - seed: the seed pattern (bench/baseline/seed-pattern-flow.ts) on STANDARD, its Loop count calibrated
 *   as in figure 4. Its poll is DescribeExecution in the original: the simulator answers it from the
 *   table, and {@link describeExecutionPressure} replays the seed's poll times through DescribeExecution's
 *   own bucket (300, refilled at 15 a second) to count the calls AWS would have throttled.
 */
import { WorkflowType } from "../../infra/operation";
import { simulate } from "../../sim/call-simulator";
import { DESCRIBE_EXECUTION_QUOTA } from "../../sim/aws/account-quotas";
import { TokenBucket } from "../../sim/aws/token-bucket";
import type { CallerReport, SimulationResult } from "../../sim/report/simulation-result";
import { TimelineKind } from "../../sim/report/timeline";
import { VirtualScheduler } from "../../sim/world/clock";
import { SIMULATED_LONG_POLL_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";
import { functionNameOf } from "../../sim/aws/function-name";
import { DEFAULT_VOICE_COMFORT_EVERY_SECONDS } from "../../flows/async/event/event-wait";
import type { Scenario } from "../../sim/world/scenario";
import { OURS_OPERATION, Pattern, SEED_OPERATION, seedFlow, summarize } from "../caller-experience";
import { eventExpressCostPerCall, seedStandardCostPerCall } from "../cost";
import { percentile, round } from "../stats";
import { Channel } from "../../flows/flow-language";

/** Which point to run. */
export interface CrowdPointSpec {
  readonly pattern: "event" | "seed";
  readonly callers: number;
  readonly backendMs: number;
  readonly lambdaConcurrency: number;
  readonly arrivalWindowMs: number;
  /** The seed flow's Loop count, calibrated once for the whole figure. */
  readonly seedLoopCount: number;
}

/** One pattern at one point. */
export interface CrowdPoint {
  readonly pattern: "event" | "seed";
  readonly callers: number;
  readonly backendMs: number;
  readonly lambdaConcurrency: number;
  readonly outcomes: { readonly [outcome: string]: number };
  readonly lost: number;
  readonly lagMsP50: number | null;
  readonly lagMsP99: number | null;
  readonly quietMsP99: number;
  readonly peakConcurrency: SimulationResult["lambda"]["peakConcurrency"];
  readonly throttles: SimulationResult["lambda"]["throttles"];
  readonly stepFunctions: SimulationResult["stepFunctions"] & { readonly describeExecutionCalls: number; readonly describeExecutionThrottled: number };
  readonly dynamodb: SimulationResult["dynamodb"];
  readonly costPerCallUsd: number;
  /** Real time the simulation took. */
  readonly wallMs: number;
}

const JITTER = 0.04;
/** The demo flow's wait (flows/demo.ts `maxWaitSeconds`): work done later than this is a fair timeout. */
const DEMO_WAIT_MS = 60_000;
const POLL_FUNCTION = "connect-async-poll";

function crowdScenario(callers: number, backendMs: number, lambdaConcurrency: number, arrivalWindowMs: number): Scenario {
  return {
    name: `crowd-${callers}-${backendMs}ms-${lambdaConcurrency}`,
    seed: 16,
    account: { lambdaConcurrency },
    backend: { latencyMs: { distribution: "uniform", minMs: Math.round(backendMs * (1 - JITTER)), maxMs: Math.round(backendMs * (1 + JITTER)) } },
    callers: [{ count: callers, atMs: 0, spacingMs: arrivalWindowMs / callers }],
  };
}

/** A caller is lost when its own work recorded SUCCEEDED within the wait, yet it heard failure or timeout. */
function isLost(caller: CallerReport, result: SimulationResult): boolean {
  if (caller.outcome.kind === "success") return false;
  return result.executions.some(
    (execution) => execution.requestId === caller.requestId && execution.recorded === "SUCCEEDED" && execution.backendDoneAtMs !== undefined && execution.backendDoneAtMs - caller.startedAtMs <= DEMO_WAIT_MS,
  );
}

/** DescribeExecution calls the seed would make (one per poll) and how many its bucket would refuse. */
function describeExecutionPressure(result: SimulationResult): { calls: number; throttled: number } {
  const times = result.callers
    .flatMap((caller) => caller.timeline.filter((entry) => entry.kind === TimelineKind.lambda && entry.functionName === POLL_FUNCTION).map((entry) => entry.atMs))
    .sort((a, b) => a - b);
  const clock = new VirtualScheduler(0);
  let now = 0;
  const bucket = new TokenBucket(DESCRIBE_EXECUTION_QUOTA, { now: () => now, sleep: (ms) => clock.sleep(ms) });
  for (const atMs of times) {
    now = atMs;
    bucket.tryTake();
  }
  return { calls: times.length, throttled: bucket.throttled };
}

function crowdPoint(pattern: "event" | "seed", scenario: Scenario, result: SimulationResult, wallMs: number): CrowdPoint {
  const callers = result.callers;
  const lags = callers.filter((caller) => caller.outcome.kind === "success" && caller.resultDeliveryLagMs !== null).map((caller) => caller.resultDeliveryLagMs as number);
  const outcomes: { [outcome: string]: number } = {};
  for (const caller of callers) outcomes[caller.outcome.kind] = (outcomes[caller.outcome.kind] ?? 0) + 1;
  const summary = summarize(pattern === "event" ? Pattern.event : Pattern.seed, Channel.VOICE, 0, [result]);
  const describe = pattern === "seed" ? describeExecutionPressure(result) : { calls: 0, throttled: 0 };
  const backend = scenario.backend.latencyMs as { minMs: number; maxMs: number };
  return {
    pattern,
    callers: callers.length,
    backendMs: Math.round((backend.minMs + backend.maxMs) / 2),
    lambdaConcurrency: scenario.account?.lambdaConcurrency ?? 1000,
    outcomes: Object.fromEntries(Object.entries(outcomes).sort(([a], [b]) => a.localeCompare(b))),
    lost: callers.filter((caller) => isLost(caller, result)).length,
    lagMsP50: lags.length === 0 ? null : round(percentile(lags, 50), 0),
    lagMsP99: lags.length === 0 ? null : round(percentile(lags, 99), 0),
    quietMsP99: round(percentile(callers.map((caller) => caller.silenceBeyondLambdaMs), 99), 0),
    peakConcurrency: result.lambda.peakConcurrency,
    throttles: result.lambda.throttles,
    stepFunctions: { ...result.stepFunctions, describeExecutionCalls: describe.calls, describeExecutionThrottled: describe.throttled },
    dynamodb: result.dynamodb,
    costPerCallUsd: pattern === "event" ? eventExpressCostPerCall(summary) : seedStandardCostPerCall(summary),
    wallMs,
  };
}

/** The least the long poll's reserve leaves to start and the fallback turns' one-read polls. */
const LEFT_FOR_START_AND_POLLS = 20;
/** What a start invocation holds beyond its fast path (the table's conditional write, StartExecution). */
const START_OVERHEAD_MS = 200;

/**
 * The long poll's reserve as the README's sizing rule gives it for these arrivals (1.2 × arrivals a second ×
 * the 30 s voice round), cut to what the account can spare beside start (1.2 × arrivals a second × its fast
 * path and overhead, at least 20): a user sizing a bridge for this crowd on this account would deploy that.
 */
export function longPollReserve(arrivalsPerSecond: number, spare: number, fastPathMs: number = OURS_OPERATION.fastPathMs ?? 0): number {
  const rule = Math.ceil(1.2 * arrivalsPerSecond * DEFAULT_VOICE_COMFORT_EVERY_SECONDS);
  const forStart = Math.max(LEFT_FOR_START_AND_POLLS, Math.ceil((1.2 * arrivalsPerSecond * (fastPathMs + START_OVERHEAD_MS)) / 1000));
  return Math.max(1, Math.min(rule, spare - forStart));
}

/** Runs one point. */
export async function runCrowdPoint(spec: CrowdPointSpec): Promise<CrowdPoint> {
  const scenario = crowdScenario(spec.callers, spec.backendMs, spec.lambdaConcurrency, spec.arrivalWindowMs);
  const started = Date.now();
  const result =
    spec.pattern === "event"
      ? await simulate({
          flow: simulatedDemoFlow({ strategy: "event" }),
          scenario,
          operation: OURS_OPERATION,
          workflowType: WorkflowType.EXPRESS,
          reservedConcurrency: { [functionNameOf(SIMULATED_LONG_POLL_ARN)]: longPollReserve(spec.callers / (spec.arrivalWindowMs / 1000), spec.lambdaConcurrency) },
        })
      : await simulate({ flow: seedFlow(spec.seedLoopCount), scenario, operation: SEED_OPERATION, workflowType: WorkflowType.STANDARD });
  return crowdPoint(spec.pattern, scenario, result, Date.now() - started);
}
