/** What each Lambda ARN of a flow stands for in the simulator: the real start or poll handler, or a stub. */
import type { FlowJson } from "../../flows/flow-json";
import { ActionType } from "../connect/action-type";
import { findAsyncFunctionArns } from "../connect/async-branches";
import { functionNameOf } from "./function-name";

/** What a Lambda ARN in the flow stands for. */
export type SimulatedFunction =
  /** The real `start` handler; `timeoutMs` is the function's own timeout. @default the block's time limit */
  | { readonly kind: "start"; readonly timeoutMs?: number }
  /** The real `poll` handler; `timeoutMs` is the function's own timeout, which caps its long poll. @default the block's time limit */
  | { readonly kind: "poll"; readonly timeoutMs?: number }
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
