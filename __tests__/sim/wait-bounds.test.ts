/**
 * The wait the user set is the wait the caller gets (issue 17 A), and a round that learnt nothing is a
 * fallback turn, not a failure (issue 16 §2): the demo flow run in the simulator with the real handlers,
 * the real state machine and dynalite. The wait is counted from the start invocation, as the handlers do.
 */
import { buildDemoFlow } from "../../flows/demo";
import { simulate } from "../../sim/call-simulator";
import type { CallerReport } from "../../sim/report/simulation-result";
import { DEMO_OPERATION_PROPS, SIMULATED_POLL_ARN, SIMULATED_START_ARN } from "../../sim/world/demo-world";
import type { LambdaFault, Scenario } from "../../sim/world/scenario";

/** The long-poll function's own ARN, as the bridge deploys it beside start and poll. */
const LONG_POLL_ARN = "arn:aws:lambda:us-east-1:111111111111:function:connect-async-long-poll";
/** Long enough that the state machine never ends the work before the caller's wait does. */
const OPERATION = { ...DEMO_OPERATION_PROPS, timeoutSeconds: 300 };

async function call(strategy: "event" | "loop", maxWaitSeconds: number, scenario: Omit<Scenario, "name">): Promise<CallerReport> {
  const flow = buildDemoFlow({ startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, longPollFunctionArn: LONG_POLL_ARN, strategy, maxWaitSeconds });
  const result = await simulate({ flow, operation: OPERATION, scenario: { name: "wait-bounds", ...scenario } });
  return result.callers[0]!;
}

/** From the start invocation to the outcome, in seconds. */
function waitOf(caller: CallerReport): number {
  const start = caller.timeline.find((entry) => entry.kind === "lambda" && entry.text.includes("start"));
  if (start === undefined) throw new Error("the call never invoked start");
  return (caller.outcome.atMs - start.atMs) / 1000;
}

const failing = (fn: LambdaFault["function"], turns: number): LambdaFault[] => Array.from({ length: turns }, (_, index) => ({ function: fn, turn: index + 1, kind: "error" as const }));

describe.each([
  { strategy: "event" as const, maxWaitSeconds: 60 },
  { strategy: "event" as const, maxWaitSeconds: 45 },
  { strategy: "loop" as const, maxWaitSeconds: 40 },
])("the $strategy strategy with maxWaitSeconds $maxWaitSeconds", ({ strategy, maxWaitSeconds }) => {
  test.each(["VOICE", "CHAT"] as const)("%s: a backend slower than the wait times out no earlier than 95 % of it and never after it", async (channel) => {
    // GIVEN a backend that takes far longer than the wait / WHEN
    const caller = await call(strategy, maxWaitSeconds, { backend: { latencyMs: 100_000 }, channel });

    // THEN
    expect(caller.outcome.kind).toBe("timeout");
    expect(waitOf(caller)).toBeGreaterThanOrEqual(0.95 * maxWaitSeconds);
    expect(waitOf(caller)).toBeLessThanOrEqual(maxWaitSeconds);
  });

  test.each(["VOICE", "CHAT"] as const)("%s: work that completes by 90 % of the wait reaches success", async (channel) => {
    // GIVEN work done just before 90 % of the wait (the execution starts within the start invocation) / WHEN
    const caller = await call(strategy, maxWaitSeconds, { backend: { latencyMs: 0.9 * maxWaitSeconds * 1000 - 300 }, channel });

    // THEN
    expect(caller.outcome.kind).toBe("success");
    expect(waitOf(caller)).toBeLessThanOrEqual(maxWaitSeconds);
  });
});

describe("the event strategy: an asynchronous invoke that fails is a fallback turn", () => {
  test("three failed poll invocations do not end a 25 s lookup that succeeds", async () => {
    // GIVEN the first three poll invocations fail (the first round's, then fallback checks and rounds) / WHEN
    const caller = await call("event", 60, { backend: { latencyMs: 25_000 }, lambdaFaults: failing("poll", 3) });

    // THEN
    expect(caller.outcome.kind).toBe("success");
    expect(waitOf(caller)).toBeLessThanOrEqual(60);
  });

  test.each(["VOICE", "CHAT"] as const)("%s: every long poll failing, work that succeeds within the wait still succeeds, through synchronous polls", async (channel) => {
    // GIVEN every asynchronous invocation fails / WHEN
    const caller = await call("event", 60, { backend: { latencyMs: 25_000 }, channel, lambdaFaults: failing("long-poll", 40) });

    // THEN the caller heard hold music between the synchronous checks, and the answer
    expect(caller.outcome.kind).toBe("success");
    expect(waitOf(caller)).toBeLessThanOrEqual(27);
    if (channel === "VOICE") expect(caller.timeline.some((entry) => entry.kind === "audio" || entry.kind === "speech")).toBe(true);
  });

  test("every long poll failing and work slower than the wait: the timeout, only at the wait's end", async () => {
    // GIVEN / WHEN
    const caller = await call("event", 60, { backend: { latencyMs: 100_000 }, lambdaFaults: failing("long-poll", 40) });

    // THEN
    expect(caller.outcome.kind).toBe("timeout");
    expect(waitOf(caller)).toBeGreaterThanOrEqual(57);
    expect(waitOf(caller)).toBeLessThanOrEqual(60);
  });

  test("work that fails (a FAILED answer) takes the failure branch", async () => {
    // GIVEN work that fails / WHEN
    const caller = await call("event", 60, { backend: { latencyMs: 8000, failures: [{ attempts: "all", kind: "error", errorName: "AccountLocked" }] } });

    // THEN
    expect(caller.outcome.kind).toBe("failure");
    expect(caller.lastErrorCode).toBe("AccountLocked");
  });
});

describe("the loop strategy: a poll Connect could not invoke is a turn, not a failure", () => {
  test("three failed poll invocations do not end a 25 s lookup that succeeds", async () => {
    const caller = await call("loop", 40, { backend: { latencyMs: 25_000 }, lambdaFaults: failing("poll", 3) });
    expect(caller.outcome.kind).toBe("success");
    expect(waitOf(caller)).toBeLessThanOrEqual(40);
  });

  test("every poll invocation failing: no clock, so the blind turns end the wait within it, as a timeout", async () => {
    const caller = await call("loop", 40, { backend: { latencyMs: 25_000 }, lambdaFaults: failing("poll", 100) });
    expect(caller.outcome.kind).toBe("timeout");
    expect(waitOf(caller)).toBeLessThanOrEqual(40);
  });
});
