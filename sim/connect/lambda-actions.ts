/**
 * Lambda blocks: the Connect event, a synchronous invocation with Connect's attempts within the time
 * limit and its response validation, an asynchronous invocation (reference §2.1.1–§2.1.2) running in the
 * background, and Load Lambda result.
 */
import type { FlowAction } from "../../flows/flow-json";
import { LambdaInvocationType } from "../../flows/flow-language";
import { MAX_ASYNC_LAMBDA_SECONDS, MAX_SYNC_LAMBDA_SECONDS } from "../../flows/validation/lambda-rules";
import { functionNameOf } from "../aws/function-name";
import { TimelineKind, type AsyncLambdaTimelineEntry } from "../report/timeline";
import { FlowErrorType } from "./action-type";
import type { AsyncInvocation, InvocationOutcome } from "./async-invocations";
import type { FlowContext } from "./flow-context";
import { FlowRuntimeError } from "./flow-errors";
import { resolveParameter, type FlowDataValue } from "./flow-references";
import type { ContactFlowEvent, LambdaInvocationRequest, Step } from "./flow-run-types";
import { errorBranch, next } from "./transitions";

/** Connect's Lambda time limit when a block does not state one, and the synchronous maximum. */
const DEFAULT_LAMBDA_TIME_LIMIT_SECONDS = MAX_SYNC_LAMBDA_SECONDS;
/** The longest time limit of an asynchronous invocation (reference §2.1.1). */
const MAX_ASYNC_TIME_LIMIT_SECONDS = MAX_ASYNC_LAMBDA_SECONDS;
/** Lambda responses above this many UTF-8 bytes take the error branch. */
const MAX_LAMBDA_RESPONSE_BYTES = 32 * 1024;

/** The Connect event for a Lambda block with these parameters. */
export function lambdaEvent(run: FlowContext, parameters: { [key: string]: FlowDataValue }): ContactFlowEvent {
  const system = run.system;
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: {
        Attributes: { ...run.attributes },
        Channel: system.Channel,
        ContactId: system.ContactId,
        CustomerEndpoint: system.CustomerEndpoint,
        CustomerId: system.CustomerId ?? null,
        Description: system.Description,
        InitialContactId: system.InitialContactId,
        InitiationMethod: system.InitiationMethod,
        InstanceARN: system.InstanceARN,
        LanguageCode: system.LanguageCode,
        MediaStreams: { Customer: { Audio: null } },
        Name: system.Name,
        PreviousContactId: system.PreviousContactId,
        Queue: system.Queue,
        References: {},
        SystemEndpoint: system.SystemEndpoint,
      },
      Parameters: parameters,
    },
  };
}

export async function invokeLambda(run: FlowContext, action: FlowAction): Promise<Step> {
  const p = action.Parameters;
  const invocationType = String(p.InvocationType ?? LambdaInvocationType.SYNCHRONOUS).toUpperCase();
  if (invocationType !== LambdaInvocationType.SYNCHRONOUS && invocationType !== LambdaInvocationType.ASYNCHRONOUS) {
    throw new FlowRuntimeError(action.Identifier, `InvocationType ${JSON.stringify(p.InvocationType)} is neither SYNCHRONOUS nor ASYNCHRONOUS`);
  }
  const asynchronous = invocationType === LambdaInvocationType.ASYNCHRONOUS;
  const arn = run.text(p.LambdaFunctionARN);
  if (!arn) return errorBranch(action, FlowErrorType.NoMatchingError, "no LambdaFunctionARN");
  const limitSeconds = Number(run.text(p.InvocationTimeLimitSeconds) ?? DEFAULT_LAMBDA_TIME_LIMIT_SECONDS);
  if (asynchronous && limitSeconds > MAX_ASYNC_TIME_LIMIT_SECONDS) {
    throw new FlowRuntimeError(action.Identifier, `InvocationTimeLimitSeconds ${limitSeconds} is over the ${MAX_ASYNC_TIME_LIMIT_SECONDS} s Connect allows an asynchronous invocation; lower it`);
  }
  const limitMs = (Number.isFinite(limitSeconds) && limitSeconds > 0 ? limitSeconds : DEFAULT_LAMBDA_TIME_LIMIT_SECONDS) * 1000;
  const responseType = String((p.ResponseValidation as { ResponseType?: string } | undefined)?.ResponseType ?? "STRING_MAP");
  const rawAttributes = p.LambdaInvocationAttributes;
  const parameters = (rawAttributes && typeof rawAttributes === "object" && !Array.isArray(rawAttributes) ? resolveParameter(rawAttributes, run.data()) : {}) as {
    [key: string]: FlowDataValue;
  };
  const turn = (run.lambdaTurns.get(arn) ?? 0) + 1;
  run.lambdaTurns.set(arn, turn);
  const request: Omit<LambdaInvocationRequest, "attempt"> = {
    functionArn: arn,
    event: lambdaEvent(run, parameters),
    blockId: action.Identifier,
    callerId: run.callerId,
    turn,
    invocationType,
    timeLimitMs: limitMs,
  };
  if (asynchronous) return invokeAsynchronously(run, action, request, responseType);

  const startedAt = run.options.clock.now();
  const outcome = await attempt(run, request, responseType);
  run.record({
    kind: TimelineKind.lambda,
    atMs: startedAt - run.origin,
    durationMs: run.options.clock.now() - startedAt,
    blockId: action.Identifier,
    text: functionNameOf(arn),
    functionName: functionNameOf(arn),
    attempts: outcome.attempts,
    result: outcome.result,
  });
  if (outcome.result !== "ok") {
    run.external = {};
    return errorBranch(action, FlowErrorType.NoMatchingError, `the Lambda ${functionNameOf(arn)} failed (${outcome.result})`);
  }
  run.external = { ...outcome.response };
  return next(action);
}

/**
 * Connect's attempts at one invocation: the first, then up to `lambdaRetries` more after failures, all
 * within the block's time limit; the answer must pass the block's response validation.
 */
export async function attempt(run: FlowContext, request: Omit<LambdaInvocationRequest, "attempt">, responseType: string): Promise<InvocationOutcome> {
  const clock = run.options.clock;
  const deadline = clock.now() + request.timeLimitMs;
  const maxAttempts = 1 + (run.options.lambdaRetries ?? 3);
  let attempts = 0;
  let result: InvocationOutcome["result"] = "error";
  let response: unknown;
  while (attempts < maxAttempts && clock.now() < deadline) {
    attempts += 1;
    const invocation = run.options.invokeLambda
      ? run.options.invokeLambda({ ...request, attempt: attempts })
      : Promise.reject(new Error(`no Lambda is wired for ${request.functionArn}`));
    // The limit's timer goes as soon as the attempt ends, so it cannot move virtual time later on.
    const limit = new AbortController();
    const outcome = await Promise.race([
      invocation.then(
        (value) => ({ kind: "ok" as const, value }),
        (error: unknown) => ({ kind: "error" as const, error }),
      ),
      clock.sleep(deadline - clock.now(), limit.signal).then(() => ({ kind: "timeout" as const })),
    ]);
    limit.abort();
    if (outcome.kind === "timeout") {
      result = "timeout";
      break;
    }
    if (outcome.kind === "ok") {
      result = "ok";
      response = outcome.value;
      break;
    }
  }
  if (result === "ok" && validateLambdaResponse(response, responseType) !== undefined) result = "invalid-response";
  return result === "ok" ? { result, attempts, response: response as { [key: string]: FlowDataValue } } : { result, attempts };
}

/** Starts the invocation in the background, sets `$.LambdaInvocation.InvocationId`, and goes on at once. */
export function invokeAsynchronously(run: FlowContext, action: FlowAction, request: Omit<LambdaInvocationRequest, "attempt">, responseType: string): Step {
  const clock = run.options.clock;
  const functionName = functionNameOf(request.functionArn);
  const id = run.asyncInvocations.nextId();
  const startedAt = clock.now();
  // Updated in place when the invocation returns, so the timeline shows its whole run.
  const entry: { -readonly [K in keyof AsyncLambdaTimelineEntry]: AsyncLambdaTimelineEntry[K] } = {
    kind: TimelineKind.asyncLambda,
    callerId: run.callerId,
    atMs: startedAt - run.origin,
    durationMs: 0,
    blockId: action.Identifier,
    text: functionName,
    functionName,
    invocationId: id,
    attempts: 0,
    result: "running",
  };
  run.timeline.push(entry);
  const invocation: AsyncInvocation = {
    id,
    functionName,
    startedAt,
    returned: attempt(run, request, responseType).then((outcome) => {
      invocation.outcome = outcome;
      Object.assign(entry, { durationMs: clock.now() - startedAt, attempts: outcome.attempts, result: outcome.result });
    }),
  };
  run.options.trackBackground?.(invocation.returned);
  run.asyncInvocations.add(invocation);
  run.lastInvocationId = id;
  return next(action);
}

/** Load Lambda result: `$.External` becomes the returned invocation's response. */
export function loadLambdaResult(run: FlowContext, action: FlowAction): Step {
  const id = run.text(action.Parameters.LambdaInvocationId) ?? "";
  const invocation = run.asyncInvocations.get(id);
  if (invocation === undefined) {
    run.external = {};
    return errorBranch(action, FlowErrorType.NoMatchingError, `no asynchronous invocation has the id ${JSON.stringify(id)}`);
  }
  if (invocation.outcome === undefined) {
    return errorBranch(action, FlowErrorType.InProgress, `the invocation of ${invocation.functionName} has not returned yet`);
  }
  if (invocation.outcome.result !== "ok") {
    run.external = {};
    return errorBranch(action, FlowErrorType.NoMatchingError, `the invocation of ${invocation.functionName} failed (${invocation.outcome.result})`);
  }
  run.external = { ...invocation.outcome.response };
  return next(action);
}

/** Why Connect would reject a Lambda's response, or undefined when it accepts it. */
export function validateLambdaResponse(response: unknown, responseType: string): string | undefined {
  if (response === null || typeof response !== "object" || Array.isArray(response)) return "the response is not an object";
  if (Buffer.byteLength(JSON.stringify(response), "utf8") > MAX_LAMBDA_RESPONSE_BYTES) return "the response exceeds 32 KB";
  if (responseType === "STRING_MAP") {
    const bad = Object.entries(response).find(([, value]) => typeof value !== "string");
    if (bad) return `STRING_MAP value of ${bad[0]} is ${typeof bad[1]}, not a string`;
  }
  return undefined;
}
