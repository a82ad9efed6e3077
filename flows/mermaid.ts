/**
 * A Mermaid flowchart of a flow, for pull requests and docs. Compact by default (each use of the async
 * macro is one node; see flows/diagram/diagram-graph.ts), every block with `expand`. Block nodes show the
 * builder name when the flow carries it, the block's designer name and its key parameter; conditions are
 * labelled with their test, error branches are dotted and labelled; terminal, hand-off, Lambda and macro
 * nodes are styled apart. Top-down by default, which keeps a long flow narrow enough to read on a page.
 * Pure and deterministic.
 */
import type { FlowJson } from "./flow-json";
import { buildDiagramGraph, DiagramEdgeKind, DiagramNodeKind, type DiagramEdge, type DiagramGraph, type DiagramNode, type DiagramOptions } from "./diagram/diagram-graph";

/** Directions of a Mermaid flowchart. */
export const MermaidDirection = { TopDown: "TD", LeftRight: "LR" } as const;
export type MermaidDirection = (typeof MermaidDirection)[keyof typeof MermaidDirection];

/** Options of {@link renderMermaid}. */
export interface MermaidOptions extends DiagramOptions {
  /** Which way the flowchart runs. @default "TD" (top-down) */
  readonly direction?: MermaidDirection;
}

/** Extra styling of nodes, by node key, in class order (used by the diff to mark added, removed and changed blocks). */
export interface MermaidHighlights {
  readonly [className: string]: ReadonlyArray<string>;
}

/** Node styles; the `#` colours sit in classDef lines, never in labels. */
const CLASS_DEFS: ReadonlyArray<[string, string]> = [
  ["terminal", "fill:#fdecea,stroke:#c0392b,color:#000"],
  ["handoff", "fill:#e8f4fd,stroke:#2471a3,color:#000"],
  ["lambda", "fill:#fef5e7,stroke:#b9770e,color:#000"],
  ["macro", "fill:#f4ecf7,stroke:#7d3c98,stroke-width:2px,color:#000"],
  ["missing", "fill:#fff,stroke:#c0392b,stroke-dasharray:4 3,color:#c0392b"],
  ["entry", "fill:#eafaf1,stroke:#1e8449,color:#000"],
];

/** Renders `flow` as Mermaid flowchart text (ending in a newline). */
export function renderMermaid(flow: FlowJson, options: MermaidOptions = {}): string {
  return renderDiagramGraph(buildDiagramGraph(flow, options), options.direction ?? MermaidDirection.TopDown);
}

/**
 * Writes a diagram graph as Mermaid text. `highlights` adds classes (each with its classDef in
 * `highlightStyles`) to nodes by key, and `edgeStyles` styles edges by index (linkStyle).
 */
export function renderDiagramGraph(
  graph: DiagramGraph,
  direction: MermaidDirection = MermaidDirection.TopDown,
  extra: { readonly highlights?: MermaidHighlights; readonly highlightStyles?: { readonly [className: string]: string }; readonly edgeStyles?: ReadonlyMap<number, string> } = {},
): string {
  const nodeIds = assignNodeIds(graph.nodes.map((node) => node.key));
  const lines: string[] = [`flowchart ${direction}`];
  for (const node of graph.nodes) lines.push(`  ${nodeLine(nodeIds.get(node.key) as string, node)}`);
  graph.edges.forEach((edge) => lines.push(`  ${edgeLine(nodeIds.get(edge.from) as string, nodeIds.get(edge.to) as string, edge)}`));

  const definitions = [...CLASS_DEFS, ...Object.entries(extra.highlightStyles ?? {})];
  for (const [name, style] of definitions) lines.push(`  classDef ${name} ${style};`);
  const byKind = new Map<string, string[]>();
  for (const node of graph.nodes) {
    if (node.kind === DiagramNodeKind.block) continue;
    byKind.set(node.kind, [...(byKind.get(node.kind) ?? []), nodeIds.get(node.key) as string]);
  }
  for (const [name] of CLASS_DEFS) {
    const members = byKind.get(name);
    if (members !== undefined && members.length > 0) lines.push(`  class ${members.join(",")} ${name};`);
  }
  for (const [name, keys] of Object.entries(extra.highlights ?? {})) {
    const members = keys.map((key) => nodeIds.get(key)).filter((id): id is string => id !== undefined);
    if (members.length > 0) lines.push(`  class ${members.join(",")} ${name};`);
  }
  for (const [index, style] of [...(extra.edgeStyles ?? new Map<number, string>())].sort(([a], [b]) => a - b)) lines.push(`  linkStyle ${index} ${style};`);
  return `${lines.join("\n")}\n`;
}

/**
 * Escapes text for a double-quoted Mermaid label: characters Mermaid would read as syntax or HTML become
 * `#…;` entity codes (`"` → `#quot;`, `#` → `#35;`, …), and line breaks become spaces.
 */
export function escapeLabel(text: string): string {
  return text.replace(/[\r\n\t]+/g, " ").replace(/[#"<>&|`\\]/g, (character) => ENTITY[character]);
}

const ENTITY: { readonly [character: string]: string } = {
  "#": "#35;",
  '"': "#quot;",
  "<": "#lt;",
  ">": "#gt;",
  "&": "#amp;",
  "|": "#124;",
  "`": "#96;",
  "\\": "#92;",
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Mermaid node ids: letters, digits and `_` only, unique, never a keyword (`end`, `graph`…), stable per
 * key. A UUID Identifier is shortened to its first 8 hex digits; a macro use becomes `m_<id>`.
 */
function assignNodeIds(keys: ReadonlyArray<string>): Map<string, string> {
  const ids = new Map<string, string>();
  const used = new Set<string>();
  for (const key of keys) {
    let base: string;
    if (key === "entry") base = "entry";
    else if (key.startsWith("macro:")) base = `m_${key.slice("macro:".length).replace(/[^A-Za-z0-9_]/g, "_")}`;
    else if (key.startsWith("missing:")) base = "missing";
    else base = `b_${(UUID.test(key) ? key.slice(0, 8) : key).replace(/[^A-Za-z0-9_]/g, "_")}`;
    let candidate = base === "missing" ? "missing_1" : base;
    for (let suffix = 2; used.has(candidate); suffix += 1) candidate = base === "missing" ? `missing_${suffix}` : `${base}_${suffix}`;
    used.add(candidate);
    ids.set(key, candidate);
  }
  return ids;
}

function nodeLine(id: string, node: DiagramNode): string {
  const label = node.label.map(escapeLabel).join("<br/>");
  switch (node.kind) {
    case DiagramNodeKind.entry:
    case DiagramNodeKind.terminal:
      return `${id}(["${label}"])`;
    case DiagramNodeKind.macro:
      return `${id}[["${label}"]]`;
    default:
      return `${id}["${label}"]`;
  }
}

function edgeLine(from: string, to: string, edge: DiagramEdge): string {
  const arrow = edge.kind === DiagramEdgeKind.error ? "-.->" : "-->";
  return edge.label === undefined ? `${from} ${arrow} ${to}` : `${from} ${arrow}|"${escapeLabel(edge.label)}"| ${to}`;
}
