/**
 * The macro's `start` invocations in any flow JSON, recognised as the macro recogniser does
 * (flows/diagram/async-macro-uses.ts, and the start branches of async-branches.ts): a Lambda block that
 * sends `operation` and whose next block saves `$.External.asyncRequestId` (the answer only start gives)
 * in a flow or contact attribute, whatever its name, so hand-written flows count too. Another Lambda
 * that happens to take a parameter called `operation` (a wrapped flow's own Lambdas often do) is not a
 * start, so its value is not an operation and its ARN is not the start function.
 */
import type { FlowAction, FlowJson } from "../../flows/flow-json";
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

const REQUEST_ID_REFERENCE = "$.External.asyncRequestId";

/** Whether `action` saves start's request id: an attribute update with `$.External.asyncRequestId` among its values. */
function savesRequestId(action: FlowAction | undefined): boolean {
  if (action === undefined) return false;
  const saved = action.Type === ActionType.UpdateFlowAttributes ? action.Parameters.FlowAttributes : action.Type === ActionType.UpdateContactAttributes ? action.Parameters.Attributes : undefined;
  if (saved === null || typeof saved !== "object" || Array.isArray(saved)) return false;
  return Object.values(saved).some((value) => value === REQUEST_ID_REFERENCE || (value !== null && typeof value === "object" && (value as { Value?: unknown }).Value === REQUEST_ID_REFERENCE));
}

/** Every start invocation of `flow`, in the order of the flow's actions. */
export function findStartInvocations(flow: FlowJson): StartInvocation[] {
  const byId = new Map(flow.Actions.map((action) => [action.Identifier, action]));
  const found: StartInvocation[] = [];
  for (const action of flow.Actions) {
    if (action.Type !== ActionType.InvokeLambdaFunction) continue;
    const arn = action.Parameters.LambdaFunctionARN;
    const attributes = action.Parameters.LambdaInvocationAttributes;
    if (typeof arn !== "string" || attributes === null || typeof attributes !== "object" || Array.isArray(attributes)) continue;
    const operation = (attributes as { operation?: unknown }).operation;
    if (typeof operation !== "string" || "asyncRequestId" in attributes) continue;
    if (!savesRequestId(byId.get(action.Transitions.NextAction ?? ""))) continue;
    const inputs: { [name: string]: string } = {};
    for (const [name, value] of Object.entries(attributes)) {
      if (name !== OPERATION_PARAMETER && typeof value === "string") inputs[name] = value;
    }
    found.push({ blockId: action.Identifier, functionArn: arn, operation, inputs });
  }
  return found;
}

/** Whether an `operation` value is a name fixed in the flow (not a `$.` reference). */
export function isFixedOperationName(value: string): boolean {
  return value !== "" && !value.includes("$.") && !value.includes("$[");
}
