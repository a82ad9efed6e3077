import { expandCallers, parseScenario, ScenarioValidationError, validateScenario } from "../../sim/world/scenario";
import { NAMED_SCENARIOS, namedScenario } from "../../sim/world/scenarios";

describe("scenario format", () => {
  it("ships the named scenarios, all valid", () => {
    // GIVEN the named scenarios WHEN they are loaded THEN each validated and the required ones exist
    expect([...NAMED_SCENARIOS.keys()]).toEqual(
      expect.arrayContaining(["fast-backend", "slow-backend", "too-slow", "failing-backend", "throttled-backend", "poll-error", "dynamodb-down", "crowd", "cache-hit"]),
    );
    for (const scenario of NAMED_SCENARIOS.values()) expect(validateScenario(scenario)).toEqual([]);
  });

  it("names the scenarios there are when asked for an unknown one", () => {
    expect(() => namedScenario("slowest")).toThrow(/unknown scenario "slowest"; choose one of fast-backend, slow-backend/);
  });

  it("reports every problem at once, each with the path of the field", () => {
    // GIVEN a scenario with several mistakes
    const bad = {
      name: "Bad Name",
      backend: { latencyMs: { distribution: "uniform", minMs: 500, maxMs: 100 }, failures: [{ attempts: [0], kind: "explode" }] },
      callers: [{ count: 0, atMs: -5, attributes: { n: 3 } }],
      lambdaFaults: [{ function: "lookup", turn: 0, kind: "error", attempts: [5] }],
      dynamodb: { unavailable: "yes" },
      extra: true,
    };
    // WHEN it is parsed THEN one error lists them all
    let error: ScenarioValidationError | undefined;
    try {
      parseScenario(bad);
    } catch (thrown) {
      error = thrown as ScenarioValidationError;
    }
    expect(error).toBeInstanceOf(ScenarioValidationError);
    expect(error!.problems).toEqual([
      "scenario.extra: unknown field; expected one of $schema, name, description, seed, backend, operation, callers, requests, account, lambdaFaults, dynamodb, latencies, channel, expect",
      'name: must be kebab-case (a-z, 0-9, -), got "Bad Name"',
      "backend.latencyMs: minMs must not exceed maxMs",
      "backend.failures[0].attempts: must be \"all\" or a non-empty list of attempt numbers (1, 2, …), got [0]",
      'backend.failures[0].kind: must be "error", "throttle" or "service-error", got "explode"',
      "callers[0].count: must be an integer from 1 to 20000",
      "callers[0].atMs: must be a number of milliseconds ≥ 0, got -5",
      "callers[0].attributes.n: must be a string, got 3",
      'lambdaFaults[0].function: must be "start", "poll" or "long-poll", got "lookup"',
      "lambdaFaults[0].turn: must be a positive integer (the n-th lookup block a caller runs)",
      "lambdaFaults[0].attempts: Connect makes at most 4 attempts",
      "dynamodb.unavailable: must be true or false",
    ]);
    expect(error!.message).toMatch(/^scenario Bad Name is invalid:\n {2}- scenario\.extra/);
  });

  it("checks the channel and the operation name", () => {
    expect(validateScenario({ name: "x", backend: { latencyMs: 1 }, channel: "SMS", operation: { name: "has space" } })).toEqual([
      'channel: must be one of VOICE, CHAT, TASK, EMAIL, got "SMS"',
      'operation.name: must be an operation name ([A-Za-z0-9_-]{1,40}), got "has space"',
    ]);
  });

  it("requires a backend", () => {
    expect(validateScenario({ name: "x" })).toEqual(['backend: required; give at least { "latencyMs": … }']);
  });

  it("expands caller groups in call order with stable ids", () => {
    const plans = expandCallers(
      parseScenario({ name: "two-groups", backend: { latencyMs: 1 }, callers: [{ atMs: 5000, attributes: { a: "late" } }, { count: 2, spacingMs: 1000 }] }),
    );
    expect(plans.map((plan) => [plan.callerId, plan.atMs, plan.attributes.a])).toEqual([
      ["caller-1", 0, undefined],
      ["caller-2", 1000, undefined],
      ["caller-3", 5000, "late"],
    ]);
    expect(new Set(plans.map((plan) => plan.contactId)).size).toBe(3);
  });
});
