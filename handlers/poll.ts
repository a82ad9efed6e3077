/**
 * The `poll` Lambda (DESIGN.md, "Lambda contracts"): parameter `asyncRequestId` as `start` returned
 * it. Answers PENDING (with `asyncElapsedMs`), SUCCEEDED with the result's keys, or FAILED; never
 * throws.
 */
import { AsyncErrorCode } from "./lib/async-error-code";
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
      invocation.useOperation(deps.operations, operationName);
      const record = await deps.store.get(requestId);
      return outcomeOfRecord(record, deps.clock());
    });
}

/** The Lambda entry point, configured from the environment at cold start. */
export const handler: ConnectHandler = handlerFromEnvironment("poll", createPollHandler);
