/**
 * The bridge's real `start` and `poll` handlers (createStartHandler / createPollHandler), wired to the
 * simulated table, Step Functions and virtual clock, with the operations' real runtime configuration.
 */
import { createPollHandler } from "../../handlers/poll";
import { createStartHandler } from "../../handlers/start";
import { MAX_CONNECT_LIMIT_MS } from "../../handlers/lib/deadline";
import type { ExecutionStarter } from "../../handlers/lib/execution-starter";
import type { ConnectHandler } from "../../handlers/lib/invocation";
import type { InvocationLogger } from "../../handlers/lib/invocation-logger";
import type { MetricsSink } from "../../handlers/lib/metrics/metrics-sink";
import type { OperationsConfig } from "../../handlers/lib/operations-config";
import type { RequestIdKeySource } from "../../handlers/lib/request-id-key";
import type { RequestStore } from "../../handlers/lib/request-store";
import type { SimClock } from "../world/clock";

/** What the handlers are built with. */
export interface BridgeHandlersOptions {
  readonly store: RequestStore;
  readonly clock: SimClock;
  readonly operations: OperationsConfig;
  readonly logger: InvocationLogger;
  readonly requestIdKeys: RequestIdKeySource;
  readonly executions: ExecutionStarter;
  /** Where each kind of handler publishes its metrics (the report counts them). */
  readonly metrics: { readonly start: MetricsSink; readonly poll: MetricsSink };
}

/** The handlers, one per kind and block time limit: they answer a margin before the limit Connect waits for. */
export class BridgeHandlers {
  private readonly handlers = new Map<string, ConnectHandler>();

  constructor(private readonly options: BridgeHandlersOptions) {}

  handlerFor(kind: "start" | "poll", timeLimitMs: number): ConnectHandler {
    const connectTimeLimitMs = Math.min(timeLimitMs, MAX_CONNECT_LIMIT_MS);
    const key = `${kind}:${connectTimeLimitMs}`;
    let handler = this.handlers.get(key);
    if (handler === undefined) {
      const { store, clock, operations, logger, requestIdKeys } = this.options;
      const deps = { store, clock: () => clock.now(), sleep: (ms: number) => clock.sleep(ms), operations, logger, metrics: this.options.metrics[kind], requestIdKeys, connectTimeLimitMs };
      handler = kind === "start" ? createStartHandler({ ...deps, executions: this.options.executions }) : createPollHandler(deps);
      this.handlers.set(key, handler);
    }
    return handler;
  }
}
