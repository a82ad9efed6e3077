import type { FlowAction, FlowIssue, FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { asFlow, loadFixture } from "../../support/connect-flow-fixtures";

// Small hand-written flows: each block says where it goes, so the paths under test are plain to see.
const ARN = (name: string): string => `arn:aws:lambda:us-east-1:111111111111:function:${name}`;

function lambda(id: string, fn: string, next: string, extra: Partial<{ seconds: string; inputs: Record<string, string>; async: boolean }> = {}): FlowAction {
  return {
    Identifier: id, Type: "InvokeLambdaFunction",
    Parameters: {
      LambdaFunctionARN: ARN(fn), InvocationTimeLimitSeconds: extra.seconds ?? "8",
      ...(extra.inputs ? { LambdaInvocationAttributes: extra.inputs } : {}),
      ...(extra.async ? { InvocationType: "ASYNCHRONOUS" } : {}),
    },
    Transitions: { NextAction: next, Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] },
  };
}
function play(id: string, text: string, next: string): FlowAction {
  return { Identifier: id, Type: "MessageParticipant", Parameters: { Text: text }, Transitions: { NextAction: next, Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } };
}
function setAttributes(id: string, attributes: Record<string, string>, next: string): FlowAction {
  return { Identifier: id, Type: "UpdateContactAttributes", Parameters: { Attributes: attributes }, Transitions: { NextAction: next, Errors: [{ NextAction: "bye", ErrorType: "NoMatchingError" }] } };
}
function compare(id: string, value: string, branches: Record<string, string>, otherwise: string): FlowAction {
  return {
    Identifier: id, Type: "Compare", Parameters: { ComparisonValue: value },
    Transitions: {
      NextAction: otherwise,
      Conditions: Object.entries(branches).map(([operand, next]) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } })),
      Errors: [{ NextAction: otherwise, ErrorType: "NoMatchingCondition" }],
    },
  };
}
const BYE: FlowAction = { Identifier: "bye", Type: "DisconnectParticipant", Parameters: {}, Transitions: {} };

function flowOf(...actions: FlowAction[]): FlowJson {
  return { Version: "2019-10-30", StartAction: actions[0].Identifier, Actions: [...actions, BYE] };
}

function issuesWithCode(flow: FlowJson, code: string, options?: Parameters<typeof validateFlow>[1]): FlowIssue[] {
  const issues = validateFlow(flow, options);
  expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
  return issues.filter((issue) => issue.code === code);
}

describe("warning: $.External read after another Lambda call", () => {
  const EXTERNAL = "EXTERNAL_READ_AFTER_OTHER_LAMBDA";

  it("warns when a key read after one Lambda is read again after a Lambda of another function", () => {
    // GIVEN getCustomer → greet with $.External.name → logCall (another function) → goodbye with $.External.name
    const flow = flowOf(
      lambda("getCustomer", "get-customer", "greet"),
      play("greet", "Hello $.External.name", "logCall"),
      lambda("logCall", "log-call", "goodbye"),
      play("goodbye", "Goodbye $.External.name", "bye"),
    );
    // WHEN it is validated
    const found = issuesWithCode(flow, EXTERNAL);
    // THEN the second read is flagged, naming both Lambda blocks and the fix
    expect(found).toEqual([expect.objectContaining({ severity: "warning", blockId: "goodbye" })]);
    expect(found[0].message).toMatch(/reads \$\.External\.name.*"logCall".*"getCustomer".*Set contact attributes/);
  });

  it("warns when only one branch calls the other Lambda", () => {
    // GIVEN a read after getCustomer, then a branch where only the VIP path calls logCall, then another read
    const flow = flowOf(
      lambda("getCustomer", "get-customer", "check"),
      compare("check", "$.External.tier", { vip: "logCall" }, "goodbye"),
      lambda("logCall", "log-call", "goodbye"),
      play("goodbye", "Goodbye, $.External.tier customer", "bye"),
    );
    // THEN the read is flagged because on some path logCall ran in between
    expect(issuesWithCode(flow, EXTERNAL).map((issue) => issue.blockId)).toEqual(["goodbye"]);
  });

  it("does not warn when the same function runs again, re-setting the value", () => {
    // GIVEN poll → check $.External.state → poll again (same function) → read $.External.state
    const flow = flowOf(
      lambda("poll", "poll-fn", "check"),
      compare("check", "$.External.state", { done: "report" }, "pollAgain"),
      lambda("pollAgain", "poll-fn", "report"),
      play("report", "State $.External.state", "bye"),
    );
    expect(issuesWithCode(flow, EXTERNAL)).toEqual([]);
  });

  it("does not warn when the other Lambda receives the value as an input (it passes it through)", () => {
    // GIVEN a second Lambda that takes $.External.name among its inputs
    const flow = flowOf(
      lambda("getCustomer", "get-customer", "greet"),
      play("greet", "Hello $.External.name", "enrich"),
      lambda("enrich", "enrich", "goodbye", { inputs: { name: "$.External.name" } }),
      play("goodbye", "Goodbye $.External.name", "bye"),
    );
    expect(issuesWithCode(flow, EXTERNAL)).toEqual([]);
  });

  it("does not warn when the value was copied to an attribute and the attribute is read", () => {
    // GIVEN name saved to a contact attribute before logCall, and the attribute read afterwards
    const flow = flowOf(
      lambda("getCustomer", "get-customer", "save"),
      setAttributes("save", { name: "$.External.name" }, "logCall"),
      lambda("logCall", "log-call", "goodbye"),
      play("goodbye", "Goodbye $.Attributes.name", "bye"),
    );
    expect(issuesWithCode(flow, EXTERNAL)).toEqual([]);
  });

  it("does not warn about connect-async's own keys, which both start and poll return", () => {
    // GIVEN start → check $.External.asyncStatus → poll → check $.External.asyncStatus again
    const flow = flowOf(
      lambda("start", "connect-async-start", "firstCheck"),
      compare("firstCheck", "$.External.asyncStatus", { SUCCEEDED: "done" }, "poll"),
      lambda("poll", "connect-async-poll", "secondCheck"),
      compare("secondCheck", "$.External.asyncStatus", { SUCCEEDED: "done" }, "bye"),
      play("done", "Your balance is $.External.balance", "bye"),
    );
    expect(issuesWithCode(flow, EXTERNAL)).toEqual([]);
  });
});

describe("warning: more than 20 s of consecutive Lambda time without a prompt", () => {
  const CHAIN = "LAMBDA_CHAIN_TOO_LONG";

  it("warns at the Lambda that takes a chain of three 8 s calls past 20 s", () => {
    // GIVEN three synchronous 8 s Lambda blocks back to back
    const flow = flowOf(lambda("a", "a", "b"), lambda("b", "b", "c"), lambda("c", "c", "bye"));
    // WHEN it is validated
    const found = issuesWithCode(flow, CHAIN);
    // THEN the third block is named, with the chain and its 24 s total
    expect(found).toEqual([expect.objectContaining({ severity: "warning", blockId: "c" })]);
    expect(found[0].message).toMatch(/"a" \(8 s\) → "b" \(8 s\) → "c" \(8 s\), up to 24 s/);
  });

  it("does not warn when a prompt breaks the chain", () => {
    // GIVEN 8 s + 8 s, a prompt, then 8 s: no run exceeds 20 s
    const flow = flowOf(lambda("a", "a", "b"), lambda("b", "b", "hold"), play("hold", "One moment", "c"), lambda("c", "c", "bye"));
    expect(issuesWithCode(flow, CHAIN)).toEqual([]);
  });

  it("warns about a Lambda retried in a loop without a prompt", () => {
    // GIVEN a 5 s Lambda whose result sends the flow back to the same Lambda
    const flow = flowOf(lambda("check", "check", "decide", { seconds: "5" }), compare("decide", "$.External.ready", { yes: "bye" }, "check"));
    expect(issuesWithCode(flow, CHAIN).map((issue) => issue.blockId)).toEqual(["check"]);
  });

  it("counts the worst branch, and honours a custom budget", () => {
    // GIVEN 8 s, then a branch with a 7 s call on one side only, then 6 s: 21 s on the worst path
    const flow = flowOf(
      lambda("a", "a", "branch"),
      compare("branch", "$.External.kind", { slow: "slow" }, "c"),
      lambda("slow", "slow", "c", { seconds: "7" }),
      lambda("c", "c", "bye", { seconds: "6" }),
    );
    expect(issuesWithCode(flow, CHAIN).map((issue) => issue.blockId)).toEqual(["c"]);
    expect(issuesWithCode(flow, CHAIN, { lambdaBudgetSeconds: 25 })).toEqual([]);
  });

  it("does not count asynchronous invocations, which return at once", () => {
    // GIVEN three asynchronous 8 s invocations in a row
    const flow = flowOf(lambda("a", "a", "b", { async: true }), lambda("b", "b", "c", { async: true }), lambda("c", "c", "bye", { async: true }));
    expect(issuesWithCode(flow, CHAIN)).toEqual([]);
  });
});

describe("warning: unreachable blocks", () => {
  it("warns about a block that no transition leads to", () => {
    // GIVEN the async sample with an extra prompt nothing points to
    const flow = loadFixture("seed_Sample-Async-Lambda.json");
    flow.Actions.push({ Identifier: "orphan", Type: "MessageParticipant", Parameters: { Text: "never said" },
      Transitions: { NextAction: flow.Actions[0].Identifier } });
    // WHEN it is validated
    const issues = validateFlow(asFlow(flow));
    // THEN only the orphan is reported, as a warning that names it and the start block
    expect(issues).toEqual([expect.objectContaining({ severity: "warning", code: "UNREACHABLE_ACTION", blockId: "orphan" })]);
    expect(issues[0].message).toContain(`start block "${flow.StartAction}"`);
  });
});

describe("warning: $.LambdaInvocation.InvocationId read after a second asynchronous invoke", () => {
  it("warns when a second async invoke overwrites an id that was never saved", () => {
    // GIVEN two asynchronous invokes in a row, then a block saving the invocation id meant for the first
    const flow = flowOf(
      lambda("first", "first", "second", { async: true }),
      lambda("second", "second", "save", { async: true }),
      setAttributes("save", { firstId: "$.LambdaInvocation.InvocationId" }, "bye"),
    );
    const found = issuesWithCode(flow, "INVOCATION_ID_OVERWRITTEN");
    expect(found).toEqual([expect.objectContaining({ blockId: "save" })]);
    expect(found[0].message).toMatch(/"second".*"first"/);
  });

  it("does not warn when each id is saved right after its invoke", () => {
    // GIVEN each asynchronous invoke followed by a block that saves its id
    const flow = flowOf(
      lambda("first", "first", "saveFirst", { async: true }),
      setAttributes("saveFirst", { firstId: "$.LambdaInvocation.InvocationId" }, "second"),
      lambda("second", "second", "saveSecond", { async: true }),
      setAttributes("saveSecond", { secondId: "$.LambdaInvocation.InvocationId" }, "bye"),
    );
    expect(issuesWithCode(flow, "INVOCATION_ID_OVERWRITTEN")).toEqual([]);
  });
});
