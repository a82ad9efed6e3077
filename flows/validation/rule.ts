import type { FlowAction, FlowIssue, FlowIssueSeverity, FlowJson } from "../flow-json";
import type { FlowIssueCode } from "./issue-codes";
import type { ResolvedValidateFlowOptions } from "./options";

/** What every rule sees: the flow, the options, and the actions indexed by Identifier. */
export interface FlowRuleContext {
  readonly flow: FlowJson;
  readonly options: ResolvedValidateFlowOptions;
  /** The actions that are well-formed objects, in document order. */
  readonly actions: ReadonlyArray<FlowAction>;
  /** Actions by Identifier; when an Identifier repeats, the first action wins. */
  readonly actionsById: ReadonlyMap<string, FlowAction>;
}

/** One family of checks. A rule reports every problem it finds; it never stops at the first. */
export interface FlowRule {
  /** A short name for the family, e.g. "identifiers". */
  readonly name: string;
  check(context: FlowRuleContext): ReadonlyArray<FlowIssue>;
}

/** `InvokeLambdaFunction block "fetch-balance"`: how every message names a block. */
export function describeBlock(action: FlowAction): string {
  return `${action.Type} block "${action.Identifier}"`;
}

/** An issue tied to one block. */
export function blockIssue(action: FlowAction, severity: FlowIssueSeverity, code: FlowIssueCode, message: string): FlowIssue {
  return { severity, blockId: action.Identifier, code, message };
}

/** An issue about the flow as a whole. */
export function flowIssue(severity: FlowIssueSeverity, code: FlowIssueCode, message: string): FlowIssue {
  return { severity, code, message };
}

/** Builds the context once per validation run. */
export function createRuleContext(flow: FlowJson, options: ResolvedValidateFlowOptions): FlowRuleContext {
  const actions = (Array.isArray(flow.Actions) ? flow.Actions : []).filter(isActionObject).map(withObjectMembers);
  const actionsById = new Map<string, FlowAction>();
  for (const action of actions) {
    if (!actionsById.has(action.Identifier)) actionsById.set(action.Identifier, action);
  }
  return { flow, options, actions, actionsById };
}

function isActionObject(value: unknown): value is FlowAction {
  if (typeof value !== "object" || value === null) return false;
  const candidate = value as { Identifier?: unknown; Type?: unknown };
  return typeof candidate.Identifier === "string" && typeof candidate.Type === "string";
}

/** Exports may omit `Parameters` (DistributeByPercentage does); rules read both members as objects. */
function withObjectMembers(action: FlowAction): FlowAction {
  const parametersOk = isPlainObject(action.Parameters);
  const transitionsOk = isPlainObject(action.Transitions);
  if (parametersOk && transitionsOk) return action;
  return {
    ...action,
    Parameters: parametersOk ? action.Parameters : {},
    Transitions: transitionsOk ? action.Transitions : {},
  };
}

export function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
