/** What a simulation gives back: each caller's call and figures, the executions, the table's load. */
import type { EmittedMetricCount } from "./emitted-metrics";
import type { Channel } from "../../flows/flow-language";
import type { LogFields } from "../../handlers/lib/invocation-logger";
import type { ResolvedOperation } from "../../infra/operation";
import type { ExecutionOutcome } from "../aws/state-machine-runner";
import type { AsyncOutcome } from "../../flows/recognise/outcome-transitions";
import type { FlowTerminal } from "../connect/flow-run-types";
import type { Scenario } from "../world/scenario";
import type { TimelineEntry } from "./timeline";

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
  /** See FIGURE_DEFINITIONS.longestSilenceMs (sim/report/figure-definitions.ts). */
  readonly longestSilenceMs: number;
  /** See FIGURE_DEFINITIONS.silenceBeyondLambdaMs: never more than {@link longestSilenceMs}. */
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

/** The account's Lambda concurrency under the crowd. */
export interface LambdaPressure {
  /**
   * The most concurrent executions at once: `total` for the bridge's own functions together (what
   * `account.lambdaConcurrency` bounds), one entry per function name, and `targets` for the operations'
   * targets.
   */
  readonly peakConcurrency: { readonly total: number; readonly targets: number; readonly [functionName: string]: number };
  /** Invocations refused (TooManyRequestsException), by function name and `targets`; none = empty. */
  readonly throttles: { readonly [functionName: string]: number };
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
    /** What the reads are billed: one read request unit per 4 KB strongly consistent, half that eventually consistent. */
    readonly readRequestUnits: number;
    /** Every write attempted, including conditional writes DynamoDB rejected. */
    readonly writes: number;
    /** Conditional writes rejected (a caller losing the race to create the item, a superseded execution). */
    readonly conditionFailures: number;
    /** Calls refused because DynamoDB was down. */
    readonly refused: number;
    readonly bySource: { readonly [source: string]: { reads: number; writes: number } };
  };
  /** How hard the crowd pressed on the account's Lambda concurrency. */
  readonly lambda: LambdaPressure;
  /** StartExecution calls, and those the account's quota throttled. */
  readonly stepFunctions: { readonly starts: number; readonly startsThrottled: number };
  /** Table calls served, and those refused for want of throughput. */
  readonly dynamodb: { readonly reads: number; readonly readRequestUnits: number; readonly writes: number; readonly throttled: number };
  /** Every caller's entries and the backend's, by time. */
  readonly timeline: ReadonlyArray<TimelineEntry>;
  /** Handler log lines at warn/error level (the simulator keeps the handlers quiet otherwise). */
  readonly handlerProblems: ReadonlyArray<HandlerProblem>;
  /** The metrics the handlers emitted (their EMF lines), by name: how many invocations emitted each. */
  readonly metrics: ReadonlyArray<EmittedMetricCount>;
  /** What the reader should know about how the scenario fitted the flow (e.g. callers that could not share a request); none = empty. */
  readonly notes: ReadonlyArray<string>;
  /** Virtual ms from the start to the last event. */
  readonly virtualDurationMs: number;
}
