/**
 * Designer positions for a flow: a layered left-to-right layout (dagre), so an imported flow reads in the
 * Connect console like a hand-drawn one. Pure and deterministic: the same flow always gives the same
 * integer coordinates, and the input is never mutated.
 *
 * Spacing follows the console exports (reference §9.2): columns at least 250 px apart, rows at least
 * 150–200 px apart, the Entry node left of the start block.
 */
import * as dagre from "@dagrejs/dagre";
import type { FlowAction, FlowActionMetadata, FlowJson, FlowMetadata, FlowPosition } from "./flow-json";
import { FLOW_EDGE_KIND, actionEdges, uniqueActions } from "./validation/flow-edges";

/** The box a block occupies in the designer, as reserved by the layout. */
export interface BlockBox {
  readonly width: number;
  readonly height: number;
}

/** Every block gets at least this box; blocks with many branches grow taller (one row per branch). */
export const BLOCK_WIDTH = 220;
export const BLOCK_MIN_HEIGHT = 140;
const BLOCK_HEADER_HEIGHT = 70;
const BRANCH_ROW_HEIGHT = 22;
const ENTRY_BOX: BlockBox = { width: 100, height: 60 };
/** Horizontal gap between columns (so columns are BLOCK_WIDTH + 60 = 280 px apart). */
const COLUMN_GAP = 60;
/** Vertical gap between blocks of one column. */
const ROW_GAP = 50;
const MARGIN = 40;
/** Transitions spanning more columns than this are left out of the layout graph (see layoutEdges). */
const MAX_EDGE_SPAN = 3;
/** Main-path edges pull harder than error edges, which keeps the happy path on a straight line. */
const EDGE_WEIGHT = { [FLOW_EDGE_KIND.Next]: 4, [FLOW_EDGE_KIND.Condition]: 2, [FLOW_EDGE_KIND.Error]: 1 } as const;

const ENTRY_NODE = "entry";
const actionNode = (identifier: string): string => `action:${identifier}`;

/** The designer box the layout reserves for an action: wider never, taller with more branches. */
export function blockBox(action: FlowAction): BlockBox {
  const branches = new Set(actionEdges(action).map((edge) => `${edge.kind}\u0000${edge.errorType ?? ""}\u0000${edge.to}`)).size;
  return { width: BLOCK_WIDTH, height: Math.max(BLOCK_MIN_HEIGHT, BLOCK_HEADER_HEIGHT + BRANCH_ROW_HEIGHT * branches) };
}

/**
 * Positions for every action (keyed by Identifier) and for the Entry node, as console-cased designer
 * metadata: `{ entryPointPosition, ActionMetadata: { [id]: { position } } }`. Positions are the top-left
 * corners of the boxes, in whole pixels.
 */
export function layoutFlow(flow: FlowJson): FlowMetadata {
  const actions = uniqueActions(flow);
  const graph = new dagre.graphlib.Graph<dagre.GraphLabel, dagre.NodeLabel, dagre.EdgeLabel>({ multigraph: false });
  graph.setGraph({ rankdir: "LR", nodesep: ROW_GAP, ranksep: COLUMN_GAP, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));

  graph.setNode(ENTRY_NODE, { ...ENTRY_BOX });
  for (const action of actions) graph.setNode(actionNode(action.Identifier), { ...blockBox(action) });

  for (const edge of layoutEdges(flow, actions)) graph.setEdge(edge.from, edge.to, { weight: edge.weight, minlen: 1 });

  dagre.layout(graph);

  // fromEntries, not assignment: an Identifier such as "__proto__" comes from the flow and must stay a key.
  const ActionMetadata: { [identifier: string]: FlowActionMetadata } = Object.fromEntries(actions.map((action) =>
    [action.Identifier, { position: topLeft(graph.node(actionNode(action.Identifier))) }]));
  return { entryPointPosition: topLeft(graph.node(ENTRY_NODE)), ActionMetadata };
}

/** A transition as the layout sees it: between graph nodes, one per pair, with the strongest weight. */
interface LayoutEdge {
  readonly from: string;
  readonly to: string;
  readonly weight: number;
}

/**
 * The edges handed to dagre. Every transition counts, except long ones: an edge spanning more than
 * MAX_EDGE_SPAN columns (by a longest-path estimate) is left out unless it is the edge that places its
 * target. Such edges, typically dozens of branches into one shared error or goodbye block, would add a
 * dummy node per column crossed and make dagre take seconds on a 250-block flow, while barely changing
 * the picture: the designer draws every connector anyway.
 */
function layoutEdges(flow: FlowJson, actions: ReadonlyArray<FlowAction>): LayoutEdge[] {
  const ids = new Set(actions.map((action) => action.Identifier));
  const outgoing = new Map<string, Map<string, number>>([[ENTRY_NODE, new Map()]]);
  for (const action of actions) outgoing.set(actionNode(action.Identifier), new Map());
  if (ids.has(flow.StartAction)) outgoing.get(ENTRY_NODE)?.set(actionNode(flow.StartAction), EDGE_WEIGHT.next);
  for (const action of actions) {
    const targets = outgoing.get(actionNode(action.Identifier)) as Map<string, number>;
    for (const edge of actionEdges(action)) {
      if (!ids.has(edge.to)) continue;
      const to = actionNode(edge.to);
      targets.set(to, Math.max(targets.get(to) ?? 0, EDGE_WEIGHT[edge.kind]));
    }
  }
  const { backEdges, topologicalOrder } = depthFirst(outgoing);
  const isBack = (from: string, to: string): boolean => backEdges.has(`${from}\u0000${to}`);
  const rank = new Map<string, number>();
  const anchor = new Map<string, string>();
  for (const node of topologicalOrder) {
    if (!rank.has(node)) rank.set(node, 0);
    for (const to of (outgoing.get(node) as Map<string, number>).keys()) {
      if (isBack(node, to)) continue;
      const candidate = (rank.get(node) as number) + 1;
      if (!rank.has(to) || candidate > (rank.get(to) as number)) {
        rank.set(to, candidate);
        anchor.set(to, node);
      }
    }
  }
  const edges: LayoutEdge[] = [];
  for (const [from, targets] of outgoing) {
    for (const [to, weight] of targets) {
      const span = Math.abs((rank.get(to) as number) - (rank.get(from) as number));
      if (span <= MAX_EDGE_SPAN || (!isBack(from, to) && anchor.get(to) === from)) edges.push({ from, to, weight });
    }
  }
  return edges;
}

/**
 * Depth-first search from the Entry node, then from every block not yet visited (in document order):
 * returns the back edges (those closing a loop) and a topological order of the remaining edges.
 */
function depthFirst(outgoing: ReadonlyMap<string, ReadonlyMap<string, number>>): { backEdges: Set<string>; topologicalOrder: string[] } {
  const backEdges = new Set<string>();
  const finished: string[] = [];
  const state = new Map<string, "open" | "done">();
  for (const root of outgoing.keys()) {
    if (state.has(root)) continue;
    const stack: Array<{ node: string; targets: Iterator<string> }> = [{ node: root, targets: (outgoing.get(root) as ReadonlyMap<string, number>).keys() }];
    state.set(root, "open");
    while (stack.length > 0) {
      const top = stack[stack.length - 1];
      const step = top.targets.next();
      if (step.done) {
        state.set(top.node, "done");
        finished.push(top.node);
        stack.pop();
        continue;
      }
      const to = step.value;
      const seen = state.get(to);
      if (seen === "open") backEdges.add(`${top.node}\u0000${to}`);
      if (seen !== undefined) continue;
      state.set(to, "open");
      stack.push({ node: to, targets: (outgoing.get(to) as ReadonlyMap<string, number>).keys() });
    }
  }
  return { backEdges, topologicalOrder: finished.reverse() };
}

/** dagre places node centres; the designer wants top-left corners in whole pixels. */
function topLeft(node: dagre.NodeLabel): FlowPosition {
  return { x: Math.round((node.x ?? 0) - node.width / 2), y: Math.round((node.y ?? 0) - node.height / 2) };
}

/**
 * Places blocks added to a laid-out flow without moving any existing block: `added` (positions from
 * their own layout, e.g. {@link layoutFlow} of the new part) is shifted as a whole into a band below
 * every existing block, its left edge under `anchor` (the block the new part replaces or follows), so
 * nothing overlaps and the new part keeps its own arrangement. Pure; returns positions for `added` only.
 */
export function placeBelow(
  existing: ReadonlyArray<FlowPosition>,
  added: { readonly [identifier: string]: FlowPosition },
  anchor: FlowPosition,
): { [identifier: string]: FlowPosition } {
  const positions = Object.values(added);
  if (positions.length === 0) return {};
  // Existing blocks with many branches are taller than the minimum; leave room for a tall one.
  const bottom = existing.length === 0 ? anchor.y : Math.max(...existing.map((position) => position.y)) + 2 * BLOCK_MIN_HEIGHT;
  const top = bottom + ROW_GAP + MARGIN;
  const minX = Math.min(...positions.map((position) => position.x));
  const minY = Math.min(...positions.map((position) => position.y));
  return Object.fromEntries(Object.entries(added).map(([identifier, position]) =>
    [identifier, { x: Math.round(anchor.x + position.x - minX), y: Math.round(top + position.y - minY) }]));
}
