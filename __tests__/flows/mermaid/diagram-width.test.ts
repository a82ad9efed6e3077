/**
 * The demo's compact diagram fits a page: at most 1,600 px wide with mermaid's defaults.
 *
 * The real figure needs a browser (mermaid cannot measure text in jsdom), so it is measured by hand with
 * `measure-in-chromium.mjs` (1,003 × 1,552 px for the compact top-down demo; 5,782 px wide for every
 * block left to right). CI checks a structural proxy instead: the diagram laid out by dagre (the layout
 * mermaid's flowcharts use) with mermaid's default spacing and every node as wide as mermaid lets a
 * label grow (200 px of text wrapping plus padding), and each edge label as wide as its text.
 */
import * as dagre from "@dagrejs/dagre";
import { buildDemoFlow } from "../../../flows/demo";
import { buildDiagramGraph, type DiagramGraph } from "../../../flows/diagram/diagram-graph";

/** mermaid 11 flowchart defaults: nodeSpacing, rankSpacing, wrappingWidth, and the node padding around the text. */
const MERMAID = { nodeSpacing: 50, rankSpacing: 50, wrappingWidth: 200, padding: 15, lineHeight: 24, characterWidth: 8 };
const PAGE_WIDTH = 1600;

function estimatedWidth(graph: DiagramGraph, direction: "TB" | "LR"): number {
  const layout = new dagre.graphlib.Graph<dagre.GraphLabel, dagre.NodeLabel, dagre.EdgeLabel>({ multigraph: true });
  layout.setGraph({ rankdir: direction, nodesep: MERMAID.nodeSpacing, ranksep: MERMAID.rankSpacing, marginx: 8, marginy: 8 });
  for (const node of graph.nodes) {
    const longest = Math.max(...node.label.map((line) => line.length)) * MERMAID.characterWidth;
    const textWidth = Math.min(MERMAID.wrappingWidth, longest);
    const lines = node.label.reduce((count, line) => count + Math.ceil((line.length * MERMAID.characterWidth) / MERMAID.wrappingWidth), 0);
    layout.setNode(node.key, { width: textWidth + 2 * MERMAID.padding, height: lines * MERMAID.lineHeight + 2 * MERMAID.padding });
  }
  graph.edges.forEach((edge, index) => {
    const label = edge.label === undefined ? {} : { width: edge.label.length * MERMAID.characterWidth, height: MERMAID.lineHeight };
    layout.setEdge(edge.from, edge.to, { ...label, minlen: 1 }, `e${index}`);
  });
  dagre.layout(layout);
  return layout.graph().width ?? Number.POSITIVE_INFINITY;
}

const DEMO = buildDemoFlow({ startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s", pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p" });

describe("the demo's diagram width", () => {
  it("fits 1,600 px when compact and top-down (the default)", () => {
    // GIVEN the demo's compact diagram, WHEN laid out as mermaid would, THEN it fits the page
    expect(estimatedWidth(buildDiagramGraph(DEMO), "TB")).toBeLessThanOrEqual(PAGE_WIDTH);
  });

  it("does not fit when every block is drawn left to right, so the check can fail", () => {
    // GIVEN the old rendering (every block, left to right), WHEN laid out the same way, THEN it is far too wide
    expect(estimatedWidth(buildDiagramGraph(DEMO, { expand: true }), "LR")).toBeGreaterThan(2 * PAGE_WIDTH);
  });
});
