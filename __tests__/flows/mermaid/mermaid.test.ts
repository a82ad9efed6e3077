import { buildDemoFlow, demoFlow } from "../../../flows/demo";
import type { FlowJson } from "../../../flows/flow-json";
import { escapeLabel, renderMermaid } from "../../../flows/mermaid";
import { asFlow, fixtureNames, loadFixture } from "../../support/connect-flow-fixtures";
import { parseWithRealMermaid } from "../../support/run-mermaid-parser";

const DEMO = buildDemoFlow({
  startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s",
  pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p",
});

const NAMED = (() => {
  const flow = demoFlow({ startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s", pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p" });
  return { flow: flow.toJson(), blockNames: flow.blockNames() };
})();

/** Identifiers and texts full of characters Mermaid treats as syntax. */
const AWKWARD: FlowJson = {
  Version: "2019-10-30",
  StartAction: "Say \"hi\" #1",
  Actions: [
    { Identifier: "Say \"hi\" #1", Type: "MessageParticipant",
      Parameters: { Text: "Press # or [1] | \"quote\" <b>bold</b> & `tick`\nnew line; end" },
      Transitions: { NextAction: "end", Errors: [{ NextAction: "end", ErrorType: "NoMatchingError" }] } },
    { Identifier: "end", Type: "Compare", Parameters: { ComparisonValue: "$.Attributes['a b']" },
      Transitions: { NextAction: "a b",
        Conditions: [{ NextAction: "a_b", Condition: { Operator: "TextContains", Operands: ["x\"y|z#"] } }],
        Errors: [{ NextAction: "a b", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "a b", Type: "TransferToFlow", Parameters: { ContactFlowId: "arn:aws:connect:us-east-1:1:instance/i/contact-flow/flow-9" },
      Transitions: { NextAction: "ghost", Errors: [{ NextAction: "a_b", ErrorType: "NoMatchingError" }] } },
    { Identifier: "a_b", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

describe("the Mermaid renderer", () => {
  it("draws the demo flow as a left-to-right flowchart with readable labels", () => {
    // WHEN the demo flow is rendered
    const text = renderMermaid(DEMO);
    const lines = text.split("\n");
    // THEN it is a flowchart LR with one node per block plus the entry, and the entry leads to the start block
    expect(lines[0]).toBe("flowchart LR");
    const nodeLines = lines.filter((line) => /^ {2}b_\w+(\[|\(\[)"/.test(line));
    expect(nodeLines).toHaveLength(DEMO.Actions.length);
    expect(text).toMatch(/^ {2}entry --> b_\w+$/m);
    // AND Lambda blocks show the function name from the ARN and the time limit
    expect(text).toMatch(/InvokeLambdaFunction<br\/>s \(\d s\)/);
    expect(text).toMatch(/InvokeLambdaFunction<br\/>p \(\d s\)/);
    // AND a Compare on the status has labelled branches for each outcome
    expect(text).toMatch(/-->\|"= SUCCEEDED"\|/);
    expect(text).toMatch(/-->\|"= PENDING"\|/);
    // AND error edges are dotted and carry their ErrorType
    expect(text).toMatch(/-\.->\|"NoMatchingError"\|/);
    // AND the Disconnect block is styled as terminal
    expect(text).toMatch(/^ {2}class [\w,]+ terminal;$/m);
    expect(text.endsWith("\n")).toBe(true);
  });

  it("renders the same text twice", () => {
    // WHEN the demo flow is rendered twice, THEN the texts are identical (diagrams diff cleanly in reviews)
    expect(renderMermaid(DEMO)).toBe(renderMermaid(DEMO));
  });

  it("sanitizes node ids and escapes labels", () => {
    // WHEN a flow with spaces, quotes, '#', '|', brackets and a block named "end" is rendered
    const text = renderMermaid(AWKWARD);
    // THEN node ids are plain words, distinct even when Identifiers sanitize alike, and never the keyword end
    const ids = [...text.matchAll(/^ {2}(\w+)(?:\[|\(\[)"/gm)].map((match) => match[1]);
    expect(ids).toEqual(["entry", "b_Say__hi___1", "b_end", "b_a_b", "b_a_b_2", "missing_1"]);
    // AND quotes, '#', '|' and angle brackets in labels become entity codes, newlines become spaces
    expect(text).toContain("MessageParticipant<br/>Say #quot;hi#quot; #35;1<br/>");
    expect(text).toContain('-->|"contains x#quot;y#124;z#35;"|');
    expect(text).not.toMatch(/<b>/);
    // AND a transition to a missing block is drawn to a visible placeholder
    expect(text).toMatch(/missing_1\["missing block: ghost"\]/);
  });

  it("shows the names a flow was written with, above each block's type, when the builder supplies them", () => {
    // GIVEN the demo flow and its block names
    // WHEN rendered with the names
    const text = renderMermaid(NAMED.flow, { blockNames: NAMED.blockNames });
    // THEN the Lambda block reads as the macro's start, and the hang-up as what the author called it
    expect(text).toMatch(/\["lookUpAccount: start<br\/>InvokeLambdaFunction<br\/>/);
    expect(text).toMatch(/\(\["Hang up<br\/>DisconnectParticipant"\]\)/);
    // AND without names the same block shows only its type first
    expect(renderMermaid(NAMED.flow)).not.toContain("lookUpAccount: start");
  });

  it("escapes every character Mermaid would read as syntax", () => {
    // GIVEN text with every special character, WHEN escaped, THEN each becomes its entity code
    expect(escapeLabel('a"b#c|d<e>f&g`h\ni')).toBe("a#quot;b#35;c#124;d#lt;e#gt;f#amp;g#96;h i");
  });

  it("produces diagrams the real mermaid parser accepts: the demo flow, every fixture and awkward names", () => {
    // GIVEN the rendered diagrams, and one broken diagram as a control that the check can fail
    const diagrams = [
      renderMermaid(DEMO),
      renderMermaid(AWKWARD),
      renderMermaid(NAMED.flow, { blockNames: NAMED.blockNames }),
      ...fixtureNames().map((name) => renderMermaid(asFlow(loadFixture(name)))),
      'flowchart LR\n  a["unclosed]\n',
    ];
    // WHEN mermaid 11 parses them in a child process
    const { results, stderr } = parseWithRealMermaid(diagrams);
    // THEN every rendered diagram parses as a flowchart, and only the control fails
    expect(stderr).not.toMatch(/Error/);
    expect(results).toHaveLength(diagrams.length);
    expect(results.slice(0, -1).filter((result) => !result.ok)).toEqual([]);
    expect(results.slice(0, -1).every((result) => result.type?.startsWith("flowchart"))).toBe(true);
    expect(results[results.length - 1].ok).toBe(false);
  });
});
