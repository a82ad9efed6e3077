/**
 * The `poll` Lambda (DESIGN.md, "Lambda contracts"): parameter `asyncRequestId` as `start` returned
 * it. Answers PENDING (with `asyncElapsedMs`), SUCCEEDED with the result's keys, or FAILED; never
 * throws. With the operation's `pollWaitMs`, a PENDING item is watched that long before answering.
 */
import { AsyncErrorCode } from "./lib/async-error-code";
import { AsyncStatus } from "./lib/async-status";
import { waitForCompletion } from "./lib/completion-wait";
import { ParameterName, parseConnectRequest, requireParameter } from "./lib/connect-request";
import { handlerFromEnvironment } from "./lib/environment";
import type { PollDependencies } from "./lib/handler-dependencies";
import { answer, type ConnectHandler } from "./lib/invocation";
import { parseRequestId } from "./lib/request-id";
import { outcomeOfRecord } from "./lib/request-outcome";

/** A `poll` handler over the given dependencies. */
export function createPollHandler(deps: PollDependencies): ConnectHandler {
  return (event) =>
    answer(deps, "poll", async (invocation) => {
      const request = parseConnectRequest(event);
      const { requestId, operationName } = parseRequestId(requireParameter(request, ParameterName.asyncRequestId, AsyncErrorCode.MISSING_REQUEST_ID));
      invocation.requestId = requestId;
      const operation = invocation.useOperation(deps.operations, operationName);
      const waitStartedAtParameter = request.parameters.get(ParameterName.asyncWaitStartedAt);
      const record = await deps.store.get(requestId);
      const outcome = outcomeOfRecord(record, deps.clock(), waitStartedAt(waitStartedAtParameter, deps.clock()));
      const pollWaitMs = operation.pollWaitMs ?? 0;
      if (outcome.status !== AsyncStatus.PENDING || pollWaitMs === 0) return outcome;
      // The long poll: answer the moment the work completes, else PENDING with the elapsed time at the end.
      const completed = await waitForCompletion(deps, requestId, pollWaitMs);
      const now = deps.clock();
      return outcomeOfRecord(completed ?? (await deps.store.get(requestId).catch(() => record)), now, waitStartedAt(waitStartedAtParameter, now));
    });
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
