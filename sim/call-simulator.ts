/**
 * Simulates calls through a flow with the real parts behind it:
 *
 * - the flow runs in the interpreter (sim/interpreter.ts), one run per caller, all on one virtual clock;
 * - its Lambda ARNs resolve, by a map, to the real `start`/`poll` handlers (createStartHandler /
 *   createPollHandler) with the operation's real runtime configuration, the virtual clock and sleep;
 * - DynamoDB is a dynalite server started and stopped here, reached through clients put on the virtual
 *   clock and counted (sim/simulated-dynamodb.ts);
 * - `start`'s StartExecution runs the operation's state machine — the definition the synth emits
 *   (infra/state-machine-definition.ts) — in aws-local-stepfunctions (sim/state-machine-runner.ts),
 *   asynchronously, its Lambda task calling the scenario's backend (sim/simulated-backend.ts).
 *
 * Operations: every operation the flow's start calls name gets the demo operation's settings
 * ({@link DEMO_OPERATION_PROPS}, renamed) unless {@link SimulationOptions.operations} gives its own (e.g.
 * read from a user's synthesized stack); each runs its own state machine. The scenario's `operation`
 * overrides apply to the operation it names, or to all of them.
 *
 * Determinism: every duration is virtual, every random draw comes from the scenario's seed, and the
 * scheduler only moves time when all real asynchronous work is idle (sim/clock.ts), so a scenario
 * gives the same timeline on every run.
 */
import { CreateTableCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { FlowJson } from "../flows/flow-json";
import { Channel } from "../flows/flow-language";
import { createPollHandler } from "../handlers/poll";
import { createStartHandler } from "../handlers/start";
import { MAX_CONNECT_LIMIT_MS } from "../handlers/lib/deadline";
import { DynamoDbRequestStore } from "../handlers/lib/dynamodb-request-store";
import type { ExecutionStarter, StartExecutionRequest, StartedExecution } from "../handlers/lib/execution-starter";
import type { ConnectHandler } from "../handlers/lib/invocation";
import type { InvocationLogger, LogFields } from "../handlers/lib/invocation-logger";
import { EmittedMetrics, type EmittedMetricCount } from "./report/emitted-metrics";
import { staticRequestIdKeys } from "../handlers/lib/request-id-key";
import type { OperationsConfig } from "../handlers/lib/operations-config";
import { StatusAttribute } from "../handlers/lib/status-item";
import { resolveOperation, runtimeConfigOf, validateOperations, WorkflowType, type OperationProps, type ResolvedOperation } from "../infra/operation";
import { buildStateMachineDefinition, COMPLETION_WRITE_STATES, StateName, StatesError } from "../infra/state-machine-definition";
import { buildDemoFlow, type DemoFlowProps } from "../flows/demo";
import { demoOperationProps } from "../infra/demo-operation";
import { ActionType } from "./action-type";
import { AsyncBranchIndex, findAsyncBranches, findAsyncFunctionArns, findOperationNames, type AsyncOutcome } from "./async-branches";
import { VirtualScheduler } from "./clock";
import { runFlow, type FlowRunResult, type FlowTerminal, type LambdaInvocationRequest, type LambdaInvoker } from "./interpreter";
import { functionNameOf } from "./function-name";
import { startLocalDynamoDb } from "./local-dynamodb";
import type { PromptTimingOptions } from "./prompt-timing";
import { SeededRandom } from "./random";
import { expandCallers, type CallerPlan, type LambdaFault, type Scenario } from "./scenario";
import { instrumentDynamoDb, TableCounters } from "./simulated-dynamodb";
import { SimulatedBackend, type BackendAttempt } from "./simulated-backend";
import { SimulationInputError } from "./simulation-input-error";
import { StateMachineRunner, type ExecutionOutcome } from "./state-machine-runner";
import { silences, soundKinds, TimelineKind, type TimelineEntry } from "./timeline";

/** What a Lambda ARN in the flow stands for. */
export type SimulatedFunction =
  /** The real `start` handler; `timeoutMs` is the function's own timeout. @default the block's time limit */
  | { readonly kind: "start"; readonly timeoutMs?: number }
  /** The real `poll` handler; `timeoutMs` is the function's own timeout, which caps its long poll. @default the block's time limit */
  | { readonly kind: "poll"; readonly timeoutMs?: number }
  /** Any other Lambda: answers `response` after `latencyMs`. */
  | { readonly kind: "stub"; readonly name: string; readonly response: { readonly [key: string]: string }; readonly latencyMs?: number };

/** Placeholder ARNs of the simulated start and poll Lambdas (the demo flow is built with them). */
export const SIMULATED_START_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
export const SIMULATED_POLL_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
/** The placeholder ARN of the demo operation's target. */
export const SIMULATED_BACKEND_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-demo-backend";

/** The demo operation exactly as the default stack deploys it; scenarios override its timing and cache settings. */
export const DEMO_OPERATION_PROPS: OperationProps = demoOperationProps(SIMULATED_BACKEND_ARN);

/** The demo flow (flows/demo.ts) built with the simulator's placeholder ARNs, and any other demo props (e.g. `strategy: "loop"`). */
export function simulatedDemoFlow(props: Omit<DemoFlowProps, "startFunctionArn" | "pollFunctionArn"> = {}): FlowJson {
  return buildDemoFlow({ ...props, startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN });
}

/**
 * The function map for any flow: the macro's start and poll Lambdas (recognised by the parameters the
 * macro sends, `operation` and `asyncRequestId`) become the real handlers; every other Lambda a stub
 * answering `{}` after 100 ms.
 */
export function functionsForFlow(flow: FlowJson): { [arn: string]: SimulatedFunction } {
  const { start, poll } = findAsyncFunctionArns(flow);
  const functions: { [arn: string]: SimulatedFunction } = {};
  for (const action of flow.Actions) {
    const arn = action.Type === ActionType.InvokeLambdaFunction ? action.Parameters.LambdaFunctionARN : undefined;
    if (typeof arn !== "string" || functions[arn] !== undefined) continue;
    functions[arn] = start.has(arn) ? { kind: "start" } : poll.has(arn) ? { kind: "poll" } : { kind: "stub", name: functionNameOf(arn), response: {}, latencyMs: 100 };
  }
  return functions;
}

/** One operation's settings as the bridge construct takes them, its name aside (it is the key). */
export type OperationSettings = Partial<Omit<OperationProps, "name">>;

/** Options of {@link simulate}. */
export interface SimulationOptions {
  readonly scenario: Scenario;
  readonly flow: FlowJson;
  /** Lambda ARN → what it is. @default {@link functionsForFlow} of the flow */
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
}

/** The async outcome (or, without the macro, how the flow ended) of one caller. */
export interface CallerOutcome {
  /** `success`, `failure` or `timeout` of the async macro; otherwise the terminal kind (`disconnect`, `transfer`, `end`). */
  readonly kind: AsyncOutcome | FlowTerminal["kind"];
  /** The block the outcome was reached at. */
  readonly blockId: string;
  /** Virtual ms since the simulation started. */
  readonly atMs: number;
}

/** One caller's call, with its figures. */
export interface CallerReport {
  readonly callerId: string;
  readonly contactId: string;
  readonly channel: Channel;
  readonly startedAtMs: number;
  readonly endedAtMs: number;
  readonly terminal: FlowTerminal;
  readonly outcome: CallerOutcome;
  /** From the caller's start to the outcome. */
  readonly timeToOutcomeMs: number;
  /** Outcome time minus the backend's completion; null when no backend work finished during this call (e.g. a cache hit). */
  readonly resultDeliveryLagMs: number | null;
  /** The longest stretch with no prompt playing, from the call's start to the outcome. */
  readonly longestSilenceMs: number;
  /** The longest part of a silent stretch not spent in a Lambda block. */
  readonly longestSilenceBeyondLambdaMs: number;
  /**
   * Like {@link longestSilenceBeyondLambdaMs}, but only sound counts as sound: on voice, speech and
   * recorded audio (music), not an SSML pause; on other channels, a message. Synchronous Lambda time is
   * left out; an asynchronous invocation's is not (the contact is meant to hear something meanwhile).
   */
  readonly silenceBeyondLambdaMs: number;
  /** Messages (Text, and voice-only ones) sent to a non-voice contact; 0 on voice. */
  readonly chatMessages: number;
  /** SSML or PromptId messages that reached a non-voice contact, where Connect supports only Text. */
  readonly voiceOnlyPromptsOnChat: number;
  /** The request id `start` returned. */
  readonly requestId?: string;
  /** The last `asyncStatus` / `asyncErrorCode` the handlers answered this caller. */
  readonly lastStatus?: string;
  readonly lastErrorCode?: string;
  /** The blocks in order. */
  readonly path: ReadonlyArray<string>;
  readonly timeline: ReadonlyArray<TimelineEntry>;
}

/** One execution of the state machine. */
export interface ExecutionReport {
  readonly name: string;
  readonly requestId: string;
  readonly startedAtMs: number;
  readonly endedAtMs?: number;
  /** How the execution itself ended (it ends SUCCEEDED when it recorded a failure on the item). */
  readonly status?: ExecutionOutcome["status"];
  /** What it wrote on the status item: `SUCCEEDED`, `FAILED`, or `SUPERSEDED` when a newer execution owned it. */
  readonly recorded?: "SUCCEEDED" | "FAILED" | "SUPERSEDED";
  /** When the backend last answered for this execution (its completion), virtual ms. */
  readonly backendDoneAtMs?: number;
  /** The error name recorded on the item, or the execution's own error when it failed. */
  readonly error?: string;
}

/** A warning or error line a handler logged. */
export interface HandlerProblem {
  readonly level: "warn" | "error";
  readonly message: string;
  readonly fields: LogFields;
}

/** Everything a simulation produced. */
export interface SimulationResult {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly channel: Channel;
  /** The operations simulated, by name, with every default applied. */
  readonly operations: { readonly [name: string]: ResolvedOperation };
  readonly startEpochMs: number;
  readonly callers: ReadonlyArray<CallerReport>;
  readonly executions: ReadonlyArray<ExecutionReport>;
  readonly backendAttempts: ReadonlyArray<{ readonly executionName: string; readonly attempt: number; readonly atMs: number; readonly durationMs: number; readonly result: string }>;
  /** Lambda invocations by function (Connect's retries count), e.g. `{ start: 1, poll: 4 }`. */
  readonly invocations: { readonly [functionName: string]: number };
  readonly table: {
    readonly reads: number;
    /** Every write attempted, including conditional writes DynamoDB rejected. */
    readonly writes: number;
    /** Conditional writes rejected (a caller losing the race to create the item, a superseded execution). */
    readonly conditionFailures: number;
    /** Calls refused because DynamoDB was down. */
    readonly refused: number;
    readonly bySource: { readonly [source: string]: { reads: number; writes: number } };
  };
  /** Every caller's entries and the backend's, by time. */
  readonly timeline: ReadonlyArray<TimelineEntry>;
  /** Handler log lines at warn/error level (the simulator keeps the handlers quiet otherwise). */
  readonly handlerProblems: ReadonlyArray<HandlerProblem>;
  /** The metrics the handlers emitted (their EMF lines), by name: how many invocations emitted each. */
  readonly metrics: ReadonlyArray<EmittedMetricCount>;
  /** Virtual ms from the start to the last event. */
  readonly virtualDurationMs: number;
}

const DEFAULT_START_EPOCH_MS = Date.UTC(2026, 0, 5, 9, 0, 0);
/** The request-id key of the simulated handlers: fixed, so request ids (and the timeline) are the same every run. Not a secret. */
const SIMULATOR_REQUEST_ID_KEY = "connect-async-simulator-request-id-key-not-a-secret";
const TABLE_NAME = "connect-async-sim";
const STATE_MACHINE_ARN_PREFIX = "arn:aws:states:us-east-1:111111111111:stateMachine:connect-async-";
/** A "timeout" fault makes the invocation answer this long after its block's time limit. */
const TIMEOUT_FAULT_EXTRA_MS = 1000;

function applyOverrides(base: OperationProps, scenario: Scenario): OperationProps {
  const overrides = scenario.operation ?? {};
  if (overrides.name !== undefined && overrides.name !== base.name) return base;
  return {
    ...base,
    ...(overrides.timeoutSeconds !== undefined ? { timeoutSeconds: overrides.timeoutSeconds } : {}),
    ...(overrides.cacheTtlSeconds !== undefined ? { cacheTtlSeconds: overrides.cacheTtlSeconds } : {}),
    ...(overrides.cacheKey !== undefined ? { cacheKey: overrides.cacheKey } : {}),
    ...(overrides.fastPathMs !== undefined ? { fastPathMs: overrides.fastPathMs } : {}),
    ...(overrides.pollWaitMs !== undefined ? { pollWaitMs: overrides.pollWaitMs } : {}),
    ...(overrides.retry !== undefined ? { retry: { ...base.retry, ...overrides.retry } } : {}),
  };
}

function faultFor(faults: ReadonlyArray<LambdaFault>, kind: "start" | "poll", caller: CallerPlan, request: LambdaInvocationRequest): LambdaFault | undefined {
  return faults.find(
    (fault) =>
      fault.function === kind &&
      fault.turn === request.turn &&
      (fault.callers === undefined || fault.callers.includes(caller.index)) &&
      (fault.attempts === undefined || fault.attempts === "all" || fault.attempts.includes(request.attempt)),
  );
}

/** A logger that keeps the handlers' warnings and errors and drops the rest. */
function collectingLogger(sink: HandlerProblem[]): InvocationLogger {
  return {
    info: () => undefined,
    warn: (message, fields) => void sink.push({ level: "warn", message, fields }),
    error: (message, fields) => void sink.push({ level: "error", message, fields }),
  };
}

/** A Lambda-context-like object on the virtual clock: the handlers bound their long poll by it. */
export interface SimulatedLambdaContext {
  readonly functionName: string;
  readonly awsRequestId: string;
  getRemainingTimeInMillis(): number;
}

/**
 * The operations to simulate: those the flow names, those given, and the one the scenario names, each
 * with the demo's settings under what was given for it; then the scenario's overrides.
 * @throws SimulationInputError for an operation the scenario names that nothing else knows, for one the
 *   flow names that `operations` lacks under `strictOperations`, and for settings the bridge would refuse
 */
export function operationsToSimulate(options: Pick<SimulationOptions, "flow" | "operations" | "operation" | "scenario" | "strictOperations">): OperationProps[] {
  const given = new Map<string, OperationProps>();
  if (options.operation !== undefined) given.set(options.operation.name, options.operation);
  for (const [name, settings] of Object.entries(options.operations ?? {})) {
    given.set(name, { ...demoSettingsFor(name), ...given.get(name), ...settings, name });
  }
  const inFlow = findOperationNames(options.flow);
  const problems: string[] = [];
  if (options.strictOperations === true) {
    for (const name of inFlow.filter((name) => !given.has(name))) {
      problems.push(`the flow starts the operation "${name}", which is not among the operations given (${[...given.keys()].sort().join(", ") || "none"}); add it, or fix the flow's "operation" value`);
    }
  }
  const names = [...new Set([...given.keys(), ...inFlow])].sort();
  const named = options.scenario.operation?.name;
  if (named !== undefined && !names.includes(named)) {
    problems.push(`the scenario's operation.name "${named}" is not an operation of this flow (${names.join(", ") || "the flow starts none"}); use one of those names`);
  }
  if (names.length === 0) names.push(DEMO_OPERATION_PROPS.name);
  const operations = names.map((name) => applyOverrides(given.get(name) ?? demoSettingsFor(name), options.scenario));
  problems.push(...validateOperations(operations, { workflowType: WorkflowType.STANDARD, isUnresolved: (value) => value.includes("${") }));
  if (problems.length > 0) throw new SimulationInputError(problems);
  return operations;
}

/**
 * The demo's settings under another name. The demo's declared `inputs` stay with the demo: another
 * operation's inputs are unknown, and keeping the demo's would make a scenario's cacheKey fail the check
 * against them.
 */
function demoSettingsFor(name: string): OperationProps {
  if (name === DEMO_OPERATION_PROPS.name) return DEMO_OPERATION_PROPS;
  const { inputs: _demoInputs, ...settings } = DEMO_OPERATION_PROPS;
  return { ...settings, name };
}

interface CallerState {
  readonly plan: CallerPlan;
  previousBlock?: string;
  outcome?: CallerOutcome;
  requestId?: string;
  /** The request the outcome answered: a flow may start another operation after it. */
  outcomeRequestId?: string;
  lastStatus?: string;
  lastErrorCode?: string;
}

/** Runs the scenario through the flow; starts and stops its own dynalite. */
export async function simulate(options: SimulationOptions): Promise<SimulationResult> {
  const { scenario, flow } = options;
  const seed = options.seed ?? scenario.seed ?? 1;
  const startEpochMs = options.startEpochMs ?? DEFAULT_START_EPOCH_MS;
  const maxVirtualMs = options.maxVirtualMs ?? 15 * 60_000;
  const clock = new VirtualScheduler(startEpochMs);
  const random = new SeededRandom(seed);
  const latencies = { lambdaOverheadMs: 40, dynamodbMs: 8, startExecutionMs: 40, ...scenario.latencies };
  const functions = options.functions ?? functionsForFlow(flow);
  const channel = options.channel ?? scenario.channel ?? Channel.VOICE;

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
  const dynamo = await startLocalDynamoDb();
  const counters = new TableCounters();
  const clients: DynamoDBClient[] = [];
  const unavailable = () => scenario.dynamodb?.unavailable === true;
  const client = (source: string): DynamoDBClient => {
    const created = instrumentDynamoDb(dynamo.client(), { clock, latencyMs: latencies.dynamodbMs, source, counters, unavailable });
    clients.push(created);
    return created;
  };
  try {
    const setup = dynamo.client();
    await setup.send(
      new CreateTableCommand({
        TableName: TABLE_NAME,
        BillingMode: "PAY_PER_REQUEST",
        AttributeDefinitions: [{ AttributeName: StatusAttribute.pk, AttributeType: "S" }],
        KeySchema: [{ AttributeName: StatusAttribute.pk, KeyType: "HASH" }],
      }),
    );
    setup.destroy();

    const background: Array<Promise<unknown>> = [];
    const handlerProblems: HandlerProblem[] = [];
    const logger = collectingLogger(handlerProblems);
    const emitted = new EmittedMetrics();
    const metricSinks = { start: emitted.sink("start"), poll: emitted.sink("poll") };
    // One backend per state machine (each reads its own Task's retry and timeout), one seeded generator.
    const backends = new Map([...machines].map(([arn, { definition }]) => [arn, new SimulatedBackend({ spec: scenario.backend, clock, random, definition })]));
    const executions: Array<{ -readonly [K in keyof ExecutionReport]: ExecutionReport[K] }> = [];
    const stateMachineClient = client("state machine");

    // ---- StartExecution, asynchronously in virtual time -------------------------------------------
    const executionStarter: ExecutionStarter = {
      async startExecution(request: StartExecutionRequest): Promise<StartedExecution> {
        await clock.sleep(latencies.startExecutionMs);
        const machine = machines.get(request.stateMachineArn);
        const backend = backends.get(request.stateMachineArn);
        if (machine === undefined || backend === undefined) throw new Error(`StateMachineDoesNotExist: ${request.stateMachineArn}`);
        const report: (typeof executions)[number] = { name: request.name, requestId: request.input.requestId, startedAtMs: clock.now() - startEpochMs };
        executions.push(report);
        const runner = new StateMachineRunner({
          definition: machine.definition,
          dynamoDb: stateMachineClient,
          invokeLambda: backend.behaviourFor(request.name),
          now: () => new Date(clock.now()),
        });
        const run = runner.run(request.input, { executionName: request.name, stateMachineArn: request.stateMachineArn }).then((outcome) => {
          report.status = outcome.status;
          report.endedAtMs = clock.now() - startEpochMs;
          if (outcome.status === "FAILED") report.error = outcome.error;
          Object.assign(report, recordedOutcome(outcome));
          const doneAt = backend.attempts.filter((attempt) => attempt.executionName === request.name).pop()?.endedAt;
          if (doneAt !== undefined) report.backendDoneAtMs = doneAt - startEpochMs;
        });
        background.push(run);
        return { executionArn: `${request.stateMachineArn.replace(":stateMachine:", ":express:")}:${request.name}` };
      },
    };

    // ---- the handlers ------------------------------------------------------------------------------
    const handlersClient = client("handlers");
    const now = () => clock.now();
    const store = new DynamoDbRequestStore({ client: handlersClient, tableName: TABLE_NAME, clock: now });
    const requestIdKeys = staticRequestIdKeys(SIMULATOR_REQUEST_ID_KEY);
    // A handler per block time limit: the handlers answer a margin before the limit Connect waits for.
    const handlers = new Map<string, ConnectHandler>();
    const handlerFor = (kind: "start" | "poll", timeLimitMs: number): ConnectHandler => {
      const connectTimeLimitMs = Math.min(timeLimitMs, MAX_CONNECT_LIMIT_MS);
      const key = `${kind}:${connectTimeLimitMs}`;
      let handler = handlers.get(key);
      if (handler === undefined) {
        const deps = { store, clock: now, sleep: (ms: number) => clock.sleep(ms), operations, logger, metrics: metricSinks[kind], requestIdKeys, connectTimeLimitMs };
        handler = kind === "start" ? createStartHandler({ ...deps, executions: executionStarter }) : createPollHandler(deps);
        handlers.set(key, handler);
      }
      return handler;
    };

    const invocations = new Map<string, number>();
    const plans = expandCallers(scenario);
    const states = new Map<string, CallerState>(plans.map((plan) => [plan.callerId, { plan }]));
    const branches = new AsyncBranchIndex(findAsyncBranches(flow));

    const invokeLambda: LambdaInvoker = (request) => {
      const fn = functions[request.functionArn];
      const name = fn === undefined ? functionNameOf(request.functionArn) : fn.kind === "stub" ? fn.name : fn.kind;
      invocations.set(name, (invocations.get(name) ?? 0) + 1);
      const state = states.get(request.callerId);
      const work = (async () => {
        const invokedAt = clock.now();
        const halfOverhead = latencies.lambdaOverheadMs / 2;
        await clock.sleep(halfOverhead);
        if (fn === undefined) throw new Error(`no simulated function is mapped to ${request.functionArn}`);
        if (fn.kind === "stub") {
          await clock.sleep(fn.latencyMs ?? 0);
          await clock.sleep(halfOverhead);
          return { ...fn.response };
        }
        const fault = state ? faultFor(scenario.lambdaFaults ?? [], fn.kind, state.plan, request) : undefined;
        if (fault?.kind === "error") throw new Error(`simulated ${fn.kind} function error (turn ${request.turn}, attempt ${request.attempt})`);
        const timeoutMs = fn.timeoutMs ?? request.timeLimitMs;
        const context: SimulatedLambdaContext = {
          functionName: name,
          awsRequestId: `${request.callerId}-${request.blockId}-${request.turn}-${request.attempt}`,
          getRemainingTimeInMillis: () => Math.max(0, invokedAt + timeoutMs - clock.now()),
        };
        const response = await handlerFor(fn.kind, request.timeLimitMs)(request.event, context);
        // The function did its work, but its answer reaches Connect after the block's limit.
        if (fault?.kind === "timeout") await clock.sleep(request.timeLimitMs + TIMEOUT_FAULT_EXTRA_MS);
        await clock.sleep(halfOverhead);
        if (state) {
          if (typeof response.asyncRequestId === "string" && response.asyncRequestId !== "") state.requestId = response.asyncRequestId;
          if (typeof response.asyncStatus === "string") state.lastStatus = response.asyncStatus;
          state.lastErrorCode = typeof response.asyncErrorCode === "string" ? response.asyncErrorCode : undefined;
        }
        return fault?.kind === "invalid-response" ? { ...response, asyncElapsedMs: 0 } : response;
      })();
      background.push(work.catch(() => undefined));
      return work;
    };

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
        invokeLambda,
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
    return { ...buildResult({ scenario, seed, channel, operations: simulated, startEpochMs, clock, results, states, executions, attempts, invocations, counters, handlerProblems }), metrics: emitted.counts() };
  } finally {
    for (const created of clients) created.destroy();
    await dynamo.close();
  }
}

/**
 * What an execution wrote on the status item, read from its last completion write: Record success, Record
 * failure, or one of the small fallback writes that record FAILED when the first write cannot be made.
 */
function recordedOutcome(outcome: ExecutionOutcome): Pick<ExecutionReport, "recorded" | "error"> {
  const write = outcome.taskCalls.filter((call) => COMPLETION_WRITE_STATES.includes(call.stateName)).pop();
  if (write === undefined) return {};
  if (write.error !== undefined) return write.error === StatesError.conditionalCheckFailed ? { recorded: "SUPERSEDED" } : {};
  if (write.stateName === StateName.recordSuccess) return { recorded: "SUCCEEDED" };
  const values = (write.input as { ExpressionAttributeValues?: { [placeholder: string]: { S?: string } } }).ExpressionAttributeValues ?? {};
  return { recorded: "FAILED", error: values[`:${StatusAttribute.errorCode}`]?.S };
}

/** Runs the clock until every background task (including ones started meanwhile) has settled. */
async function drain(clock: VirtualScheduler, background: ReadonlyArray<Promise<unknown>>, maxVirtualMs: number): Promise<void> {
  for (let done = 0; done < background.length; ) {
    const snapshot = background.length;
    try {
      await clock.run(Promise.allSettled(background.slice(done)), { maxVirtualMs });
    } catch {
      return; // stalled or out of virtual time: give up on the rest
    }
    done = snapshot;
  }
}

interface ResultParts {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly channel: Channel;
  readonly operations: SimulationResult["operations"];
  readonly startEpochMs: number;
  readonly clock: VirtualScheduler;
  readonly results: ReadonlyArray<FlowRunResult>;
  readonly states: ReadonlyMap<string, CallerState>;
  readonly executions: ReadonlyArray<ExecutionReport>;
  readonly attempts: ReadonlyArray<BackendAttempt>;
  readonly invocations: ReadonlyMap<string, number>;
  readonly counters: TableCounters;
  readonly handlerProblems: SimulationResult["handlerProblems"];
}

function backendEntries(attempts: ReadonlyArray<BackendAttempt>, startEpochMs: number): TimelineEntry[] {
  return attempts.map((attempt) => ({
    kind: TimelineKind.backend,
    callerId: "backend",
    atMs: attempt.startedAt - startEpochMs,
    durationMs: attempt.endedAt - attempt.startedAt,
    blockId: attempt.executionName,
    text: `attempt ${attempt.attempt}: ${attempt.result}`,
    result: attempt.result,
  }));
}

/**
 * Order of entries at one instant: a Wait's event (what caused the outcome) first, then the outcome,
 * then what the outcome branch does; the rest keep the order they happened in.
 */
function sameInstantRank(entry: TimelineEntry): number {
  return entry.kind === TimelineKind.waitEvent ? -2 : entry.kind === TimelineKind.outcome ? -1 : 0;
}

function buildResult(parts: ResultParts): Omit<SimulationResult, "metrics"> {
  const { startEpochMs, executions } = parts;
  const callers = parts.results.map((result): CallerReport => {
    const state = parts.states.get(result.callerId)!;
    const terminalEntry = result.timeline[result.timeline.length - 1];
    const outcome: CallerOutcome = state.outcome ?? { kind: result.terminal.kind, blockId: result.terminal.blockId, atMs: terminalEntry?.atMs ?? result.endedAtMs };
    const timeline: TimelineEntry[] = [...result.timeline];
    if (state.outcome) {
      timeline.push({ kind: TimelineKind.outcome, callerId: result.callerId, atMs: outcome.atMs, durationMs: 0, blockId: outcome.blockId, text: outcome.kind });
    }
    timeline.sort((a, b) => a.atMs - b.atMs || sameInstantRank(a) - sameInstantRank(b));
    const gaps = silences(timeline, result.startedAtMs, outcome.atMs);
    const quiet = silences(timeline, result.startedAtMs, outcome.atMs, soundKinds(parts.channel));
    const count = (kind: TimelineKind): number => timeline.filter((entry) => entry.kind === kind).length;
    const served = executions.filter((execution) => execution.requestId === (state.outcomeRequestId ?? state.requestId) && execution.backendDoneAtMs !== undefined);
    const doneAt = served.filter((execution) => execution.backendDoneAtMs! <= outcome.atMs).pop()?.backendDoneAtMs;
    return {
      callerId: result.callerId,
      contactId: state.plan.contactId,
      channel: parts.channel,
      startedAtMs: result.startedAtMs,
      endedAtMs: result.endedAtMs,
      terminal: result.terminal,
      outcome,
      timeToOutcomeMs: outcome.atMs - result.startedAtMs,
      resultDeliveryLagMs: doneAt !== undefined && doneAt >= result.startedAtMs ? outcome.atMs - doneAt : null,
      longestSilenceMs: Math.max(0, ...gaps.map((gap) => gap.durationMs)),
      longestSilenceBeyondLambdaMs: Math.max(0, ...gaps.map((gap) => gap.beyondLambdaMs)),
      silenceBeyondLambdaMs: Math.max(0, ...quiet.map((gap) => gap.beyondLambdaMs)),
      chatMessages: count(TimelineKind.message) + count(TimelineKind.voiceOnlyPrompt),
      voiceOnlyPromptsOnChat: count(TimelineKind.voiceOnlyPrompt),
      requestId: state.requestId,
      lastStatus: state.lastStatus,
      lastErrorCode: state.lastErrorCode,
      path: result.path.map((visit) => visit.blockId),
      timeline,
    };
  });
  const bySource: { [source: string]: { reads: number; writes: number } } = {};
  for (const source of new Set([...parts.counters.reads.keys(), ...parts.counters.writes.keys()])) {
    bySource[source] = { reads: parts.counters.reads.get(source) ?? 0, writes: parts.counters.writes.get(source) ?? 0 };
  }
  const backendTimeline = backendEntries(parts.attempts, startEpochMs);
  const timeline = [...callers.flatMap((caller) => caller.timeline), ...backendTimeline].sort((a, b) => a.atMs - b.atMs);
  return {
    scenario: parts.scenario,
    seed: parts.seed,
    channel: parts.channel,
    operations: parts.operations,
    startEpochMs,
    callers,
    executions,
    backendAttempts: parts.attempts.map((attempt) => ({
      executionName: attempt.executionName,
      attempt: attempt.attempt,
      atMs: attempt.startedAt - startEpochMs,
      durationMs: attempt.endedAt - attempt.startedAt,
      result: attempt.result,
    })),
    invocations: Object.fromEntries([...parts.invocations.entries()].sort(([a], [b]) => a.localeCompare(b))),
    table: { reads: parts.counters.totalReads, writes: parts.counters.totalWrites, conditionFailures: parts.counters.conditionFailures, refused: parts.counters.refused, bySource },
    timeline,
    handlerProblems: parts.handlerProblems,
    virtualDurationMs: parts.clock.elapsedMs(),
  };
}
