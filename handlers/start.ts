/**
 * The `start` Lambda (DESIGN.md, "Lambda contracts"): parameters `operation` plus the operation's
 * input attributes. Answers SUCCEEDED from the cache, PENDING while an execution runs, or the
 * outcome of a quick execution; never throws, and answers before Connect's time limit
 * (`connectTimeLimitMs`) and the function's own timeout, whichever comes first.
 */
import { AsyncErrorCode } from "./lib/async-error-code";
import { createSfnClient } from "./lib/aws-clients";
import { ParameterName, parseConnectRequest, requireParameter } from "./lib/connect-request";
import { DEFAULT_START_CONNECT_LIMIT_MS } from "./lib/deadline";
import { handlerFromEnvironment } from "./lib/environment";
import type { StartDependencies } from "./lib/handler-dependencies";
import { answer, type ConnectHandler } from "./lib/invocation";
import { requestIdFor } from "./lib/request-id";
import { resolveRequestIdKeys } from "./lib/request-id-key";
import { SfnExecutionStarter } from "./lib/sfn-execution-starter";
import { startRequest } from "./lib/start-request";
import { targetEventFor } from "./lib/target-event";

/** A `start` handler over the given dependencies. */
export function createStartHandler(deps: StartDependencies): ConnectHandler {
  const connectLimitMs = deps.connectTimeLimitMs ?? DEFAULT_START_CONNECT_LIMIT_MS;
  return (event, lambdaContext) =>
    answer(
      deps,
      "start",
      async (invocation) => {
        const request = parseConnectRequest(event);
        invocation.contactId = request.contactId;
        const operationName = requireParameter(request, ParameterName.operation, AsyncErrorCode.MISSING_OPERATION);
        const operation = await invocation.resolveOperation(deps, operationName);
        const keys = await resolveRequestIdKeys(deps.requestIdKeys, invocation.deadline);
        const requestId = requestIdFor(operationName, operation, request, keys);
        invocation.requestId = requestId;
        return startRequest(deps, { requestId, operationName, operation, event: targetEventFor(operation, request) }, invocation);
      },
      { lambdaContext, connectLimitMs },
    );
}

/** The Lambda entry point, configured from the environment at cold start. */
export const handler: ConnectHandler = handlerFromEnvironment("start", (dependencies) =>
  createStartHandler({ ...dependencies, executions: new SfnExecutionStarter(createSfnClient()) }),
);
