/**
 * One handler invocation from event to answer: runs the handler's work, turns whatever it throws into
 * an ERROR outcome, renders the answer, writes the invocation's single log line and publishes its
 * metrics (metrics/). This is the only place a handler can fail, so "bad input never throws" holds by
 * construction.
 */
import { AsyncErrorCode } from "./async-error-code";
import { AsyncStatus } from "./async-status";
import type { Clock } from "./clock";
import { type Deadline, deadlineFor, type LambdaContextLike, MAX_CONNECT_LIMIT_MS } from "./deadline";
import { ConfigurationError, ConnectAsyncError, describeCause, InvalidRequestError } from "./errors";
import type { InvocationLogger, LogFields } from "./invocation-logger";
import { metricsOfInvocation } from "./metrics/invocation-metrics";
import type { MetricsSink } from "./metrics/metrics-sink";
import { DEFAULT_RESPONSE_TYPE, isOperationName, OPERATION_NAME_PATTERN, type ConnectResponseType, type OperationRuntimeConfig, type OperationsConfig } from "./operations-config";
import { errorOutcome, type RequestOutcome } from "./request-outcome";
import { type ConnectResponse, renderResponse, ResponseKey } from "./response";

/**
 * A Lambda handler for Connect events. The runtime passes its context, whose remaining time bounds
 * the work; callers without one (tests, the simulator) get Connect's window alone.
 */
export type ConnectHandler = (event: unknown, context?: LambdaContextLike) => Promise<ConnectResponse>;

/** What bounds one invocation's work (see deadline.ts). */
export interface InvocationLimits {
  /** The Lambda context, when there is one. */
  readonly lambdaContext?: LambdaContextLike;
  /** How long Connect waits for a synchronous answer, ms. @default MAX_CONNECT_LIMIT_MS */
  readonly connectLimitMs?: number;
}

/**
 * What an invocation has learned so far. The work fills it in as it goes, so even an answer to a
 * failure carries the request id and the operation's response type once they are known.
 */
export class Invocation {
  /** By when the answer must be out; every AWS call is bounded by it. */
  public deadline: Deadline;
  /** The operation, once resolved. */
  public operationName?: string;
  /** The request id, once derived. */
  public requestId?: string;
  /** The event's ContactId, once read: logged so one contact's lines can be found across functions. */
  public contactId?: string;
  /** When the caller's wait began, epoch ms (poll: `asyncWaitStartedAt`, else the request's start). @default this invocation's start */
  public waitStartedAtEpochMs?: number;
  /** How long `poll` watched the item before answering, ms, when it did. */
  public longPollMs?: number;
  /** How to render the answer; the operation's, once resolved. */
  public responseType: ConnectResponseType = DEFAULT_RESPONSE_TYPE;
  /** Extra fields for the log line (which path `start` took, …); never parameter values. */
  public readonly logFields: Record<string, unknown> = {};

  public constructor(
    private readonly clock: Clock,
    /** When the invocation began, epoch ms. */
    public readonly startedAtEpochMs: number,
    private readonly limits: InvocationLimits = {},
  ) {
    this.deadline = deadlineFor(clock, { startedAtEpochMs, windowMs: limits.connectLimitMs ?? MAX_CONNECT_LIMIT_MS, lambdaContext: limits.lambdaContext });
  }

  /**
   * Replaces Connect's synchronous window with the window of an asynchronous invocation (`poll`'s long
   * poll): the caller already left its margin in it, so none is taken off; the function's own end still caps it.
   */
  public useAsynchronousWindow(windowMs: number): void {
    this.deadline = deadlineFor(this.clock, { startedAtEpochMs: this.startedAtEpochMs, windowMs, windowMarginMs: 0, lambdaContext: this.limits.lambdaContext });
  }

  /**
   * Resolves the operation a call names: its name checked against the pattern before any other use
   * (a phone number passed as `operation` goes no further, and is never repeated), its settings loaded
   * within the deadline when they come from the table, then {@link useOperation}.
   */
  public async resolveOperation(deps: OperationSource, operationName: string): Promise<OperationRuntimeConfig> {
    if (!OPERATION_NAME_PATTERN.test(operationName)) throw unknownOperation(deps.operations);
    // Object.prototype's names are never loaded (useOperation answers them from `refused`, or as unknown).
    if (isOperationName(operationName)) await deps.loadOperation?.(operationName, this.deadline);
    return this.useOperation(deps.operations, operationName, deps.refusedOperations);
  }

  /**
   * Resolves a configured operation, adopting its response type; throws UNKNOWN_OPERATION, or
   * CONFIGURATION for an operation whose settings were refused (`refused`, see ParsedOperations).
   */
  public useOperation(operations: OperationsConfig, operationName: string, refused?: ReadonlyMap<string, string>): OperationRuntimeConfig {
    // A refused entry's name is a configured one (it matched the parameter), so it may be named.
    const problems = OPERATION_NAME_PATTERN.test(operationName) ? refused?.get(operationName) : undefined;
    if (problems !== undefined) throw new ConfigurationError(`the operation "${operationName}" is configured but its settings were refused, so it cannot run (the others can): ${problems}`);
    if (!isOperationName(operationName) || !Object.hasOwn(operations, operationName)) throw unknownOperation(operations);
    const operation = operations[operationName];
    this.operationName = operationName;
    this.responseType = operation.responseType ?? DEFAULT_RESPONSE_TYPE;
    return operation;
  }
}

/** Where {@link Invocation.resolveOperation} finds operations (a subset of the handlers' dependencies). */
export interface OperationSource {
  /** The operations in force. */
  readonly operations: OperationsConfig;
  /** Operations refused at cold start, with their problems. */
  readonly refusedOperations?: ReadonlyMap<string, string>;
  /** Loads an operation's settings within the deadline (table mode). */
  readonly loadOperation?: (operationName: string, deadline: Deadline) => Promise<void>;
}

function unknownOperation(operations: OperationsConfig): InvalidRequestError {
  const known = Object.keys(operations).sort().join(", ") || "none";
  return new InvalidRequestError(
    AsyncErrorCode.UNKNOWN_OPERATION,
    // The value itself stays out: it is a parameter, and parameter values never reach the log.
    `the operation parameter names no operation configured on this function (configured: ${known}); check the block's "operation" value`,
  );
}

/** What `answer` needs. */
export interface InvocationContext {
  /** Times the invocation. */
  readonly clock: Clock;
  /** Receives the invocation's line. */
  readonly logger: InvocationLogger;
  /** Receives the invocation's metrics. @default none published */
  readonly metrics?: MetricsSink;
}

/** Runs `work` and answers Connect; never rejects. */
export async function answer(
  context: InvocationContext,
  handlerName: string,
  work: (invocation: Invocation) => Promise<RequestOutcome>,
  limits: InvocationLimits = {},
): Promise<ConnectResponse> {
  const startedAtEpochMs = context.clock();
  const invocation = new Invocation(context.clock, startedAtEpochMs, limits);
  let outcome: RequestOutcome;
  let cause: unknown;
  try {
    outcome = await work(invocation);
  } catch (thrown) {
    cause = thrown;
    outcome = thrown instanceof ConnectAsyncError ? errorOutcome(thrown.code, thrown.message) : errorOutcome(AsyncErrorCode.INTERNAL, `unexpected error: ${describeCause(thrown)}`);
  }
  const response = renderResponse(outcome, invocation.requestId ?? "", invocation.responseType, startedAtEpochMs);
  const endedAtEpochMs = context.clock();
  log(context, {
    handler: handlerName,
    operation: invocation.operationName,
    requestId: invocation.requestId,
    contactId: invocation.contactId,
    outcome: response[ResponseKey.status],
    errorCode: response[ResponseKey.errorCode],
    // Our own ERROR messages name parameters, never their values; FAILED messages come from the
    // target and may contain anything, so they stay out of the log.
    errorMessage: outcome.status === AsyncStatus.ERROR ? outcome.errorMessage : undefined,
    durationMs: endedAtEpochMs - startedAtEpochMs,
    ...invocation.logFields,
  }, cause);
  publishMetrics(context, handlerName, invocation, response, endedAtEpochMs);
  return response;
}

/** The invocation's metrics, from the answer as rendered (so a result refused as too large counts as the FAILED it became). */
function publishMetrics(context: InvocationContext, handlerName: string, invocation: Invocation, response: ConnectResponse, endedAtEpochMs: number): void {
  if (context.metrics === undefined) return;
  try {
    const errorCode = response[ResponseKey.errorCode];
    const values = metricsOfInvocation({
      handler: handlerName === "start" ? "start" : "poll",
      status: response[ResponseKey.status] as AsyncStatus,
      errorCode: typeof errorCode === "string" ? errorCode : undefined,
      startPath: typeof invocation.logFields.path === "string" ? invocation.logFields.path : undefined,
      timeToOutcomeMs: endedAtEpochMs - (invocation.waitStartedAtEpochMs ?? invocation.startedAtEpochMs),
      longPollMs: invocation.longPollMs,
    });
    context.metrics.publish({ operation: invocation.operationName, values });
  } catch {
    // Like the log line: a metrics failure must not turn an answer into a Lambda error.
  }
}

function log(context: InvocationContext, fields: LogFields, cause: unknown): void {
  try {
    if (cause === undefined) context.logger.info("invocation", fields);
    else if (cause instanceof InvalidRequestError) context.logger.warn("invocation", fields);
    else if (cause instanceof ConnectAsyncError) context.logger.error("invocation", fields);
    else context.logger.error("invocation", { ...fields, stack: cause instanceof Error ? cause.stack : undefined });
  } catch {
    // A logger failure must not turn an answer into a Lambda error (Connect would take its Error branch).
  }
}
