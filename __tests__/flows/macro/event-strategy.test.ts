import fc from "fast-check";
import { asyncAwait, asyncInvoke, asyncStart, type AsyncWaitPlans, type EventWaitPlans, planEventWait } from "../../../flows/async";
import { Chain } from "../../../flows/chain";
import { Flow } from "../../../flows/flow";
import type { FlowJson } from "../../../flows/flow-json";
import { validateFlow } from "../../../flows/validate";
import { actionOf, outcomes, routeTable } from "./flow-table";

const START = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-start";
const POLL = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-poll";
const MUSIC = { promptId: "arn:aws:connect:us-east-1:111111111111:instance/11111111-2222-3333-4444-555555555555/prompt/66666666-7777-8888-9999-000000000000", lengthSeconds: 180 };


function build(startWith: Parameters<typeof Chain.start>[0]): { flow: Flow; json: FlowJson } {
  const flow = new Flow({ name: "Event macro", startWith });
  return { flow, json: flow.toJson() };
}

function eventPlans(macro: { readonly plan: AsyncWaitPlans }): EventWaitPlans {
  if (macro.plan.strategy !== "event") throw new Error("expected the event strategy");
  return macro.plan;
}

function demoLike(overrides: object = {}) {
  return asyncInvoke("balance", {
    strategy: "event",
    startFunctionArn: START,
    pollFunctionArn: POLL,
    input: { accountId: "$.Attributes.accountId" },
    maxWaitSeconds: 60,
    initialMessage: { text: "One moment please." },
    holdPrompt: MUSIC,
    comfortMessage: { ssml: "<speak>Thank you for waiting, <break time=\"300ms\"/>I am still working on it.</speak>" },
    ...outcomes(),
    ...overrides,
  });
}

describe("asyncInvoke with the event strategy", () => {
  test("PENDING starts a round: poll invoked asynchronously, its id saved, a Wait that keeps running until poll returns, then Load result and the status check", () => {
    // GIVEN / WHEN
    const macro = demoLike();
    const { flow, json } = build(macro);
    const table = routeTable(flow, json);

    // THEN the start half is the loop strategy's
    expect(table["balance: check start status"]!.conditions).toStrictEqual({ SUCCEEDED: "Success", PENDING: "balance: note wait start", FAILED: "Failure", ERROR: "Failure" });
    expect(table["balance: note wait start"]!.next).toBe("balance: check channel");
    expect(table["balance: check channel"]!.conditions).toStrictEqual({ VOICE: "balance: voice rounds" });
    expect(table["balance: check channel"]!.next).toBe("balance: text rounds");

    // a voice round
    expect(table["balance: voice rounds"]!.conditions).toStrictEqual({ ContinueLooping: "balance: voice poll", DoneLooping: "Timeout" });
    expect(table["balance: voice poll"]).toStrictEqual({ type: "InvokeLambdaFunction", next: "balance: save voice poll id", errors: { NoMatchingError: "balance: voice fallback" } });
    expect(table["balance: save voice poll id"]!.next).toBe("balance: wait for voice poll");
    expect(table["balance: wait for voice poll"]).toStrictEqual({
      type: "Wait",
      next: "balance: voice fallback",
      errors: { NoMatchingError: "balance: voice fallback" },
      conditions: { Continue: "balance: which voice round", PollReturned: "balance: load voice poll result", WaitCompleted: "balance: voice fallback" },
    });
    expect(table["balance: load voice poll result"]).toStrictEqual({
      type: "LoadLambdaFunctionResult",
      next: "balance: check voice poll status",
      errors: { NoMatchingError: "balance: voice fallback", InProgress: "balance: voice fallback" },
    });
    // the work failed: failure; the poll could not tell (ERROR): tolerated, once by default
    expect(table["balance: check voice poll status"]!.conditions).toStrictEqual({
      SUCCEEDED: "Success",
      PENDING: "balance: check voice deadline",
      FAILED: "Failure",
      ERROR: "balance: poll errors",
    });
    expect(table["balance: check voice deadline"]!.next).toBe("balance: note next voice round");
    expect(table["balance: note next voice round"]!.next).toBe("balance: voice rounds");

    // the Continue branch: the round's message, then music that repeats itself until the Wait cuts it
    expect(table["balance: which voice round"]!.conditions).toStrictEqual({ first: "balance: initial message" });
    expect(table["balance: which voice round"]!.next).toBe("balance: comfort message");
    expect(table["balance: initial message"]!.next).toBe("balance: hold music");
    expect(table["balance: comfort message"]!.next).toBe("balance: hold music");
    expect(table["balance: hold music"]).toStrictEqual({ type: "MessageParticipant", next: "balance: hold music", errors: { NoMatchingError: "balance: hold music failed" } });

    // a round that learnt nothing falls back to a loop turn: hold music (unless the wait is nearly over), then a synchronous poll
    expect(table["balance: voice fallback"]!.next).toBe("balance: voice fallback hold");
    expect(Object.values(table["balance: voice fallback"]!.conditions!)).toStrictEqual(["balance: late check"]);
    // near the end: check at once, and hold only 1 s after a PENDING answer before the deadline
    expect(table["balance: late check status"]!.conditions!.PENDING).toBe("balance: check late deadline");
    expect(table["balance: check late deadline"]!.next).toBe("balance: check channel after late check");
    expect(table["balance: voice late hold"]!.conditions).toStrictEqual({ Continue: "balance: hold music", WaitCompleted: "balance: voice poll" });
    expect(table["balance: voice fallback hold"]).toStrictEqual({
      type: "Wait",
      next: "balance: check again",
      errors: { NoMatchingError: "balance: check again" },
      conditions: { Continue: "balance: hold music", WaitCompleted: "balance: check again" },
    });
    expect(table["balance: text fallback pause"]!.conditions).toStrictEqual({ WaitCompleted: "balance: check again" });
    expect(table["balance: check again"]!.errors).toStrictEqual({ NoMatchingError: "balance: blind turns" });
    expect(table["balance: blind turns"]!.conditions).toStrictEqual({ ContinueLooping: "balance: check channel after failed check", DoneLooping: "Timeout" });
    expect(table["balance: voice hold after failed check"]!.conditions).toStrictEqual({ Continue: "balance: hold music", WaitCompleted: "balance: voice poll" });
    expect(table["balance: check again status"]!.conditions).toStrictEqual({ SUCCEEDED: "Success", PENDING: "balance: check channel again", FAILED: "Failure", ERROR: "balance: poll errors" });
    // a checked fallback turn goes on to a round at once, past the rounds Loop (its answer's clock bounds it)
    expect(table["balance: check channel again"]!.conditions).toStrictEqual({ VOICE: "balance: check voice deadline after check" });
    expect(table["balance: check channel again"]!.next).toBe("balance: check text deadline after check");
    expect(table["balance: check voice deadline after check"]!.next).toBe("balance: note voice round after check");
    expect(table["balance: note voice round after check"]!.next).toBe("balance: voice poll");
    // only polls that answer ERROR are counted; each is followed by a fallback turn
    expect(table["balance: poll errors"]!.conditions).toStrictEqual({ ContinueLooping: "balance: check channel for fallback", DoneLooping: "Failure" });
  });

  test("the blocks carry the console's JSON for asynchronous invoke, event-based Wait and Load result", () => {
    // GIVEN / WHEN
    const macro = demoLike();
    const { flow, json } = build(macro);
    const { voice } = eventPlans(macro);

    // THEN (reference §2.1.2)
    expect(actionOf(flow, json, "balance: voice poll").Parameters).toStrictEqual({
      LambdaFunctionARN: POLL,
      InvocationTimeLimitSeconds: String(voice.invocationTimeLimitSeconds),
      InvocationType: "ASYNCHRONOUS",
      LambdaInvocationAttributes: {
        asyncRequestId: "$.FlowAttributes.balance_asyncRequestId",
        asyncWaitStartedAt: "$.FlowAttributes.balance_asyncWaitStartedAt",
        asyncLongPollMs: String(voice.roundSeconds * 1000),
        asyncGiveUpAfterMs: String(voice.giveUpSeconds * 1000),
      },
      ResponseValidation: { ResponseType: "STRING_MAP" },
    });
    expect(actionOf(flow, json, "balance: save voice poll id").Parameters).toStrictEqual({ FlowAttributes: { balance_asyncPollInvocationId_voice: { Value: "$.LambdaInvocation.InvocationId" } } });
    expect(actionOf(flow, json, "balance: wait for voice poll").Parameters).toStrictEqual({
      TimeLimitSeconds: String(voice.waitTimeLimitSeconds),
      ContinueExecution: "TRUE",
      InterruptibleEvents: { PollReturned: { AsyncLambdaCompletionEvent: { Identifier: "$.FlowAttributes.balance_asyncPollInvocationId_voice" } } },
    });
    expect(actionOf(flow, json, "balance: load voice poll result").Parameters).toStrictEqual({ LambdaInvocationId: "$.FlowAttributes.balance_asyncPollInvocationId_voice" });
    // the chat Wait does not keep running: a chat contact has nothing to play
    expect(actionOf(flow, json, "balance: wait for text poll").Parameters).not.toHaveProperty("ContinueExecution");
  });

  test("60 s of waiting: voice rounds of 30 s and one text round of 57 s, within Connect's 60 s asynchronous limit; polls give up at 59 s, the timeout past 58 s", () => {
    // GIVEN / WHEN: the end margin is 1 s (at most 60 s / 40): G = 59 s, D = 58 s
    const { voice, text } = eventPlans(demoLike());

    // THEN voice rounds are the 30 s comfort interval; text rounds as long as Connect allows (57 s); the last one is cut at G
    expect(voice).toMatchObject({ rounds: 2, roundSeconds: 30, invocationTimeLimitSeconds: 33, waitTimeLimitSeconds: 35, giveUpSeconds: 59, deadlineSeconds: 58, worstCaseSeconds: 59 });
    expect(text).toMatchObject({ rounds: 2, roundSeconds: 55, invocationTimeLimitSeconds: 58, waitTimeLimitSeconds: 60, giveUpSeconds: 59, deadlineSeconds: 58 });
    // a fallback turn holds 3 s only while the last known wait leaves room for it before D
    expect(voice).toMatchObject({ fallbackHoldSeconds: 3, fallbackHoldUntilSeconds: 54 });
  });

  test("chat, task and email contacts get text only: no SSML, recording or pause prompt on their path", () => {
    // GIVEN / WHEN
    const macro = demoLike({ maxWaitSeconds: 180 });
    const { flow, json } = build(macro);

    // THEN every message reachable from the non-voice branch before an outcome is plain text
    const byId = new Map(json.Actions.map((action) => [action.Identifier, action]));
    const outcomeIds = new Set(["Success", "Failure", "Timeout"].map((name) => actionOf(flow, json, name).Identifier));
    const textEntry = actionOf(flow, json, "balance: check channel").Transitions.NextAction!;
    const seen = new Set<string>();
    const queue = [textEntry];
    while (queue.length > 0) {
      const id = queue.pop()!;
      if (seen.has(id) || outcomeIds.has(id)) continue;
      seen.add(id);
      const action = byId.get(id)!;
      const { NextAction, Errors = [], Conditions = [] } = action.Transitions;
      // the recovery path re-enters the voice deadline check only for voice contacts
      if (action.Parameters.ComparisonValue === "$.Channel") {
        queue.push(NextAction!);
        continue;
      }
      for (const next of [NextAction, ...Errors.map((error) => error.NextAction), ...Conditions.map((condition) => condition.NextAction)]) if (next !== undefined) queue.push(next);
    }
    const messages = [...seen].map((id) => byId.get(id)!).filter((action) => action.Type === "MessageParticipant");
    expect(messages.map((message) => message.Parameters)).toStrictEqual([{ Text: "One moment please." }, { Text: "Thank you for waiting, I am still working on it." }].filter((expected) => messages.some((message) => message.Parameters.Text === expected.Text)));
    expect(messages.length).toBe(2);
    expect([...seen].some((id) => byId.get(id)!.Parameters.ContinueExecution !== undefined)).toBe(false);
  });

  test("the split form waits the same way after a first synchronous poll", () => {
    // GIVEN
    const parts = outcomes();
    const call = asyncStart("balance", { startFunctionArn: START }).onError(parts.onFailure);
    const wait = asyncAwait(call, { strategy: "event", pollFunctionArn: POLL, maxWaitSeconds: 90, holdPrompt: MUSIC, ...parts });

    // WHEN
    const { flow, json } = build(Chain.start(call).next(wait));
    const table = routeTable(flow, json);

    // THEN
    expect(table["balance: check first poll status"]!.conditions!.PENDING).toBe("balance: note wait start");
    expect(table["balance: wait for voice poll"]!.conditions!.Continue).toBe("balance: hold music");
    // rounds of the default 30 s comfort interval reach G = 89 s in three
    expect(eventPlans(wait).voice).toMatchObject({ rounds: 3, roundSeconds: 30, giveUpSeconds: 89 });
  });

  test("without messages, every cycle of failing calls still passes a Wait: no warning of consecutive Lambda time", () => {
    // GIVEN a wait with no initial, comfort or chat messages: only Waits break the chains of calls
    const parts = outcomes();
    const macro = asyncInvoke("balance", { strategy: "event", startFunctionArn: START, pollFunctionArn: POLL, maxWaitSeconds: 90, holdPrompt: MUSIC, maxPollErrors: 2, ...parts });

    // WHEN / THEN
    expect(validateFlow(build(macro).json)).toStrictEqual([]);
  });

  test("the flow validates with no errors", () => {
    // GIVEN / WHEN
    const { json } = build(demoLike());

    // THEN
    expect(validateFlow(json).filter((issue) => issue.severity === "error")).toStrictEqual([]);
  });

  test.each([
    { what: "a wait too short for one round", options: { maxWaitSeconds: 15 }, message: /asyncInvoke "balance": maxWaitSeconds 15 is too short for the event strategy/ },
    { what: "more rounds than Connect's Loop counts", options: { maxWaitSeconds: 1800, comfortEverySeconds: 5 }, message: /needs 360 rounds of 5 s, .* the wait would give up after about 490 s; make rounds longer \(comfortEverySeconds at least 19\)/ },
    { what: "a turn count", options: { comfortEveryTurns: 3 }, message: /comfortEveryTurns belongs to the loop strategy; the event strategy takes comfortEverySeconds/ },
    { what: "a comfort interval above the asynchronous limit", options: { comfortEverySeconds: 58 }, message: /comfortEverySeconds must be an integer from 5 to 57/ },
    { what: "an empty chat text", options: { nonVoice: { initialMessage: " " } }, message: /nonVoice.initialMessage must not be empty; use false to send nothing/ },
    { what: "an unknown strategy", options: { strategy: "poll-harder" }, message: /strategy must be "loop" or "event" \(got "poll-harder"\)/ },
  ])("$what is refused with a message that says what to change", ({ options, message }) => {
    expect(() => demoLike(options)).toThrow(message);
  });
});

describe("planEventWait", () => {
  test("for any wait, lead-in, tolerated errors and comfort interval: the timeout between 95 % of the wait and all of it, success for work done by 90 %, fallback turns within it", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 20, max: 1800 }),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 0, max: 3 }),
        fc.integer({ min: 5, max: 57 }),
        (maxWaitSeconds, leadInSeconds, maxPollErrors, comfortSeconds) => {
          let voice;
          try {
            voice = planEventWait({ maxWaitSeconds, leadInSeconds, maxPollErrors, maxRoundSeconds: comfortSeconds });
          } catch (error) {
            // refused only when Connect's 100 Loop turns cannot hold the rounds, and the message names when it would give up
            expect(Math.ceil(maxWaitSeconds / comfortSeconds)).toBeGreaterThan(95);
            expect(String(error)).toMatch(/would give up after about \d+ s/);
            return;
          }
          const text = planEventWait({ maxWaitSeconds, leadInSeconds, maxPollErrors });
          for (const plan of [voice, text]) {
            // a PENDING answer past D times out: never before 95 % of the wait
            expect(plan.deadlineSeconds).toBeGreaterThanOrEqual(0.95 * maxWaitSeconds);
            // every poll answers by G, so the last answer (and the timeout) comes within the wait
            expect(plan.giveUpSeconds).toBeLessThanOrEqual(maxWaitSeconds);
            expect(plan.giveUpSeconds).toBeGreaterThan(plan.deadlineSeconds);
            // work done by 90 % is seen by a poll that answers before the deadline check could time out
            expect(0.9 * maxWaitSeconds).toBeLessThan(plan.deadlineSeconds);
            // a fallback turn that holds (last known wait ≤ H) ends its hold and a quick check before D
            expect(plan.fallbackHoldUntilSeconds + plan.fallbackHoldSeconds + 1).toBeLessThanOrEqual(plan.deadlineSeconds);
            // the planned rounds reach G within the rounds Loop, which Connect caps at 100
            expect(plan.rounds * plan.roundSeconds).toBeGreaterThanOrEqual(plan.giveUpSeconds);
            expect(plan.roundLoopCount).toBeGreaterThanOrEqual(plan.rounds + 2);
            expect(plan.roundLoopCount).toBeLessThanOrEqual(100);
            // with no answer at all, the backstop's blind turns (hold F, up to 1 s of failed retries) end within the wait
            // with no answer at all, the blind turns (hold F twice, up to 1 s of failed retries) end within the wait
            expect(plan.blindTurnLoopCount * (2 * plan.fallbackHoldSeconds + 1)).toBeLessThanOrEqual(maxWaitSeconds);
            expect(plan.blindTurnLoopCount).toBeGreaterThanOrEqual(1);
            expect(plan.blindTurnLoopCount).toBeLessThanOrEqual(100);
            expect(plan.invocationTimeLimitSeconds).toBeLessThanOrEqual(60);
          }
          expect(voice.roundSeconds).toBeLessThanOrEqual(comfortSeconds);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
