import type { FlowAction, FlowIssue } from "../flow-json";
import type { FlowRule, FlowRuleContext } from "./rule";

/**
 * A rule that judges each action on its own: `checkAction` returns one action's issues (none: `[]`), and
 * the rule reports them all in document order. Most rules are of this kind; the ones that follow paths
 * or compare actions (identifiers, reachability, data flow) implement {@link FlowRule} themselves.
 */
export function perActionRule(name: string, checkAction: (action: FlowAction, context: FlowRuleContext) => ReadonlyArray<FlowIssue>): FlowRule {
  return { name, check: (context) => context.actions.flatMap((action) => checkAction(action, context)) };
}
