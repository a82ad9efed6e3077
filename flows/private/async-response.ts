/**
 * The reserved keys the `start` and `poll` handlers return (DESIGN.md, "Lambda contracts") and the
 * parameter names they read. The macro reads these through `$.External.<key>`.
 */
export const AsyncResponseKey = {
  status: "asyncStatus",
  requestId: "asyncRequestId",
  errorCode: "asyncErrorCode",
  errorMessage: "asyncErrorMessage",
  elapsedMs: "asyncElapsedMs",
  /** PENDING answers: the handler's clock at the invocation, epoch ms; marks the start of the caller's wait. */
  nowMs: "asyncNowMs",
} as const;

/** Values of `asyncStatus`. */
export const AsyncStatus = {
  SUCCEEDED: "SUCCEEDED",
  PENDING: "PENDING",
  FAILED: "FAILED",
  ERROR: "ERROR",
} as const;
export type AsyncStatus = (typeof AsyncStatus)[keyof typeof AsyncStatus];

/** Invocation attribute names the handlers read from `Details.Parameters`. */
export const AsyncParameter = {
  /** start: the operation name. */
  operation: "operation",
  /** poll: the request id returned by start. */
  requestId: "asyncRequestId",
  /** poll: when the caller's wait began (a saved `asyncNowMs`), so `asyncElapsedMs` is the caller's own wait. */
  waitStartedAt: "asyncWaitStartedAt",
} as const;

/** Every reserved key starts with this prefix; operation input must not. */
export const ASYNC_RESERVED_PREFIX = "async";
