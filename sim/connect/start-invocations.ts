/**
 * The macro's `start` invocations in any flow JSON, found by the macro recogniser
 * (flows/diagram/async-macro-uses.ts): a Lambda block whose next block saves `$.External.asyncRequestId`.
 * Another Lambda that happens to take a parameter called `operation` (a wrapped flow's own Lambdas often
 * do) is not a start, so its value is not an operation and its ARN is not the start function.
 */
import { findAsyncMacroUses } from "../../flows/diagram/async-macro-uses";
import type { FlowJson } from "../../flows/flow-json";
import { ActionType } from "./action-type";

/** One start invocation: its block, the start function, the operation it names and what it sends. */
export interface StartInvocation {
  readonly blockId: string;
  readonly functionArn: string;
  /** The `operation` parameter as written: a name, or a `$.` reference known only when the call runs. */
  readonly operation: string;
  /** Every other parameter it sends (the operation's inputs), name → value as written. */
  readonly inputs: { readonly [name: string]: string };
}

const OPERATION_PARAMETER = "operation";

/** Every start invocation of `flow`, in the order of the flow's actions. */
export function findStartInvocations(flow: FlowJson): StartInvocation[] {
  const entries = new Set(findAsyncMacroUses(flow).flatMap((use) => (use.operation === undefined ? [] : [use.entry])));
  const found: StartInvocation[] = [];
  for (const action of flow.Actions) {
    if (!entries.has(action.Identifier) || action.Type !== ActionType.InvokeLambdaFunction) continue;
    const arn = action.Parameters.LambdaFunctionARN;
    const attributes = action.Parameters.LambdaInvocationAttributes;
    if (typeof arn !== "string" || attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) continue;
    const inputs: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== OPERATION_PARAMETER && typeof value === "string") inputs[name] = value;
    }
    found.push({ blockId: action.Identifier, functionArn: arn, operation: String((attributes as { operation?: unknown }).operation), inputs });
  }
  return found;
}

/** Whether an `operation` value is a name fixed in the flow (not a `$.` reference). */
export function isFixedOperationName(value: string): boolean {
  return value !== "" && !value.includes("$.") && !value.includes("$[");
}
