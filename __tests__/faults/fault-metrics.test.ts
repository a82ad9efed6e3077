/**
 * Each fault of fault-outcomes.test.ts, read from the operator's side: the metrics the handlers
 * emitted in the simulator (their EMF lines) move the metric the matching alarm watches, and a healthy
 * call moves none of them. Which metrics an alarm watches comes from the alarm definitions themselves.
 * (A hung StartExecution is left out: the simulator's stand-in ignores the handler's abort, so it
 * cannot show `EXECUTION_START_TIMEOUT`; the handlers answer it against a real hung endpoint in
 * __tests__/handlers/faults.test.ts, which counts as a FailureBranch like any start ERROR.)
 */
import { buildDemoFlow } from "../../flows/demo";
import { AlarmKind } from "../../infra/monitoring/alarm-kind";
import { alarmDefinitions } from "../../infra/monitoring/alarm-definitions";
import type { MonitoredBridge } from "../../infra/monitoring/monitored-bridge";
import { simulate } from "../../sim/call-simulator";
import type { SimulationResult } from "../../sim/report/simulation-result";
import { DEMO_OPERATION_PROPS, SIMULATED_POLL_ARN, SIMULATED_START_ARN } from "../../sim/world/demo-world";
import type { Scenario } from "../../sim/world/scenario";

const TEN_MINUTES_MS = 600_000;

/** The simulator's functions as the monitoring sees them (the simulator names their services start and poll). */
const SIMULATED_BRIDGE: MonitoredBridge = {
  namePrefix: "sim",
  metricsNamespace: "ConnectAsync",
  region: "us-east-1",
  tableName: "connect-async-sim",
  stateMachines: [],
  functions: [
    { id: "start", functionName: "start", serviceName: "start", contract: "start", logGroupName: "/aws/lambda/start" },
    { id: "poll", functionName: "poll", serviceName: "poll", contract: "poll", logGroupName: "/aws/lambda/poll" },
  ],
};

/** The handler metrics (not AWS's) an alarm reads, by name. */
function watchedMetrics(kind: AlarmKind): string[] {
  const definition = alarmDefinitions(SIMULATED_BRIDGE).find((candidate) => candidate.kind === kind);
  if (definition === undefined) throw new Error(`no ${kind} alarm`);
  const metrics = "metrics" in definition.metric ? Object.values(definition.metric.metrics) : [definition.metric];
  return [...new Set(metrics.filter((metric) => metric.namespace === "ConnectAsync").map((metric) => metric.metricName))];
}

/** How many invocations emitted `name`. */
const emitted = (result: SimulationResult, name: string) => result.metrics.find((metric) => metric.name === name)?.count ?? 0;

async function run(scenario: Omit<Scenario, "name">): Promise<SimulationResult> {
  const flow = buildDemoFlow({ startFunctionArn: SIMULATED_START_ARN, pollFunctionArn: SIMULATED_POLL_ARN, strategy: "event" });
  return simulate({ flow, operation: DEMO_OPERATION_PROPS, scenario: { name: "fault", ...scenario } });
}

describe("faults move the metrics their alarms watch", () => {
  it("the failure-share alarm reads FailureBranch against start's Calls; the unrecorded-outcome alarm reads OutcomeNotRecorded", () => {
    expect(watchedMetrics(AlarmKind.callerFailureShare).sort()).toStrictEqual(["Calls", "FailureBranch"]);
    expect(watchedMetrics(AlarmKind.outcomeNotRecorded)).toStrictEqual(["OutcomeNotRecorded"]);
    expect(watchedMetrics(AlarmKind.configurationErrors).sort()).toStrictEqual(["ConfigurationError", "RequestIdKeyError"]);
  });

  it("a healthy call moves none of them, and counts one success with its time to outcome", async () => {
    const result = await run({ backend: { latencyMs: 8000 } });
    expect(result.callers[0]!.outcome.kind).toBe("success");
    for (const kind of [AlarmKind.outcomeNotRecorded, AlarmKind.configurationErrors]) for (const name of watchedMetrics(kind)) expect(emitted(result, name)).toBe(0);
    expect(emitted(result, "FailureBranch")).toBe(0);
    expect(emitted(result, "Calls")).toBeGreaterThanOrEqual(2);
    expect(emitted(result, "Succeeded")).toBe(1);
    expect(emitted(result, "TimeToOutcome")).toBe(1);
    expect(emitted(result, "LongPollDuration")).toBeGreaterThanOrEqual(1);
  });

  it.each([
    { fault: "DynamoDB never answers", scenario: { backend: { latencyMs: 5000 }, latencies: { dynamodbMs: TEN_MINUTES_MS } }, code: "ErrorCode.STORE_TIMEOUT" },
    { fault: "DynamoDB unreachable", scenario: { backend: { latencyMs: 5000 }, dynamodb: { unavailable: true } }, code: "ErrorCode.STORE_UNAVAILABLE" },
    { fault: "the backend throws", scenario: { backend: { latencyMs: 8000, failures: [{ attempts: "all", kind: "error", errorName: "AccountLocked" }] } }, code: "ErrorCode.TargetError" },
  ] as Array<{ fault: string; scenario: Omit<Scenario, "name">; code: string }>)("$fault: the failure share's FailureBranch, with the code", async ({ scenario, code }) => {
    const result = await run(scenario);
    expect(result.callers[0]!.outcome.kind).toBe("failure");
    for (const name of watchedMetrics(AlarmKind.callerFailureShare)) expect(emitted(result, name)).toBeGreaterThanOrEqual(1);
    expect(emitted(result, code)).toBeGreaterThanOrEqual(1);
  });

  it("a result too large for Connect: OutcomeNotRecorded, the unrecorded-outcome alarm's metric", async () => {
    const result = await run({ backend: { latencyMs: 8000, result: { accountStatus: "OPEN", statement: "x".repeat(40_000) } } });
    for (const name of watchedMetrics(AlarmKind.outcomeNotRecorded)) expect(emitted(result, name)).toBe(1);
    expect(emitted(result, "ErrorCode.RESULT_TOO_LARGE")).toBe(1);
  });

  it("a backend slower than the wait: no failure counted, only PENDING answers; the caller never reached an outcome the handlers saw", async () => {
    const result = await run({ backend: { latencyMs: 100_000 } });
    expect(result.callers[0]!.outcome.kind).toBe("timeout");
    expect(emitted(result, "FailureBranch")).toBe(0);
    expect(emitted(result, "Succeeded")).toBe(0);
    expect(emitted(result, "Pending")).toBe(emitted(result, "Calls"));
  });
});
