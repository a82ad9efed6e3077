import { asyncAwait, asyncStart } from "../../../flows/async";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { buildDemoFlow, demoFlow } from "../../../flows/demo";
import { Flow } from "../../../flows/flow";
import type { FlowJson } from "../../../flows/flow-json";
import { escapeLabel, renderMermaid } from "../../../flows/mermaid";
import { asFlow, fixtureNames, loadFixture } from "../../support/connect-flow-fixtures";
import { parseWithRealMermaid } from "../../support/run-mermaid-parser";
import { EVENT_STRATEGY_FLOW } from "./event-strategy-flow";

const ARNS = {
  startFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:s",
  pollFunctionArn: "arn:aws:lambda:us-east-1:111111111111:function:p",
};
const DEMO = buildDemoFlow(ARNS);

/** The demo flow's JSON with its designer metadata removed: what a flow looks like once the names are lost. */
const DEMO_WITHOUT_METADATA: FlowJson = { Version: DEMO.Version, StartAction: DEMO.StartAction, Actions: DEMO.Actions };

/** Identifiers and texts full of characters Mermaid treats as syntax. */
const AWKWARD: FlowJson = {
  Version: "2019-10-30",
  StartAction: "Say \"hi\" #1",
  Actions: [
    { Identifier: "Say \"hi\" #1", Type: "MessageParticipant",
      Parameters: { Text: "Press # or [1] | \"quote\" <b>bold</b> & `tick`\nnew line; end" },
      Transitions: { NextAction: "end", Errors: [{ NextAction: "a_b", ErrorType: "NoMatchingError" }] } },
    { Identifier: "end", Type: "Compare", Parameters: { ComparisonValue: "$.Attributes['a b']" },
      Transitions: { NextAction: "a b",
        Conditions: [{ NextAction: "a_b", Condition: { Operator: "TextContains", Operands: ["x\"y|z#"] } }],
        Errors: [{ NextAction: "a b", ErrorType: "NoMatchingCondition" }] } },
    { Identifier: "a b", Type: "TransferToFlow", Parameters: { ContactFlowId: "arn:aws:connect:us-east-1:1:instance/i/contact-flow/flow-9" },
      Transitions: { NextAction: "ghost", Errors: [{ NextAction: "a_b", ErrorType: "NoMatchingError" }] } },
    { Identifier: "a_b", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} },
  ],
};

/** Node lines of a rendered diagram: `id` → label (raw, escaped text). */
function nodes(text: string): Map<string, string> {
  return new Map([...text.matchAll(/^ {2}(\w+)(?:\[\[|\(\[|\[)"(.*)"(?:\]\]|\]\)|\])$/gm)].map((match) => [match[1], match[2]]));
}

/** Edges as `from -> to : label` with the node labels' first lines in place of ids, so tests read like the flow. */
function edges(text: string): string[] {
  const labels = nodes(text);
  const first = (id: string): string => (labels.get(id) ?? id).split("<br/>")[0];
  return [...text.matchAll(/^ {2}(\w+) (-->|-\.->)(?:\|"(.*?)"\|)? (\w+)$/gm)].map(([, from, arrow, label, to]) => `${first(from)} ${arrow} ${first(to)}${label ? ` : ${label}` : ""}`);
}

describe("compact diagrams", () => {
  it("draw each use of the async macro as one node with its success, failure and timeout edges", () => {
    // GIVEN the demo flow, which uses the macro once (13 blocks)
    // WHEN it is drawn with the defaults
    const text = renderMermaid(DEMO);
    // THEN one node stands for the macro, named by its id, with the longest wait the macro was sized for
    const macroNodes = [...nodes(text).entries()].filter(([id]) => id.startsWith("m_"));
    expect(macroNodes).toEqual([["m_lookUpAccount", "lookUpAccount: async, ≤ 60 s<br/>operation demo"]]);
    // AND it leads to the author's three outcome blocks, labelled by outcome, bad outcomes dotted
    expect(edges(text).filter((edge) => edge.startsWith("lookUpAccount: async"))).toEqual([
      "lookUpAccount: async, ≤ 60 s --> Read the balance : success",
      "lookUpAccount: async, ≤ 60 s -.-> Apologise for the failure : failure",
      "lookUpAccount: async, ≤ 60 s -.-> Apologise for the delay : timeout",
    ]);
    // AND none of the macro's own blocks is drawn
    expect(text).not.toMatch(/lookUpAccount: (start|poll|wait turns)/);
    const macroBlocks = [...demoFlow(ARNS).blockNames().values()].filter((name) => name.startsWith("lookUpAccount: ")).length;
    expect(nodes(text).size).toBe(1 + DEMO.Actions.length - macroBlocks + 1);
  });

  it("recognise the macro from the JSON alone, without the builder names", () => {
    // GIVEN the demo flow's JSON without its metadata
    // WHEN drawn, THEN the macro is still one node with the same three outcome edges
    const text = renderMermaid(DEMO_WITHOUT_METADATA);
    expect([...nodes(text).keys()].filter((id) => id.startsWith("m_"))).toEqual(["m_lookUpAccount"]);
    expect(edges(text).filter((edge) => edge.startsWith("lookUpAccount")).map((edge) => edge.split(" : ")[1])).toEqual(["success", "failure", "timeout"]);
  });

  it.each([
    ["loop", 45], ["loop", 60], ["loop", 90], ["event", 45], ["event", 60], ["event", 90],
  ] as const)("label the %s strategy's node with the wait it was sized for (%i s), with or without the builder names", (strategy, maxWaitSeconds) => {
    // GIVEN the demo built with that strategy and wait
    const built = demoFlow({ ...ARNS, strategy, maxWaitSeconds });
    const json = built.toJson();
    const macroBlocks = [...built.blockNames().values()].filter((name) => name.startsWith("lookUpAccount: ")).length;
    for (const flow of [json, { Version: json.Version, StartAction: json.StartAction, Actions: json.Actions }]) {
      // WHEN drawn compact, THEN one node says how long the caller may wait, and all the macro's blocks are in it
      const text = renderMermaid(flow);
      expect(nodes(text).get("m_lookUpAccount")).toBe(`lookUpAccount: async, ≤ ${maxWaitSeconds} s<br/>operation demo`);
      expect(nodes(text).size).toBe(1 + json.Actions.length - macroBlocks + 1);
    }
  });

  it("draw the two halves of asyncStart … asyncAwait as two nodes, with the author's blocks between them", () => {
    // GIVEN a flow that starts the work, tells the caller something, then waits for it
    const bye = new DisconnectParticipant("Bye");
    const readIt = new MessageParticipant("Read it", { prompt: { text: "Done: $.External.x" } }).onError(bye);
    readIt.next(bye);
    const sorry = new MessageParticipant("Sorry", { prompt: { text: "Sorry." } }).onError(bye);
    sorry.next(bye);
    const call = asyncStart("fetch", { startFunctionArn: ARNS.startFunctionArn, input: { account: "$.Attributes.account" } });
    const meanwhile = new MessageParticipant("Meanwhile", { prompt: { text: "While we look, some news." } }).onError(sorry);
    call.next(meanwhile).next(asyncAwait(call, { pollFunctionArn: ARNS.pollFunctionArn, maxWaitSeconds: 60, onSuccess: readIt, onFailure: sorry, onTimeout: sorry }));
    call.onError(sorry);
    const json = new Flow({ name: "split", startWith: call }).toJson();
    for (const flow of [json, { Version: json.Version, StartAction: json.StartAction, Actions: json.Actions }]) {
      // WHEN drawn compact
      const text = renderMermaid(flow);
      // THEN the start and the wait are one node each, the author's block between them
      expect([...nodes(text).entries()].filter(([id]) => id.startsWith("m_"))).toEqual([
        ["m_fetch_start", "fetch: async start<br/>operation fetch"],
        ["m_fetch_await", "fetch: await, ≤ 60 s<br/>after fetch: async start"],
      ]);
      // (without the builder names the author's blocks read "Play prompt", so check the edges on the named flow)
      if (flow === json) expect(edges(text)).toEqual(expect.arrayContaining([
        "Entry --> fetch: async start",
        "fetch: async start --> Meanwhile : continue",
        "Meanwhile --> fetch: await, ≤ 60 s",
        "fetch: await, ≤ 60 s --> Read it : success",
        "fetch: await, ≤ 60 s -.-> Sorry : failure, timeout",
      ]));
      expect(parseWithRealMermaid([text]).results.map((result) => result.ok)).toEqual([true]);
    }
  });

  it("recognise the event strategy (asynchronous poll, Wait, Load result) and draw it as one node too", () => {
    // GIVEN a hand-written event-strategy flow, WHEN drawn compact
    const text = renderMermaid(EVENT_STRATEGY_FLOW);
    // THEN the Wait, the Load result and the hold music are inside the one macro node
    expect([...nodes(text).keys()].filter((id) => id.startsWith("m_"))).toEqual(["m_bal"]);
    expect(text).not.toContain("Load Lambda result");
    expect(text.split("\n").filter((line) => line.startsWith("  m_bal -"))).toEqual([
      '  m_bal -->|"success"| b_read',
      '  m_bal -.->|"failure"| b_sorry',
      '  m_bal -.->|"timeout"| b_late',
    ]);
    expect(text).toContain("  b_greet --> m_bal\n");
  });

  it("draw every block with expand, with the Wait's and the Load result's branches named as in the designer", () => {
    // GIVEN the event-strategy flow, WHEN drawn expanded
    const text = renderMermaid(EVENT_STRATEGY_FLOW, { expand: true });
    const drawn = edges(text);
    // THEN there is no macro node, and the Wait shows Continue, the event's name and WaitCompleted
    expect(text).not.toMatch(/^ {2}m_/m);
    expect(drawn).toEqual(expect.arrayContaining([
      "Wait --> Play prompt : Continue",
      "Wait --> Load Lambda result : LambdaReturned",
      "Wait --> Load Lambda result : WaitCompleted",
      "Load Lambda result -.-> Wait : InProgress",
      "Load Lambda result -.-> Play prompt : Error",
    ]));
    // AND the Wait and the asynchronous invocation say what they do
    expect(text).toContain("Wait<br/>bal-wait<br/>up to 60 s for LambdaReturned, keep");
    expect(text).toContain("Invoke Lambda<br/>bal-poll<br/>connect-async-poll (60 s, async)");
  });
});

describe("block labels", () => {
  it("show the names a flow was written with, read from the flow's own metadata", () => {
    // GIVEN the demo flow's JSON (the builder records each block's name in its designer metadata)
    // WHEN drawn expanded without passing any names
    const text = renderMermaid(DEMO, { expand: true });
    // THEN blocks show their builder names above the designer's name of their type
    expect(text).toContain('["lookUpAccount: start<br/>Invoke Lambda<br/>s (4 s)"]');
    expect(text).toContain('(["Hang up<br/>Disconnect"])');
    expect(text).toContain('["Enable flow logs<br/>Set logging behavior<br/>enabled"]');
    // AND without the metadata the same blocks show their type and key parameter only
    const bare = renderMermaid(DEMO_WITHOUT_METADATA, { expand: true });
    expect(bare).not.toContain("lookUpAccount: start");
    expect(bare).toContain('["Invoke Lambda<br/>s (4 s)"]');
  });

  it("give console exports the block type and its key parameter", () => {
    // GIVEN a real console export (UUID identifiers, no names)
    const text = renderMermaid(asFlow(loadFixture("seed_Sample-Async-Lambda.json")));
    const labels = [...nodes(text).values()];
    // THEN the Lambda blocks name their function, prompts quote their first words, checks their attribute
    expect(labels).toEqual(expect.arrayContaining([expect.stringMatching(/^Invoke Lambda<br\/>Async Trigger<br\/>sfn_function \(8 s\)$/)]));
    expect(labels.some((label) => /^Play prompt<br\/>(.*<br\/>)?#quot;\w/.test(label))).toBe(true);
    expect(labels.some((label) => /^Check contact attributes<br\/>(.*<br\/>)?check \$\./.test(label))).toBe(true);
    // AND no label is a bare UUID
    expect(labels.filter((label) => /^[0-9a-f]{8}-/.test(label))).toEqual([]);
  });
});

describe("the Mermaid text", () => {
  it("is a top-down flowchart by default and left-to-right on request", () => {
    expect(renderMermaid(DEMO).split("\n")[0]).toBe("flowchart TD");
    expect(renderMermaid(DEMO, { direction: "LR" }).split("\n")[0]).toBe("flowchart LR");
  });

  it("renders the same text twice", () => {
    // WHEN the demo flow is rendered twice, THEN the texts are identical (diagrams diff cleanly in reviews)
    expect(renderMermaid(DEMO)).toBe(renderMermaid(DEMO));
    expect(renderMermaid(DEMO, { expand: true })).toBe(renderMermaid(DEMO, { expand: true }));
  });

  it("sanitizes node ids and escapes labels", () => {
    // WHEN a flow with spaces, quotes, '#', '|', brackets and a block named "end" is rendered
    const text = renderMermaid(AWKWARD);
    // THEN node ids are plain words, distinct even when Identifiers sanitize alike, and never the keyword end
    expect([...nodes(text).keys()]).toEqual(["entry", "b_Say__hi___1", "b_end", "b_a_b", "b_a_b_2", "missing_1"]);
    // AND quotes, '#', '|' and angle brackets in labels become entity codes, newlines become spaces
    expect(text).toContain("Play prompt<br/>Say #quot;hi#quot; #35;1<br/>");
    expect(text).toContain('-->|"contains x#quot;y#124;z#35;"|');
    expect(text).not.toMatch(/<b>/);
    // AND a transition to a missing block is drawn to a visible placeholder
    expect(text).toMatch(/missing_1\["missing block: ghost"\]/);
  });

  it("escapes every character Mermaid would read as syntax", () => {
    // GIVEN text with every special character, WHEN escaped, THEN each becomes its entity code
    expect(escapeLabel('a"b#c|d<e>f&g`h\ni')).toBe("a#quot;b#35;c#124;d#lt;e#gt;f#amp;g#96;h i");
  });

  it("produces diagrams the real mermaid parser accepts: compact and expanded, every fixture and awkward names", () => {
    // GIVEN the rendered diagrams, and one broken diagram as a control that the check can fail
    const diagrams = [
      renderMermaid(DEMO),
      renderMermaid(DEMO, { expand: true, direction: "LR" }),
      renderMermaid(AWKWARD),
      renderMermaid(EVENT_STRATEGY_FLOW),
      renderMermaid(EVENT_STRATEGY_FLOW, { expand: true }),
      renderMermaid(demoFlow(ARNS).toJson()),
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
