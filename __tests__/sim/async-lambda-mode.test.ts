/**
 * The interpreter plays Connect's asynchronous Lambda mode (reference §2.1.2): an ASYNCHRONOUS invoke,
 * the event-based Wait with a Continue branch, and Load Lambda result; and the non-voice channels.
 * Flows are hand-built in the console's JSON shapes; Lambdas are stubs that take virtual time.
 */
import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { VirtualScheduler } from "../../sim/world/clock";
import { FlowRuntimeError } from "../../sim/connect/flow-errors";
import { runFlow } from "../../sim/connect/flow-run";
import { type FlowRunResult, type InterpreterOptions, type LambdaInvoker } from "../../sim/connect/flow-run-types";
import { TimelineKind, type AsyncLambdaTimelineEntry, type TimelineEntry } from "../../sim/report/timeline";

const FN = "arn:aws:lambda:us-east-1:111111111111:function:lookup";
const MUSIC = "arn:aws:connect:us-east-1:111111111111:instance/i/prompt/music";

function action(Identifier: string, Type: string, Parameters: FlowAction["Parameters"], Transitions: FlowAction["Transitions"] = {}): FlowAction {
  return { Identifier, Type, Parameters, Transitions };
}
const onError = (next: string, errorType = "NoMatchingError") => ({ ErrorType: errorType, NextAction: next });
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });
const say = (id: string, text: string, next: string) => action(id, "MessageParticipant", { Text: text }, { NextAction: next, Errors: [onError(next)] });
const music = (id: string, next: string) => action(id, "MessageParticipant", { PromptId: MUSIC }, { NextAction: next, Errors: [onError(next)] });
const hangUp = (id = "bye") => action(id, "DisconnectParticipant", {});
const flow = (...actions: FlowAction[]): FlowJson => ({ Version: "2019-10-30", StartAction: actions[0].Identifier, Actions: actions });

const invokeAsync = (id: string, next: string, limitSeconds = "60") =>
  action(
    id,
    "InvokeLambdaFunction",
    { LambdaFunctionARN: FN, InvocationTimeLimitSeconds: limitSeconds, InvocationType: "ASYNCHRONOUS", LambdaInvocationAttributes: { n: "1" }, ResponseValidation: { ResponseType: "STRING_MAP" } },
    { NextAction: next, Errors: [onError("failed")] },
  );
const saveId = (id: string, next: string) =>
  action(id, "UpdateFlowAttributes", { FlowAttributes: { lookupId: { Value: "$.LambdaInvocation.InvocationId" } } }, { NextAction: next, Errors: [onError("failed")] });
const eventWait = (id: string, continueTo: string | undefined, returned: string, completed: string, identifier = "$.FlowAttributes.lookupId", limitSeconds = "60") =>
  action(
    id,
    "Wait",
    {
      TimeLimitSeconds: limitSeconds,
      ...(continueTo === undefined ? {} : { ContinueExecution: "TRUE" }),
      InterruptibleEvents: { LambdaReturned: { AsyncLambdaCompletionEvent: { Identifier: identifier } } },
      MinimumWaitTimeSeconds: "1",
    },
    {
      NextAction: "failed",
      Conditions: [...(continueTo === undefined ? [] : [equals("Continue", continueTo)]), equals("LambdaReturned", returned), equals("WaitCompleted", completed)],
      Errors: [onError("failed")],
    },
  );
const load = (id: string, next: string, inProgress = "still") =>
  action(id, "LoadLambdaFunctionResult", { LambdaInvocationId: "$.FlowAttributes.lookupId" }, { NextAction: next, Errors: [onError("failed"), onError(inProgress, "InProgress")] });
/** Hold music in a loop for the Continue branch (a Loop of 100 turns around a 5 s recording). */
const musicLoop = () => [
  action("hold", "Loop", { LoopCount: "100" }, { Conditions: [equals("ContinueLooping", "music"), equals("DoneLooping", "bye")] }),
  music("music", "hold"),
];

/** A stub Lambda answering `response` after `latencyMs` of virtual time, or throwing when `fail`. */
function stub(clock: VirtualScheduler, latencyMs: number, response: { [key: string]: string } = { balance: "12.50" }, fail = false): LambdaInvoker & { calls: number } {
  const invoker = Object.assign(
    async () => {
      invoker.calls += 1;
      await clock.sleep(latencyMs);
      if (fail) throw new Error("boom");
      return { ...response };
    },
    { calls: 0 },
  );
  return invoker;
}

async function play(f: FlowJson, invokeLambda: (clock: VirtualScheduler) => LambdaInvoker, extra: Partial<InterpreterOptions> = {}): Promise<FlowRunResult> {
  const clock = new VirtualScheduler(Date.UTC(2026, 0, 1));
  const background: Array<Promise<unknown>> = [];
  const result = await clock.run(
    runFlow({ flow: f, clock, contact: { contactId: "contact-1" }, invokeLambda: invokeLambda(clock), trackBackground: (work) => void background.push(work), ...extra }),
  );
  await clock.run(Promise.all(background));
  return result;
}

const spoken = (result: FlowRunResult) => result.timeline.filter((entry) => entry.kind === TimelineKind.speech).map((entry) => entry.text);
const ofKind = (result: FlowRunResult, kind: TimelineEntry["kind"]) => result.timeline.filter((entry) => entry.kind === kind);

/** The realistic shape: invoke async → save the id → Wait(Continue: music loop; LambdaReturned → Load result) → say the balance. */
function holdFlow(options: { waitLimitSeconds?: string; identifier?: string } = {}): FlowJson {
  return flow(
    invokeAsync("invoke", "save"),
    saveId("save", "wait"),
    eventWait("wait", "hold", "load", "late", options.identifier, options.waitLimitSeconds),
    ...musicLoop(),
    load("load", "result"),
    say("result", "Your balance is $.External.balance, alias $.LambdaInvocation.ResultData.balance.", "bye"),
    say("late", "Still working.", "bye"),
    say("still", "Not back yet.", "bye"),
    say("failed", "Sorry.", "bye"),
    hangUp(),
  );
}

describe("asynchronous Lambda mode: invoke, event-based Wait and Load result", () => {
  it("goes on at once after an asynchronous invoke, and the music the Continue branch plays is cut the instant the Lambda returns", async () => {
    // GIVEN a Lambda returning after 12.3 s and a Continue branch looping 5 s of music
    const result = await play(holdFlow(), (clock) => stub(clock, 12_300));
    // THEN the contact did not wait for the invoke: the music started at once
    const audio = ofKind(result, TimelineKind.audio);
    expect(audio[0].atMs).toBe(0);
    // and played whole turns until the return, when the third turn was cut after 2.3 s of its 5 s
    expect(audio.map((entry) => [entry.atMs, entry.durationMs, entry.plannedDurationMs])).toEqual([
      [0, 5000, undefined],
      [5000, 5000, undefined],
      [10_000, 2300, 5000],
    ]);
    // and the Wait took the LambdaReturned branch at 12.3 s, where Load result filled $.External and its alias
    expect(ofKind(result, TimelineKind.waitEvent)).toEqual([expect.objectContaining({ atMs: 12_300, text: "LambdaReturned: the Lambda returned" })]);
    expect(spoken(result)).toEqual(["Your balance is 12.50, alias 12.50."]);
    expect(result.external).toEqual({ balance: "12.50" });
    // and the timeline shows the invocation running beside the contact
    const invocation = ofKind(result, TimelineKind.asyncLambda)[0] as AsyncLambdaTimelineEntry;
    expect(invocation).toEqual(expect.objectContaining({ atMs: 0, durationMs: 12_300, result: "ok", attempts: 1, functionName: "lookup" }));
  });

  it("gives each asynchronous invocation a fresh id in the shape of a request id, the same on every run", async () => {
    // GIVEN two invokes in one contact, each id saved
    const f = flow(
      invokeAsync("one", "save1"),
      action("save1", "UpdateFlowAttributes", { FlowAttributes: { first: { Value: "$.LambdaInvocation.InvocationId" } } }, { NextAction: "two" }),
      invokeAsync("two", "save2"),
      action("save2", "UpdateFlowAttributes", { FlowAttributes: { second: { Value: "$.LambdaInvocation.InvocationId" } } }, { NextAction: "bye" }),
      hangUp(),
    );
    // WHEN it runs twice
    const [a, b] = [await play(f, (clock) => stub(clock, 100)), await play(f, (clock) => stub(clock, 100))];
    // THEN the ids differ from each other, look like UUIDs, and repeat across runs
    expect(a.flowAttributes.first).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(a.flowAttributes.first).not.toBe(a.flowAttributes.second);
    expect(b.flowAttributes).toEqual(a.flowAttributes);
  });

  it("takes WaitCompleted at the Wait's limit when the Lambda is still running, and Load result then answers InProgress", async () => {
    // GIVEN a 20 s Wait and a Lambda taking 45 s; after WaitCompleted the flow tries Load result
    const f = holdFlow({ waitLimitSeconds: "20" });
    const patched: FlowJson = { ...f, Actions: f.Actions.map((a) => (a.Identifier === "late" ? say("late", "Still working.", "load") : a)) };
    const result = await play(patched, (clock) => stub(clock, 45_000));
    // THEN the music stopped at 20 s, the Wait completed, and Load result took the InProgress branch
    expect(ofKind(result, TimelineKind.waitEvent)).toEqual([expect.objectContaining({ atMs: 20_000, text: "WaitCompleted: 20 s passed" })]);
    expect(Math.max(...ofKind(result, TimelineKind.audio).map((entry) => entry.atMs + entry.durationMs))).toBe(20_000);
    expect(spoken(result)).toEqual(["Still working.", "Not back yet."]);
  });

  it("waits to the limit for an id no invocation has, and Load result then takes NoMatchingError", async () => {
    const f = holdFlow({ waitLimitSeconds: "15", identifier: "$.FlowAttributes.nothing" });
    const patched: FlowJson = { ...f, Actions: f.Actions.map((a) => (a.Identifier === "late" ? action("late", "LoadLambdaFunctionResult", { LambdaInvocationId: "wrong-id" }, { NextAction: "result", Errors: [onError("failed"), onError("still", "InProgress")] }) : a)) };
    const result = await play(patched, (clock) => stub(clock, 1000));
    expect(ofKind(result, TimelineKind.waitEvent)).toEqual([expect.objectContaining({ atMs: 15_000, text: "WaitCompleted: 15 s passed" })]);
    expect(spoken(result)).toEqual(["Sorry."]);
  });

  it("fails the invocation at its own limit, with Connect's retries inside it, and Load result takes NoMatchingError", async () => {
    // GIVEN an invocation limited to 10 s whose Lambda fails after 2 s every time
    const f = holdFlow();
    const limited: FlowJson = { ...f, Actions: f.Actions.map((a) => (a.Identifier === "invoke" ? invokeAsync("invoke", "save", "10") : a)) };
    let invoker: ReturnType<typeof stub> | undefined;
    const result = await play(limited, (clock) => (invoker = stub(clock, 2000, {}, true)));
    // THEN Connect tried 4 times (8 s, within the limit), the Wait saw the return, and Load result reported the failure
    expect(invoker!.calls).toBe(4);
    expect(ofKind(result, TimelineKind.asyncLambda)[0]).toEqual(expect.objectContaining({ result: "error", attempts: 4, durationMs: 8000 }));
    expect(spoken(result)).toEqual(["Sorry."]);
    expect(result.external).toEqual({});

    // AND a Lambda slower than the limit times out at the limit
    const slow = await play(limited, (clock) => stub(clock, 30_000));
    expect(ofKind(slow, TimelineKind.asyncLambda)[0]).toEqual(expect.objectContaining({ result: "timeout", durationMs: 10_000 }));
    expect(ofKind(slow, TimelineKind.waitEvent)[0].atMs).toBe(10_000);
  });

  it("refuses an asynchronous time limit over 60 s", async () => {
    const f = flow(invokeAsync("invoke", "bye", "61"), say("failed", "Sorry.", "bye"), hangUp());
    await expect(play(f, (clock) => stub(clock, 100))).rejects.toThrow(/\[invoke\] InvocationTimeLimitSeconds 61 is over the 60 s/);
  });

  it("takes the event's branch at once, without the Continue branch, when the Lambda returned before the Wait began", async () => {
    // GIVEN a 2 s Lambda and a 3 s greeting between the invoke and the Wait
    const f = flow(invokeAsync("invoke", "save"), saveId("save", "greet"), say("greet", "Welcome to the demo line.", "wait"), ...holdFlow().Actions.slice(2));
    const result = await play(f, (clock) => stub(clock, 2000));
    expect(ofKind(result, TimelineKind.audio)).toEqual([]);
    expect(spoken(result)).toEqual(["Welcome to the demo line.", "Your balance is 12.50, alias 12.50."]);
  });

  it("refuses a Wait inside a Continue branch, naming the block", async () => {
    const f = flow(
      invokeAsync("invoke", "save"),
      saveId("save", "wait"),
      eventWait("wait", "inner", "load", "late"),
      action("inner", "Wait", { TimeLimitSeconds: "5" }, { Conditions: [equals("WaitCompleted", "bye")] }),
      load("load", "bye"),
      say("late", "Still working.", "bye"),
      say("still", "Not back yet.", "bye"),
      say("failed", "Sorry.", "bye"),
      hangUp(),
    );
    const run = play(f, (clock) => stub(clock, 10_000));
    await expect(run).rejects.toThrow(FlowRuntimeError);
    await expect(play(f, (clock) => stub(clock, 10_000))).rejects.toThrow(/^\[inner\] a Wait inside another Wait's Continue branch/);
  });

  it("ends the call where a Continue branch reaches a terminal action before the event (an assumption: Connect does not document it)", async () => {
    // GIVEN a Continue branch that plays one 5 s recording and hangs up, and a 30 s Lambda
    const f = holdFlow();
    const short: FlowJson = { ...f, Actions: f.Actions.map((a) => (a.Identifier === "hold" ? music("hold", "bye") : a)) };
    const result = await play(short, (clock) => stub(clock, 30_000));
    // THEN the call ends after the recording, with no event taken
    expect(result.terminal).toEqual(expect.objectContaining({ blockId: "bye", kind: "disconnect" }));
    expect(result.endedAtMs).toBe(5000);
    expect(ofKind(result, TimelineKind.waitEvent)).toEqual([]);
  });

  it("without Keep running, waits silently for the event and is cut by it", async () => {
    const f = flow(invokeAsync("invoke", "save"), saveId("save", "wait"), eventWait("wait", undefined, "load", "late"), ...holdFlow().Actions.slice(5));
    const result = await play(f, (clock) => stub(clock, 7000));
    expect(ofKind(result, TimelineKind.wait)).toEqual([expect.objectContaining({ atMs: 0, durationMs: 7000, plannedDurationMs: 60_000 })]);
    expect(spoken(result)).toEqual(["Your balance is 12.50, alias 12.50."]);
  });
});

describe("channels", () => {
  it("sends Text as instant chat messages on CHAT, and counts SSML and recordings as voice-only prompts that play nothing", async () => {
    // GIVEN a flow with a text, an SSML and a recorded prompt
    const f = flow(
      say("text", "Hello from chat.", "ssml"),
      action("ssml", "MessageParticipant", { SSML: '<speak><break time="2s"/></speak>' }, { NextAction: "rec" }),
      music("rec", "chan"),
      action("chan", "Compare", { ComparisonValue: "$.Channel" }, { Conditions: [equals("CHAT", "bye")], Errors: [onError("failed", "NoMatchingCondition")] }),
      say("failed", "Sorry.", "bye"),
      hangUp(),
    );
    // WHEN a chat contact runs it
    const result = await play(f, (clock) => stub(clock, 0), { contact: { contactId: "chat-1", channel: "CHAT" } });
    // THEN nothing took time, one message went out, two voice-only prompts were recorded, and $.Channel read CHAT
    expect(result.endedAtMs).toBe(0);
    expect(ofKind(result, TimelineKind.message).map((entry) => entry.text)).toEqual(["Hello from chat."]);
    expect(ofKind(result, TimelineKind.voiceOnlyPrompt)).toHaveLength(2);
    expect(ofKind(result, TimelineKind.speech)).toEqual([]);
    expect(result.terminal.blockId).toBe("bye");
  });
});

describe("Loop prompts (MessageParticipantIteratively)", () => {
  const loopPrompts = (id: string, interrupt: string | undefined, next: string) =>
    action(id, "MessageParticipantIteratively", { Messages: [{ Text: "Your call is important to us." }, { PromptId: MUSIC }], ...(interrupt === undefined ? {} : { InterruptFrequencySeconds: interrupt }) }, {
      Conditions: interrupt === undefined ? [] : [equals("MessagesInterrupted", next)],
      Errors: [onError("failed")],
    });

  it("plays its messages in order, round and round, until the interrupt period cuts them", async () => {
    // GIVEN a six-word sentence (2.4 s at 150 words a minute) and 5 s of music, interrupted every 12 s
    const f = flow(loopPrompts("queue", "12", "bye"), say("failed", "Sorry.", "bye"), hangUp());
    const result = await play(f, (clock) => stub(clock, 0));
    // THEN it played sentence, music, sentence, then 2.2 s of music cut at 12 s, and took MessagesInterrupted
    expect(result.timeline.filter((entry) => entry.kind === TimelineKind.speech || entry.kind === TimelineKind.audio).map((entry) => [entry.kind, entry.atMs, entry.durationMs])).toEqual([
      ["speech", 0, 2400],
      ["audio", 2400, 5000],
      ["speech", 7400, 2400],
      ["audio", 9800, 2200],
    ]);
    expect(result.terminal.blockId).toBe("bye");
    expect(result.endedAtMs).toBe(12_000);
  });

  it("takes its error branch at once on chat", async () => {
    const f = flow(loopPrompts("queue", "30", "bye"), say("failed", "Sorry.", "bye"), hangUp());
    const result = await play(f, (clock) => stub(clock, 0), { contact: { contactId: "chat-1", channel: "CHAT" } });
    expect(ofKind(result, TimelineKind.message).map((entry) => entry.text)).toEqual(["Sorry."]);
  });

  it("inside a Continue branch, plays until the Lambda returns", async () => {
    const f = holdFlow();
    const looped: FlowJson = { ...f, Actions: f.Actions.map((a) => (a.Identifier === "hold" ? loopPrompts("hold", undefined, "bye") : a)) };
    const result = await play(looped, (clock) => stub(clock, 9000));
    expect(ofKind(result, TimelineKind.waitEvent)[0].atMs).toBe(9000);
    // the second pass's sentence (from 7.4 s) was cut at 9 s
    expect(ofKind(result, TimelineKind.speech)[1]).toEqual(expect.objectContaining({ atMs: 7400, durationMs: 1600, plannedDurationMs: 2400 }));
    expect(spoken(result).pop()).toBe("Your balance is 12.50, alias 12.50.");
  });
});
