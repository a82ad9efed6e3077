/**
 * The `poll` Lambda (DESIGN.md, "Lambda contracts"): parameter `asyncRequestId` as `start` returned
 * it. Answers PENDING (with `asyncElapsedMs`), SUCCEEDED with the result's keys, or FAILED; never
 * throws. A per-contact request is served only to the contact that started it.
 *
 * Two ways to wait before answering PENDING:
 * - invoked synchronously, with the operation's `pollWaitMs` (≤ 2 s), it watches the item that long
 *   (or less, when the flow caps it with `asyncPollWaitMs`: the event strategy's fallback checks read once);
 * - invoked asynchronously by the event strategy, with `asyncLongPollMs` (the flow's wait window), it
 *   watches the item until it completes or the window (capped by the function's remaining time, less a
 *   margin) passes, reading every {@link LONG_POLL_READ_INTERVAL_MS} with eventually consistent reads.
 * Either way, with `asyncGiveUpAfterMs` (the flow's give-up time, counted from `asyncWaitStartedAt`) the
 * wait ends by then, so the caller's last round ends within the wait the flow was given.
 */
import { AsyncErrorCode } from "./lib/async-error-code";
import { AsyncStatus } from "./lib/async-status";
import { LAST_READ_RESERVE_MS, LONG_POLL_READ_INTERVAL_MS, waitForCompletion } from "./lib/completion-wait";
import { ParameterName, parseConnectRequest, requireParameter } from "./lib/connect-request";
import { DEFAULT_POLL_CONNECT_LIMIT_MS } from "./lib/deadline";
import { handlerFromEnvironment } from "./lib/environment";
import { InvalidRequestError } from "./lib/errors";
import type { PollDependencies } from "./lib/handler-dependencies";
import { answer, type ConnectHandler, type Invocation } from "./lib/invocation";
import { belongsToContact, fitsOperation, parseRequestId } from "./lib/request-id";
import { resolveRequestIdKeys } from "./lib/request-id-key";
import { failedOutcome, outcomeOfRecord, type RequestOutcome } from "./lib/request-outcome";
import type { RequestRecord } from "./lib/request-record";

/** The longest `asyncLongPollMs` honoured: Connect waits at most 60 s for an asynchronous Lambda. */
export const MAX_ASYNC_LONG_POLL_MS = 60_000;

/** A `poll` handler over the given dependencies. */
export function createPollHandler(deps: PollDependencies): ConnectHandler {
  const connectLimitMs = deps.connectTimeLimitMs ?? DEFAULT_POLL_CONNECT_LIMIT_MS;
  return (event, lambdaContext) => answer(deps, "poll", (invocation) => poll(deps, event, invocation), { lambdaContext, connectLimitMs });
}

async function poll(deps: PollDependencies, event: unknown, invocation: Invocation): Promise<RequestOutcome> {
  const request = parseConnectRequest(event);
  invocation.contactId = request.contactId;
  const parsed = parseRequestId(requireParameter(request, ParameterName.asyncRequestId, AsyncErrorCode.MISSING_REQUEST_ID));
  const { requestId } = parsed;
  invocation.requestId = requestId;
  const operation = await invocation.resolveOperation(deps, parsed.operationName);
  if (!fitsOperation(parsed, operation)) {
    throw new InvalidRequestError(
      AsyncErrorCode.MALFORMED_REQUEST_ID,
      `asyncRequestId has the shape of a ${parsed.contactTag === undefined ? "cache-key" : "per-contact"} id, which start does not issue for this operation; pass the asyncRequestId that start returned, unchanged`,
    );
  }
  const longPollMs = asyncLongPollWindow(request.parameters.get(ParameterName.asyncLongPollMs), invocation);
  if (longPollMs !== undefined) invocation.useAsynchronousWindow(longPollMs);
  const { deadline } = invocation;

  if (parsed.contactTag !== undefined && !belongsToContact(parsed, request, await resolveRequestIdKeys(deps.requestIdKeys, deadline))) {
    return failedOutcome(AsyncErrorCode.CONTACT_MISMATCH, "this asyncRequestId belongs to a request another contact started; a contact polls only the requests its own start returned");
  }

  const waitStartedAtParameter = request.parameters.get(ParameterName.asyncWaitStartedAt);
  const record = await deps.store.get(requestId, { deadline });
  const readAt = deps.clock();
  const reportedWaitStart = waitStartedAt(waitStartedAtParameter, readAt);
  // The flow's own wait start when it sent one, else the request's.
  invocation.waitStartedAtEpochMs = reportedWaitStart ?? record?.startedAtEpochMs;
  const outcome = outcomeOfRecord(record, readAt, reportedWaitStart);
  const giveUpAt = giveUpAtEpochMs(request.parameters.get(ParameterName.asyncGiveUpAfterMs), invocation.waitStartedAtEpochMs);
  // A long poll never outlasts the caller's wait: past the give-up time it answers PENDING at once.
  const syncWaitMs = Math.min(operation.pollWaitMs ?? 0, syncWaitCap(request.parameters.get(ParameterName.asyncPollWaitMs)));
  const waitMs = Math.max(0, Math.min(longPollMs ?? syncWaitMs, giveUpAt - deps.clock()));
  if (outcome.status !== AsyncStatus.PENDING || waitMs === 0 || record === undefined) return outcome;

  // The long poll: answer the moment the work completes, else PENDING with the elapsed time at the end.
  invocation.logFields.longPoll = longPollMs === undefined ? "sync" : "async";
  const sameExecution = (read: RequestRecord) => read.executionName === record.executionName;
  const waitBeganAt = deps.clock();
  const completed = await waitForCompletion(
    deps,
    requestId,
    longPollMs === undefined
      ? { waitMs, deadline, belongs: sameExecution }
      : // Eventually consistent reads cost half; a stale one only delays by a read what the next one shows.
        { waitMs, deadline, belongs: sameExecution, intervalMs: LONG_POLL_READ_INTERVAL_MS, consistentRead: false },
  );
  // A wait that ended early (a failed read, an item gone or restarted) is settled by one consistent read, if time allows.
  const latest = completed ?? (deadline.remainingMs() > LAST_READ_RESERVE_MS ? await deps.store.get(requestId, { deadline }).catch(() => record) : record);
  const now = deps.clock();
  invocation.longPollMs = now - waitBeganAt;
  return outcomeOfRecord(latest, now, waitStartedAt(waitStartedAtParameter, now));
}

/**
 * The asynchronous window, when the parameter holds whole milliseconds from 1 to
 * {@link MAX_ASYNC_LONG_POLL_MS}. Anything else is treated as absent, never as an error: the call is
 * then served as a synchronous poll, which is always safe to answer.
 */
function asyncLongPollWindow(parameter: string | undefined, invocation: Invocation): number | undefined {
  if (parameter === undefined) return undefined;
  const windowMs = /^\d{1,5}$/.test(parameter) ? Number(parameter) : Number.NaN;
  if (windowMs >= 1 && windowMs <= MAX_ASYNC_LONG_POLL_MS) return windowMs;
  invocation.logFields.asyncLongPollIgnored = true;
  return undefined;
}

/**
 * When the caller's wait gives up (epoch ms): `asyncGiveUpAfterMs` whole milliseconds after the wait
 * began. Absent or malformed, there is no such bound (the flow did not pass one), never an error.
 */
function giveUpAtEpochMs(parameter: string | undefined, waitStartedAtEpochMs: number | undefined): number {
  if (parameter === undefined || waitStartedAtEpochMs === undefined || !/^\d{1,9}$/.test(parameter)) return Number.POSITIVE_INFINITY;
  return waitStartedAtEpochMs + Number(parameter);
}

/**
 * The flow's cap on a synchronous watch (`asyncPollWaitMs`), when it holds whole milliseconds; anything
 * else is no cap, never an error: the operation's `pollWaitMs` then applies as before.
 */
function syncWaitCap(parameter: string | undefined): number {
  return parameter !== undefined && /^\d{1,6}$/.test(parameter) ? Number(parameter) : Number.POSITIVE_INFINITY;
}

/**
 * The caller's wait start, when the parameter holds a plausible epoch-ms time. Anything else (absent,
 * "", not a number, in the future) falls back to the request's own start: a flow that cannot pass it
 * still gets a meaningful elapsed time, never an error.
 */
function waitStartedAt(parameter: string | undefined, nowEpochMs: number): number | undefined {
  if (parameter === undefined || !/^\d{1,15}$/.test(parameter)) return undefined;
  const epochMs = Number(parameter);
  return epochMs <= nowEpochMs ? epochMs : undefined;
}

/** The Lambda entry point, configured from the environment at cold start. */
export const handler: ConnectHandler = handlerFromEnvironment("poll", createPollHandler);
