/**
 * The block that calls `poll`: every wait of the macro asks the same function the same question (how is
 * the request the start half saved?), and differs only in how long it lets poll watch the item and how
 * it invokes it. Built here for both wait strategies and the split form's first poll, so the request id,
 * the response type and the function stay paired the same way everywhere (DESIGN.md, "Lambda contracts").
 */
import { InvokeLambdaFunction } from "../blocks/invoke-lambda-function";
import { LambdaInvocationType } from "../flow-language";
import { AsyncParameter } from "../private/async-response";
import type { LambdaResponseType } from "../private/parameter-value";
import type { AsyncCall } from "./async-call";

/** poll's parameters beside the request id: the wait's start, when the flow gives up, how long to watch. */
type PollTimingParameter = (typeof AsyncParameter)["waitStartedAt" | "giveUpAfterMs" | "longPollMs" | "pollWaitMs"];

/**
 * The timing parameters of one poll, values as sent (static text or `$.` references). The flow JSON
 * lists them in the order given here, after the request id.
 */
export type PollTiming = { readonly [name in PollTimingParameter]?: string };

/** Props of {@link pollInvocation}. */
export interface PollInvocationProps {
  /** The function: `poll`, or for the event strategy's rounds the long-poll function. */
  readonly functionArn: string;
  /** The start half whose request this polls (its saved request id is sent). */
  readonly call: AsyncCall;
  /** The invocation time limit in seconds. */
  readonly timeLimitSeconds: number;
  /** How Connect validates poll's answer; the operation's. */
  readonly responseType: LambdaResponseType;
  /** Invoke asynchronously (the event strategy's long poll); a Wait then waits for its return. @default synchronous, the key left out */
  readonly asynchronous?: boolean;
  /** The timing parameters, in the order the flow lists them. @default none: poll answers at once, with no wait to measure */
  readonly timing?: PollTiming;
}

/** An InvokeLambdaFunction that asks poll about the call's request. */
export function pollInvocation(name: string, props: PollInvocationProps): InvokeLambdaFunction {
  return new InvokeLambdaFunction(name, {
    functionArn: props.functionArn,
    ...(props.asynchronous ? { invocationType: LambdaInvocationType.ASYNCHRONOUS } : {}),
    invocationTimeLimitSeconds: props.timeLimitSeconds,
    invocationAttributes: { [AsyncParameter.requestId]: props.call.requestIdReference, ...props.timing },
    responseType: props.responseType,
  });
}
