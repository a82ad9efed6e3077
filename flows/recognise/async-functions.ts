/**
 * The Lambda ARNs a flow uses as the macro's `start` (its start invocations, start-invocations.ts) and
 * `poll` (blocks that send `asyncRequestId`), so a flow read from a file can be run with the real
 * handlers in their place (sim/aws/function-map.ts).
 */
import type { FlowJson } from "../flow-json";
import { uniqueActions } from "../validation/flow-edges";
import { isPollInvocation } from "./macro-blocks";
import { findStartInvocations } from "./start-invocations";

/** The start and poll Lambda ARNs `flow` invokes. */
export function findAsyncFunctionArns(flow: FlowJson): { readonly start: ReadonlySet<string>; readonly poll: ReadonlySet<string> } {
  const start = new Set(findStartInvocations(flow).flatMap((invocation) => (invocation.functionArn === undefined ? [] : [invocation.functionArn])));
  const poll = new Set<string>();
  for (const action of uniqueActions(flow)) {
    const arn = action.Parameters.LambdaFunctionARN;
    if (typeof arn === "string" && isPollInvocation(action)) poll.add(arn);
  }
  return { start, poll };
}
