/**
 * Simulates calls through a flow with the real parts behind it, and only wires them:
 *
 * - the flow runs in the interpreter (sim/connect/flow-run.ts), one run per caller, all on one virtual clock;
 * - its Lambda ARNs resolve, by a map (sim/aws/function-map.ts), to the real `start`/`poll` handlers
 *   (sim/aws/bridge-handlers.ts) with the operation's real runtime configuration, the virtual clock and
 *   sleep, invoked as Connect does (sim/aws/simulated-lambda.ts);
 * - DynamoDB is a dynalite server started and stopped here, reached through clients put on the virtual
 *   clock and counted (sim/aws/simulated-dynamodb.ts);
 * - `start`'s StartExecution (sim/aws/simulated-step-functions.ts) runs the operation's state machine —
 *   the definition the synth emits (infra/state-machine-definition.ts) — in aws-local-stepfunctions
 *   (sim/aws/state-machine-runner.ts), asynchronously, its Lambda task calling the scenario's backend
 *   (sim/aws/simulated-backend.ts);
 * - the callers come from the scenario (sim/world/), and the result is put together in sim/report/.
 *
 * Operations: every operation the flow's start calls name gets the demo operation's settings
 * ({@link DEMO_OPERATION_PROPS}, renamed) unless {@link SimulationOptions.operations} gives its own (e.g.
 * read from a user's synthesized stack); each runs its own state machine. The scenario's `operation`
 * overrides apply to the operation it names, or to all of them.
 *
 * Determinism: every duration is virtual, every random draw comes from the scenario's seed, and the
 * scheduler only moves time when all real asynchronous work is idle (sim/world/clock.ts), so a scenario
 * gives the same timeline on every run.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { FlowJson } from "../flows/flow-json";
import { Channel } from "../flows/flow-language";
import { DynamoDbRequestStore } from "../handlers/lib/dynamodb-request-store";
import { staticRequestIdKeys } from "../handlers/lib/request-id-key";
import type { OperationsConfig } from "../handlers/lib/operations-config";
import { resolveOperation, runtimeConfigOf, WorkflowType, type OperationProps } from "../infra/operation";
import { buildStateMachineDefinition } from "../infra/state-machine-definition";
import { BridgeHandlers } from "./aws/bridge-handlers";
import { collectingLogger } from "./aws/collecting-logger";
import { START_EXECUTION_QUOTAS, TABLE_THROUGHPUT } from "./aws/account-quotas";
import { functionsForFlow, reservedConcurrencyOf, type SimulatedFunction } from "./aws/function-map";
import { concurrencyNotes } from "./report/concurrency-notes";
import { LambdaAccount } from "./aws/lambda-account";
import { startInProcessDynamoDb } from "./aws/in-process-dynamodb";
import { createStatusTable, startLocalDynamoDb } from "./aws/local-dynamodb";
import { instrumentDynamoDb, TableCounters } from "./aws/simulated-dynamodb";
import { SimulatedBackend } from "./aws/simulated-backend";
import { SimulatedLambda } from "./aws/simulated-lambda";
import { SimulatedStepFunctions } from "./aws/simulated-step-functions";
import { TokenBucket } from "./aws/token-bucket";
import { findAsyncBranches } from "../flows/recognise/outcome-transitions";
import { AsyncBranchIndex } from "./connect/async-branch-index";
import { runFlow } from "./connect/flow-run";
import type { FlowRunResult } from "./connect/flow-run-types";
import type { PromptTimingOptions } from "./connect/prompt-timing";
import { buildResult } from "./report/build-result";
import { EmittedMetrics } from "./report/emitted-metrics";
import type { HandlerProblem, SimulationResult } from "./report/simulation-result";
import { drain } from "./world/background-work";
import type { CallerState } from "./world/caller-state";
import { VirtualScheduler } from "./world/clock";
import { operationsToSimulate, type OperationSettings } from "./world/operations-to-simulate";
import { withDemoFunctionSettings } from "./world/demo-world";
import { SeededRandom } from "./world/random";
import { requestSharingNotes, withRequestAttributes } from "./world/request-sharing";
import { expandCallers, type Scenario } from "./world/scenario";


/** Options of {@link simulate}. */
export interface SimulationOptions {
  readonly scenario: Scenario;
  readonly flow: FlowJson;
  /** Lambda ARN → what it is. @default {@link functionsForFlow} of the flow, the demo long poll with the construct's default reserve ({@link withDemoFunctionSettings}) */
  readonly functions?: { readonly [arn: string]: SimulatedFunction };
  /**
   * Settings of operations by name, e.g. read from a user's synthesized stack; each is laid over the
   * demo's settings ({@link DEMO_OPERATION_PROPS}). Operations the flow names and this map does not get
   * the demo's settings (or, with `strictOperations`, are an error). @default none
   */
  readonly operations?: { readonly [name: string]: OperationSettings };
  /** An operation flow names but `operations` lacks is a {@link SimulationInputError}. @default false */
  readonly strictOperations?: boolean;
  /**
   * One operation's full props, before the scenario's overrides (kept for callers that simulate one
   * operation); `operations` wins for the same name. @default none
   */
  readonly operation?: OperationProps;
  /** The contacts' channel (`$.Channel`). @default the scenario's, else "VOICE" */
  readonly channel?: Channel;
  /** Overrides the scenario's seed. */
  readonly seed?: number;
  /** Virtual epoch ms at which the simulation starts. @default 2026-01-05T09:00:00Z */
  readonly startEpochMs?: number;
  /** Virtual time after which the simulation gives up. @default 15 minutes */
  readonly maxVirtualMs?: number;
  readonly promptTiming?: PromptTimingOptions;
  /**
   * Reserved concurrency of the bridge's functions by function name (the name in their ARN), over what
   * `functions` states; e.g. `{ "my-app-long-poll": 300 }`. @default what `functions` states, else none
   */
  readonly reservedConcurrency?: { readonly [functionName: string]: number };
  /** The bridge's workflow type, whose StartExecution quota the executions draw on. @default "EXPRESS" */
  readonly workflowType?: WorkflowType;
  /**
   * What serves the status table: `dynalite` (a DynamoDB API on loopback) or `in-process` (the same
   * requests answered in this process, sim/aws/in-process-dynamodb.ts; tests pin that both answer
   * alike). Virtual time is the same either way, so is the result; only real time differs.
   * @default "in-process" for a crowd of more than {@link CROWD_CALLERS} callers, else "dynalite"
   */
  readonly table?: "dynalite" | "in-process";
}

/** From this many callers on, the status table runs in process unless {@link SimulationOptions.table} says otherwise. */
export const CROWD_CALLERS = 100;

const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
/** The request-id key of the simulated handlers: fixed, so request ids (and the timeline) are the same every run. Not a secret. */
const SIMULATOR_REQUEST_ID_KEY = "connect-async-simulator-request-id-key-not-a-secret";
const TABLE_NAME = "connect-async-sim";
const STATE_MACHINE_ARN_PREFIX = "arn:aws:states:us-east-1:111111111111:stateMachine:connect-async-";

/** Runs the scenario through the flow; starts and stops its own dynalite. */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const { scenario, flow } = options;
  const seed = options.seed ?? scenario.seed ?? 1;
  const startEpochMs = options.startEpochMs ?? DEFAULT_START_EPOCH_MS;
  const maxVirtualMs = options.maxVirtualMs ?? 15 * 60_000;
  const clock = new VirtualScheduler(startEpochMs);
  const random = new SeededRandom(seed);
  const latencies = { lambdaOverheadMs: 40, dynamodbMs: 8, startExecutionMs: 40, ...scenario.latencies };
  // Without a map, the flow's functions as the demo stack deploys them (the demo long poll's reserve).
  const functions = options.functions ?? withDemoFunctionSettings(functionsForFlow(flow));
  const channel = options.channel ?? scenario.channel ?? Channel.VOICE;
  const workflowType = options.workflowType ?? WorkflowType.EXPRESS;
  // ---- the account's quotas ------------------------------------------------------------------------
  const reserved = { ...reservedConcurrencyOf(functions), ...options.reservedConcurrency };
  const account = new LambdaAccount({
    lambdaConcurrency: scenario.account?.lambdaConcurrency,
    reserved,
    targetsConcurrency: scenario.backend.concurrency,
  });
  const startQuota = new TokenBucket(START_EXECUTION_QUOTAS[workflowType], clock);
  const throughput = { reads: new TokenBucket(TABLE_THROUGHPUT.reads, clock), writes: new TokenBucket(TABLE_THROUGHPUT.writes, clock) };

  // ---- the operations, their state machines and their configuration -----------------------------
  const resolved = operationsToSimulate(options).map(resolveOperation);
  const machines = new Map(
    resolved.map((operation) => {
      const stateMachineArn = `${STATE_MACHINE_ARN_PREFIX}${operation.name}`;
      return [stateMachineArn, { operation, definition: buildStateMachineDefinition({ operation, tableName: TABLE_NAME }) }] as const;
    }),
  );
  const operations: OperationsConfig = Object.fromEntries([...machines].map(([arn, { operation }]) => [operation.name, runtimeConfigOf(operation, arn)]));

  // ---- DynamoDB ------------------------------------------------------------------------------------
  const plans = withRequestAttributes(expandCallers(scenario), resolved, scenario, flow);
  const inProcess = (options.table ?? (plans.length > CROWD_CALLERS ? "in-process" : "dynalite")) === "in-process";
  const dynamo = inProcess ? startInProcessDynamoDb() : await startLocalDynamoDb();
  const counters = new TableCounters();
  const clients: DynamoDBClient[] = [];
  const unavailable = () => scenario.dynamodb?.unavailable === true;
  const client = (source: string): DynamoDBClient => {
    const created = instrumentDynamoDb(dynamo.client(), { clock, latencyMs: latencies.dynamodbMs, source, counters, unavailable, throughput });
    clients.push(created);
    return created;
  };
  try {
    const setup = dynamo.client();
    await createStatusTable(setup, TABLE_NAME);
    setup.destroy();

    const background: Array<Promise<unknown>> = [];
    const handlerProblems: HandlerProblem[] = [];
    const logger = collectingLogger(handlerProblems);
    const emitted = new EmittedMetrics();
    // One backend per state machine (each reads its own Task's retry and timeout), one seeded generator.
    const backends = new Map([...machines].map(([arn, { definition }]) => [arn, new SimulatedBackend({ spec: scenario.backend, clock, random, definition, account })]));
    const stepFunctions = new SimulatedStepFunctions({
      clock,
      startEpochMs,
      startExecutionMs: latencies.startExecutionMs,
      machines,
      startQuota,
      workflowType,
      backends,
      dynamoDb: client("state machine"),
      background,
    });

    // ---- the handlers ------------------------------------------------------------------------------
    const handlersClient = client("handlers");
    const store = new DynamoDbRequestStore({ client: handlersClient, tableName: TABLE_NAME, clock: () => clock.now() });
    const handlers = new BridgeHandlers({ store, clock, operations, logger, requestIdKeys: staticRequestIdKeys(SIMULATOR_REQUEST_ID_KEY), executions: stepFunctions, metrics: { start: emitted.sink("start"), poll: emitted.sink("poll") } });

    const states = new Map<string, CallerState>(plans.map((plan) => [plan.callerId, { plan }]));
    const branches = new AsyncBranchIndex(findAsyncBranches(flow));

    const lambda = new SimulatedLambda({ clock, scenario, functions, lambdaOverheadMs: latencies.lambdaOverheadMs, handlers, states, background, account });

    // ---- the callers -------------------------------------------------------------------------------
    const runs = plans.map(async (plan): Promise<FlowRunResult> => {
      await clock.sleep(plan.atMs);
      const state = states.get(plan.callerId)!;
      const asked = new Map<string, number>();
      return runFlow({
        flow,
        clock,
        callerId: plan.callerId,
        originEpochMs: startEpochMs,
        contact: { contactId: plan.contactId, attributes: plan.attributes, channel },
        invokeLambda: lambda.invoke,
        trackBackground: (work) => void background.push(work.catch(() => undefined)),
        callerInput: ({ blockId }) => {
          const index = asked.get(blockId) ?? 0;
          asked.set(blockId, index + 1);
          return plan.inputs[blockId]?.[index];
        },
        random: () => random.next(),
        promptTiming: options.promptTiming,
        onBlock: (visit) => {
          if (state.outcome === undefined && state.previousBlock !== undefined) {
            const outcome = branches.outcomeOf(state.previousBlock, visit.blockId);
            if (outcome !== undefined) {
              state.outcome = { kind: outcome, blockId: visit.blockId, atMs: visit.atMs };
              state.outcomeRequestId = state.requestId;
            }
          }
          state.previousBlock = visit.blockId;
        },
      });
    });

    const settled: ReadonlyArray<PromiseSettledResult<FlowRunResult>> = await clock
      .run(Promise.allSettled(runs), { maxVirtualMs })
      .catch((error: unknown): PromiseSettledResult<FlowRunResult>[] => [{ status: "rejected", reason: error }]);
    // Let executions and late Lambda answers finish, so nothing is left running when dynalite stops
    // (also after a failed run: an execution still in flight holds a real timer of aws-local-stepfunctions).
    await drain(clock, background, maxVirtualMs);
    const failed = settled.find((outcome): outcome is PromiseRejectedResult => outcome.status === "rejected");
    if (failed) throw failed.reason;
    const results = settled.map((outcome) => (outcome as PromiseFulfilledResult<FlowRunResult>).value);

    const attempts = [...backends.values()].flatMap((backend) => backend.attempts).sort((a, b) => a.startedAt - b.startedAt);
    const simulated = Object.fromEntries(resolved.map((operation) => [operation.name, operation]));
    return buildResult({ scenario, seed, channel, operations: simulated, startEpochMs, clock, results, states, executions: stepFunctions.executions, attempts, invocations: lambda.invocations, counters, handlerProblems, account, startQuota, metrics: emitted.counts(), notes: [...requestSharingNotes(resolved, scenario, flow), ...concurrencyNotes({ throttles: account.throttles(), reserved, arrivalsMs: plans.map((plan) => plan.atMs) })] });
  } finally {
    for (const created of clients) created.destroy();
    await dynamo.close();
  }
}

