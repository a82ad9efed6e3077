import type { FlowIssue } from "./flow-json";

/** How an issue prints: `[block] message` (its builder name when known, else its Identifier), or `[flow] message` for a flow-wide problem. */
export function formatFlowIssue(issue: FlowIssue): string {
  return `[${issue.blockName ?? issue.blockId ?? "flow"}] ${issue.message}`;
}

/**
 * The issues of a flow built here, told in its block names: the validator reads only JSON and names
 * blocks by Identifier, which means nothing to the person who wrote `new Compare("Check balance", …)`.
 * The `blockId` field keeps the Identifier; the message and the printed prefix use the name.
 */
export function nameBlocksInIssues(issues: ReadonlyArray<FlowIssue>, names: ReadonlyMap<string, string>): FlowIssue[] {
  if (names.size === 0) return [...issues];
  const pattern = new RegExp([...names.keys()].map((id) => id.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|"), "g");
  return issues.map((issue) => ({ ...issue, message: issue.message.replace(pattern, (id) => names.get(id) ?? id), ...(issue.blockId !== undefined && names.has(issue.blockId) ? { blockName: names.get(issue.blockId) } : {}) }));
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
