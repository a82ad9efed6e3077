/**
 * The reserved keys the `start` and `poll` handlers return and the parameters they read (DESIGN.md,
 * "Lambda contracts"), taken from the handlers themselves so the macro and the Lambdas cannot drift.
 * The macro reads the answers through `$.External.<key>`.
 */
import { ParameterName } from "../../handlers/lib/connect-request";

export { AsyncStatus } from "../../handlers/lib/async-status";
export { ResponseKey as AsyncResponseKey, RESERVED_KEY_PREFIX as ASYNC_RESERVED_PREFIX } from "../../handlers/lib/response";

/** Invocation attribute names the handlers read from `Details.Parameters`. */
export const AsyncParameter = {
  /** start: the operation name. */
  operation: ParameterName.operation,
  /** poll: the request id returned by start. */
  requestId: ParameterName.asyncRequestId,
  /** poll: when the caller's wait began (a saved `asyncNowMs`), so `asyncElapsedMs` is the caller's own wait. */
  waitStartedAt: ParameterName.asyncWaitStartedAt,
  /** poll, invoked asynchronously: how long to watch the item before answering PENDING (a long poll), in ms. */
  longPollMs: ParameterName.asyncLongPollMs,
  /** poll: the caller's wait (from `waitStartedAt`) after which the flow gives up, in ms; every long poll ends by then. */
  giveUpAfterMs: ParameterName.asyncGiveUpAfterMs,
  /** poll, invoked synchronously: the most it may watch the item, in ms (capped by the operation's pollWaitMs). */
  pollWaitMs: ParameterName.asyncPollWaitMs,
} as const;
