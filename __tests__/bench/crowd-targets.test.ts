/** Figure 6's targets (issue 16 §3), judged per point from the event strategy's figures. */
import type { CrowdPoint } from "../../bench/crowd/point";
import { crowdTargets } from "../../bench/crowd/targets";

function point(overrides: Partial<CrowdPoint>): CrowdPoint {
  return {
    pattern: "event",
    callers: 100,
    backendMs: 25_000,
    lambdaConcurrency: 100,
    outcomes: { success: 100 },
    lost: 0,
    lagMsP50: 150,
    lagMsP99: 400,
    quietMsP99: 0,
    peakConcurrency: { total: 60, targets: 40 },
    throttles: {},
    stepFunctions: { starts: 100, startsThrottled: 0, describeExecutionCalls: 0, describeExecutionThrottled: 0 },
    dynamodb: { reads: 1000, readRequestUnits: 600, writes: 300, throttled: 0 },
    costPerCallUsd: 0.0001,
    wallMs: 1000,
    ...overrides,
  };
}

describe("crowd targets", () => {
  it("meets every target when nothing is lost, the quota holds, lags and quiet are short and the cost is within 1.4× the seed's", () => {
    const targets = crowdTargets([point({}), point({ pattern: "seed", costPerCallUsd: 0.0001 })]);
    expect(targets.map((target) => [target.target, target.met])).toEqual([
      ["0 callers lost", true],
      ["peak concurrency ≤ the quota", true],
      ["lag p50 ≤ 1 s", true],
      ["lag p99 ≤ 4 s", true],
      ["quiet beyond Lambda p99 ≤ 2 s", true],
      ["cost per call at 25 s ≤ 1.4× the seed's", true],
    ]);
  });

  it("reports each miss: a lost caller, a peak over the quota, no successes to measure a lag on, a cost of 2.2× the seed's", () => {
    const targets = crowdTargets([point({ lost: 3, peakConcurrency: { total: 101, targets: 0 }, lagMsP50: null, lagMsP99: null, costPerCallUsd: 0.00022 }), point({ pattern: "seed" })]);
    const missed = targets.filter((target) => !target.met).map((target) => [target.target, target.value]);
    expect(missed).toEqual([
      ["0 callers lost", 3],
      ["peak concurrency ≤ the quota", 101],
      ["lag p50 ≤ 1 s", null],
      ["lag p99 ≤ 4 s", null],
      ["cost per call at 25 s ≤ 1.4× the seed's", 2.2],
    ]);
  });

  it("judges the cost only at 25 s, where issue 16 sets it, and only the event strategy", () => {
    const targets = crowdTargets([point({ backendMs: 5000 }), point({ pattern: "seed", backendMs: 5000 })]);
    expect(targets.some((target) => target.target.startsWith("cost"))).toBe(false);
    expect(targets).toHaveLength(5);
  });
});
