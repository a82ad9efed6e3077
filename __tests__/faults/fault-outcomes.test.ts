/**
 * The fault section (issue 11): what the caller hears when a dependency misbehaves. Each case runs the
 * demo flow (both wait strategies) in the simulator, with the real handlers, the real state-machine
 * definition in aws-local-stepfunctions and dynalite, and checks that the call ends in the right branch
 * within the caller's wait. The handler-level and state-machine-level proofs (exact codes and timings
 * against servers that never answer or throttle, failed completion writes) are in
 * __tests__/handlers/faults.test.ts and __tests__/infra/state-machine-definition*.test.ts.
 */
import { buildDemoFlow } from "../../flows/demo";
import { simulate } from "../../sim/call-simulator";
import { type CallerReport, type SimulationResult } from "../../sim/report/simulation-result";
import { DEMO_OPERATION_PROPS, SIMULATED_POLL_ARN, SIMULATED_START_ARN } from "../../sim/world/demo-world";
import type { Scenario } from "../../sim/world/scenario";

/** The demo's maxWaitSeconds. */
const MAX_WAIT_MS = 60_000;
const TEN_MINUTES_MS = 600_000;

async function call(strategy: "event" | "loop", scenario: Omit<Scenario, "name">): Promise<{ caller: CallerReport; result: SimulationResult }> {
  const flow = buildDemoFlow({ startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, strategy });
  const result = await simulate({ flow, operation: DEMO_OPERATION_PROPS, scenario: { name: "fault", ...scenario } });
  return { caller: result.callers[0]!, result };
}

/** From the start Lambda to the outcome: the part of the call the macro answers for. */
function waitOf(caller: CallerReport): number {
  const start = caller.timeline.find((entry) => entry.kind === "lambda" && entry.text.includes("start"));
  return caller.outcome.atMs - (start?.atMs ?? caller.startedAtMs);
}

describe.each(["event", "loop"] as const)("faults, %s strategy: the caller hears the right branch within the wait", (strategy) => {
  test("DynamoDB never answers: start gives up before Connect's limit and the flow takes its failure branch", async () => {
    const { caller } = await call(strategy, { backend: { latencyMs: 5000 }, latencies: { dynamodbMs: TEN_MINUTES_MS } });
    expect(caller.outcome.kind).toBe("failure");
    // the start block's 4 s limit bounds it, whatever the store does
    expect(waitOf(caller)).toBeLessThanOrEqual(4_500);
  });

  test("Step Functions never answers: the start fails within its limit and the flow takes its failure branch", async () => {
    const { caller } = await call(strategy, { backend: { latencyMs: 5000 }, latencies: { startExecutionMs: TEN_MINUTES_MS } });
    expect(caller.outcome.kind).toBe("failure");
    expect(waitOf(caller)).toBeLessThanOrEqual(4_500);
  });

  test("DynamoDB unreachable: STORE_UNAVAILABLE, failure branch at once", async () => {
    const { caller } = await call(strategy, { backend: { latencyMs: 5000 }, dynamodb: { unavailable: true } });
    expect(caller.outcome.kind).toBe("failure");
    expect(caller.lastErrorCode).toBe("STORE_UNAVAILABLE");
    expect(waitOf(caller)).toBeLessThanOrEqual(4_500);
  });

  test("a throttled backend is retried inside the operation's timeout and the caller hears the result", async () => {
    const { caller, result } = await call(strategy, { backend: { latencyMs: 8000, failures: [{ attempts: [1, 2], kind: "throttle" }] } });
    expect(caller.outcome.kind).toBe("success");
    expect(result.executions).toHaveLength(1);
    expect(waitOf(caller)).toBeLessThanOrEqual(MAX_WAIT_MS);
  });

  test("a backend that throws: the state machine records FAILED with the error name, the flow takes its failure branch", async () => {
    const { caller, result } = await call(strategy, { backend: { latencyMs: 8000, failures: [{ attempts: "all", kind: "error", errorName: "AccountLocked" }] } });
    expect(caller.outcome.kind).toBe("failure");
    expect(result.executions[0]!.recorded).toBe("FAILED");
    expect(caller.lastErrorCode).toBe("AccountLocked");
  });

  test("a result too large for a Connect answer: recorded, but poll answers RESULT_TOO_LARGE and the flow takes its failure branch", async () => {
    const { caller, result } = await call(strategy, { backend: { latencyMs: 8000, result: { accountStatus: "OPEN", statement: "x".repeat(40_000) } } });
    expect(result.executions[0]!.recorded).toBe("SUCCEEDED");
    expect(caller.outcome.kind).toBe("failure");
    expect(caller.lastErrorCode).toBe("RESULT_TOO_LARGE");
    expect(waitOf(caller)).toBeLessThanOrEqual(MAX_WAIT_MS);
  });

  test("a poll that fails is checked again, and the call still succeeds", async () => {
    const { caller } = await call(strategy, { backend: { latencyMs: 12_000 }, lambdaFaults: [{ function: "poll", turn: 1, kind: "error" }] });
    expect(caller.outcome.kind).toBe("success");
    expect(waitOf(caller)).toBeLessThanOrEqual(MAX_WAIT_MS);
  });

  test("a backend slower than the wait: the timeout branch, within maxWaitSeconds", async () => {
    const { caller } = await call(strategy, { backend: { latencyMs: 100_000 } });
    expect(caller.outcome.kind).toBe("timeout");
    expect(waitOf(caller)).toBeLessThanOrEqual(MAX_WAIT_MS);
  });
});
