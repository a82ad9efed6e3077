/**
 * End-to-end calls through a hand-built event-strategy flow (reference §2.1.2 shapes), with the real
 * start and poll handlers (poll long-polling asynchronously), the real state machine and dynalite:
 *
 *   greet ─▶ start (sync) ─▶ save request id ─▶ check start status
 *     SUCCEEDED ─▶ success      FAILED/ERROR ─▶ failed      PENDING ─▶ channel?
 *   VOICE: rounds (Loop) ─▶ poll (ASYNCHRONOUS, asyncLongPollMs) ─▶ save poll id ─▶ Wait (keep running,
 *          PollReturned on the saved id; Continue: hold music ⟲) ─PollReturned─▶ load result ─▶ check poll status
 *   other: one text ─▶ text rounds ─▶ poll (ASYNCHRONOUS) ─▶ save ─▶ Wait (event only) ─▶ load … (same checks)
 *   check poll status: SUCCEEDED ─▶ success, FAILED/ERROR ─▶ failed, PENDING ─▶ the channel's rounds;
 *   a round's Loop done ─▶ timeout; WaitCompleted, InProgress or a load error ─▶ another round.
 */
import type { FlowAction, FlowJson } from "../../flows/flow-json";
import { simulate, type SimulationOptions } from "../../sim/call-simulator";
import { type CallerReport, type SimulationResult } from "../../sim/report/simulation-result";
import { SimulationInputError } from "../../sim/simulation-input-error";
import { TimelineKind, type AsyncLambdaTimelineEntry, type TimelineEntry } from "../../sim/report/timeline";

const START_ARN = "${aws_lambda_function.lookup_start.arn}";
const POLL_ARN = "${aws_lambda_function.lookup_poll.arn}";
const MUSIC = "arn:aws:connect:us-east-1:111111111111:instance/i/prompt/hold-music";
/** How long one asynchronous poll watches the item, and its invocation's limit (less than Connect's 60 s). */
const LONG_POLL_MS = 50_000;
const POLL_LIMIT_SECONDS = 55;
const WAIT_LIMIT_SECONDS = 58;

function action(Identifier: string, Type: string, Parameters: FlowAction["Parameters"], Transitions: FlowAction["Transitions"] = {}): FlowAction {
  return { Identifier, Type, Parameters, Transitions };
}
const onError = (next: string, errorType = "NoMatchingError") => ({ ErrorType: errorType, NextAction: next });
const equals = (operand: string, next: string) => ({ NextAction: next, Condition: { Operator: "Equals", Operands: [operand] } });
const say = (id: string, text: string, next: string) => action(id, "MessageParticipant", { Text: text }, { NextAction: next, Errors: [onError(next)] });
const statusCheck = (id: string, pending: string) =>
  action(id, "Compare", { ComparisonValue: "$.External.asyncStatus" }, {
    Conditions: [equals("SUCCEEDED", "success"), equals("PENDING", pending), equals("FAILED", "failed"), equals("ERROR", "failed")],
    Errors: [onError("failed", "NoMatchingCondition")],
  });
const channelCheck = (id: string) =>
  action(id, "Compare", { ComparisonValue: "$.Channel" }, { Conditions: [equals("VOICE", "rounds")], Errors: [onError("textRounds", "NoMatchingCondition")] });

/** One channel's round: Loop → asynchronous poll → save its id → Wait → load. */
function round(prefix: string, rounds: number, keepRunning: boolean): FlowAction[] {
  const id = (name: string) => `${prefix}${name}`;
  return [
    action(id("rounds"), "Loop", { LoopCount: String(rounds) }, { Conditions: [equals("ContinueLooping", id("poll")), equals("DoneLooping", "timeout")] }),
    action(
      id("poll"),
      "InvokeLambdaFunction",
      {
        LambdaFunctionARN: POLL_ARN,
        InvocationTimeLimitSeconds: String(POLL_LIMIT_SECONDS),
        InvocationType: "ASYNCHRONOUS",
        LambdaInvocationAttributes: { asyncRequestId: "$.FlowAttributes.requestId", asyncLongPollMs: String(LONG_POLL_MS) },
        ResponseValidation: { ResponseType: "STRING_MAP" },
      },
      { NextAction: id("savePoll"), Errors: [onError(id("rounds"))] },
    ),
    action(id("savePoll"), "UpdateFlowAttributes", { FlowAttributes: { pollId: { Value: "$.LambdaInvocation.InvocationId" } } }, { NextAction: id("wait"), Errors: [onError(id("rounds"))] }),
    action(
      id("wait"),
      "Wait",
      {
        TimeLimitSeconds: String(WAIT_LIMIT_SECONDS),
        ...(keepRunning ? { ContinueExecution: "TRUE" } : {}),
        InterruptibleEvents: { PollReturned: { AsyncLambdaCompletionEvent: { Identifier: "$.FlowAttributes.pollId" } } },
      },
      {
        NextAction: id("rounds"),
        Conditions: [...(keepRunning ? [equals("Continue", "music")] : []), equals("PollReturned", "load"), equals("WaitCompleted", id("rounds"))],
        Errors: [onError(id("rounds"))],
      },
    ),
  ];
}

/** The flow; `rounds` is each channel's Loop count (the most rounds before the timeout branch). */
function eventFlow(options: { rounds?: number; greeting?: FlowAction["Parameters"]; operation?: string; input?: { [name: string]: string } } = {}): FlowJson {
  const rounds = options.rounds ?? 3;
  const actions: FlowAction[] = [
    action("greet", "MessageParticipant", options.greeting ?? { Text: "Thank you for calling." }, { NextAction: "start", Errors: [onError("start")] }),
    action(
      "start",
      "InvokeLambdaFunction",
      { LambdaFunctionARN: START_ARN, InvocationTimeLimitSeconds: "4", LambdaInvocationAttributes: { operation: options.operation ?? "lookup", ...(options.input ?? { accountId: "$.Attributes.accountId" }) } },
      { NextAction: "saveRequest", Errors: [onError("failed")] },
    ),
    action("saveRequest", "UpdateFlowAttributes", { FlowAttributes: { requestId: { Value: "$.External.asyncRequestId" } } }, { NextAction: "checkStart", Errors: [onError("failed")] }),
    statusCheck("checkStart", "channel"),
    channelCheck("channel"),
    ...round("", rounds, true),
    action("music", "MessageParticipant", { PromptId: MUSIC }, { NextAction: "music", Errors: [onError("music")] }),
    say("textRounds", "One moment while I look up your account.", "text_rounds"),
    ...round("text_", rounds, false),
    action("load", "LoadLambdaFunctionResult", { LambdaInvocationId: "$.FlowAttributes.pollId" }, { NextAction: "checkPoll", Errors: [onError("channelAgain"), onError("channelAgain", "InProgress")] }),
    statusCheck("checkPoll", "channelAgain"),
    { ...channelCheck("channelAgain"), Transitions: { Conditions: [equals("VOICE", "rounds")], Errors: [onError("text_rounds", "NoMatchingCondition")] } },
    say("success", "Your balance is $.External.balance.", "bye"),
    say("failed", "Sorry, that failed.", "bye"),
    say("timeout", "Sorry, this is taking too long.", "bye"),
    action("bye", "DisconnectParticipant", {}),
  ];
  return { Version: "2019-10-30", StartAction: "greet", Actions: actions };
}

async function call(latencyMs: number, extra: Partial<SimulationOptions> & { flow?: FlowJson; failing?: boolean } = {}): Promise<SimulationResult> {
  const { failing, ...options } = extra;
  return simulate({
    flow: eventFlow(),
    scenario: { name: "event", backend: { latencyMs, ...(failing ? { failures: [{ attempts: "all" as const, kind: "error" as const, errorName: "AccountLocked" }] } : {}) } },
    // 30 s of hold music: long enough that only the poll's return ends it
    promptTiming: { audioDurationsMs: { [MUSIC]: 30_000 } },
    ...options,
  });
}

const ofKind = (caller: CallerReport, kind: TimelineEntry["kind"]) => caller.timeline.filter((entry) => entry.kind === kind);
const asyncPolls = (caller: CallerReport) => ofKind(caller, TimelineKind.asyncLambda) as AsyncLambdaTimelineEntry[];

describe("the event strategy, end to end (hand-built flow)", () => {
  it("fast path: a 300 ms backend is answered by start, with no asynchronous poll", async () => {
    const result = await call(300);
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("success");
    expect(result.invocations).toEqual({ start: 1 });
    expect(asyncPolls(caller)).toEqual([]);
    expect(caller.resultDeliveryLagMs!).toBeLessThan(500);
  });

  it("25 s backend: music until the work is done, cut the instant poll returns; outcome lag ≤ 0.3 s, one poll", async () => {
    const result = await call(25_000);
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("success");
    expect(caller.resultDeliveryLagMs).not.toBeNull();
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(300);
    // one long-poll round, answered by an asynchronous invocation
    expect(result.invocations).toEqual({ poll: 1, start: 1 });
    expect(asyncPolls(caller)).toEqual([expect.objectContaining({ functionName: "lookup_poll", result: "ok" })]);
    // the music was cut (not played out) and the outcome came at that very instant
    const music = ofKind(caller, TimelineKind.audio);
    const last = music[music.length - 1];
    expect(last.plannedDurationMs).toBe(30_000);
    expect(last.atMs + last.durationMs).toBe(caller.outcome.atMs);
    // nothing but the synchronous start left the caller without sound
    expect(caller.silenceBeyondLambdaMs).toBe(0);
    // the work ran under the operation the flow names, labelled by function name, not by token
    expect(Object.keys(result.operations)).toEqual(["lookup"]);
    expect(ofKind(caller, TimelineKind.lambda).map((entry) => (entry as { functionName: string }).functionName)).toEqual(["lookup_start"]);
  });

  it("a backend over 60 s takes a second round: the first poll answers PENDING before its limit, the second delivers", async () => {
    const result = await call(75_000);
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("success");
    const polls = asyncPolls(caller);
    expect(polls).toHaveLength(2);
    // the first round's poll returned (PENDING) within its invocation limit
    expect(polls[0]).toEqual(expect.objectContaining({ result: "ok" }));
    expect(polls[0].durationMs).toBeLessThan(POLL_LIMIT_SECONDS * 1000);
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(300);
    expect(caller.silenceBeyondLambdaMs).toBe(0);
  });

  it("timeout: with one round allowed, a 90 s backend sends the caller to the timeout branch after that round", async () => {
    const result = await call(90_000, { flow: eventFlow({ rounds: 1 }) });
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("timeout");
    expect(caller.lastStatus).toBe("PENDING");
    expect(result.invocations.poll).toBe(1);
    expect(caller.outcome.atMs).toBeLessThan(POLL_LIMIT_SECONDS * 1000 + 10_000);
    expect(result.executions[0].backendDoneAtMs!).toBeGreaterThan(caller.outcome.atMs);
  });

  it("failure: a failing backend is recorded FAILED and poll's answer takes the failure branch", async () => {
    const result = await call(2000, { failing: true });
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("failure");
    expect(caller.lastStatus).toBe("FAILED");
    expect(caller.lastErrorCode).toBe("AccountLocked");
  });

  it("chat: text messages only, one before the wait, no voice-only prompt, and the result within 0.3 s", async () => {
    const result = await call(25_000, { channel: "CHAT" });
    const [caller] = result.callers;
    expect(caller.outcome.kind).toBe("success");
    expect(caller.channel).toBe("CHAT");
    expect(caller.voiceOnlyPromptsOnChat).toBe(0);
    expect(ofKind(caller, TimelineKind.message).map((entry) => entry.text)).toEqual([
      "Thank you for calling.",
      "One moment while I look up your account.",
      expect.stringMatching(/^Your balance is [\d.]+\.$/),
    ]);
    expect(caller.chatMessages).toBe(3);
    expect(ofKind(caller, TimelineKind.audio)).toEqual([]);
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(300);
  });

  it("chat: an SSML greeting reaching a chat contact is counted as a voice-only prompt", async () => {
    const result = await call(300, { channel: "CHAT", flow: eventFlow({ greeting: { SSML: "<speak>Thank you for calling.</speak>" } }) });
    expect(result.callers[0].voiceOnlyPromptsOnChat).toBe(1);
    expect(result.callers[0].chatMessages).toBe(2);
  });

  it("is deterministic: the same call twice gives the same timeline and figures", async () => {
    const [once, twice] = [await call(75_000), await call(75_000)];
    expect(twice.timeline).toEqual(once.timeline);
    expect(twice.callers).toEqual(once.callers);
    expect(twice.table).toEqual(once.table);
  });
});

describe("operations of any flow (issue 10)", () => {
  it("takes an operation's settings from the operations option (as read from a user's stack)", async () => {
    // GIVEN the 300 ms backend, but the operation configured with no fast path
    const result = await call(300, { operations: { lookup: { fastPathMs: 0 } } });
    // THEN start answers PENDING at once and a poll delivers the result
    expect(result.operations.lookup.fastPathMs).toBe(0);
    expect(result.callers[0].outcome.kind).toBe("success");
    expect(result.invocations.poll).toBe(1);
  });

  it("refuses a scenario that names an operation the flow does not start, listing the ones it does", async () => {
    const run = simulate({ flow: eventFlow(), scenario: { name: "x", backend: { latencyMs: 100 }, operation: { name: "billing", fastPathMs: 0 } } });
    await expect(run).rejects.toThrow(SimulationInputError);
    await expect(simulate({ flow: eventFlow(), scenario: { name: "x", backend: { latencyMs: 100 }, operation: { name: "billing" } } })).rejects.toThrow(
      /operation\.name "billing" is not an operation of this flow \(lookup\)/,
    );
  });

  it("with strictOperations, refuses a flow that starts an operation the given settings lack", async () => {
    const run = simulate({ flow: eventFlow({ operation: "lookups" }), scenario: { name: "x", backend: { latencyMs: 100 } }, operations: { lookup: {} }, strictOperations: true });
    await expect(run).rejects.toThrow(/starts the operation "lookups", which is not among the operations given \(lookup\)/);
  });

  it("lets a scenario key another operation's cache by its own inputs (the demo's declared inputs stay with the demo)", async () => {
    // GIVEN two callers with the same phone number, which the operation caches by (the demo declares no such input)
    const scenario = { name: "shared", backend: { latencyMs: 5000 }, operation: { cacheKey: ["phone"], cacheTtlSeconds: 300 }, callers: [{ count: 2, attributes: { phone: "+15550100" } }] };
    const result = await simulate({ flow: eventFlow({ input: { phone: "$.Attributes.phone" } }), scenario });
    // THEN both succeed on one execution
    expect(result.callers.map((caller) => caller.outcome.kind)).toEqual(["success", "success"]);
    expect(result.executions).toHaveLength(1);
  });

  it("applies a scenario's named overrides to that operation only", async () => {
    const flow = eventFlow();
    const result = await simulate({ flow, scenario: { name: "x", backend: { latencyMs: 300 }, operation: { name: "lookup", fastPathMs: 0 } }, operations: { other: {} } });
    expect(result.operations.lookup.fastPathMs).toBe(0);
    expect(result.operations.other.fastPathMs).toBeGreaterThan(0);
  });
});
