/**
 * A crowd on real quotas (issue 16 §4): 600 callers with their own requests, arriving 20 a second to the
 * demo's 25 s lookup, with and without a Lambda quota of 100 concurrent executions for the bridge. The
 * demo flow waits with the long-poll function, whose reserve each account sizes as a user would (README,
 * "The long poll's own share of the account").
 */
import { simulate } from "../../sim/call-simulator";
import type { SimulationResult } from "../../sim/report/simulation-result";
import { toJsonReport } from "../../sim/report/report";
import type { Scenario } from "../../sim/world/scenario";
import { SIMULATED_LONG_POLL_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";
import { functionNameOf } from "../../sim/aws/function-name";
import { DEFAULT_LONG_POLL_RESERVED_CONCURRENCY } from "../../infra/long-poll-defaults";

const LONG_POLL = functionNameOf(SIMULATED_LONG_POLL_ARN);
const ARRIVALS_PER_SECOND = 20;
/** A waiting caller's round: the lookup (≈ 25 s) ends it before the 30 s comfort message. */
const ROUND_SECONDS = 25;
/** The README's sizing rule: 1.2 × peak new waiting callers a second × seconds per round. */
const SIZED_RESERVE = Math.ceil(1.2 * ARRIVALS_PER_SECOND * ROUND_SECONDS);

/**
 * `count` callers, each with their own request (the demo's per-contact key), one every `spacingMs`;
 * `operation` overrides the demo operation's settings.
 */
function crowd(count: number, spacingMs: number, lambdaConcurrency?: number, operation?: Scenario["operation"]): Scenario {
  return {
    name: "crowd-on-quota",
    seed: 11,
    backend: { latencyMs: { distribution: "uniform", minMs: 24_000, maxMs: 26_000 } },
    callers: [{ count, atMs: 0, spacingMs }],
    ...(lambdaConcurrency !== undefined ? { account: { lambdaConcurrency } } : {}),
    ...(operation !== undefined ? { operation } : {}),
  };
}

function percentile(values: ReadonlyArray<number>, p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

describe("a crowd of 600 callers arriving 20 a second", () => {
  jest.setTimeout(600_000);

  describe("on an account with 100 concurrent executions for the bridge", () => {
    const QUOTA = 100;
    /**
     * What start (20 a second, ≈ 0.5 s each: ≈ 10 at once) and the fallback turns' synchronous polls
     * need beside the long poll's reserve, with headroom. The sizing rule's reserve does not fit such an
     * account, so the long poll gets the rest and the callers beyond it wait on fallback turns.
     */
    const LEFT_FOR_START_AND_POLLS = 20;
    const reserve = Math.min(SIZED_RESERVE, QUOTA - LEFT_FOR_START_AND_POLLS);
    let result: SimulationResult;
    beforeAll(async () => {
      // The demo operation as it is, pollWaitMs 2 s included: the event strategy's fallback checks read once
      // (asyncPollWaitMs 0), so they hold no execution while start needs one (before, they starved start).
      result = await simulate({ flow: simulatedDemoFlow(), scenario: crowd(600, 50, QUOTA), reservedConcurrency: { [LONG_POLL]: reserve } });
    });

    it("never runs more than 100 of the bridge's executions at once, and reports the throttles that cost", () => {
      // THEN the peak of start and poll together stays within the quota…
      expect(result.lambda.peakConcurrency.total).toBeLessThanOrEqual(QUOTA);
      expect(result.lambda.peakConcurrency[LONG_POLL]).toBe(reserve);
      expect(result.lambda.peakConcurrency.total).toBeGreaterThan(90); // …the crowd really pressed on it
      // …and invocations beyond it were refused, each counted against the function that asked
      const throttles = Object.values(result.lambda.throttles).reduce((sum, n) => sum + n, 0);
      expect(throttles).toBeGreaterThan(0);
      expect(Object.keys(result.lambda.throttles).every((name) => name in result.lambda.peakConcurrency)).toBe(true);
    });

    it("leaves the targets' share and StartExecution alone: each execution serves one caller's own request", () => {
      // THEN the targets were not throttled (their share is unlimited here) and each request started once
      expect(result.lambda.throttles.targets).toBeUndefined();
      expect(result.stepFunctions.startsThrottled).toBe(0);
      expect(new Set(result.executions.map((execution) => execution.requestId)).size).toBe(result.executions.length);
    });

    it("all 600 succeed, with lag p50 ≤ 1 s, p99 ≤ 4 s and quiet beyond Lambda p99 ≤ 2 s", () => {
      // THEN the callers the long poll's reserve could not hold were served by fallback turns…
      expect(result.lambda.throttles[LONG_POLL]).toBeGreaterThan(0);
      // …and every caller heard the answer, soon after it landed, without dead air
      expect(toJsonReport(result).outcomes).toEqual({ success: 600 });
      const lags = result.callers.map((caller) => caller.resultDeliveryLagMs!);
      expect(percentile(lags, 50)).toBeLessThanOrEqual(1000);
      expect(percentile(lags, 99)).toBeLessThanOrEqual(4000);
      expect(percentile(result.callers.map((caller) => caller.silenceBeyondLambdaMs), 99)).toBeLessThanOrEqual(2000);
    });
  });

  describe("on an account without a tight quota", () => {
    it("really holds hundreds of the bridge's executions at once (each waiting caller's long poll)", async () => {
      // WHEN the same crowd calls with AWS's default 1,000 executions, the long poll's reserve sized by the rule
      const result = await simulate({ flow: simulatedDemoFlow(), scenario: crowd(600, 50), reservedConcurrency: { [LONG_POLL]: SIZED_RESERVE } });
      // THEN more than 300 of the bridge's executions ran at once (≈ 20/s × 25 s by Little's law), none throttled
      expect(result.lambda.peakConcurrency.total).toBeGreaterThan(300);
      expect(result.lambda.throttles).toEqual({});
      expect(toJsonReport(result).outcomes).toEqual({ success: 600 });
      const lags = result.callers.map((caller) => caller.resultDeliveryLagMs!);
      expect(percentile(lags, 99)).toBeLessThanOrEqual(4000);
    });
  });
});

describe("reserved concurrency in a simulation", () => {
  jest.setTimeout(120_000);

  it("holds a function with reserved concurrency to its own pool and leaves the rest to the others", async () => {
    // GIVEN 40 callers within 4 s on an account of 100, the long poll reserving 5
    const result = await simulate({ flow: simulatedDemoFlow(), scenario: crowd(40, 100, 100), reservedConcurrency: { [LONG_POLL]: 5 } });
    // THEN the long poll never runs more than its 5 and is throttled beyond them, while start is not
    expect(result.lambda.peakConcurrency[LONG_POLL]).toBe(5);
    expect(result.lambda.throttles[LONG_POLL]).toBeGreaterThan(0);
    expect(result.lambda.throttles["connect-async-start"]).toBeUndefined();
  });

  it("gives the demo's long poll the construct's default reserve unless told otherwise", async () => {
    // GIVEN 150 callers within 7.5 s on AWS's default account, the demo flow as it is
    const result = await simulate({ flow: simulatedDemoFlow(), scenario: crowd(150, 50) });
    // THEN the long poll stops at the construct's default reserve, and the callers beyond it are still served
    expect(result.lambda.peakConcurrency[LONG_POLL]).toBe(DEFAULT_LONG_POLL_RESERVED_CONCURRENCY);
    expect(result.lambda.throttles[LONG_POLL]).toBeGreaterThan(0);
    expect(toJsonReport(result).outcomes).toEqual({ success: 150 });
  });
});

describe("crowd determinism", () => {
  jest.setTimeout(300_000);

  it("gives byte-identical JSON for the same seed, whichever table serves it", async () => {
    // GIVEN a crowd pressing on a small quota, the long poll reserving two thirds of it
    const scenario = crowd(120, 40, 30);
    const reservedConcurrency = { [LONG_POLL]: 20 };
    // WHEN it runs twice in process and once on dynalite
    const runs: SimulationResult[] = [];
    for (const table of ["in-process", "in-process", "dynalite"] as const) runs.push(await simulate({ flow: simulatedDemoFlow(), scenario, table, reservedConcurrency }));
    // THEN the three JSON reports are the same bytes, throttles included
    const [first, second, dynalite] = runs.map((run) => JSON.stringify(toJsonReport(run)));
    expect(runs[0].lambda.peakConcurrency.total).toBeLessThanOrEqual(30);
    expect(second).toBe(first);
    expect(dynalite).toBe(first);
  });
});
