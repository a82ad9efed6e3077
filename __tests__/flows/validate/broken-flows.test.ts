import type { FlowIssue } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { asFlow, firstOfType, loadFixture, type MutableAction, type MutableFlow } from "../../support/connect-flow-fixtures";

const SEED = "seed_Sample-Async-Lambda.json";
const RECORDING = "sbs_examples_StartStopPauseResumeRecording_contactFlow.json";
const FINANCIAL = "sbs_examples_Financial_contactFlow.json";

function errorsOf(flow: MutableFlow): FlowIssue[] {
  return validateFlow(asFlow(flow)).filter((issue) => issue.severity === "error");
}

function byId(flow: MutableFlow, id: string): MutableAction {
  const found = flow.Actions.find((action) => action.Identifier === id);
  if (found === undefined) throw new Error(`test setup: no action ${id}`);
  return found;
}

/** Renames a block and every transition to it, so only the name itself is at fault. */
function rename(flow: MutableFlow, from: string, to: string): void {
  for (const action of flow.Actions) {
    if (action.Identifier === from) action.Identifier = to;
    const transitions = action.Transitions;
    if (transitions.NextAction === from) transitions.NextAction = to;
    for (const entry of [...(transitions.Errors ?? []), ...(transitions.Conditions ?? [])]) {
      if (entry.NextAction === from) entry.NextAction = to;
    }
  }
  if (flow.StartAction === from) flow.StartAction = to;
}

describe("the validator rejects what Connect rejects, naming the block", () => {
  it("rejects a NextAction that names no block", () => {
    // GIVEN the async sample whose "Async Trigger" block now goes to a block that does not exist
    const flow = loadFixture(SEED);
    byId(flow, "Async Trigger").Transitions.NextAction = "Nowhere";
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN one error names the block and the missing target
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: "DANGLING_NEXT_ACTION", blockId: "Async Trigger" });
    expect(errors[0].message).toContain('"Nowhere"');
    expect(errors[0].message).toContain("Async Trigger");
  });

  it("rejects dangling targets in error and condition branches too", () => {
    // GIVEN a Compare whose first condition and whose NoMatchingCondition branch point nowhere
    const flow = loadFixture(SEED);
    const compare = firstOfType(flow, "Compare");
    compare.Transitions.Conditions![0].NextAction = "gone-1";
    compare.Transitions.Errors![0].NextAction = "gone-2";
    // WHEN it is validated
    const dangling = errorsOf(flow).filter((issue) => issue.code === "DANGLING_NEXT_ACTION");
    // THEN both branches are reported against the Compare block
    expect(dangling.map((issue) => issue.blockId)).toEqual([compare.Identifier, compare.Identifier]);
    expect(dangling[0].message).toMatch(/gone-1.*when Equals/);
    expect(dangling[1].message).toMatch(/gone-2.*on error NoMatchingCondition/);
  });

  it("rejects an Identifier used twice", () => {
    // GIVEN the async sample where a second block takes the Identifier "Set Count"
    const flow = loadFixture(SEED);
    const duplicate = byId(flow, "Set Details");
    rename(flow, "Set Details", "Set Count");
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN the repeated Identifier is reported, naming it
    const issue = errors.find((found) => found.code === "IDENTIFIER_DUPLICATE");
    expect(issue).toMatchObject({ blockId: "Set Count" });
    expect(issue?.message).toMatch(/UpdateFlowAttributes block "Set Count".*unique/);
    expect(duplicate.Identifier).toBe("Set Count");
  });

  it("rejects a Loop without its DoneLooping condition", () => {
    // GIVEN the async sample's Loop with only the ContinueLooping condition left
    const flow = loadFixture(SEED);
    const loop = firstOfType(flow, "Loop");
    loop.Transitions.Conditions = loop.Transitions.Conditions!.filter((entry) => entry.Condition.Operands[0] !== "DoneLooping");
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN the Loop is named and the missing DoneLooping branch too
    expect(errors).toEqual([expect.objectContaining({ code: "LOOP_CONDITIONS", blockId: loop.Identifier })]);
    expect(errors[0].message).toContain('lacks "DoneLooping"');
  });

  it("rejects a synchronous Lambda time limit of 9 seconds", () => {
    // GIVEN the recording example with one Lambda block's InvocationTimeLimitSeconds raised to "9"
    const flow = loadFixture(RECORDING);
    const lambda = firstOfType(flow, "InvokeLambdaFunction");
    lambda.Parameters.InvocationTimeLimitSeconds = "9";
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN the block is named with the bad value and the limit
    expect(errors).toEqual([expect.objectContaining({ code: "LAMBDA_TIMEOUT_RANGE", blockId: lambda.Identifier })]);
    expect(errors[0].message).toMatch(/InvocationTimeLimitSeconds 9;.* 1 to 8/);
  });

  it("accepts up to 60 seconds for an asynchronous Lambda with no warning, and rejects 61", () => {
    // GIVEN copies of a Lambda block switched to asynchronous mode, with 30, 60 and 61 s
    const withLimit = (seconds: string): MutableFlow => {
      const flow = loadFixture(RECORDING);
      Object.assign(firstOfType(flow, "InvokeLambdaFunction").Parameters, { InvocationType: "ASYNCHRONOUS", InvocationTimeLimitSeconds: seconds });
      return flow;
    };
    const lambdaIssues = (flow: MutableFlow): FlowIssue[] => validateFlow(asFlow(flow)).filter((issue) => issue.code.startsWith("LAMBDA_"));
    // WHEN they are validated
    // THEN 30 and 60 s draw nothing about the Lambda (a console export writes "60"), and 61 s is an error
    expect(lambdaIssues(withLimit("30"))).toEqual([]);
    expect(lambdaIssues(withLimit("60"))).toEqual([]);
    expect(errorsOf(withLimit("61"))).toEqual([expect.objectContaining({ code: "LAMBDA_TIMEOUT_RANGE" })]);
    expect(errorsOf(withLimit("61"))[0].message).toMatch(/61; Connect accepts a whole number from 1 to 60 for an asynchronous call/);
  });

  it("rejects more than 8 seconds for a synchronous Lambda, written or implied, and an unknown InvocationType", () => {
    // GIVEN a Lambda with 9 s and InvocationType SYNCHRONOUS, and one with an InvocationType Connect does not have
    const explicit = loadFixture(RECORDING);
    Object.assign(firstOfType(explicit, "InvokeLambdaFunction").Parameters, { InvocationType: "SYNCHRONOUS", InvocationTimeLimitSeconds: "9" });
    const unknown = loadFixture(RECORDING);
    Object.assign(firstOfType(unknown, "InvokeLambdaFunction").Parameters, { InvocationType: "ASYNC" });
    // WHEN they are validated, THEN each is one error naming the block
    expect(errorsOf(explicit)).toEqual([expect.objectContaining({ code: "LAMBDA_TIMEOUT_RANGE", blockId: firstOfType(explicit, "InvokeLambdaFunction").Identifier })]);
    expect(errorsOf(unknown)).toEqual([expect.objectContaining({ code: "LAMBDA_INVOCATION_TYPE" })]);
    expect(errorsOf(unknown)[0].message).toContain('"ASYNC"');
  });

  it("rejects a flow of 251 actions", () => {
    // GIVEN the Financial example padded with Disconnect blocks to 251 actions
    const flow = loadFixture(FINANCIAL);
    for (let index = flow.Actions.length; index < 251; index += 1) {
      flow.Actions.push({ Identifier: `padding-${index}`, Type: "DisconnectParticipant", Parameters: {}, Transitions: {} });
    }
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN a flow-wide error gives the count and the limit
    expect(errors).toEqual([expect.objectContaining({ code: "TOO_MANY_ACTIONS" })]);
    expect(errors[0]).not.toHaveProperty("blockId");
    expect(errors[0].message).toMatch(/251 actions.*at most 250/);
  });

  it("accepts exactly 250 actions", () => {
    // GIVEN the Financial example padded to exactly 250 actions
    const flow = loadFixture(FINANCIAL);
    for (let index = flow.Actions.length; index < 250; index += 1) {
      flow.Actions.push({ Identifier: `padding-${index}`, Type: "DisconnectParticipant", Parameters: {}, Transitions: {} });
    }
    // THEN no error is reported
    expect(errorsOf(flow)).toEqual([]);
  });

  it.each([":", "$", "/", "(", "{", ","])("rejects an Identifier containing %j", (character) => {
    // GIVEN the async sample with "Set Count" renamed to contain a forbidden character
    const flow = loadFixture(SEED);
    const name = `Set${character}Count`;
    rename(flow, "Set Count", name);
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN exactly that block is reported, quoting the character
    expect(errors).toEqual([expect.objectContaining({ code: "IDENTIFIER_ILLEGAL_CHARACTER", blockId: name })]);
    expect(errors[0].message).toContain(`"${character}"`);
  });

  it("rejects an Identifier longer than 50 characters and a reserved JavaScript name", () => {
    // GIVEN two blocks renamed to 51 characters and to "constructor"
    const flow = loadFixture(SEED);
    rename(flow, "Set Count", "x".repeat(51));
    rename(flow, "Set Details", "constructor");
    // WHEN it is validated
    const codes = errorsOf(flow).map((issue) => [issue.code, issue.blockId]);
    // THEN both are reported
    expect(codes).toEqual([["IDENTIFIER_LENGTH", "x".repeat(51)], ["IDENTIFIER_RESERVED", "constructor"]]);
  });

  it.each([
    ["a $. followed by nothing", "Please hold $."],
    ["an unclosed bracket", "Hello $.Attributes['first name, welcome"],
    ["a bracket without quotes", "Hello $[Attributes]"],
    ["an empty name between dots", "Hello $.Attributes..name"],
  ])("rejects a malformed reference: %s", (_case, text) => {
    // GIVEN the async sample whose first prompt says the malformed text
    const flow = loadFixture(SEED);
    const prompt = firstOfType(flow, "MessageParticipant");
    prompt.Parameters.Text = text;
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN the prompt block is named with the parameter that holds the bad reference
    expect(errors).toEqual([expect.objectContaining({ code: "REFERENCE_MALFORMED", blockId: prompt.Identifier })]);
    expect(errors[0].message).toContain("Parameters.Text");
  });

  it("only warns about a reference to an undocumented namespace", () => {
    // GIVEN a prompt reading $.Atributes.name (misspelt root)
    const flow = loadFixture(SEED);
    firstOfType(flow, "MessageParticipant").Parameters.Text = "Hello $.Atributes.name";
    // WHEN it is validated
    const issues = validateFlow(asFlow(flow));
    // THEN it is a warning naming the root, not an error
    expect(issues.filter((issue) => issue.severity === "error")).toEqual([]);
    expect(issues).toContainEqual(expect.objectContaining({ severity: "warning", code: "REFERENCE_UNKNOWN_ROOT", message: expect.stringContaining('"Atributes"') }));
  });

  it("accepts the reference forms real exports use", () => {
    // GIVEN prompts with bracket forms, punctuation after a reference, Terraform placeholders and a dollar amount
    const flow = loadFixture(SEED);
    firstOfType(flow, "MessageParticipant").Parameters.Text =
      "Hi $.Attributes.['first name'] and $['Attributes']['x']. You owe $1000 at ${Lambda.Arn}, see $.External.a.0.";
    // THEN nothing is reported about references
    expect(validateFlow(asFlow(flow)).filter((issue) => issue.code.startsWith("REFERENCE"))).toEqual([]);
  });

  it("rejects parameters that take one whole reference but mix in text", () => {
    // GIVEN a Loop counting "$.Attributes.n times" and a Compare on a plain word
    const flow = loadFixture(SEED);
    const loop = firstOfType(flow, "Loop");
    loop.Parameters.LoopCount = "$.Attributes.n times";
    const compare = firstOfType(flow, "Compare");
    compare.Parameters.ComparisonValue = "status";
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN both blocks are named
    expect(errors.map((issue) => [issue.code, issue.blockId])).toEqual(expect.arrayContaining([
      ["SINGLE_REFERENCE_REQUIRED", loop.Identifier],
      ["SINGLE_REFERENCE_REQUIRED", compare.Identifier],
    ]));
    expect(errors).toHaveLength(2);
  });

  it.each([
    ["LoopCount 101", (flow: MutableFlow) => { firstOfType(flow, "Loop").Parameters.LoopCount = "101"; }, "LOOP_COUNT_RANGE"],
    ["LoopCount -1", (flow: MutableFlow) => { firstOfType(flow, "Loop").Parameters.LoopCount = "-1"; }, "LOOP_COUNT_RANGE"],
    ["a Compare without NoMatchingCondition", (flow: MutableFlow) => { firstOfType(flow, "Compare").Transitions.Errors = []; }, "NO_MATCHING_CONDITION_MISSING"],
    ["an unknown operator", (flow: MutableFlow) => { firstOfType(flow, "Compare").Transitions.Conditions![0].Condition.Operator = "NumberEquals"; }, "CONDITION_OPERATOR_UNKNOWN"],
    ["a condition without operands", (flow: MutableFlow) => { firstOfType(flow, "Compare").Transitions.Conditions![0].Condition.Operands = []; }, "CONDITION_OPERANDS_INVALID"],
    ["a Disconnect with a NextAction", (flow: MutableFlow) => { firstOfType(flow, "DisconnectParticipant").Transitions.NextAction = "Set Count"; }, "TERMINAL_HAS_TRANSITIONS"],
    ["a prompt without a NextAction", (flow: MutableFlow) => { delete firstOfType(flow, "MessageParticipant").Transitions.NextAction; }, "NEXT_ACTION_MISSING"],
    ["a 6,001-character prompt", (flow: MutableFlow) => { firstOfType(flow, "MessageParticipant").Parameters.Text = "a".repeat(6001); }, "TEXT_TOO_LONG"],
    ["a prompt with both Text and SSML", (flow: MutableFlow) => { firstOfType(flow, "MessageParticipant").Parameters.SSML = "<speak>Hi</speak>"; }, "PROMPT_SOURCE_CONFLICT"],
    ["a Lambda without a function ARN", (flow: MutableFlow) => { delete firstOfType(flow, "InvokeLambdaFunction").Parameters.LambdaFunctionARN; }, "LAMBDA_ARN_MISSING"],
    ["a reference in the static time limit", (flow: MutableFlow) => { firstOfType(flow, "InvokeLambdaFunction").Parameters.InvocationTimeLimitSeconds = "$.Attributes.t"; }, "STATIC_VALUE_REQUIRED"],
  ])("rejects %s, naming the block", (_case, breakIt, code) => {
    // GIVEN the async sample broken in one place
    const flow = loadFixture(SEED);
    breakIt(flow);
    // WHEN it is validated
    const errors = errorsOf(flow);
    // THEN exactly one error with the expected code names a block, and the message names that block too
    expect(errors).toHaveLength(1);
    expect(errors[0].code).toBe(code);
    expect(errors[0].blockId).toBeDefined();
    expect(errors[0].message).toContain(`"${errors[0].blockId}"`);
  });

  it("rejects a Wait of more than 7 days and a Check hours block without its False branch", () => {
    // GIVEN the Cases module's Wait set to 604,801 s, and a hand-made hours check with only True
    const flow = loadFixture("sbs_modules_Cases_SBSGuides_Modules_Cases.json");
    const wait = firstOfType(flow, "Wait");
    wait.Parameters.TimeLimitSeconds = "604801";
    const disconnect = firstOfType(flow, "DisconnectParticipant").Identifier;
    flow.Actions.push({
      Identifier: "hours", Type: "CheckHoursOfOperation", Parameters: {},
      Transitions: { NextAction: disconnect, Conditions: [{ NextAction: disconnect, Condition: { Operator: "Equals", Operands: ["True"] } }] },
    });
    // WHEN it is validated
    const errors = errorsOf(flow).map((issue) => [issue.code, issue.blockId]);
    // THEN both are reported against their blocks
    expect(errors).toEqual(expect.arrayContaining([["WAIT_TIME_LIMIT_RANGE", wait.Identifier], ["HOURS_CONDITIONS", "hours"]]));
    expect(errors).toHaveLength(2);
  });

  it("rejects an unsupported Version and a StartAction that names no block", () => {
    // GIVEN a flow with the wrong Version and a StartAction pointing nowhere
    const flow = loadFixture(SEED);
    flow.Version = "2020-01-01";
    flow.StartAction = "missing-start";
    // WHEN it is validated
    const codes = errorsOf(flow).map((issue) => issue.code);
    // THEN each problem is reported
    expect(codes).toEqual(["VERSION_UNSUPPORTED", "START_ACTION_MISSING"]);
  });

  it("reports content over 256,000 characters alone, since such a flow cannot be imported at all", () => {
    // GIVEN the same broken flow, now also carrying 55 prompts of 5,000 characters
    const flow = loadFixture(SEED);
    flow.Version = "2020-01-01";
    flow.StartAction = "missing-start";
    for (let index = 0; index < 55; index += 1) {
      flow.Actions.push({ Identifier: `long-${index}`, Type: "MessageParticipant", Parameters: { Text: "x".repeat(5000) },
        Transitions: { NextAction: `long-${index}` } });
    }
    // WHEN it is validated
    const issues = validateFlow(asFlow(flow));
    // THEN the size is the one issue: the deeper checks do not run on a flow Connect refuses to import
    expect(issues.map((issue) => issue.code)).toEqual(["CONTENT_TOO_LARGE"]);
    expect(issues[0].message).toMatch(/more than 256000 characters/);
  });

  it("counts the content as Connect does, so a flow just under the limit passes the size check", () => {
    // GIVEN a flow whose compact JSON is exactly 256,000 characters, some of them outside the BMP
    const flow = loadFixture(SEED);
    const emoji = "\u{1F3B5}";
    flow.Actions.push({ Identifier: "pad", Type: "MessageParticipant", Parameters: { Text: emoji }, Transitions: { NextAction: "pad" } });
    const shortBy = 256_000 - Array.from(JSON.stringify(flow)).length;
    (flow.Actions[flow.Actions.length - 1].Parameters as { Text: string }).Text = emoji.repeat(shortBy + 1);
    expect(Array.from(JSON.stringify(flow)).length).toBe(256_000);
    // WHEN it is validated, and again with one more character
    const atLimit = validateFlow(asFlow(flow)).map((issue) => issue.code);
    (flow.Actions[flow.Actions.length - 1].Parameters as { Text: string }).Text += "x";
    const overLimit = validateFlow(asFlow(flow)).map((issue) => issue.code);
    // THEN only the second is too large (UTF-16 length would have rejected the first)
    expect(atLimit).not.toContain("CONTENT_TOO_LARGE");
    expect(overLimit).toEqual(["CONTENT_TOO_LARGE"]);
  });

  it("collects every problem in one run instead of stopping at the first", () => {
    // GIVEN a flow broken in four independent places
    const flow = loadFixture(SEED);
    byId(flow, "Async Trigger").Transitions.NextAction = "Nowhere";
    byId(flow, "Async Check").Parameters.InvocationTimeLimitSeconds = "12";
    firstOfType(flow, "Loop").Parameters.LoopCount = "500";
    rename(flow, "Set Count", "Set;Count");
    // WHEN it is validated
    const codes = errorsOf(flow).map((issue) => issue.code).sort();
    // THEN all four are reported
    expect(codes).toEqual(["DANGLING_NEXT_ACTION", "IDENTIFIER_ILLEGAL_CHARACTER", "LAMBDA_TIMEOUT_RANGE", "LOOP_COUNT_RANGE"]);
  });

  it("lists flow-wide issues first, then block issues in the order the blocks appear", () => {
    // GIVEN a flow with a bad Version and problems in its last and its first block
    const flow = loadFixture(SEED);
    flow.Version = "1.0";
    const first = flow.Actions[0];
    const last = flow.Actions[flow.Actions.length - 1];
    last.Transitions.NextAction = "Nowhere";
    first.Transitions.NextAction = "Elsewhere";
    // WHEN it is validated
    const order = errorsOf(flow).map((issue) => issue.blockId ?? "(flow)");
    // THEN the order is flow, first block, last block
    expect(order).toEqual(["(flow)", first.Identifier, last.Identifier]);
  });

  it("reports malformed input instead of throwing", () => {
    // GIVEN documents that are barely flows: no Actions, an action without Identifier, Transitions not an object
    const noActions = { Version: "2019-10-30", StartAction: "a" } as never;
    const badAction = { Version: "2019-10-30", StartAction: "a", Actions: [null, { Type: "DisconnectParticipant" },
      { Identifier: "a", Type: "MessageParticipant", Parameters: { Text: "hi" }, Transitions: "b" }] } as never;
    // WHEN they are validated
    // THEN each gives errors, and nothing throws
    expect(validateFlow(noActions).map((issue) => issue.code)).toContain("ACTION_MALFORMED");
    expect(validateFlow(badAction).filter((issue) => issue.code === "ACTION_MALFORMED")).toHaveLength(3);
  });
});
