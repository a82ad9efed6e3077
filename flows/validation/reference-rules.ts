import type { FlowAction, FlowCondition, FlowIssue, FlowParameterValue } from "../flow-json";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { findJsonPathReferences, isSingleReference, KNOWN_REFERENCE_ROOTS } from "./json-path";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { perActionRule } from "./per-action-rule";
import { ACTION_TYPE } from "./vocabulary";

/** A string found in an action, with where it sits (for messages). */
export interface LocatedString {
  readonly where: string;
  readonly value: string;
}

/** Every string value in an action's Parameters (not keys) and condition operands, with its location. */
export function actionStrings(action: FlowAction): LocatedString[] {
  const found: LocatedString[] = [];
  const visit = (value: FlowParameterValue | undefined, where: string): void => {
    if (typeof value === "string") found.push({ where, value });
    else if (Array.isArray(value)) value.forEach((item, index) => visit(item, `${where}[${index}]`));
    else if (isPlainObject(value)) for (const [key, item] of Object.entries(value)) visit(item as FlowParameterValue, `${where}.${key}`);
  };
  for (const [key, value] of Object.entries(action.Parameters)) visit(value, `Parameters.${key}`);
  const visitCondition = (condition: FlowCondition, where: string): void => {
    (Array.isArray(condition?.Operands) ? condition.Operands : []).forEach((operand, index) => {
      if (typeof operand === "string") found.push({ where: `${where} operand ${index + 1}`, value: operand });
      else if (isPlainObject(operand)) visitCondition(operand as unknown as FlowCondition, `${where} operand ${index + 1}`);
    });
  };
  (action.Transitions.Conditions ?? []).forEach((transition, index) => visitCondition(transition?.Condition, `condition #${index + 1}`));
  return found;
}

/** Every `$.` reference is well formed; references with a root Connect does not document are flagged. */
export const referenceSyntaxRule: FlowRule = perActionRule("reference-syntax", (action) => {
  const issues: FlowIssue[] = [];
  for (const { where, value } of actionStrings(action)) {
    for (const reference of findJsonPathReferences(value)) {
      if (reference.problem) {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.REFERENCE_MALFORMED,
          `${describeBlock(action)} has the malformed reference "${reference.text}" in ${where}: it ${reference.problem}. Write a complete path such as $.Attributes.name or $.Attributes['name with spaces'].`));
      } else if (!KNOWN_REFERENCE_ROOTS.has(reference.segments[0])) {
        issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.REFERENCE_UNKNOWN_ROOT,
          `${describeBlock(action)} reads "${reference.text}" in ${where}, but "${reference.segments[0]}" is not a documented namespace, so it will probably read nothing (Connect may also refuse it at publish). Check the spelling (e.g. $.Attributes, $.FlowAttributes, $.External).`));
      }
    }
  }
  return issues;
});

/**
 * Parameters that are static or exactly one whole reference (kind S|1P in reference §2). Maps, not objects,
 * here and below: the action type comes from the flow, and a type named "constructor" must find nothing.
 */
const SINGLE_REFERENCE_PARAMETERS: ReadonlyMap<string, ReadonlyArray<string>> = new Map(Object.entries({
  [ACTION_TYPE.Loop]: ["LoopCount"],
  [ACTION_TYPE.Wait]: ["TimeLimitSeconds"],
  [ACTION_TYPE.UpdateContactTargetQueue]: ["QueueId", "AgentId"],
  [ACTION_TYPE.DequeueContactAndTransferToQueue]: ["QueueId", "AgentId"],
  [ACTION_TYPE.TransferToFlow]: ["ContactFlowId"],
  [ACTION_TYPE.CheckHoursOfOperation]: ["HoursOfOperationId"],
  [ACTION_TYPE.MessageParticipant]: ["PromptId"],
  [ACTION_TYPE.GetParticipantInput]: ["PromptId"],
  [ACTION_TYPE.LoadLambdaFunctionResult]: ["LambdaInvocationId"],
}));

/** Parameters that must be static (kind S in reference §2). */
const STATIC_PARAMETERS: ReadonlyMap<string, ReadonlyArray<string>> = new Map(Object.entries({
  [ACTION_TYPE.InvokeLambdaFunction]: ["InvocationTimeLimitSeconds", "InvocationType"],
  [ACTION_TYPE.GetParticipantInput]: ["StoreInput", "InputTimeLimitSeconds"],
  UpdateFlowLoggingBehavior: ["FlowLoggingBehavior"],
}));

/** Where a parameter takes only a literal or one whole reference, it gets no interpolation (reference §1.4). */
export const referencePlacementRule: FlowRule = perActionRule("reference-placement", (action) => {
  const issues: FlowIssue[] = [];
  for (const key of SINGLE_REFERENCE_PARAMETERS.get(action.Type) ?? []) {
    const value = action.Parameters[key];
    if (typeof value === "string" && findJsonPathReferences(value).length > 0 && !isSingleReference(value)) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.SINGLE_REFERENCE_REQUIRED,
        `${describeBlock(action)} mixes text and references in Parameters.${key} (${JSON.stringify(value)}); this parameter takes a literal or exactly one whole reference. Build the value in a Set contact attributes block first and reference that attribute here.`));
    }
  }
  for (const key of STATIC_PARAMETERS.get(action.Type) ?? []) {
    const value = action.Parameters[key];
    if (typeof value === "string" && findJsonPathReferences(value).length > 0) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.STATIC_VALUE_REQUIRED,
        `${describeBlock(action)} uses a reference in Parameters.${key} (${JSON.stringify(value)}), which only takes a literal value. Write the value itself.`));
    }
  }
  if (action.Type === ACTION_TYPE.Compare) {
    const value = action.Parameters.ComparisonValue;
    if (typeof value !== "string" || !isSingleReference(value)) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.SINGLE_REFERENCE_REQUIRED,
        `${describeBlock(action)} has ComparisonValue ${JSON.stringify(value)}; it must be exactly one reference such as $.Attributes.choice or $.External.status. Set it to the value to check.`));
    }
  }
  return issues;
});
