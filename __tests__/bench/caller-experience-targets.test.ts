import { callerExperienceTargets, type CallerExperienceResult, type PatternPoint } from "../../bench/caller-experience";

function point(pattern: PatternPoint["pattern"], latencyMs: number, fields: Partial<PatternPoint>): PatternPoint {
  return {
    pattern,
    channel: pattern === "event-chat" ? "CHAT" : "VOICE",
    latencyMs,
    calls: 10,
    successShare: 1,
    failureShare: 0,
    timeoutShare: 0,
    lagMsMedian: 100,
    lagMsWorst: 200,
    silenceMsMedian: 0,
    silenceMsWorst: 0,
    deadAirMsMedian: 0,
    deadAirMsWorst: 0,
    silenceBeyondLambdaMsWorst: 0,
    waitMessagesWorst: 0,
    waitMessagesAllowed: 0,
    voiceOnlyPromptsOnChat: 0,
    timeToOutcomeMsMedian: 0,
    waitMsMedian: 0,
    invocationsPerCall: 2,
    startInvocationsPerCall: 1,
    pollInvocationsPerCall: 1,
    startLambdaMsPerCall: 0,
    pollLambdaMsPerCall: 0,
    longPollLambdaMsPerCall: 0,
    executionsPerCall: 1,
    tableReadsPerCall: 0,
    tableReadRequestUnitsPerCall: 0,
    tableWritesPerCall: 0,
    executionMsMean: 0,
    ...fields,
  };
}

function result(points: PatternPoint[], latenciesMs: number[]): CallerExperienceResult {
  return { latenciesMs, seeds: [1], callersPerSeed: 10, jitter: 0.1, demoWaitMs: 46_000, seedLoopCount: 15, seedWaitMs: 45_000, points, targets: [] };
}

describe("issue 9's caller-experience targets", () => {
  test("from 8 s up the event strategy may make at most a fifth of the seed's Lambda calls; below, at most as many", () => {
    // GIVEN the event strategy with 2 calls against a seed with 10 (8 s) and 2 (3 s)
    const checks = callerExperienceTargets(
      result([point("event", 8000, { invocationsPerCall: 2.1 }), point("seed", 8000, { invocationsPerCall: 10 }), point("event", 3000, {}), point("seed", 3000, {})], [3000, 8000]),
    );

    // THEN 2.1 > 0.2 × 10 misses, 2 ≤ 2 meets
    const calls = checks.filter((check) => check.target.startsWith("event: Lambda calls"));
    expect(calls.map((check) => [check.latencyMs, check.limit, check.met])).toStrictEqual([
      [3000, 2, true],
      [8000, 2, false],
    ]);
  });

  test("a quiet stretch over 1 s, a median lag over 0.3 s or a worst lag over 1 s misses its target", () => {
    const checks = callerExperienceTargets(result([point("event", 25_000, { silenceBeyondLambdaMsWorst: 1001, lagMsMedian: 301, lagMsWorst: 999 })], [25_000]));
    expect(Object.fromEntries(checks.map((check) => [check.target, check.met]))).toStrictEqual({
      "event: longest quiet stretch outside Lambda calls ≤ 1 s": false,
      "event: median lag ≤ 0.3 s": false,
      "event: worst lag ≤ 1 s": true,
    });
  });

  test("chat counts messages against 1 + ⌈wait / 30 s⌉ and allows no voice-only prompt", () => {
    const checks = callerExperienceTargets(result([point("event-chat", 40_000, { waitMessagesWorst: 4, waitMessagesAllowed: 3, voiceOnlyPromptsOnChat: 1 })], [40_000]));
    expect(checks.filter((check) => !check.met).map((check) => check.target)).toStrictEqual(["chat: messages ≤ 1 + ⌈wait / 30 s⌉", "chat: no voice-only prompt"]);
  });

  test("the timeout point (60 s) is not held to the lag targets", () => {
    expect(callerExperienceTargets(result([point("event", 60_000, { lagMsMedian: null, lagMsWorst: null })], [60_000]))).toStrictEqual([]);
  });
});
