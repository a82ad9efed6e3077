import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { VirtualScheduler } from "../../sim/world/clock";
import { FlowRuntimeError, UnsupportedActionError } from "../../sim/connect/flow-errors";
import { runFlow } from "../../sim/connect/flow-run";
import { type InterpreterOptions, type LambdaInvoker } from "../../sim/connect/flow-run-types";
import { TimelineKind, type LambdaTimelineEntry } from "../../sim/report/timeline";

// ---- tiny flow-writing helpers (test-only) -------------------------------------------------------

function action(Identifier: string, Type: string, Parameters: FlowAction["Parameters"], Transitions: FlowAction["Transitions"] = {}): FlowAction {
  return { Identifier, Type, Parameters, Transitions };
}
const onError = (next: string, errorType = "NoMatchingError") => ({ ErrorType: errorType, NextAction: next });
const equals = (operand: string, next: string, operator = "Equals") => ({ NextAction: next, Condition: { Operator: operator, Operands: [operand] } });
const say = (id: string, text: string, next: string) => action(id, "MessageParticipant", { Text: text }, { NextAction: next, Errors: [onError(next)] });
const hangUp = (id = "bye") => action(id, "DisconnectParticipant", {});
const flow = (...actions: FlowAction[]): FlowJson => ({ Version: "2019-10-30", StartAction: actions[0].Identifier, Actions: actions });

async function run(options: Omit<InterpreterOptions, "clock" | "contact"> & Partial<Pick<InterpreterOptions, "contact">>) {
  const clock = new VirtualScheduler(Date.UTC(2026, 0, 1));
  return clock.run(runFlow({ contact: { contactId: "contact-1" }, clock, ...options }));
}

const spoken = (result: Awaited<ReturnType<typeof run>>) => result.timeline.filter((entry) => entry.kind === TimelineKind.speech).map((entry) => entry.text);

// ---- tests ---------------------------------------------------------------------------------------

describe("flow interpreter: transitions and conditions", () => {
  it.each([
    ["5", "greater"],
    ["3", "equal"],
    ["1", "less"],
    ["abc", "other"],
  ])("Compare on %s takes the first condition that holds (%s)", async (value, expected) => {
    // GIVEN a Compare whose conditions overlap: Equals 3 comes before NumberLessThan 4
    const f = flow(
      action("set", "UpdateContactAttributes", { Attributes: { n: value } }, { NextAction: "cmp", Errors: [onError("bye")] }),
      action("cmp", "Compare", { ComparisonValue: "$.Attributes.n" }, {
        NextAction: "other",
        Conditions: [equals("4", "greater", "NumberGreaterThan"), equals("3", "equal"), equals("4", "less", "NumberLessThan")],
        Errors: [onError("other", "NoMatchingCondition")],
      }),
      say("greater", "greater", "bye"),
      say("equal", "equal", "bye"),
      say("less", "less", "bye"),
      say("other", "other", "bye"),
      hangUp(),
    );
    // WHEN it runs
    const result = await run({ flow: f });
    // THEN the branch follows Connect's first-match rule; a non-number fails every number operator
    expect(spoken(result)).toEqual([expected]);
    expect(result.terminal).toEqual({ blockId: "bye", type: "DisconnectParticipant", kind: "disconnect" });
  });

  it("evaluates the text operators case-sensitively", async () => {
    const f = flow(
      action("cmp", "Compare", { ComparisonValue: "$.Attributes.word" }, {
        Conditions: [equals("Green", "exact"), equals("gr", "starts", "TextStartsWith"), equals("een", "ends", "TextEndsWith"), equals("re", "contains", "TextContains")],
        Errors: [onError("none", "NoMatchingCondition")],
      }),
      say("exact", "exact", "bye"),
      say("starts", "starts", "bye"),
      say("ends", "ends", "bye"),
      say("contains", "contains", "bye"),
      say("none", "none", "bye"),
      hangUp(),
    );
    const outcomes = [];
    for (const word of ["Green", "green", "screen", "tree", "xyz"]) {
      outcomes.push(spoken(await run({ flow: f, contact: { contactId: "c", attributes: { word } } }))[0]);
    }
    expect(outcomes).toEqual(["exact", "starts", "ends", "contains", "none"]);
  });

  it("stops with a clear error at an action it does not model", async () => {
    // GIVEN a flow with a ShowView block
    const f = flow(action("view", "ShowView", {}, { NextAction: "bye" }), hangUp());
    // WHEN it runs THEN the run stops naming the type and the block
    await expect(run({ flow: f })).rejects.toThrow(new UnsupportedActionError("ShowView", "view"));
    await expect(run({ flow: f })).rejects.toThrow("unsupported action ShowView at view");
  });

  it("stops an infinite loop after the maximum step count", async () => {
    // GIVEN two blocks that go round forever
    const f = flow(
      action("a", "UpdateFlowAttributes", { FlowAttributes: { x: { Value: "1" } } }, { NextAction: "b" }),
      action("b", "UpdateFlowAttributes", { FlowAttributes: { x: { Value: "2" } } }, { NextAction: "a" }),
    );
    // WHEN it runs with a step limit THEN it stops with a FlowRuntimeError naming the loop
    await expect(run({ flow: f, maxSteps: 50 })).rejects.toThrow(FlowRuntimeError);
    await expect(run({ flow: f, maxSteps: 50 })).rejects.toThrow(/stopped after 50 block executions/);
  });
});

describe("flow interpreter: Loop counters", () => {
  it("continues LoopCount times, is done once, then resets", async () => {
    // GIVEN a loop of 2 turns whose done-branch re-enters the same loop once more
    const f = flow(
      action("loop", "Loop", { LoopCount: "2" }, {
        NextAction: "done",
        Conditions: [equals("ContinueLooping", "turn"), equals("DoneLooping", "done")],
      }),
      say("turn", "turn", "loop"),
      action("done", "Compare", { ComparisonValue: "$.FlowAttributes.again" }, {
        Conditions: [equals("yes", "bye")],
        Errors: [onError("mark", "NoMatchingCondition")],
      }),
      action("mark", "UpdateFlowAttributes", { FlowAttributes: { again: { Value: "yes" } } }, { NextAction: "loop", Errors: [onError("bye")] }),
      hangUp(),
    );
    // WHEN it runs
    const result = await run({ flow: f });
    // THEN the loop turned twice, finished, then (reset) turned twice again
    expect(spoken(result)).toEqual(["turn", "turn", "turn", "turn"]);
    expect(result.path.filter((visit) => visit.blockId === "loop")).toHaveLength(6);
  });

  it("takes the done branch at once with LoopCount 0 and reads a dynamic count", async () => {
    const f = flow(
      action("loop", "Loop", { LoopCount: "$.Attributes.count" }, { NextAction: "bye", Conditions: [equals("ContinueLooping", "turn"), equals("DoneLooping", "bye")] }),
      say("turn", "turn", "loop"),
      hangUp(),
    );
    expect(spoken(await run({ flow: f, contact: { contactId: "c", attributes: { count: "0" } } }))).toEqual([]);
    expect(spoken(await run({ flow: f, contact: { contactId: "c", attributes: { count: "3" } } }))).toHaveLength(3);
  });
});

describe("flow interpreter: attributes, references and prompts", () => {
  it("sets flow and contact attributes and substitutes $. references in prompts", async () => {
    // GIVEN a flow that sets a flow attribute and a contact attribute, then speaks both
    const f = flow(
      action("fa", "UpdateFlowAttributes", { FlowAttributes: { greeting: { Value: "Hello" } } }, { NextAction: "ca", Errors: [onError("bye")] }),
      action("ca", "UpdateContactAttributes", { Attributes: { who: "$.CustomerEndpoint.Address" } }, { NextAction: "say", Errors: [onError("bye")] }),
      say("say", "$.FlowAttributes.greeting caller $.Attributes.who on $.ContactId", "bye"),
      hangUp(),
    );
    // WHEN it runs
    const result = await run({ flow: f, contact: { contactId: "c-9", customerPhoneNumber: "+447700900123" } });
    // THEN the prompt reads the values and the attributes are kept
    expect(spoken(result)).toEqual(["Hello caller +447700900123 on c-9"]);
    expect(result.flowAttributes).toEqual({ greeting: "Hello" });
    expect(result.attributes).toEqual({ who: "+447700900123" });
  });

  it("lets each prompt take its length in virtual time", async () => {
    // GIVEN a 2 s SSML break and five words (2 s at 150 wpm)
    const f = flow(
      action("p", "MessageParticipant", { SSML: '<speak><break time="2s"/>one two three four five</speak>' }, { NextAction: "bye" }),
      hangUp(),
    );
    const result = await run({ flow: f });
    expect(result.endedAtMs - result.startedAtMs).toBe(4000);
    expect(result.timeline.map((entry) => [entry.kind, entry.atMs, entry.durationMs])).toEqual([
      ["pause", 0, 2000],
      ["speech", 2000, 2000],
      ["disconnect", 4000, 0],
    ]);
  });
});

describe("flow interpreter: Lambda invocation", () => {
  const ARN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";
  const invoke = (id: string, next: string, error: string, extra: Record<string, string> = {}, responseType = "STRING_MAP") =>
    action(id, "InvokeLambdaFunction", {
      LambdaFunctionARN: ARN,
      InvocationTimeLimitSeconds: "3",
      LambdaInvocationAttributes: { customer: "$.Attributes.customer", ...extra },
      ResponseValidation: { ResponseType: responseType },
    }, { NextAction: next, Errors: [onError(error)] });

  function lambdaEntries(result: Awaited<ReturnType<typeof run>>): LambdaTimelineEntry[] {
    return result.timeline.filter((entry): entry is LambdaTimelineEntry => entry.kind === TimelineKind.lambda);
  }

  it("passes the Connect event and exposes the result as $.External, replaced by the next call", async () => {
    // GIVEN a function that echoes its parameter and counts calls
    let calls = 0;
    const seenParameters: unknown[] = [];
    const invokeLambda: LambdaInvoker = async ({ event }) => {
      calls += 1;
      seenParameters.push(event.Details.Parameters);
      return calls === 1 ? { first: "yes", who: String(event.Details.Parameters.customer) } : { second: "yes" };
    };
    const f = flow(
      invoke("one", "say1", "fail"),
      say("say1", "first=$.External.first who=$.External.who", "two"),
      invoke("two", "say2", "fail"),
      say("say2", "first=$.External.first second=$.External.second", "bye"),
      say("fail", "failed", "bye"),
      hangUp(),
    );
    // WHEN it runs
    const result = await run({ flow: f, invokeLambda, contact: { contactId: "c", attributes: { customer: "42" } } });
    // THEN the event carried the resolved parameter, and the second result replaced the first
    expect(seenParameters[0]).toEqual({ customer: "42" });
    expect(spoken(result)).toEqual(["first=yes who=42", "first= second=yes"]);
  });

  it("takes the error branch at the time limit when the function is slower", async () => {
    // GIVEN a function taking 10 s under a 3 s limit
    const clock = new VirtualScheduler(0);
    const invokeLambda: LambdaInvoker = async () => {
      await clock.sleep(10_000);
      return { late: "yes" };
    };
    const f = flow(invoke("call", "ok", "fail"), say("ok", "ok", "bye"), say("fail", "failed", "bye"), hangUp());
    // WHEN it runs
    const result = await clock.run(runFlow({ flow: f, clock, invokeLambda, contact: { contactId: "c" } }));
    // THEN the caller waited exactly the limit and heard the error branch
    expect(spoken(result)).toEqual(["failed"]);
    expect(lambdaEntries(result)).toEqual([expect.objectContaining({ result: "timeout", durationMs: 3000, attempts: 1 })]);
  });

  it("retries a failed invocation up to 3 times within the time limit", async () => {
    // GIVEN a function that fails twice then answers, 100 ms per attempt
    const clock = new VirtualScheduler(0);
    const attempts: number[] = [];
    const invokeLambda: LambdaInvoker = async ({ attempt }) => {
      attempts.push(attempt);
      await clock.sleep(100);
      if (attempt < 3) throw new Error("boom");
      return { ok: "yes" };
    };
    const f = flow(invoke("call", "ok", "fail"), say("ok", "ok", "bye"), say("fail", "failed", "bye"), hangUp());
    // WHEN it runs
    const result = await clock.run(runFlow({ flow: f, clock, invokeLambda, contact: { contactId: "c" } }));
    // THEN the third attempt's answer is used
    expect(attempts).toEqual([1, 2, 3]);
    expect(spoken(result)).toEqual(["ok"]);
    expect(lambdaEntries(result)[0]).toEqual(expect.objectContaining({ result: "ok", attempts: 3, durationMs: 300 }));
  });

  it("gives up after the first invocation and 3 retries", async () => {
    const attempts: number[] = [];
    const invokeLambda: LambdaInvoker = async ({ attempt }) => {
      attempts.push(attempt);
      throw new Error("always");
    };
    const f = flow(invoke("call", "ok", "fail"), say("ok", "ok", "bye"), say("fail", "failed", "bye"), hangUp());
    const result = await run({ flow: f, invokeLambda });
    expect(attempts).toEqual([1, 2, 3, 4]);
    expect(spoken(result)).toEqual(["failed"]);
  });

  it("rejects a STRING_MAP response with a non-string value, and accepts it under JSON validation", async () => {
    // GIVEN a function returning a number
    const invokeLambda: LambdaInvoker = async () => ({ count: 3 });
    const stringMap = flow(invoke("call", "ok", "fail"), say("ok", "count $.External.count", "bye"), say("fail", "failed", "bye"), hangUp());
    const json = flow(invoke("call", "ok", "fail", {}, "JSON"), say("ok", "count $.External.count", "bye"), say("fail", "failed", "bye"), hangUp());
    // WHEN each runs THEN STRING_MAP takes the error branch and JSON does not
    const rejected = await run({ flow: stringMap, invokeLambda });
    expect(spoken(rejected)).toEqual(["failed"]);
    expect(lambdaEntries(rejected)[0].result).toBe("invalid-response");
    expect(spoken(await run({ flow: json, invokeLambda }))).toEqual(["count 3"]);
  });
});

describe("flow interpreter: terminal actions and input", () => {
  it.each([
    ["EndFlowExecution", "end"],
    ["TransferToFlow", "transfer"],
    ["TransferContactToAgent", "transfer"],
  ])("%s ends the run as %s", async (type, kind) => {
    const f = flow(action("x", type, type === "TransferToFlow" ? { ContactFlowId: "arn:flow/next" } : {}, type === "TransferToFlow" ? { NextAction: "x", Errors: [onError("x")] } : {}));
    const result = await run({ flow: f });
    expect(result.terminal.kind).toBe(kind);
  });

  it("transfers to the working queue, or takes the error branch when none is set", async () => {
    const f = (withQueue: boolean) =>
      flow(
        ...(withQueue ? [action("q", "UpdateContactTargetQueue", { QueueId: "arn:queue/sales" }, { NextAction: "t", Errors: [onError("bye")] })] : []),
        action("t", "TransferContactToQueue", {}, { NextAction: "bye", Errors: [onError("bye", "QueueAtCapacity"), onError("bye")] }),
        hangUp(),
      );
    expect((await run({ flow: f(true) })).terminal).toEqual(expect.objectContaining({ kind: "transfer", target: "queue arn:queue/sales" }));
    expect((await run({ flow: f(false) })).terminal.kind).toBe("disconnect");
  });

  it("branches on the digit the caller keys, and times out when they key nothing", async () => {
    const f = flow(
      action("menu", "GetParticipantInput", { Text: "Press one", InputTimeLimitSeconds: "4", StoreInput: "False" }, {
        NextAction: "bye",
        Conditions: [equals("1", "one")],
        Errors: [onError("quiet", "InputTimeLimitExceeded"), onError("bye", "NoMatchingCondition"), onError("bye")],
      }),
      say("one", "one", "bye"),
      say("quiet", "quiet", "bye"),
      hangUp(),
    );
    expect(spoken(await run({ flow: f, callerInput: () => "1" }))).toEqual(["Press one", "one"]);
    const silent = await run({ flow: f });
    expect(spoken(silent)).toEqual(["Press one", "quiet"]);
    expect(silent.endedAtMs).toBe(800 + 4000 + 400);
  });
});
