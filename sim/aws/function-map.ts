/** What each Lambda ARN of a flow stands for in the simulator: the real start or poll handler, or a stub. */
import type { FlowJson } from "../../flows/flow-json";
import { ActionType } from "../connect/action-type";
import { findAsyncFunctionArns } from "../../flows/recognise/async-functions";
import { functionNameOf } from "./function-name";

/** What a Lambda ARN in the flow stands for. */
export type SimulatedFunction =
  /**
   * The real `start` handler; `timeoutMs` is the function's own timeout (@default the block's time
   * limit); `reservedConcurrency` its reserved concurrent executions (@default none: it shares the
   * account's unreserved executions).
   */
  | { readonly kind: "start"; readonly timeoutMs?: number; readonly reservedConcurrency?: number }
  /** The real `poll` handler; `timeoutMs` is the function's own timeout, which caps its long poll. Otherwise as `start`. */
  | { readonly kind: "poll"; readonly timeoutMs?: number; readonly reservedConcurrency?: number }
  /** Any other Lambda: answers `response` after `latencyMs`. */
  | { readonly kind: "stub"; readonly name: string; readonly response: { readonly [key: string]: string }; readonly latencyMs?: number };

/**
 * The function map for any flow: the macro's start and poll Lambdas (recognised by the parameters the
 * macro sends, `operation` and `asyncRequestId`) become the real handlers; every other Lambda a stub
 * answering `{}` after 100 ms.
 */
export function functionsForFlow(flow: FlowJson): { [arn: string]: SimulatedFunction } {
  const { start, poll } = findAsyncFunctionArns(flow);
  const functions: { [arn: string]: SimulatedFunction } = {};
  for (const action of flow.Actions) {
    const arn = action.Type === ActionType.InvokeLambdaFunction ? action.Parameters.LambdaFunctionARN : undefined;
    if (typeof arn !== "string" || functions[arn] !== undefined) continue;
    functions[arn] = start.has(arn) ? { kind: "start" } : poll.has(arn) ? { kind: "poll" } : { kind: "stub", name: functionNameOf(arn), response: {}, latencyMs: 100 };
  }
  return functions;
}

/** Reserved concurrency by function name, from the map's start and poll functions that state one. */
export function reservedConcurrencyOf(functions: { readonly [arn: string]: SimulatedFunction }): { [functionName: string]: number } {
  const reserved: { [functionName: string]: number } = {};
  for (const [arn, fn] of Object.entries(functions)) {
    if (fn.kind !== "stub" && fn.reservedConcurrency !== undefined) reserved[functionNameOf(arn)] = fn.reservedConcurrency;
  }
  return reserved;
}
