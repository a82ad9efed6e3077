/**
 * A wrapped block that names its Lambda at run time (`LambdaFunctionARN: "$.FlowAttributes.x"`): the bridge
 * runs one fixed target per operation, so wrap cannot take the target from the block. It says so, with the
 * literal values the flow itself sets the attribute to (the likely targets).
 */
import type { FlowJson, FlowParameterValue } from "../flow-json";
import { ActionType } from "../flow-language";
import { uniqueActions } from "../validation/flow-edges";
import { findJsonPathReferences, isSingleReference } from "../validation/json-path";

/** A wrapped block that names its Lambda at run time, so the operation's target is not in the flow. */
export interface DynamicTarget {
  /** The reference the block reads its Lambda ARN from, e.g. `$.FlowAttributes.lambdaArn`. */
  readonly reference: string;
  /** The literal values the flow sets that attribute to, sorted (none when it comes from outside the flow). */
  readonly values: ReadonlyArray<string>;
  /** What to do, in a sentence. */
  readonly advice: string;
}

/**
 * When the block reads its Lambda ARN from a reference (`$.FlowAttributes.x`, `$.Attributes.x`, …), what the
 * bridge needs instead: a fixed ARN per operation. The literal values the flow itself sets the attribute to
 * are listed, as the likely targets.
 */
export function dynamicTargetOf(flow: FlowJson, arn: string): DynamicTarget | undefined {
  if (findJsonPathReferences(arn).length === 0) return undefined;
  const reference = arn.trim();
  const single = isSingleReference(reference) ? findJsonPathReferences(reference)[0] : undefined;
  const [root, key] = single?.segments ?? [];
  const values = new Set<string>();
  for (const action of uniqueActions(flow)) {
    const set = root === "FlowAttributes" && action.Type === ActionType.UpdateFlowAttributes ? action.Parameters.FlowAttributes
      : root === "Attributes" && action.Type === ActionType.UpdateContactAttributes ? action.Parameters.Attributes
      : undefined;
    if (key === undefined || set === null || typeof set !== "object" || Array.isArray(set) || !Object.hasOwn(set, key)) continue;
    const entry = (set as { readonly [name: string]: FlowParameterValue })[key];
    const value = entry !== null && typeof entry === "object" && !Array.isArray(entry) ? (entry as { readonly Value?: FlowParameterValue }).Value : entry;
    if (typeof value === "string" && findJsonPathReferences(value).length === 0) values.add(value);
  }
  const sorted = [...values].sort();
  const where = sorted.length === 0
    ? "The flow does not set it to a fixed value (it comes from outside the flow or from another reference)"
    : `The flow sets it to ${sorted.map((value) => JSON.stringify(value)).join(", ")}`;
  return {
    reference,
    values: sorted,
    advice: `The wrapped block calls the Lambda whose ARN ${reference} holds at run time, so the operation's target cannot be read from the flow; a bridge operation runs one fixed target. ${where}. ` +
      (sorted.length === 1
        ? "Use that ARN as the operation's target (the snippets below do), and keep the attribute pointing at it."
        : "Set the operation's target to the Lambda's ARN yourself; if the attribute names several Lambdas, give each its own operation and choose between them before the call."),
  };
}
