import { asyncAwait, asyncInvoke, asyncStart, type AsyncWaitPlan, type AsyncWaitPlans } from "../../../flows/async";
import { Chain } from "../../../flows/chain";
import { DisconnectParticipant } from "../../../flows/blocks/disconnect-participant";
import { InvokeLambdaFunction } from "../../../flows/blocks/invoke-lambda-function";
import { MessageParticipant } from "../../../flows/blocks/message-participant";
import { Flow } from "../../../flows/flow";
import type { FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { actionOf, outcomes, routeTable } from "./flow-table";

const START = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
const POLL = "${TfToken[TOKEN.12]}";
const TWO_SECOND_BREAK = { ssml: '<speak><break time="2s"/></speak>' };


function build(startWith: Parameters<typeof Chain.start>[0]): { flow: Flow; json: FlowJson } {
  const flow = new Flow({ name: "Macro", startWith });
  return { flow, json: flow.toJson() };
}

describe("asyncInvoke structure", () => {
  test("each asyncStatus value leads where the design says, the deadline ends the wait, poll errors go round the loop, and the comfort cadence is a second Loop", () => {
    // GIVEN the macro with an initial message and a comfort message every 3 turns
    const macro = asyncInvoke("balance", {
      startFunctionArn: START,
      pollFunctionArn: POLL,
      input: { accountId: "$.Attributes.accountId" },
      maxWaitSeconds: 60,
      initialMessage: { text: "One moment please." },
      holdPrompt: TWO_SECOND_BREAK,
      comfortMessage: { text: "Still working on it." },
      comfortEveryTurns: 3,
      ...outcomes(),
    });

    // WHEN
    const { flow, json } = build(macro);

    // THEN following the transitions in the JSON gives the designed graph
    expect(json.StartAction).toBe(flow.identifierOf(macro.startBlock));
    const table = routeTable(flow, json);
    const failure = "Failure";
    expect(table).toStrictEqual({
      "balance: start": { type: "InvokeLambdaFunction", next: "balance: save request id", errors: { NoMatchingError: failure } },
      "balance: save request id": { type: "UpdateFlowAttributes", next: "balance: check start status", errors: { NoMatchingError: failure } },
      "balance: check start status": {
        type: "Compare",
        next: failure,
        errors: { NoMatchingCondition: failure },
        conditions: { SUCCEEDED: "Success", PENDING: "balance: note wait start", FAILED: failure, ERROR: failure },
      },
      "balance: note wait start": { type: "UpdateFlowAttributes", next: "balance: check channel", errors: { NoMatchingError: "balance: check channel" } },
      // voice contacts hear the prompts; chat, task and email contacts get the texts and a silent Wait
      "balance: check channel": {
        type: "Compare",
        next: "balance: text initial message",
        errors: { NoMatchingCondition: "balance: text initial message" },
        conditions: { VOICE: "balance: initial message" },
      },
      "balance: text initial message": { type: "MessageParticipant", next: "balance: text poll", errors: { NoMatchingError: "balance: text poll" } },
      "balance: text turns": { type: "Loop", next: "Timeout", conditions: { ContinueLooping: "balance: text comfort cadence", DoneLooping: "Timeout" } },
      // a 2 s pause per turn and a comfort text at most every 30 s: every 15th turn
      "balance: text comfort cadence": {
        type: "Loop",
        next: "balance: text comfort message",
        conditions: { ContinueLooping: "balance: text pause", DoneLooping: "balance: text comfort message" },
      },
      "balance: text comfort message": { type: "MessageParticipant", next: "balance: text pause", errors: { NoMatchingError: "balance: text pause" } },
      "balance: text pause": { type: "Wait", next: "balance: text poll", errors: { NoMatchingError: "balance: text poll" }, conditions: { WaitCompleted: "balance: text poll" } },
      "balance: text poll": { type: "InvokeLambdaFunction", next: "balance: check text poll status", errors: { NoMatchingError: "balance: text blind turns" } },
      // a poll Connect could not invoke is a turn without a clock, counted so that they fit the wait
      "balance: text blind turns": { type: "Loop", next: "Timeout", conditions: { ContinueLooping: "balance: text turns", DoneLooping: "Timeout" } },
      "balance: text poll errors": { type: "Loop", next: failure, conditions: { ContinueLooping: "balance: text turns", DoneLooping: failure } },
      "balance: check text poll status": {
        type: "Compare",
        next: failure,
        errors: { NoMatchingCondition: failure },
        conditions: { SUCCEEDED: "Success", PENDING: "balance: check text deadline", FAILED: failure, ERROR: "balance: text poll errors" },
      },
      "balance: check text deadline": {
        type: "Compare",
        next: "balance: text turns",
        errors: { NoMatchingCondition: "balance: text turns" },
        conditions: { [String(textPlan(macro).deadlineSeconds * 1000)]: "Timeout", [String(textPlan(macro).lastTurnSeconds * 1000)]: "balance: text final poll" },
      },
      // past Z no prompt fits: one long poll to the give-up time, whose PENDING answer is the timeout
      "balance: text final poll": { type: "InvokeLambdaFunction", next: "balance: check text final poll status", errors: { NoMatchingError: "balance: text blind turns" } },
      "balance: check text final poll status": {
        type: "Compare",
        next: failure,
        errors: { NoMatchingCondition: failure },
        conditions: { SUCCEEDED: "Success", PENDING: "balance: check text final deadline", FAILED: failure, ERROR: "balance: text poll errors" },
      },
      "balance: check text final deadline": {
        type: "Compare",
        next: "balance: text turns",
        errors: { NoMatchingCondition: "balance: text turns" },
        conditions: { [String(textPlan(macro).deadlineSeconds * 1000)]: "Timeout" },
      },
      // the initial message keeps the caller company, so the work may be done by its end: poll at once
      "balance: initial message": { type: "MessageParticipant", next: "balance: poll", errors: { NoMatchingError: "balance: poll" } },
      "balance: wait turns": { type: "Loop", next: "Timeout", conditions: { ContinueLooping: "balance: comfort cadence", DoneLooping: "Timeout" } },
      "balance: comfort cadence": { type: "Loop", next: "balance: comfort message", conditions: { ContinueLooping: "balance: hold prompt", DoneLooping: "balance: comfort message" } },
      "balance: hold prompt": { type: "MessageParticipant", next: "balance: poll", errors: { NoMatchingError: "balance: poll" } },
      "balance: comfort message": { type: "MessageParticipant", next: "balance: poll", errors: { NoMatchingError: "balance: poll" } },
      "balance: poll": { type: "InvokeLambdaFunction", next: "balance: check poll status", errors: { NoMatchingError: "balance: blind turns" } },
      // a poll Connect could not invoke is a turn without a clock, counted so that they fit the wait
      "balance: blind turns": { type: "Loop", next: "Timeout", conditions: { ContinueLooping: "balance: wait turns", DoneLooping: "Timeout" } },
      "balance: poll errors": { type: "Loop", next: failure, conditions: { ContinueLooping: "balance: wait turns", DoneLooping: failure } },
      "balance: check poll status": {
        type: "Compare",
        next: failure,
        errors: { NoMatchingCondition: failure },
        conditions: { SUCCEEDED: "Success", PENDING: "balance: check deadline", FAILED: failure, ERROR: "balance: poll errors" },
      },
      "balance: check deadline": {
        type: "Compare",
        next: "balance: wait turns",
        errors: { NoMatchingCondition: "balance: wait turns" },
        conditions: { [String(voicePlan(macro).deadlineSeconds * 1000)]: "Timeout", [String(voicePlan(macro).lastTurnSeconds * 1000)]: "balance: final poll" },
      },
      // past Z no prompt fits: one long poll to the give-up time, whose PENDING answer is the timeout
      "balance: final poll": { type: "InvokeLambdaFunction", next: "balance: check final poll status", errors: { NoMatchingError: "balance: blind turns" } },
      "balance: check final poll status": {
        type: "Compare",
        next: failure,
        errors: { NoMatchingCondition: failure },
        conditions: { SUCCEEDED: "Success", PENDING: "balance: check final deadline", FAILED: failure, ERROR: "balance: poll errors" },
      },
      "balance: check final deadline": {
        type: "Compare",
        next: "balance: wait turns",
        errors: { NoMatchingCondition: "balance: wait turns" },
        conditions: { [String(voicePlan(macro).deadlineSeconds * 1000)]: "Timeout" },
      },
      Success: { type: "MessageParticipant", next: "Hang up", errors: { NoMatchingError: "Hang up" } },
      Failure: { type: "MessageParticipant", next: "Hang up", errors: { NoMatchingError: "Hang up" } },
      Timeout: { type: "MessageParticipant", next: "Hang up", errors: { NoMatchingError: "Hang up" } },
      "Hang up": { type: "DisconnectParticipant" },
    });
    expect(actionOf(flow, json, "balance: comfort cadence").Parameters).toStrictEqual({ LoopCount: "2" });
    expect(actionOf(flow, json, "balance: text comfort cadence").Parameters).toStrictEqual({ LoopCount: "14" });
    expect(actionOf(flow, json, "balance: text pause").Parameters).toStrictEqual({ TimeLimitSeconds: "2" });
    expect(actionOf(flow, json, "balance: text comfort message").Parameters).toStrictEqual({ Text: "Still working on it." });
    // one poll that answers ERROR is tolerated by default; the second gives up
    expect(actionOf(flow, json, "balance: poll errors").Parameters).toStrictEqual({ LoopCount: "1" });
    // the deadline compares the caller's own wait, which the handlers measure
    expect(actionOf(flow, json, "balance: check deadline").Parameters).toStrictEqual({ ComparisonValue: "$.External.asyncElapsedMs" });
    expect(actionOf(flow, json, "balance: check deadline").Transitions.Conditions?.[0].Condition.Operator).toBe("NumberGreaterThan");
  });

  test("start gets the operation and its input, poll gets the request id saved in the macro's flow attribute", () => {
    // GIVEN
    const macro = asyncInvoke("balance", {
      startFunctionArn: START,
      pollFunctionArn: POLL,
      input: { accountId: "$.Attributes.accountId" },
      maxWaitSeconds: 30,
      ...outcomes(),
    });

    // WHEN
    const { flow, json } = build(macro);

    // THEN
    expect(actionOf(flow, json, "balance: start").Parameters).toStrictEqual({
      LambdaFunctionARN: START,
      InvocationTimeLimitSeconds: "4",
      LambdaInvocationAttributes: { operation: "balance", accountId: "$.Attributes.accountId" },
      ResponseValidation: { ResponseType: "STRING_MAP" },
    });
    expect(actionOf(flow, json, "balance: save request id").Parameters).toStrictEqual({
      FlowAttributes: { balance_asyncRequestId: { Value: "$.External.asyncRequestId" } },
    });
    expect(actionOf(flow, json, "balance: poll").Parameters).toStrictEqual({
      LambdaFunctionARN: POLL,
      InvocationTimeLimitSeconds: "3",
      // told to give up 0.75 s (30 s / 40) before the 30 s wait ends
      LambdaInvocationAttributes: { asyncRequestId: "$.FlowAttributes.balance_asyncRequestId", asyncWaitStartedAt: "$.FlowAttributes.balance_asyncWaitStartedAt", asyncGiveUpAfterMs: "29250" },
      ResponseValidation: { ResponseType: "STRING_MAP" },
    });
    expect(actionOf(flow, json, "balance: check poll status").Parameters).toStrictEqual({ ComparisonValue: "$.External.asyncStatus" });
    // the start's PENDING answer carries the handlers' clock: the start of this caller's wait
    expect(actionOf(flow, json, "balance: note wait start").Parameters).toStrictEqual({
      FlowAttributes: { balance_asyncWaitStartedAt: { Value: "$.External.asyncNowMs" } },
    });
    expect(macro.requestIdAttribute).toBe("balance_asyncRequestId");
  });

  test("without a comfort message every turn plays the hold prompt and there is no cadence Loop", () => {
    // GIVEN
    const macro = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, ...outcomes() });

    // WHEN
    const { flow, json } = build(macro);

    // THEN
    const table = routeTable(flow, json);
    expect(table["balance: check start status"]!.conditions!.PENDING).toBe("balance: note wait start");
    expect(table["balance: note wait start"]!.next).toBe("balance: check channel");
    expect(table["balance: check channel"]!.conditions).toStrictEqual({ VOICE: "balance: wait turns" });
    // nothing to say to a chat contact: no text at all, only a silent Wait between polls
    expect(table["balance: text turns"]!.conditions).toStrictEqual({ ContinueLooping: "balance: text pause", DoneLooping: "Timeout" });
    expect(table["balance: wait turns"]!.conditions).toStrictEqual({ ContinueLooping: "balance: hold prompt", DoneLooping: "Timeout" });
    expect(Object.keys(table).filter((name) => name.includes("cadence") || name.includes("comfort"))).toStrictEqual([]);
    expect(actionOf(flow, json, "balance: hold prompt").Parameters).toStrictEqual({ SSML: '<speak><break time="2s"/></speak>' });
  });

  test("the macro validates clean: no errors and no warnings", () => {
    // GIVEN
    const greeting = new MessageParticipant("Greeting", { prompt: { text: "Hello" } });
    const parts = outcomes();
    greeting.onError(parts.onFailure);
    const macro = asyncInvoke("balance", {
      startFunctionArn: START,
      pollFunctionArn: POLL,
      maxWaitSeconds: 45,
      initialMessage: { text: "One moment please." },
      comfortMessage: { s3Uri: "https://bucket.s3.amazonaws.com/still-working.wav", lengthSeconds: 3 },
      ...parts,
    });

    // WHEN
    const { json } = build(Chain.start(greeting).next(macro));

    // THEN
    expect(validateFlow(json)).toStrictEqual([]);
  });

  test("chaining after the macro throws: it continues only through its outcomes", () => {
    // GIVEN
    const macro = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, ...outcomes() });

    // WHEN / THEN
    expect(() => Chain.start(macro).next(new DisconnectParticipant("Later"))).toThrow(/after asyncInvoke "balance" \(it continues only through onSuccess, onFailure and onTimeout\)/);
  });
});

describe("asyncInvoke timing plan", () => {
  test("a 2 s SSML break and a 3 s poll limit in 60 s: polls give up at 59 s, the timeout past 58 s, no prompt after 56 s, 29 turns as a backstop", () => {
    // GIVEN / WHEN
    const macro = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 60, holdPrompt: TWO_SECOND_BREAK, ...outcomes() });

    // THEN the end margin is 1 s (at most M / 40): G = 59 s, D = 58 s (≥ 95 % of 60 s), Z = D − the 2 s prompt;
    // 56 s of 2 s prompts is 28 turns, plus one; the final poll covers Z to G (3 s) with a 4 s limit
    expect(voicePlan(macro)).toStrictEqual({
      loopCount: 29,
      comfortEveryTurns: undefined,
      holdTurnSeconds: 5,
      comfortTurnSeconds: undefined,
      worstTurnSeconds: 5,
      maxPollErrors: 1,
      deadlineSeconds: 58,
      giveUpSeconds: 59,
      lastTurnSeconds: 56,
      finalPollSeconds: 4,
      // 60 s of worst turns (2 s prompt + 3 s poll)
      blindTurnLoopCount: 12,
      leadInSeconds: 4,
      worstCaseSeconds: 59,
      maxWaitSeconds: 60,
    });
    const { flow, json } = build(macro);
    expect(actionOf(flow, json, "balance: wait turns").Parameters).toStrictEqual({ LoopCount: "29" });
    expect(actionOf(flow, json, "balance: check deadline").Transitions.Conditions).toStrictEqual([
      { NextAction: expect.any(String), Condition: { Operator: "NumberGreaterThan", Operands: ["58000"] } },
      { NextAction: actionOf(flow, json, "balance: final poll").Identifier, Condition: { Operator: "NumberGreaterThan", Operands: ["56000"] } },
    ]);
    expect(actionOf(flow, json, "balance: final poll").Parameters).toMatchObject({
      InvocationTimeLimitSeconds: "4",
      LambdaInvocationAttributes: { asyncLongPollMs: "3000", asyncGiveUpAfterMs: "59000" },
    });
  });

  test("the longest prompt sets the last stretch: a 4 s comfort recording every 3rd turn", () => {
    // GIVEN a 2 s initial recording, a 2 s hold break, a 4 s comfort recording every 3rd turn, 2 tolerated ERROR answers
    // WHEN
    const macro = asyncInvoke("balance", {
      startFunctionArn: START,
      pollFunctionArn: POLL,
      maxWaitSeconds: 60,
      initialMessage: { promptId: "arn:aws:connect:us-east-1:111111111111:instance/i/prompt/p", lengthSeconds: 2 },
      holdPrompt: TWO_SECOND_BREAK,
      comfortMessage: { s3Uri: "https://bucket.s3.amazonaws.com/comfort.wav", lengthSeconds: 4 },
      comfortEveryTurns: 3,
      maxPollErrors: 2,
      ...outcomes(),
    });

    // THEN no turn starts past 58 − 4 = 54 s; the final poll covers the 5 s to G in a 6 s invocation;
    // tolerated errors no longer reserve time: they are answers, which carry the clock
    expect(voicePlan(macro)).toMatchObject({ holdTurnSeconds: 5, comfortTurnSeconds: 7, worstTurnSeconds: 7, deadlineSeconds: 58, lastTurnSeconds: 54, finalPollSeconds: 6, leadInSeconds: 9 });
    const { flow, json } = build(macro);
    expect(actionOf(flow, json, "balance: poll errors").Parameters).toStrictEqual({ LoopCount: "2" });
  });

  test("a wait that would need more than Connect's 100 loop turns throws, says when it would give up and how long the prompts must be", () => {
    // GIVEN / WHEN / THEN: D = 3598 s, Z = 3596 s of 2 s prompts needs 1799 turns; 99 turns of 2 s give up after 198 s
    expect(() => asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 3600, ...outcomes() })).toThrow(
      /asyncInvoke "balance": maxWaitSeconds 3600 needs 1799 turns of the 2 s prompt, more than Connect's 100 Loop turns, so the wait would give up after about 198 s of turns; make every prompt the wait plays at least 36.4 s long/,
    );
  });

  test("when the lead-in leaves no turn before the timeout, the macro throws, naming itself and the numbers", () => {
    // GIVEN / WHEN / THEN: 12 s wait: D = 11.4 s, Z = 9.4 s; the lead-in (start 4 s, initial message, its poll 3 s) is past it
    expect(() =>
      asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 12, initialMessage: { ssml: '<speak><break time="3s"/></speak>' }, ...outcomes() }),
    ).toThrow(/asyncInvoke "balance": maxWaitSeconds 12 is too short: the lead-in \(10 s\) and the longest prompt of a turn \(2 s\) leave no turn before the timeout at 11.4 s/);
  });

  test("a prompt too long for the final poll to cover is refused, naming the time the wait would give up", () => {
    // GIVEN / WHEN / THEN: a 10 s comfort message every turn: Z = 58 − 10 = 48 s, and Connect's 8 s let the final poll cover 7 s of the 11 s to G
    expect(() =>
      asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 60, comfortMessage: { s3Uri: "https://bucket.s3.amazonaws.com/c.wav", lengthSeconds: 10 }, comfortEveryTurns: 1, ...outcomes() }),
    ).toThrow(/would give up after 55 s of the 60 s set, before 95 % of it/);
  });

  test("without tolerated poll errors an ERROR answer goes straight to failure; a failed invocation is another turn", () => {
    // GIVEN / WHEN
    const macro = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, maxPollErrors: 0, ...outcomes() });
    const { flow, json } = build(macro);

    // THEN
    const table = routeTable(flow, json);
    expect(table["balance: poll"]!.errors).toStrictEqual({ NoMatchingError: "balance: blind turns" });
    expect(table["balance: blind turns"]!.conditions).toStrictEqual({ ContinueLooping: "balance: wait turns", DoneLooping: "Timeout" });
    expect(table["balance: check poll status"]!.conditions!.ERROR).toBe("Failure");
    expect(table["balance: poll errors"]).toBeUndefined();
    // 30 s / 40 = 0.75 s of end margin: the timeout past 28.5 s
    expect(voicePlan(macro).deadlineSeconds).toBe(28.5);
  });

  test.each([
    { what: "a recording of unknown length", options: { holdPrompt: { s3Uri: "https://bucket.s3.amazonaws.com/hold.wav" } }, message: /asyncInvoke "balance": holdPrompt is a recording of unknown length; give lengthSeconds/ },
    { what: "a start time limit of 9", options: { startInvocationTimeLimitSeconds: 9 }, message: /asyncInvoke "balance": startInvocationTimeLimitSeconds must be an integer from 1 to 8 \(got 9\)/ },
    { what: "a poll time limit of 0", options: { pollInvocationTimeLimitSeconds: 0 }, message: /asyncInvoke "balance": pollInvocationTimeLimitSeconds must be an integer from 1 to 8 \(got 0\)/ },
    { what: "an empty poll ARN", options: { pollFunctionArn: "" }, message: /asyncInvoke "balance": pollFunctionArn must be a non-empty string/ },
    { what: "a reserved input key", options: { input: { asyncStatus: "x" } }, message: /asyncInvoke "balance": input key "asyncStatus" is reserved/ },
    { what: "a comfort cadence of 0", options: { comfortMessage: { text: "Still here" }, comfortEveryTurns: 0 }, message: /asyncInvoke "balance": comfortEveryTurns must be an integer from 1 to 101 \(got 0\)/ },
    { what: "a bad id", options: { id: "has space" }, message: /id must match \[A-Za-z0-9_-\]\{1,40\} \(got "has space"\)/ },
  ])("bad options throw at once: $what", ({ options, message }) => {
    // GIVEN / WHEN / THEN
    expect(() => asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 60, ...outcomes(), ...options })).toThrow(message);
  });
});

describe("asyncInvoke used twice in one flow", () => {
  test("two macros share no identifier, no Loop counter and no flow attribute", () => {
    // GIVEN the same operation twice, with two ids
    const second = asyncInvoke("balance", { id: "second", startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, ...outcomes("2nd ") });
    const first = asyncInvoke("balance", {
      id: "first",
      startFunctionArn: START,
      pollFunctionArn: POLL,
      maxWaitSeconds: 30,
      comfortMessage: { text: "Still here" },
      ...outcomes("1st "),
      onSuccess: second,
    });

    // WHEN
    const { json } = build(first);

    // THEN
    const identifiers = json.Actions.map((action) => action.Identifier);
    expect(new Set(identifiers).size).toBe(identifiers.length);
    const loops = json.Actions.filter((action) => action.Type === "Loop").map((action) => action.Identifier);
    // first: turns + cadence + poll errors + blind turns, and the same four for text; second: turns + poll errors + blind turns, twice
    expect(loops).toHaveLength(14);
    expect(new Set(loops).size).toBe(14);
    const attributes = json.Actions.filter((action) => action.Type === "UpdateFlowAttributes").flatMap((action) => Object.keys(action.Parameters.FlowAttributes as object));
    expect(attributes).toStrictEqual(["first_asyncRequestId", "first_asyncWaitStartedAt", "second_asyncRequestId", "second_asyncWaitStartedAt"]);
    const pollInputs = json.Actions.filter((action) => JSON.stringify(action.Parameters).includes("$.FlowAttributes.")).map(
      (action) => (action.Parameters.LambdaInvocationAttributes as { asyncRequestId: string }).asyncRequestId,
    );
    // each macro's voice and text polls, and their final polls
    expect(pollInputs.sort()).toStrictEqual([
      "$.FlowAttributes.first_asyncRequestId",
      "$.FlowAttributes.first_asyncRequestId",
      "$.FlowAttributes.first_asyncRequestId",
      "$.FlowAttributes.first_asyncRequestId",
      "$.FlowAttributes.second_asyncRequestId",
      "$.FlowAttributes.second_asyncRequestId",
      "$.FlowAttributes.second_asyncRequestId",
      "$.FlowAttributes.second_asyncRequestId",
    ]);
    expect(validateFlow(json)).toStrictEqual([]);
  });

  test("the same operation twice without distinct ids is refused, naming the clashing blocks", () => {
    // GIVEN
    const second = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, ...outcomes("2nd ") });
    const first = asyncInvoke("balance", { startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 30, ...outcomes("1st "), onSuccess: second });

    // WHEN / THEN
    expect(() => build(first)).toThrow(/two different blocks are named "balance: start"/);
  });
});

describe("asyncStart and asyncAwait", () => {
  function splitFlow() {
    const parts = outcomes();
    const call = asyncStart("balance", { startFunctionArn: START, input: { accountId: "$.Attributes.accountId" } }).onError(parts.onFailure);
    const profile = new InvokeLambdaFunction("Fetch profile", { functionArn: "arn:aws:lambda:us-east-1:111111111111:function:profile", invocationTimeLimitSeconds: 3 }).onError(
      parts.onFailure,
    );
    const chat = new MessageParticipant("Small talk", { prompt: { text: "While I look that up, thank you for being a customer." } }).onError(parts.onFailure);
    const wait = asyncAwait(call, { pollFunctionArn: POLL, maxWaitSeconds: 30, initialMessage: { text: "Almost there." }, ...parts });
    const start = Chain.start(call).next(profile).next(chat).next(wait);
    return { start, call, wait };
  }

  test("other blocks run between start and await, and await polls once before any prompt", () => {
    // GIVEN start → save → Fetch profile → Small talk → first poll → …
    const { start, wait } = splitFlow();

    // WHEN
    const { flow, json } = build(start);

    // THEN
    const table = routeTable(flow, json);
    expect(table["balance: start"]).toStrictEqual({ type: "InvokeLambdaFunction", next: "balance: save request id", errors: { NoMatchingError: "Failure" } });
    expect(table["balance: save request id"]!.next).toBe("Fetch profile");
    expect(table["Fetch profile"]!.next).toBe("Small talk");
    expect(table["Small talk"]!.next).toBe("balance: first poll");
    expect(table["balance: first poll"]).toStrictEqual({
      type: "InvokeLambdaFunction",
      next: "balance: check first poll status",
      errors: { NoMatchingError: "balance: note wait start" },
    });
    // finished work goes straight to success with no prompt in between
    expect(table["balance: check first poll status"]!.conditions).toStrictEqual({
      SUCCEEDED: "Success",
      PENDING: "balance: note wait start",
      FAILED: "Failure",
      ERROR: "Failure",
    });
    expect(table["balance: poll"]!.errors).toStrictEqual({ NoMatchingError: "balance: blind turns" });
    expect(actionOf(flow, json, "balance: first poll").Parameters.LambdaInvocationAttributes).toStrictEqual({ asyncRequestId: "$.FlowAttributes.balance_asyncRequestId" });
    // lead-in = first poll 3 s + "Almost there." 0.8 s + the poll after it 3 s; end margin 30 / 40 = 0.75 s:
    // G = 29.25 s, D = 28.5 s, Z = D − the 2 s break = 26.5 s, and 26.5 s of 2 s prompts is 14 turns, plus one
    expect(voicePlan(wait)).toMatchObject({ leadInSeconds: 6.8, deadlineSeconds: 28.5, giveUpSeconds: 29.25, lastTurnSeconds: 26.5, loopCount: 15, worstCaseSeconds: 29.25 });
    expect(validateFlow(json)).toStrictEqual([]);
  });

  test("an asyncStart without an error path refuses to render unless the flow has a default error target", () => {
    // GIVEN
    const parts = outcomes();
    const call = asyncStart("balance", { startFunctionArn: START });
    const wait = asyncAwait(call, { pollFunctionArn: POLL, maxWaitSeconds: 30, ...parts });

    const startWith = Chain.start(call).next(wait);

    // WHEN / THEN
    expect(() => new Flow({ name: "Macro", startWith }).toJson()).toThrow(/InvokeLambdaFunction "balance: start": the NoMatchingError branch is not wired/);
    expect(() => new Flow({ name: "Macro", startWith, defaultErrorTarget: parts.onFailure }).toJson()).not.toThrow();
  });
});

/** The voice plan of a loop-strategy macro. */
function voicePlan(macro: { readonly plan: AsyncWaitPlans }): AsyncWaitPlan {
  if (macro.plan.strategy !== "loop") throw new Error("expected the loop strategy");
  return macro.plan.voice;
}

/** The chat, task and email plan of a loop-strategy macro. */
function textPlan(macro: { readonly plan: AsyncWaitPlans }): AsyncWaitPlan {
  if (macro.plan.strategy !== "loop") throw new Error("expected the loop strategy");
  return macro.plan.text;
}
