import type { FlowIssue } from "../flow-json";
import { successorIds } from "./flow-edges";
import { FLOW_ISSUE_CODE } from "./issue-codes";
import { blockIssue, describeBlock, type FlowRule, type FlowRuleContext } from "./rule";

/** Identifiers reachable from StartAction along any transition. */
export function reachableIds({ flow, actionsById }: Pick<FlowRuleContext, "flow" | "actionsById">): Set<string> {
  const reached = new Set<string>();
  const pending = actionsById.has(flow.StartAction) ? [flow.StartAction] : [];
  while (pending.length > 0) {
    const id = pending.pop() as string;
    if (reached.has(id)) continue;
    reached.add(id);
    const action = actionsById.get(id);
    if (action) pending.push(...successorIds(action).filter((next) => actionsById.has(next)));
  }
  return reached;
}

/** Blocks no path from StartAction reaches never run; usually a transition was forgotten. */
export const reachabilityRule: FlowRule = {
  name: "reachability",
  check(context) {
    if (!context.actionsById.has(context.flow.StartAction)) return [];
    const reached = reachableIds(context);
    const issues: FlowIssue[] = [];
    const reported = new Set<string>();
    for (const action of context.actions) {
      if (reached.has(action.Identifier) || reported.has(action.Identifier)) continue;
      reported.add(action.Identifier);
      issues.push(blockIssue(action, "warning", FLOW_ISSUE_CODE.UNREACHABLE_ACTION,
        `${describeBlock(action)} cannot be reached from the start block "${context.flow.StartAction}", so it never runs. Connect a transition to it, or delete it.`));
    }
    return issues;
  },
};
