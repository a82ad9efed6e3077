import type { FlowJson } from "../../flows/flow-json";
import { simulate } from "../../sim/call-simulator";
import { type CallerReport, type SimulationResult } from "../../sim/report/simulation-result";
import { DEMO_OPERATION_PROPS, simulatedDemoFlow } from "../../sim/world/demo-world";
import { NAMED_SCENARIOS, namedScenario } from "../../sim/world/scenarios";
import { PROMPT_KINDS, silences, TimelineKind, type LambdaTimelineEntry, type TimelineEntry } from "../../sim/report/timeline";

/** The demo flow's maxWaitSeconds (flows/demo.ts default) and, for the loop strategy, the hold prompt set here (a 2 s SSML break). */
const DEMO_MAX_WAIT_MS = 60_000;
const DEMO_HOLD_PROMPT_MS = 2000;

/** Most tests here play the demo built with the loop strategy; the demo's own default, the event strategy, has its own describe below. */
let flow: FlowJson;
let eventFlow: FlowJson;
beforeAll(() => {
  flow = simulatedDemoFlow({ strategy: "loop", holdSeconds: DEMO_HOLD_PROMPT_MS / 1000 });
  eventFlow = simulatedDemoFlow();
});

async function run(name: string, seed?: number): Promise<SimulationResult> {
  return simulate({ scenario: namedScenario(name), flow, seed });
}

const lambdas = (caller: CallerReport, functionName: string): LambdaTimelineEntry[] =>
  caller.timeline.filter((entry): entry is LambdaTimelineEntry => entry.kind === TimelineKind.lambda && entry.functionName === functionName);
const spoken = (caller: CallerReport): string[] => caller.timeline.filter((entry) => entry.kind === TimelineKind.speech).map((entry) => entry.text);
/** Gaps with no prompt at all playing (an SSML pause counts as a prompt): what the flow leaves unfilled, as opposed to what the caller hears. */
const promptGaps = (caller: CallerReport) => silences(caller.timeline, caller.startedAtMs, caller.outcome.atMs, PROMPT_KINDS);
const promptGapBeyondLambdaMs = (caller: CallerReport): number => Math.max(0, ...promptGaps(caller).map((gap) => gap.beyondLambdaMs));
const longestPromptGapMs = (caller: CallerReport): number => Math.max(0, ...promptGaps(caller).map((gap) => gap.durationMs));
const loopTurns = (caller: CallerReport): number => caller.timeline.filter((entry: TimelineEntry) => entry.kind === TimelineKind.pause).length;

describe("simulated calls through the demo flow (loop strategy)", () => {
  it("fast-backend (300 ms): succeeds through start's fast path, with no loop turn and no poll", async () => {
    // GIVEN a backend answering in 300 ms, WHEN one caller calls
    const result = await run("fast-backend");
    const caller = result.callers[0];
    // THEN start's own answer carries the result
    expect(caller.outcome.kind).toBe("success");
    expect(result.invocations).toEqual({ start: 1 });
    expect(lambdas(caller, "connect-async-poll")).toHaveLength(0);
    expect(loopTurns(caller)).toBe(0);
    expect(spoken(caller)).not.toContain("One moment while I look up your account.");
    expect(result.executions).toHaveLength(1);
    // and the caller heard the result right after the greeting and one start call
    const start = lambdas(caller, "connect-async-start")[0];
    expect(caller.outcome.atMs).toBe(start.atMs + start.durationMs);
    expect(caller.resultDeliveryLagMs).toBeLessThan(500);
  });

  it("slow-backend (25 s): succeeds with no dead air beyond the Lambda calls and a lag under one hold prompt", async () => {
    const result = await run("slow-backend");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("success");
    // no gap longer than 1 s without a prompt (the 2 s SSML hold counts here) beyond the Lambda calls themselves
    expect(promptGapBeyondLambdaMs(caller)).toBeLessThanOrEqual(1000);
    // the Lambda calls themselves are short: start with its fast path, polls no longer than the demo operation's long poll and a little overhead
    expect(longestPromptGapMs(caller)).toBeLessThan(DEMO_OPERATION_PROPS.pollWaitMs! + 500);
    // but an SSML hold is silence to the caller, so the figures count it: quiet beyond Lambda reaches at least one hold
    expect(caller.silenceBeyondLambdaMs).toBeGreaterThanOrEqual(DEMO_HOLD_PROMPT_MS);
    expect(caller.silenceBeyondLambdaMs).toBeLessThanOrEqual(caller.longestSilenceMs);
    // the result reaches the caller within one hold-prompt length of the backend finishing
    expect(caller.resultDeliveryLagMs).not.toBeNull();
    expect(caller.resultDeliveryLagMs!).toBeGreaterThan(0);
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(DEMO_HOLD_PROMPT_MS);
    expect(result.executions).toEqual([expect.objectContaining({ status: "SUCCEEDED", recorded: "SUCCEEDED" })]);
    expect(spoken(caller).pop()).toMatch(/^Your account is \w+ and your balance is [\d.]+\./);
    expect(result.invocations.poll).toBeGreaterThan(5);
  });

  it("too-slow (90 s): takes the timeout branch close to, and no later than, the stated maximum wait", async () => {
    const result = await run("too-slow");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("timeout");
    // measured from the start of the macro (the start invocation), the wait stays within maxWaitSeconds
    const macroStart = lambdas(caller, "connect-async-start")[0].atMs;
    expect(caller.outcome.atMs - macroStart).toBeLessThanOrEqual(DEMO_MAX_WAIT_MS);
    // and the wait ends on the caller's elapsed time, not on a turn count sized for polls that all hang:
    // with quick polls the caller is kept past 75% of the maximum rather than told at half of it
    expect(caller.outcome.atMs - macroStart).toBeGreaterThan(0.75 * DEMO_MAX_WAIT_MS);
    // the backend was still working when the caller was told
    expect(result.executions[0].backendDoneAtMs!).toBeGreaterThan(caller.outcome.atMs);
    expect(caller.resultDeliveryLagMs).toBeNull();
    expect(spoken(caller)).toContain("Sorry, this is taking longer than expected.");
    expect(caller.lastStatus).toBe("PENDING");
  });

  it("failing-backend: the state machine retries, records the failure, and the call takes the failure branch", async () => {
    const result = await run("failing-backend");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("failure");
    expect(result.backendAttempts.map((attempt) => attempt.result)).toEqual(["error", "error", "error"]);
    // the execution itself ends well: it caught the error and recorded FAILED on the item
    expect(result.executions).toEqual([expect.objectContaining({ status: "SUCCEEDED", recorded: "FAILED", error: "Lambda.ServiceException" })]);
    expect(caller.lastStatus).toBe("FAILED");
    expect(caller.lastErrorCode).toBe("Lambda.ServiceException");
    expect(spoken(caller)).toContain("Sorry, we could not look up your account right now.");
  });

  it("throttled-backend: two throttled invocations are retried with backoff, and the call succeeds", async () => {
    const result = await run("throttled-backend");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("success");
    expect(result.backendAttempts.map((attempt) => attempt.result)).toEqual(["throttled", "throttled", "ok"]);
    // the retries waited in virtual time (the operation's backoff, with jitter drawn from the seed)
    const [first, , last] = result.backendAttempts;
    expect(last.atMs).toBeGreaterThan(first.atMs + first.durationMs);
  });

  it("poll-error: a poll failing on every attempt of one turn sends the loop round again, and the call succeeds", async () => {
    const result = await run("poll-error");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("success");
    const polls = lambdas(caller, "connect-async-poll");
    expect(polls[1]).toEqual(expect.objectContaining({ result: "error", attempts: 4 }));
    expect(polls.filter((poll) => poll.result === "ok").length).toBe(polls.length - 1);
    expect(result.invocations.poll).toBe(polls.length - 1 + 4);
  });

  it("dynamodb-down: start answers ERROR with STORE_UNAVAILABLE and the call takes the failure branch, without an exception", async () => {
    const result = await run("dynamodb-down");
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("failure");
    expect(caller.lastStatus).toBe("ERROR");
    expect(caller.lastErrorCode).toBe("STORE_UNAVAILABLE");
    expect(result.executions).toHaveLength(0);
    expect(result.table).toEqual(expect.objectContaining({ reads: 0, writes: 0 }));
    expect(result.table.refused).toBeGreaterThan(0);
    expect(result.handlerProblems.some((problem) => problem.fields.errorCode === "STORE_UNAVAILABLE")).toBe(true);
  });

  it("crowd: 20 simultaneous callers with the same cache key share one execution and all succeed", async () => {
    const result = await run("crowd");
    expect(result.callers).toHaveLength(20);
    expect(result.callers.map((caller) => caller.outcome.kind)).toEqual(Array(20).fill("success"));
    expect(result.executions).toHaveLength(1);
    expect(new Set(result.callers.map((caller) => caller.requestId)).size).toBe(1);
    expect(result.invocations.start).toBe(20);
    // every caller found no item and tried the conditional put at the same instant: one won, 19 were rejected
    expect(result.table.conditionFailures).toBe(19);
    expect(result.table.bySource.handlers.writes).toBe(20 + 1); // 20 puts, plus the winner's executionArn update
  });

  it("cache-hit: a later caller within the TTL is served from the table with no execution", async () => {
    const result = await run("cache-hit");
    const [first, second] = result.callers;
    expect(first.outcome.kind).toBe("success");
    expect(second.outcome.kind).toBe("success");
    expect(second.startedAtMs).toBeGreaterThan(first.endedAtMs);
    expect(result.executions).toHaveLength(1);
    expect(result.executions[0].startedAtMs).toBeLessThan(second.startedAtMs);
    expect(lambdas(second, "connect-async-poll")).toHaveLength(0);
    expect(second.resultDeliveryLagMs).toBeNull();
    expect(spoken(second).pop()).toBe(spoken(first).pop());
  });
});

describe("every named scenario", () => {
  it.each([...NAMED_SCENARIOS.values()].flatMap((scenario) => (["loop", "event"] as const).map((strategy) => [scenario.name, strategy, scenario] as const)))(
    "%s reaches the outcome it states (%s strategy)",
    async (_name, strategy, scenario) => {
      const result = await simulate({ scenario, flow: strategy === "loop" ? flow : eventFlow });
      expect(new Set(result.callers.map((caller) => caller.outcome.kind))).toEqual(new Set([scenario.expect?.outcome]));
    },
  );
});

describe("the demo flow's event strategy (Connect's asynchronous Lambda mode)", () => {
  const asyncPolls = (caller: CallerReport) => caller.timeline.filter((entry) => entry.kind === TimelineKind.asyncLambda);

  it("slow-backend (25 s): hold music until poll returns, which cuts it; lag ≤ 0.3 s, no quiet stretch over 1 s, a handful of invocations", async () => {
    const result = await simulate({ scenario: namedScenario("slow-backend"), flow: eventFlow });
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("success");
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(300);
    // music counts as sound, an SSML pause does not; only the synchronous start is excused
    expect(caller.silenceBeyondLambdaMs).toBeLessThanOrEqual(1000);
    // at most one asynchronous poll per 30 s round, against more than five polls for the loop
    expect(result.invocations.poll).toBeLessThanOrEqual(2);
    expect(asyncPolls(caller).length).toBe(result.invocations.poll);
    // what was playing when the result came was cut at that instant
    const cut = caller.timeline.filter((entry) => entry.plannedDurationMs !== undefined);
    expect(cut.length).toBeGreaterThan(0);
    expect(Math.max(...cut.map((entry) => entry.atMs + entry.durationMs))).toBeLessThanOrEqual(caller.outcome.atMs);
  });

  it("too-slow (90 s): the timeout branch within maxWaitSeconds of the start", async () => {
    const result = await simulate({ scenario: namedScenario("too-slow"), flow: eventFlow });
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("timeout");
    const macroStart = lambdas(caller, "connect-async-start")[0].atMs;
    expect(caller.outcome.atMs - macroStart).toBeLessThanOrEqual(DEMO_MAX_WAIT_MS);
  });

  it("on chat: text only, few messages, no voice-only prompt, and the result within 1 s", async () => {
    const result = await simulate({ scenario: namedScenario("slow-backend"), flow: eventFlow, channel: "CHAT" });
    const caller = result.callers[0];
    expect(caller.outcome.kind).toBe("success");
    expect(caller.voiceOnlyPromptsOnChat).toBe(0);
    expect(caller.timeline.filter((entry) => entry.kind === TimelineKind.audio || entry.kind === TimelineKind.speech)).toEqual([]);
    // the greeting and the result, plus at most one text to open the wait and one comfort text per 30 s
    expect(caller.chatMessages).toBeLessThanOrEqual(2 + 1 + Math.ceil(25 / 30));
    expect(caller.resultDeliveryLagMs!).toBeLessThanOrEqual(1000);
  });
});

describe("faults injected into start and poll", () => {
  it("a start that cannot answer within its time limit sends the call to the failure branch at the limit", async () => {
    // GIVEN start's first invocation begins too late to answer within the block's 4 s limit
    const scenario = { name: "start-timeout", backend: { latencyMs: 5000 }, lambdaFaults: [{ function: "start" as const, turn: 1, kind: "timeout" as const }] };
    // WHEN a caller calls
    const result = await simulate({ scenario, flow });
    const caller = result.callers[0];
    // THEN Connect gives up at the limit, the caller hears the failure branch, and the late handler's execution is left to finish
    const start = lambdas(caller, "connect-async-start")[0];
    expect(start).toEqual(expect.objectContaining({ result: "timeout", durationMs: 4000 }));
    expect(caller.outcome.kind).toBe("failure");
    expect(result.executions).toEqual([expect.objectContaining({ status: "SUCCEEDED" })]);
  });

  it("a poll answer that breaks STRING_MAP validation costs one turn, not the call", async () => {
    const scenario = { name: "poll-invalid", backend: { latencyMs: 12_000 }, lambdaFaults: [{ function: "poll" as const, turn: 1, kind: "invalid-response" as const }] };
    const result = await simulate({ scenario, flow });
    const caller = result.callers[0];
    expect(lambdas(caller, "connect-async-poll")[0].result).toBe("invalid-response");
    expect(caller.outcome.kind).toBe("success");
  });
});

describe("the long poll (operation pollWaitMs)", () => {
  it("hands over a result that lands during a poll at once, with fewer polls than without it", async () => {
    // GIVEN an 8 s backend, polled with and without a 1.5 s long poll
    const withLongPoll = await simulate({ scenario: { name: "long-poll", backend: { latencyMs: 8000 }, operation: { pollWaitMs: 1500 } }, flow });
    const without = await simulate({ scenario: { name: "short-poll", backend: { latencyMs: 8000 }, operation: { pollWaitMs: 0 } }, flow });
    // THEN both succeed; with the long poll the result is heard within two reads of landing, and the
    // waiting costs fewer poll invocations
    const [caller] = withLongPoll.callers;
    expect([caller.outcome.kind, without.callers[0].outcome.kind]).toEqual(["success", "success"]);
    expect(caller.resultDeliveryLagMs!).toBeLessThan(200);
    expect(without.callers[0].resultDeliveryLagMs!).toBeGreaterThan(1000);
    expect(withLongPoll.invocations.poll).toBeLessThan(without.invocations.poll);
    // AND the long poll is a Lambda call, so gaps without a prompt beyond the calls themselves stay nil
    expect(promptGapBeyondLambdaMs(caller)).toBeLessThanOrEqual(1000);
  });
});

describe("virtual time", () => {
  it("simulates a four-minute call in a fraction of the wall time", async () => {
    // GIVEN a flow that waits up to 290 s and a backend taking 250 s
    const { buildDemoFlow } = await import("../../flows/demo");
    const { SIMULATED_POLL_ARN, SIMULATED_START_ARN } = await import("../../sim/world/demo-world");
    const longFlow = buildDemoFlow({ startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, maxWaitSeconds: 290 });
    const started = Date.now();
    // WHEN it is simulated
    const result = await simulate({ scenario: { name: "long", backend: { latencyMs: 250_000 }, operation: { timeoutSeconds: 300 } }, flow: longFlow });
    // THEN minutes of virtual time took seconds at most
    expect(result.virtualDurationMs).toBeGreaterThan(240_000);
    // (generous: the machine is shared, and the point is seconds against minutes)
    expect(Date.now() - started).toBeLessThan(15_000);
  });
});

describe("determinism", () => {
  it("the same scenario twice gives the same timeline", async () => {
    const once = await run("slow-backend");
    const twice = await run("slow-backend");
    expect(twice.timeline).toEqual(once.timeline);
    expect(twice.callers[0].path).toEqual(once.callers[0].path);
  });

  it("20 concurrent callers interleave the same way every time", async () => {
    const once = await run("crowd");
    const twice = await run("crowd");
    expect(twice.timeline).toEqual(once.timeline);
    expect(twice.table).toEqual(once.table);
  });

  it("a seeded distribution repeats with its seed and changes with another", async () => {
    const once = await run("jittery-backend");
    const twice = await run("jittery-backend");
    const reseeded = await run("jittery-backend", 7);
    const latencies = (result: SimulationResult) => result.backendAttempts.map((attempt) => attempt.durationMs);
    expect(latencies(twice)).toEqual(latencies(once));
    expect(latencies(reseeded)).not.toEqual(latencies(once));
    expect(once.timeline).toEqual(twice.timeline);
  });
});
