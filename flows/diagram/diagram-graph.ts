/**
 * What a diagram of a flow shows, before it is written in any diagram language: nodes with label lines
 * and a kind, and labelled edges. Compact by default: each use of the async macro becomes one node
 * ("lookUpAccount: async, ≤ 60 s") with its success, failure and timeout edges; `expand` shows every
 * block. Pure and deterministic: nodes come in the flow's action order, edges in transition order.
 */
import type { FlowAction, FlowJson } from "../flow-json";
import { ActionType } from "../flow-language";
import { FLOW_EDGE_KIND, actionEdges, uniqueActions, type FlowEdge } from "../validation/flow-edges";
import { ERROR_TYPE, HAND_OFF_ACTION_TYPES, TERMINAL_ACTION_TYPES } from "../validation/vocabulary";
import { findAsyncMacroUses, MacroOutcome, MacroPart, type AsyncMacroUse } from "../recognise/macro-uses";
import { blockLabelLines, conditionLabel, errorLabel, truncate, LABEL_LINE_LENGTH } from "./block-label";
import { blockNamesOf } from "./block-name-metadata";

/** How a node is drawn. */
export const DiagramNodeKind = {
  entry: "entry",
  block: "block",
  lambda: "lambda",
  terminal: "terminal",
  handoff: "handoff",
  macro: "macro",
  missing: "missing",
} as const;
export type DiagramNodeKind = (typeof DiagramNodeKind)[keyof typeof DiagramNodeKind];

/** How an edge is drawn: `main` for the way on and conditions, `error` for error branches and bad outcomes. */
export const DiagramEdgeKind = { main: "main", error: "error" } as const;
export type DiagramEdgeKind = (typeof DiagramEdgeKind)[keyof typeof DiagramEdgeKind];

export interface DiagramNode {
  /** Unique and stable: a block's Identifier, `macro:<id>` for a macro use, `entry`, or `missing:<Identifier>`. */
  readonly key: string;
  readonly kind: DiagramNodeKind;
  /** The label, one entry per line, unescaped. */
  readonly label: ReadonlyArray<string>;
  /** The Identifiers of the blocks the node stands for (one, or a macro use's blocks). */
  readonly blocks: ReadonlyArray<string>;
}

export interface DiagramEdge {
  readonly from: string;
  readonly to: string;
  readonly kind: DiagramEdgeKind;
  /** @default none */
  readonly label?: string;
}

export interface DiagramGraph {
  readonly nodes: ReadonlyArray<DiagramNode>;
  readonly edges: ReadonlyArray<DiagramEdge>;
}

/** Options of {@link buildDiagramGraph}. */
export interface DiagramOptions {
  /** Draw every block of the async macro instead of one node per use. @default false */
  readonly expand?: boolean;
  /**
   * Readable names by Identifier. @default the names the flow's metadata carries (flows built here carry
   * them; console exports do not, and their blocks show their type and key parameter)
   */
  readonly blockNames?: ReadonlyMap<string, string>;
}

/** The key of the Entry node. */
export const ENTRY_KEY = "entry";
const MISSING_PREFIX = "missing:";
const MACRO_PREFIX = "macro:";

/** Builds the diagram of `flow`. */
export function buildDiagramGraph(flow: FlowJson, options: DiagramOptions = {}): DiagramGraph {
  const actions = uniqueActions(flow);
  const blockNames = options.blockNames ?? blockNamesOf(flow);
  const uses = options.expand === true ? [] : findAsyncMacroUses(flow, blockNames);
  const useOf = new Map<string, AsyncMacroUse>();
  for (const use of uses) for (const member of use.members) useOf.set(member, use);
  const nodeOf = (identifier: string): string => {
    const use = useOf.get(identifier);
    return use === undefined ? identifier : macroKey(use);
  };

  const nodes: DiagramNode[] = [{ key: ENTRY_KEY, kind: DiagramNodeKind.entry, label: ["Entry"], blocks: [] }];
  const known = new Set(actions.map((action) => action.Identifier));
  for (const action of actions) {
    const use = useOf.get(action.Identifier);
    if (use === undefined) nodes.push({ key: action.Identifier, kind: blockKind(action), label: blockLabelLines(action, blockNames.get(action.Identifier)), blocks: [action.Identifier] });
    else if (use.entry === action.Identifier) nodes.push({ key: nodeOf(action.Identifier), kind: DiagramNodeKind.macro, label: macroLabel(use), blocks: [...use.members] });
  }

  const edges: DiagramEdge[] = [];
  const drawn = new Set<string>();
  const missing = new Set<string>();
  const add = (from: string, to: string, kind: DiagramEdgeKind, label?: string): void => {
    const target = known.has(to) ? nodeOf(to) : `${MISSING_PREFIX}${to}`;
    if (!known.has(to) && !missing.has(to)) {
      missing.add(to);
      nodes.push({ key: target, kind: DiagramNodeKind.missing, label: [`missing block: ${truncate(to, LABEL_LINE_LENGTH)}`], blocks: [] });
    }
    const key = `${from}\u0000${target}\u0000${kind}\u0000${label ?? ""}`;
    if (drawn.has(key)) return;
    drawn.add(key);
    edges.push({ from, to: target, kind, ...(label !== undefined ? { label } : {}) });
  };

  if (typeof flow.StartAction === "string" && flow.StartAction !== "") add(ENTRY_KEY, flow.StartAction, DiagramEdgeKind.main);
  for (const action of actions) {
    const use = useOf.get(action.Identifier);
    if (use !== undefined) continue;
    for (const edge of edgesToDraw(action)) add(action.Identifier, edge.to, isErrorEdge(edge) ? DiagramEdgeKind.error : DiagramEdgeKind.main, edgeLabel(action, edge));
  }
  for (const use of uses) {
    // One edge per target, labelled with every outcome that leads there ("failure, timeout").
    const byTarget = new Map<string, MacroOutcome[]>();
    for (const exit of use.exits) {
      const outcomes = byTarget.get(exit.to) ?? [];
      if (!outcomes.includes(exit.outcome)) outcomes.push(exit.outcome);
      byTarget.set(exit.to, outcomes);
    }
    const order = Object.values(MacroOutcome) as string[];
    const first = (outcomes: ReadonlyArray<MacroOutcome>): number => Math.min(...outcomes.map((outcome) => order.indexOf(outcome)));
    for (const [to, outcomes] of [...byTarget].sort(([, a], [, b]) => first(a) - first(b))) {
      const ordered = Object.values(MacroOutcome).filter((outcome) => outcomes.includes(outcome));
      const good = ordered.every((outcome) => outcome === MacroOutcome.success || outcome === MacroOutcome.continue);
      add(macroKey(use), to, good ? DiagramEdgeKind.main : DiagramEdgeKind.error, ordered.join(", "));
    }
  }
  return { nodes, edges };
}

/** `macro:<id>` for a whole use; `macro:<id>:start` and `macro:<id>:await` for the halves of a split one. */
function macroKey(use: AsyncMacroUse): string {
  return use.part === MacroPart.whole ? `${MACRO_PREFIX}${use.id}` : `${MACRO_PREFIX}${use.id}:${use.part}`;
}

/** `lookUpAccount: async, ≤ 60 s` and the operation it runs; the halves of a split use say which half they are. */
function macroLabel(use: AsyncMacroUse): string[] {
  const limit = use.maxWaitSeconds === undefined ? "" : `, ≤ ${use.maxWaitSeconds} s`;
  const what = use.part === MacroPart.start ? "async start" : use.part === MacroPart.await ? "await" : "async";
  const lines = [truncate(`${use.id}: ${what}${limit}`, LABEL_LINE_LENGTH)];
  lines.push(use.operation === undefined ? truncate(`after ${use.id}: async start`, LABEL_LINE_LENGTH) : truncate(`operation ${use.operation}`, LABEL_LINE_LENGTH));
  return lines;
}

function blockKind(action: FlowAction): DiagramNodeKind {
  if (TERMINAL_ACTION_TYPES.has(action.Type)) return DiagramNodeKind.terminal;
  if (HAND_OFF_ACTION_TYPES.has(action.Type)) return DiagramNodeKind.handoff;
  if (action.Type === ActionType.InvokeLambdaFunction || action.Type === ActionType.LoadLambdaFunctionResult) return DiagramNodeKind.lambda;
  return DiagramNodeKind.block;
}

/**
 * The edges of an action, without a NextAction edge that only repeats a condition or error edge to the
 * same block (Compare, Loop and Wait exports point NextAction at their default or error branch).
 */
function edgesToDraw(action: FlowAction): FlowEdge[] {
  const edges = actionEdges(action);
  // An error branch to the block the main way leads to anyway says nothing a reader needs.
  const next = edges.find((edge) => edge.kind === FLOW_EDGE_KIND.Next)?.to;
  const isPlainNext = action.Type !== ActionType.Wait && !edges.some((edge) => edge.kind === FLOW_EDGE_KIND.Condition && edge.to === next);
  const repeated = new Set(edges
    .filter((edge) => edge.kind === FLOW_EDGE_KIND.Condition || edge.errorType === ERROR_TYPE.NoMatchingCondition || (action.Type === ActionType.Wait && edge.kind === FLOW_EDGE_KIND.Error))
    .map((edge) => edge.to));
  return edges.filter((edge) => {
    if (edge.kind === FLOW_EDGE_KIND.Next) return !repeated.has(edge.to);
    return !(isPlainNext && edge.kind === FLOW_EDGE_KIND.Error && edge.errorType === ERROR_TYPE.NoMatchingError && edge.to === next);
  });
}

/** An error branch, but not a Compare's "otherwise" (NoMatchingCondition), which is an ordinary way on. */
function isErrorEdge(edge: FlowEdge): boolean {
  return edge.kind === FLOW_EDGE_KIND.Error && edge.errorType !== ERROR_TYPE.NoMatchingCondition;
}

function edgeLabel(action: FlowAction, edge: FlowEdge): string | undefined {
  switch (edge.kind) {
    case FLOW_EDGE_KIND.Next:
      return undefined;
    case FLOW_EDGE_KIND.Error:
      return edge.errorType === ERROR_TYPE.NoMatchingCondition ? "otherwise" : errorLabel(edge.errorType);
    case FLOW_EDGE_KIND.Condition:
      return conditionLabel(action.Type, edge.condition);
  }
}
