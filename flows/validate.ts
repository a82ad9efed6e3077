/**
 * The flow validator: rejects what Amazon Connect would reject when the flow is published (errors) and
 * warns about what Connect accepts but what misbehaves on a call (warnings). It collects every issue; it
 * never stops at the first. The rules live in `validation/`, one family per file; `validation/registry.ts`
 * lists them.
 *
 * @see ../../shared/reference/connect-flow-language.md §11 (the checklist these rules follow)
 */
import type { FlowIssue, FlowJson } from "./flow-json";
import { resolveValidateFlowOptions, type ValidateFlowOptions } from "./validation/options";
import { documentShapeIssues } from "./validation/document-shape";
import { FLOW_ISSUE_CODE } from "./validation/issue-codes";
import { FLOW_RULES } from "./validation/registry";
import { createRuleContext, flowIssue, type FlowRule, type FlowRuleContext } from "./validation/rule";

export type { ValidateFlowOptions } from "./validation/options";
export { FLOW_ISSUE_CODE, type FlowIssueCode } from "./validation/issue-codes";
export { FlowType } from "./validation/flow-type";

/**
 * Every issue of `flow`, errors and warnings: flow-wide issues first, then block by block in document order
 * (within a block, in rule order). Pure: never mutates the flow. Never throws, whatever `flow` holds: a
 * document that is not an object, nested too deep, or over Connect's content limit gets that one issue, and
 * the rules do not run.
 */
export function validateFlow(flow: FlowJson, options?: ValidateFlowOptions): FlowIssue[] {
  const stopping = documentShapeIssues(flow);
  if (stopping.length > 0) return stopping;
  const context = createRuleContext(flow, resolveValidateFlowOptions(options));
  const issues = FLOW_RULES.flatMap((rule) => runRule(rule, context));
  const position = new Map<string, number>();
  context.actions.forEach((action, index) => {
    if (!position.has(action.Identifier)) position.set(action.Identifier, index);
  });
  const rank = (issue: FlowIssue): number => (issue.blockId === undefined ? -1 : position.get(issue.blockId) ?? -1);
  return issues.map((issue, index) => ({ issue, index }))
    .sort((a, b) => rank(a.issue) - rank(b.issue) || a.index - b.index)
    .map(({ issue }) => issue);
}

/**
 * A rule that throws is a bug in the validator, not in the flow; it becomes one error naming the rule, so a
 * batch still reports every file and the user sees a sentence instead of a stack trace.
 */
function runRule(rule: FlowRule, context: FlowRuleContext): ReadonlyArray<FlowIssue> {
  try {
    return rule.check(context);
  } catch (error) {
    const reason = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    return [flowIssue("error", FLOW_ISSUE_CODE.VALIDATOR_FAILURE,
      `The validator's "${rule.name}" check failed on this flow (${reason.slice(0, 200)}). This is a bug in connect-async; please report it with the flow. The other checks ran.`)];
  }
}

/** The issues that make Connect reject the flow. */
export function flowErrors(issues: ReadonlyArray<FlowIssue>): FlowIssue[] {
  return issues.filter((issue) => issue.severity === "error");
}

/** The issues that Connect accepts but that misbehave on a call. */
export function flowWarnings(issues: ReadonlyArray<FlowIssue>): FlowIssue[] {
  return issues.filter((issue) => issue.severity === "warning");
}
