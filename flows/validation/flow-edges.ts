import type { FlowAction, FlowCondition, FlowJson } from "../flow-json";

/** How a transition is taken. */
export const FLOW_EDGE_KIND = {
  Condition: "condition",
  Next: "next",
  Error: "error",
} as const;

export type FlowEdgeKind = (typeof FLOW_EDGE_KIND)[keyof typeof FLOW_EDGE_KIND];

/** One transition of an action, as a graph edge. */
export interface FlowEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: FlowEdgeKind;
  /** For error edges: the ErrorType. */
  readonly errorType?: string;
  /** For condition edges: the condition. */
  readonly condition?: FlowCondition;
}

/**
 * The transitions of one action as edges, in a fixed order: conditions (in their evaluation order), then
 * NextAction, then errors. Tolerates malformed transitions (they yield no edge), so it is safe on any input.
 */
export function actionEdges(action: FlowAction): FlowEdge[] {
  const transitions: unknown = action.Transitions;
  if (typeof transitions !== "object" || transitions === null) return [];
  const { NextAction, Errors, Conditions } = transitions as { NextAction?: unknown; Errors?: unknown; Conditions?: unknown };
  const edges: FlowEdge[] = [];
  for (const entry of Array.isArray(Conditions) ? Conditions : []) {
    if (typeof entry?.NextAction === "string") {
      edges.push({ from: action.Identifier, to: entry.NextAction, kind: FLOW_EDGE_KIND.Condition, condition: entry.Condition });
    }
  }
  if (typeof NextAction === "string") {
    edges.push({ from: action.Identifier, to: NextAction, kind: FLOW_EDGE_KIND.Next });
  }
  for (const entry of Array.isArray(Errors) ? Errors : []) {
    if (typeof entry?.NextAction === "string") {
      edges.push({ from: action.Identifier, to: entry.NextAction, kind: FLOW_EDGE_KIND.Error, errorType: String(entry.ErrorType) });
    }
  }
  return edges;
}

/** The distinct Identifiers an action can go to next, in edge order. */
export function successorIds(action: FlowAction): string[] {
  return [...new Set(actionEdges(action).map((edge) => edge.to))];
}

/**
 * The actions that can be graph nodes: objects with a string Identifier, first occurrence only (a repeated
 * Identifier is the validator's business). Safe on malformed input.
 */
export function uniqueActions(flow: FlowJson): FlowAction[] {
  const seen = new Set<string>();
  return (Array.isArray(flow.Actions) ? flow.Actions : []).filter((action: FlowAction | null | undefined): action is FlowAction => {
    if (typeof action?.Identifier !== "string" || typeof action.Type !== "string" || seen.has(action.Identifier)) return false;
    seen.add(action.Identifier);
    return true;
  });
}
