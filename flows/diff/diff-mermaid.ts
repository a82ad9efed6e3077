/**
 * The diff as a Mermaid diagram: the new flow (compact unless `expand`), with added blocks green, changed
 * ones amber, and removed ones drawn back in red with dashed edges where they used to be connected.
 */
import type { FlowJson } from "../flow-json";
import { buildDiagramGraph, DiagramEdgeKind, type DiagramEdge, type DiagramNode } from "../diagram/diagram-graph";
import { MermaidDirection, renderDiagramGraph } from "../mermaid";
import { BlockChangeKind, type FlowDiff } from "./flow-diff";

/** Options of {@link renderDiffMermaid}. */
export interface DiffMermaidOptions {
  /** Draw every block of the async macro. @default false (one node per macro use) */
  readonly expand?: boolean;
  /** @default "TD" */
  readonly direction?: MermaidDirection;
}

const HIGHLIGHT_STYLES = {
  added: "fill:#d5f5e3,stroke:#1e8449,stroke-width:3px,color:#000",
  changed: "fill:#fdebd0,stroke:#ca6f1e,stroke-width:3px,color:#000",
  removed: "fill:#fadbd8,stroke:#c0392b,stroke-width:2px,stroke-dasharray:5 4,color:#000",
} as const;
const REMOVED_EDGE_STYLE = "stroke:#c0392b,stroke-dasharray:5 4";
const REMOVED_PREFIX = "removed:";

export function renderDiffMermaid(before: FlowJson, after: FlowJson, diff: FlowDiff, options: DiffMermaidOptions = {}): string {
  const newGraph = buildDiagramGraph(after, { expand: options.expand });
  const oldGraph = buildDiagramGraph(before, { expand: options.expand });
  const added = new Set(diff.changes.filter((change) => change.kind === BlockChangeKind.added).map((change) => change.newId as string));
  const changed = new Set(diff.changes.filter((change) => change.kind === BlockChangeKind.changed).map((change) => change.newId as string));
  const removed = new Set(diff.changes.filter((change) => change.kind === BlockChangeKind.removed).map((change) => change.oldId as string));

  const highlights: { added: string[]; changed: string[]; removed: string[] } = { added: [], changed: [], removed: [] };
  const newNodeOfBlock = new Map<string, string>();
  for (const node of newGraph.nodes) {
    for (const block of node.blocks) newNodeOfBlock.set(block, node.key);
    if (node.blocks.length === 0) continue;
    if (node.blocks.every((block) => added.has(block))) highlights.added.push(node.key);
    else if (node.blocks.some((block) => added.has(block) || changed.has(block))) highlights.changed.push(node.key);
  }

  // Old nodes made only of removed blocks come back, marked; the rest of the old graph maps onto the new one.
  const oldToNew = new Map(diff.matches.map((match) => [match.oldId, match.newId]));
  const removedNodes: DiagramNode[] = [];
  const oldKeyToKey = new Map<string, string>([["entry", "entry"]]);
  for (const node of oldGraph.nodes) {
    if (node.blocks.length > 0 && node.blocks.every((block) => removed.has(block))) {
      const key = `${REMOVED_PREFIX}${node.key}`;
      removedNodes.push({ ...node, key, label: [`removed: ${node.label[0]}`, ...node.label.slice(1)] });
      highlights.removed.push(key);
      oldKeyToKey.set(node.key, key);
    } else {
      const survivor = node.blocks.map((block) => newNodeOfBlock.get(oldToNew.get(block) ?? "")).find((key) => key !== undefined);
      if (survivor !== undefined) oldKeyToKey.set(node.key, survivor);
    }
  }
  const removedEdges: DiagramEdge[] = oldGraph.edges
    .filter((edge) => oldKeyToKey.get(edge.from)?.startsWith(REMOVED_PREFIX) || oldKeyToKey.get(edge.to)?.startsWith(REMOVED_PREFIX))
    .flatMap((edge) => {
      const from = oldKeyToKey.get(edge.from);
      const to = oldKeyToKey.get(edge.to);
      return from === undefined || to === undefined ? [] : [{ ...edge, from, to, kind: DiagramEdgeKind.error }];
    });

  const edges = [...newGraph.edges, ...removedEdges];
  const edgeStyles = new Map(removedEdges.map((_, index) => [newGraph.edges.length + index, REMOVED_EDGE_STYLE]));
  return renderDiagramGraph({ nodes: [...newGraph.nodes, ...removedNodes], edges }, options.direction ?? MermaidDirection.TopDown, {
    highlights,
    highlightStyles: HIGHLIGHT_STYLES,
    edgeStyles,
  });
}
