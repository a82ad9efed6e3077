/**
 * What the handlers need from the outside world, injected at the edge: `handler` in start.ts and
 * poll.ts builds these from the environment; tests and the simulator build their own (a fixed or
 * virtual clock, dynalite, a local Step Functions runner).
 */
import type { Clock, Sleep } from "./clock";
import type { Deadline } from "./deadline";
import type { ExecutionStarter } from "./execution-starter";
import type { InvocationLogger } from "./invocation-logger";
import type { MetricsSink } from "./metrics/metrics-sink";
import type { OperationsConfig } from "./operations-config";
import type { RequestIdKeySource } from "./request-id-key";
import type { RequestStore } from "./request-store";

/** Dependencies of `poll`. */
export interface PollDependencies {
  /** The status table. Give it the same clock as below. */
  readonly store: RequestStore;
  /** Epoch ms; decides staleness and `asyncElapsedMs`, and times the log line. */
  readonly clock: Clock;
  /** The configured operations. */
  readonly operations: OperationsConfig;
  /**
   * Operations whose settings were refused at cold start, with their problems: a call naming one
   * answers ERROR/CONFIGURATION saying what to fix, while the other operations keep working.
   * @default none
   */
  readonly refusedOperations?: ReadonlyMap<string, string>;
  /**
   * Loads an operation's settings into `operations` before the call uses it, within the call's deadline
   * (the generic module's config items, table-operations-source.ts). Called only with a name that
   * matches the operation-name pattern.
   * @default none: the settings were fixed at cold start
   */
  readonly loadOperation?: (operationName: string, deadline: Deadline) => Promise<void>;
  /** One line per invocation. */
  readonly logger: InvocationLogger;
  /** One set of metrics per invocation (metrics/metric-name.ts). @default none published */
  readonly metrics?: MetricsSink;
  /** Waits between the reads of start's fast path and poll's long poll; must advance `clock` by the time waited. */
  readonly sleep: Sleep;
  /**
   * The secret key(s) request ids are derived with (request-id-key.ts); `staticRequestIdKeys(key)` for a
   * fixed key. `start` and `poll` must share it.
   */
  readonly requestIdKeys: RequestIdKeySource;
  /**
   * How long Connect waits when it invokes this function synchronously, ms (the block's time limit); the
   * handler answers a margin before it. An asynchronous `poll` uses the flow's `asyncLongPollMs` instead.
   * @default 4000 for start, 3000 for poll (the async macro's block limits)
   */
  readonly connectTimeLimitMs?: number;
}

/** Dependencies of `start`. */
export interface StartDependencies extends PollDependencies {
  /** Starts the state machine's executions. */
  readonly executions: ExecutionStarter;
}
