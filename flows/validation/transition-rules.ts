import type { FlowAction, FlowIssue } from "../flow-json";
import { FLOW_EDGE_KIND, actionEdges, type FlowEdge } from "./flow-edges";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, isPlainObject, type FlowRule } from "./rule";
import { ACTION_TYPE, TERMINAL_ACTION_TYPES } from "./vocabulary";

/**
 * Where blocks go next: every NextAction (top level, Errors, Conditions) names an existing block; terminal
 * blocks have empty transitions; every other block has a NextAction (except Loop prompts, which loops until
 * something outside the flow moves the contact).
 */
export const transitionRule: FlowRule = {
  name: "transitions",
  check({ actions, actionsById, rawOf }) {
    const issues: FlowIssue[] = [];
    for (const action of actions) {
      const raw = rawOf(action);
      issues.push(...malformedEntries(action, isPlainObject(raw) && isPlainObject(raw.Transitions) ? raw.Transitions : {}));
      for (const edge of actionEdges(action)) {
        if (!actionsById.has(edge.to)) {
          issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.DANGLING_NEXT_ACTION,
            `${describeBlock(action)} goes to "${edge.to}" ${describeEdge(edge)}, but no block has that Identifier. Point it at an existing block or add the missing one.`));
        }
      }
      const { NextAction, Errors, Conditions } = action.Transitions;
      const hasAnyTransition = NextAction !== undefined || (Errors?.length ?? 0) > 0 || (Conditions?.length ?? 0) > 0;
      if (TERMINAL_ACTION_TYPES.has(action.Type)) {
        if (hasAnyTransition) {
          issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.TERMINAL_HAS_TRANSITIONS,
            `${describeBlock(action)} ends the flow, so it cannot have a NextAction, errors or conditions. Write "Transitions": {}.`));
        }
      } else if (action.Type !== ACTION_TYPE.MessageParticipantIteratively && typeof NextAction !== "string") {
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.NEXT_ACTION_MISSING,
          `${describeBlock(action)} has no Transitions.NextAction, so Connect does not know where to go after it. Add a NextAction (end the path with a DisconnectParticipant block if nothing follows).`));
      }
    }
    return issues;
  },
};

function describeEdge(edge: FlowEdge): string {
  switch (edge.kind) {
    case FLOW_EDGE_KIND.Next:
      return "as its NextAction";
    case FLOW_EDGE_KIND.Error:
      return `on error ${edge.errorType}`;
    case FLOW_EDGE_KIND.Condition:
      return `when ${edge.condition?.Operator ?? "its condition"} ${JSON.stringify(edge.condition?.Operands ?? [])} holds`;
  }
}

/** Problems in the transitions as written (`transitions` is the raw object; rules see only its well-formed entries). */
function malformedEntries(action: FlowAction, transitions: { readonly [key: string]: unknown }): FlowIssue[] {
  const issues: FlowIssue[] = [];
  const { NextAction, Errors, Conditions } = transitions;
  if (NextAction !== undefined && typeof NextAction !== "string") {
    issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.ACTION_MALFORMED,
      `${describeBlock(action)} has a NextAction that is not a string. Set it to the Identifier of the next block.`));
  }
  for (const [key, list, needs] of [["Errors", Errors, "ErrorType"], ["Conditions", Conditions, "Condition"]] as const) {
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.ACTION_MALFORMED,
        `${describeBlock(action)} has Transitions.${key} that is not a list. Write [] or a list of { "NextAction", "${needs}" } entries.`));
      continue;
    }
    list.forEach((entry: unknown, index) => {
      const wellFormed = isPlainObject(entry) && typeof entry.NextAction === "string" &&
        (needs === "ErrorType" ? typeof entry.ErrorType === "string" : isPlainObject(entry.Condition));
      if (!wellFormed) {
        const shape = needs === "ErrorType" ? `a string "ErrorType"` : `a "Condition" object`;
        issues.push(blockIssue(action, "error", FLOW_ISSUE_CODE.ACTION_MALFORMED,
          `${describeBlock(action)} has Transitions.${key}[${index}] that is not an object with a string "NextAction" and ${shape}. Give the entry both, or remove it.`));
      }
    });
  }
  return issues;
}
