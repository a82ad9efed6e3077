import type { FlowAction, FlowConditionTransition, FlowErrorTransition, FlowIssue, FlowIssueSeverity, FlowJson } from "../flow-json";
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
  /** The action as the input wrote it, before normalization (for the rules that report malformed parts). */
  rawOf(action: FlowAction): unknown;
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

/**
 * Builds the context once per validation run. Rules see each action in a normal form, whatever the input
 * holds: `Parameters` and `Transitions` are objects, `NextAction` is a string or absent, and `Errors` and
 * `Conditions` are lists of entries with a string `NextAction` and a `Condition` object (or `ErrorType`).
 * Malformed parts are left out here and reported by the document and transition rules, which read the
 * original through `rawOf`; so no rule has to guard against, say, `Conditions` written as an object.
 */
export function createRuleContext(flow: FlowJson, options: ResolvedValidateFlowOptions): FlowRuleContext {
  const raw = new WeakMap<FlowAction, unknown>();
  const actions = (Array.isArray(flow.Actions) ? flow.Actions : []).filter(isActionObject).map((action) => {
    const normal = normalizeAction(action);
    raw.set(normal, action);
    return normal;
  });
  const actionsById = new Map<string, FlowAction>();
  for (const action of actions) {
    if (!actionsById.has(action.Identifier)) actionsById.set(action.Identifier, action);
  }
  return { flow, options, actions, actionsById, rawOf: (action) => raw.get(action) };
}

export function isActionObject(value: unknown): value is FlowAction {
  if (!isPlainObject(value)) return false;
  return typeof value.Identifier === "string" && typeof value.Type === "string";
}

/** Exports may omit `Parameters` (DistributeByPercentage does); malformed transition entries are dropped. */
export function normalizeAction(action: FlowAction): FlowAction {
  const transitions: { readonly [key: string]: unknown } = isPlainObject(action.Transitions) ? action.Transitions : {};
  const { NextAction, Errors, Conditions } = transitions;
  const errors = (Array.isArray(Errors) ? Errors : []).filter((entry: unknown): entry is FlowErrorTransition =>
    isPlainObject(entry) && typeof entry.NextAction === "string" && typeof entry.ErrorType === "string");
  const conditions = (Array.isArray(Conditions) ? Conditions : []).filter((entry: unknown): entry is FlowConditionTransition =>
    isPlainObject(entry) && typeof entry.NextAction === "string" && isPlainObject(entry.Condition));
  return {
    Identifier: action.Identifier,
    Type: action.Type,
    Parameters: isPlainObject(action.Parameters) ? action.Parameters as FlowAction["Parameters"] : {},
    Transitions: {
      ...(typeof NextAction === "string" ? { NextAction } : {}),
      ...(Array.isArray(Errors) ? { Errors: errors } : {}),
      ...(Array.isArray(Conditions) ? { Conditions: conditions } : {}),
    },
  };
}

export function isPlainObject(value: unknown): value is { readonly [key: string]: unknown } {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
