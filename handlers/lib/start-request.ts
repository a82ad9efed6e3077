/**
 * The `start` service (DESIGN.md, `start` steps 1-4): serve a cache hit, join a live execution, or
 * claim the key with a conditional put and start a new execution; then wait briefly for it.
 */
import { AsyncErrorCode } from "./async-error-code";
import { AsyncStatus } from "./async-status";
import { isTimeout, MAX_CONNECT_LIMIT_MS } from "./deadline";
import { describeCause, ExecutionStartError, InvalidRequestError, RequestAlreadyExistsError } from "./errors";
import { executionNameFor } from "./execution-name";
import type { StartDependencies } from "./handler-dependencies";
import type { Invocation } from "./invocation";
import { DEFAULT_FAST_PATH_MS, type OperationRuntimeConfig } from "./operations-config";
import { epochSeconds, RecordStatus, type RequestRecord } from "./request-record";
import { outcomeOfRecord, PENDING_OUTCOME, type RequestOutcome } from "./request-outcome";
import type { PendingRequest } from "./request-store";
import type { ExecutionInput } from "./status-item";
import { utf8Bytes } from "./truncate-utf8";
import { COMPLETION_READ_INTERVAL_MS, waitForCompletion } from "./completion-wait";

/** Added to the lease beyond `timeoutSeconds`, for the state machine's own completion write. */
export const LEASE_MARGIN_MS = 5000;

/**
 * How long the item of a per-contact operation (`cacheTtlSeconds` 0) is kept after `timeoutSeconds`:
 * long enough for the contact's poll loop to read the outcome. `start` does not reuse it that long
 * (see {@link PER_CONTACT_REUSE_MS}).
 */
export const PER_CONTACT_RETENTION_SECONDS = 3600;

/**
 * How long after it completed a per-contact result answers a `start` of the same contact and input, ms:
 * Connect's longest synchronous wait, the time within which a retry of the same block (its first
 * attempt given up while the work finished) arrives. A later `start` is a new question (the caller asks
 * for the balance again after paying) and starts a new execution: `cacheTtlSeconds` 0 reuses nothing
 * beyond the wait that asked. (Before, it was reused for `timeoutSeconds` + 1 h.)
 */
export const PER_CONTACT_REUSE_MS = MAX_CONNECT_LIMIT_MS;

/** The pause between the fast path's reads. */
export const FAST_PATH_INTERVAL_MS = COMPLETION_READ_INTERVAL_MS;

/**
 * Kept back from StartExecution's share of the deadline, ms, so that when it times out the item can
 * still be marked FAILED: callers who joined it then hear FAILED at once instead of waiting out the lease.
 */
export const FAILURE_WRITE_RESERVE_MS = 500;

/** Step Functions' limit on an execution input, in UTF-8 bytes. */
export const MAX_EXECUTION_INPUT_BYTES = 256 * 1024;

/** Which way a `start` call went; one field of its log line. */
export const StartPath = {
  /** A fresh SUCCEEDED item answered; nothing started. */
  CACHE_HIT: "CACHE_HIT",
  /** A live PENDING item (or a concurrent caller's winning put) answered; nothing started. */
  JOINED: "JOINED",
  /** This call started the execution. */
  STARTED: "STARTED",
} as const;

/** One `start` call's request. */
export interface StartRequest {
  /** The item's `pk`. */
  readonly requestId: string;
  /** The operation's name. */
  readonly operationName: string;
  /** The operation's configuration. */
  readonly operation: OperationRuntimeConfig;
  /** What the target receives as its event (target-event.ts). */
  readonly event: object;
}

/** Runs one `start` call. Errors of the store or of StartExecution are thrown for the caller to answer. */
export async function startRequest(deps: StartDependencies, request: StartRequest, invocation: Invocation): Promise<RequestOutcome> {
  const { deadline } = invocation;
  const nowEpochMs = deps.clock();
  const pending = planPendingRequest(request, nowEpochMs);
  const input: ExecutionInput = { requestId: request.requestId, operation: request.operationName, event: request.event, expiresAt: pending.expiresAtEpochSeconds };
  checkExecutionInputSize(input);

  const stored = await deps.store.get(request.requestId, { deadline });
  const existing = liveOutcome(stored, nowEpochMs, request.operation);
  if (existing !== undefined) return answerWithoutStarting(existing, invocation);

  try {
    // A per-contact result past its reuse window is replaced, as long as it is still the one judged here.
    const replaces = stored?.getStatus(nowEpochMs) === RecordStatus.SUCCEEDED ? stored.executionName : undefined;
    await deps.store.putPending(replaces === undefined ? pending : { ...pending, replacesSucceededExecution: replaces }, { deadline });
  } catch (thrown) {
    if (!(thrown instanceof RequestAlreadyExistsError)) throw thrown;
    // Lost the race to a concurrent caller: its item is live, so share it (DESIGN step 3).
    return answerWithoutStarting(liveOutcome(thrown.existingRecord, deps.clock(), request.operation) ?? PENDING_OUTCOME, invocation);
  }

  invocation.logFields.path = StartPath.STARTED;
  invocation.logFields.executionName = pending.executionName;
  const executionArn = await startExecution(deps, request, pending, input, invocation);
  await recordExecutionArn(deps, pending, executionArn, invocation);
  return awaitQuickCompletion(deps, pending, request.operation.fastPathMs ?? DEFAULT_FAST_PATH_MS, invocation);
}

/**
 * The PENDING item for a start at `nowEpochMs`. The item outlives the work by the retention (the
 * cache TTL, or an hour for per-contact operations) so the outcome can be read after it completes;
 * the same expiry goes to the state machine, which keeps it on the completed item.
 */
function planPendingRequest(request: StartRequest, nowEpochMs: number): PendingRequest {
  const { timeoutSeconds, cacheTtlSeconds } = request.operation;
  const retentionSeconds = cacheTtlSeconds > 0 ? cacheTtlSeconds : PER_CONTACT_RETENTION_SECONDS;
  return {
    requestId: request.requestId,
    executionName: executionNameFor(request.requestId, request.operationName, nowEpochMs),
    startedAtEpochMs: nowEpochMs,
    leaseUntilEpochMs: nowEpochMs + timeoutSeconds * 1000 + LEASE_MARGIN_MS,
    expiresAtEpochSeconds: epochSeconds(nowEpochMs) + timeoutSeconds + retentionSeconds,
  };
}

/** Rejects an event Step Functions would refuse, before anything is written. */
function checkExecutionInputSize(input: ExecutionInput): void {
  const bytes = utf8Bytes(JSON.stringify(input));
  if (bytes > MAX_EXECUTION_INPUT_BYTES) {
    throw new InvalidRequestError(
      AsyncErrorCode.EVENT_TOO_LARGE,
      `the event takes ${bytes} bytes as an execution input; Step Functions accepts at most ${MAX_EXECUTION_INPUT_BYTES}. Reduce the contact attributes or parameters`,
    );
  }
}

/**
 * The answer a live record gives without starting anything: SUCCEEDED (a cache hit, or for a
 * per-contact operation a retry within {@link PER_CONTACT_REUSE_MS} of completion) or PENDING.
 */
function liveOutcome(record: RequestRecord | undefined, nowEpochMs: number, operation: OperationRuntimeConfig): RequestOutcome | undefined {
  const status = record?.getStatus(nowEpochMs);
  if (status === RecordStatus.SUCCEEDED && operation.cacheKey === undefined && !withinPerContactReuse(record as RequestRecord, nowEpochMs)) return undefined;
  if (status === RecordStatus.SUCCEEDED) return outcomeOfRecord(record, nowEpochMs);
  if (status === RecordStatus.PENDING) return PENDING_OUTCOME;
  return undefined;
}

/** Whether a per-contact SUCCEEDED record still answers a `start`: within the reuse window after it completed (or, without a completion time, before its lease ends). */
function withinPerContactReuse(record: RequestRecord, nowEpochMs: number): boolean {
  const completedAt = record.completedAtEpochMs ?? record.leaseUntilEpochMs ?? Number.NEGATIVE_INFINITY;
  return nowEpochMs <= completedAt + PER_CONTACT_REUSE_MS;
}

/** Notes a cache hit or a join for the log line and passes the outcome on. */
function answerWithoutStarting(outcome: RequestOutcome, invocation: Invocation): RequestOutcome {
  invocation.logFields.path = outcome.status === AsyncStatus.SUCCEEDED ? StartPath.CACHE_HIT : StartPath.JOINED;
  return outcome;
}

/**
 * Starts the execution within the deadline, less the reserve for the failure write. On failure or
 * timeout marks the item FAILED (only while this call's execution owns it), so the next `start` retries
 * at once and callers who joined hear FAILED instead of waiting out the lease.
 */
async function startExecution(deps: StartDependencies, request: StartRequest, pending: PendingRequest, input: ExecutionInput, invocation: Invocation): Promise<string> {
  const { deadline } = invocation;
  try {
    const { executionArn } = await deadline.run(
      (abortSignal) => deps.executions.startExecution({ stateMachineArn: request.operation.stateMachineArn, name: pending.executionName, input }, { abortSignal }),
      FAILURE_WRITE_RESERVE_MS,
    );
    return executionArn;
  } catch (cause) {
    const failure = new ExecutionStartError(request.requestId, { cause }, isTimeout(cause) ? AsyncErrorCode.EXECUTION_START_TIMEOUT : AsyncErrorCode.EXECUTION_START_FAILED);
    // A timed-out StartExecution may still have started the execution; its completion write is
    // conditional on the execution name only, so a result it produces still lands on this item.
    // If this write fails too, the item stays PENDING until its lease passes; the answer is ERROR either way.
    const marked = await deps.store
      .markFailed(request.requestId, pending.executionName, { errorCode: failure.code, errorMessage: failure.message }, { deadline })
      .catch(() => false);
    invocation.logFields.markedFailed = marked;
    throw failure;
  }
}

/**
 * Records the ARN on the item. The execution runs whether or not this works, so a failure is only
 * logged: answering ERROR would send the caller down the failure branch while the work proceeds.
 */
async function recordExecutionArn(deps: StartDependencies, pending: PendingRequest, executionArn: string, invocation: Invocation): Promise<void> {
  try {
    await deps.store.recordExecutionArn(pending.requestId, pending.executionName, executionArn, { deadline: invocation.deadline });
  } catch (thrown) {
    invocation.logFields.executionArnNotRecorded = describeCause(thrown);
  }
}

/**
 * The fast path: answers as soon as this execution completes its item within `fastPathMs` (and the
 * deadline); otherwise PENDING.
 */
async function awaitQuickCompletion(deps: StartDependencies, pending: PendingRequest, fastPathMs: number, invocation: Invocation): Promise<RequestOutcome> {
  const completed = await waitForCompletion(deps, pending.requestId, {
    waitMs: fastPathMs,
    deadline: invocation.deadline,
    belongs: (record) => record.executionName === pending.executionName,
  });
  return completed === undefined ? PENDING_OUTCOME : outcomeOfRecord(completed, deps.clock());
}
