import type { FlowIssue } from "./flow-json";

/** How an issue prints: `[blockId] message`, or `[flow] message` for a flow-wide problem. */
export function formatFlowIssue(issue: FlowIssue): string {
  return `[${issue.blockId ?? "flow"}] ${issue.message}`;
}

/**
 * Thrown when a flow has validation errors. Carries every issue; the message lists them one per line as
 * `[blockId] message`, so a failed build shows all problems at once.
 */
export class FlowValidationError extends Error {
  readonly issues: ReadonlyArray<FlowIssue>;

  /**
   * @param issues the issues found (usually the errors, possibly with warnings)
   * @param flowName names the flow in the first line of the message, when given
   */
  constructor(issues: ReadonlyArray<FlowIssue>, flowName?: string) {
    const errorCount = issues.filter((issue) => issue.severity === "error").length;
    const subject = flowName === undefined ? "The flow" : `Flow "${flowName}"`;
    const lines = issues.map((issue) => (issue.severity === "warning" ? `${formatFlowIssue(issue)} (warning)` : formatFlowIssue(issue)));
    super(`${subject} is not valid (${errorCount} error${errorCount === 1 ? "" : "s"}):\n${lines.join("\n")}`);
    this.name = "FlowValidationError";
    this.issues = [...issues];
  }
}
