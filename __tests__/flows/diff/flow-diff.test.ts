import { createHash } from "node:crypto";
import { buildDemoFlow } from "../../../flows/demo";
import { renderDiffMermaid } from "../../../flows/diff/diff-mermaid";
import { formatDiff } from "../../../flows/diff/diff-report";
import { diffFlows } from "../../../flows/diff/flow-diff";
import { asFlow, fixtureNames, fixtureText, loadFixture, type MutableFlow } from "../../support/connect-flow-fixtures";
import { parseWithRealMermaid } from "../../support/run-mermaid-parser";

const ARNS = {
  startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s",
  pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p",
};

/** The fixture with every Identifier replaced by another, as a re-export from another instance would have. */
function reIdentified(name: string): MutableFlow {
  const original = loadFixture(name);
  let text = fixtureText(name);
  for (const action of original.Actions) text = text.split(`"${action.Identifier}"`).join(`"${createHash("sha256").update(`other:${action.Identifier}`).digest("hex").slice(0, 32)}"`);
  return JSON.parse(text) as MutableFlow;
}

describe("diffing flows built here (Identifiers derive from names)", () => {
  it("reports nothing for the same flow", () => {
    const flow = buildDemoFlow(ARNS);
    const diff = diffFlows(flow, flow);
    expect(diff.changes).toEqual([]);
    expect(diff.unchangedCount).toBe(flow.Actions.length);
  });

  it("reports the blocks a change adds and the blocks whose transitions now lead to them, all matched by Identifier", () => {
    // GIVEN the demo without and with a queue to hand callers over to (two more blocks on the failure paths)
    const before = buildDemoFlow(ARNS);
    const after = buildDemoFlow({ ...ARNS, queueArn: "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q" });
    // WHEN diffed
    const diff = diffFlows(before, after);
    // THEN the two transfer blocks are added, by their builder names
    expect(diff.changes.filter((change) => change.kind === "added").map((change) => change.label)).toEqual(["Set the agent queue (Set working queue)", "Transfer to an agent (Transfer to queue)"]);
    // AND the apologies now lead to the queue, not to the goodbye
    const changed = diff.changes.filter((change) => change.kind === "changed");
    expect(changed.map((change) => change.label)).toEqual(expect.arrayContaining(["Apologise for the failure (Play prompt)", "Apologise for the delay (Play prompt)"]));
    for (const change of changed) expect(change.match).toEqual({ method: "identifier", confidence: 1 });
    const apology = changed.find((change) => change.label.startsWith("Apologise for the failure"));
    expect(apology?.transitions?.after).toContain("next → Set the agent queue (Set working queue)");
    expect(apology?.transitions?.before).toContain("next → Say goodbye (Play prompt)");
    expect(diff.structuralMatches.count).toBe(0);
  });
});

describe("diffing console exports with random Identifiers", () => {
  it.each(fixtureNames())("pairs every block of %s with its re-identified copy by structure and finds no change", (name) => {
    // GIVEN a real export and the same flow with every Identifier changed
    const diff = diffFlows(asFlow(loadFixture(name)), asFlow(reIdentified(name)));
    // THEN nothing changed, every block was paired by structure, with full confidence
    expect(diff.changes).toEqual([]);
    expect(diff.structuralMatches).toEqual({ count: loadFixture(name).Actions.length, lowestConfidence: 1 });
  });

  it("pairs a block whose prompt changed, says how sure it is, and lists the parameter", () => {
    // GIVEN the async sample re-identified, with one prompt's words changed
    const after = reIdentified("seed_Sample-Async-Lambda.json");
    const prompt = after.Actions.find((action) => action.Type === "MessageParticipant" && typeof action.Parameters.Text === "string");
    const oldText = prompt!.Parameters.Text;
    prompt!.Parameters.Text = "Completely different words";
    // WHEN diffed
    const diff = diffFlows(asFlow(loadFixture("seed_Sample-Async-Lambda.json")), asFlow(after));
    // THEN it is one changed block, paired by structure with less than full confidence, naming the change
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]).toMatchObject({ kind: "changed", newId: prompt!.Identifier, match: { method: "structure" }, parameters: [{ path: "Text", before: JSON.stringify(oldText), after: '"Completely different words"' }] });
    expect(diff.changes[0].match!.confidence).toBeLessThan(1);
    expect(formatDiff(diff, { before: "old.json", after: "new.json" })).toMatch(/matched by structure, confidence 0\.\d\d/);
  });

  it("reports a removed block, and the block that led to it as changed", () => {
    // GIVEN the async sample with one prompt cut out (its predecessor now skips it)
    const before = loadFixture("seed_Sample-Async-Lambda.json");
    const after = loadFixture("seed_Sample-Async-Lambda.json");
    const cut = after.Actions.find((action) => action.Type === "MessageParticipant" && action.Transitions.NextAction !== undefined)!;
    after.Actions = after.Actions.filter((action) => action !== cut);
    for (const action of after.Actions) {
      if (action.Transitions.NextAction === cut.Identifier) action.Transitions.NextAction = cut.Transitions.NextAction;
      for (const branch of [...(action.Transitions.Conditions ?? []), ...(action.Transitions.Errors ?? [])]) if (branch.NextAction === cut.Identifier) branch.NextAction = cut.Transitions.NextAction!;
    }
    if (after.StartAction === cut.Identifier) after.StartAction = cut.Transitions.NextAction!;
    // WHEN diffed
    const diff = diffFlows(asFlow(before), asFlow(after));
    // THEN the block is removed and no block is added
    expect(diff.changes.filter((change) => change.kind === "removed").map((change) => change.oldId)).toEqual([cut.Identifier]);
    expect(diff.changes.filter((change) => change.kind === "added")).toEqual([]);
    expect(diff.changes.filter((change) => change.kind === "changed").length).toBeGreaterThan(0);
  });
});

describe("the diff diagram", () => {
  it("marks added, changed and removed blocks, and mermaid parses it", () => {
    // GIVEN a change that adds blocks (the queue hand-over) and one that removes them (the reverse)
    const without = buildDemoFlow(ARNS);
    const withQueue = buildDemoFlow({ ...ARNS, queueArn: "arn:aws:connect:us-east-1:111111111111:instance/i/queue/q" });
    const adding = renderDiffMermaid(without, withQueue, diffFlows(without, withQueue));
    const removing = renderDiffMermaid(withQueue, without, diffFlows(withQueue, without));
    // THEN the added blocks carry the added class, the changed ones the changed class
    expect(adding).toMatch(/^ {2}class [\w,]+ added;$/m);
    expect(adding).toMatch(/^ {2}class [\w,]+ changed;$/m);
    // AND removed blocks come back labelled as removed, with dashed red edges
    expect(removing).toContain('["removed: Set the agent queue<br/>');
    expect(removing).toMatch(/^ {2}class [\w,]+ removed;$/m);
    expect(removing).toMatch(/^ {2}linkStyle \d+ stroke:#c0392b/m);
    // AND both parse as flowcharts
    const { results } = parseWithRealMermaid([adding, removing]);
    expect(results.map((result) => result.ok)).toEqual([true, true]);
  });
});

