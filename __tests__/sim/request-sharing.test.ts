/**
 * Scenarios fit the operation they run on (issue 17 C): `"requests": "shared"` keys the callers on the
 * operation's own inputs, `per-caller` gives each caller values of their own, and an operation with no
 * inputs is run per contact with a note that says so.
 */
import { asyncInvoke, DisconnectParticipant, Flow, MessageParticipant } from "../../index";
import type { FlowJson } from "../../flows/flow-json";
import { simulate } from "../../sim/call-simulator";
import { formatSummary, toJsonReport } from "../../sim/report/report";
import { SIMULATED_POLL_ARN, SIMULATED_START_ARN, simulatedDemoFlow } from "../../sim/world/demo-world";
import { parseScenario, type Scenario } from "../../sim/world/scenario";
import { namedScenario } from "../../sim/world/scenarios";
import { SimulationInputError } from "../../sim/simulation-input-error";

/** A flow whose one operation, `lookup`, sends `input` to start (nothing when empty). */
function flowSending(input: { [name: string]: string }): FlowJson {
  const goodbye = new DisconnectParticipant("Goodbye");
  const say = (name: string) => new MessageParticipant(name, { prompt: { text: name } }).onError(goodbye).next(goodbye);
  const lookup = asyncInvoke("lookup", {
    startFunctionArn: SIMULATED_START_ARN,
    pollFunctionArn: SIMULATED_POLL_ARN,
    ...(Object.keys(input).length > 0 ? { input } : {}),
    maxWaitSeconds: 40,
    onSuccess: say("Done"),
    onFailure: say("Failed"),
    onTimeout: say("Too slow"),
  });
  return new Flow({ name: "Lookup", startWith: lookup }).toJson();
}

const threeCallers = (requests: "shared" | "per-caller"): Scenario =>
  parseScenario({ name: `three-${requests}`, backend: { latencyMs: 6000 }, requests, operation: { cacheTtlSeconds: 60 }, callers: [{ count: 3, spacingMs: 500 }] });

describe("request sharing", () => {
  it("shared: callers are keyed on the inputs the flow sends, and share one execution", async () => {
    // GIVEN an operation with no declared inputs whose flow sends orderId from a contact attribute
    const flow = flowSending({ orderId: "$.Attributes.orderId" });
    // WHEN three callers share their request
    const result = await simulate({ scenario: threeCallers("shared"), flow, operations: { lookup: {} } });
    // THEN the cache key is orderId, all succeed on one execution
    expect(result.operations.lookup!.cacheKey).toStrictEqual(["orderId"]);
    expect(result.callers.map((caller) => caller.outcome.kind)).toStrictEqual(["success", "success", "success"]);
    expect(result.executions).toHaveLength(1);
  }, 60_000);

  it("per-caller: each caller gets values of their own for the operation's cache key", async () => {
    // GIVEN an operation cached on orderId
    const flow = flowSending({ orderId: "$.Attributes.orderId" });
    const result = await simulate({ scenario: threeCallers("per-caller"), flow, operations: { lookup: { cacheKey: ["orderId"], cacheTtlSeconds: 60 } } });
    // THEN three requests, three executions
    expect(new Set(result.callers.map((caller) => caller.requestId)).size).toBe(3);
    expect(result.executions).toHaveLength(3);
    expect(result.callers.every((caller) => caller.outcome.kind === "success")).toBe(true);
  }, 60_000);

  it("an operation with no inputs: each caller starts their own execution, and the report says why", async () => {
    // GIVEN a flow whose start sends nothing but the operation's name
    const result = await simulate({ scenario: threeCallers("shared"), flow: flowSending({}), operations: { lookup: {} } });
    // THEN the callers still succeed, one execution each, with a note in text and JSON
    expect(result.executions).toHaveLength(3);
    expect(result.callers.every((caller) => caller.outcome.kind === "success")).toBe(true);
    expect(result.notes).toHaveLength(1);
    expect(result.notes[0]).toMatch(/operation "lookup" declares no inputs and the flow sends it none.*each caller starts an execution of their own/);
    expect(toJsonReport(result).notes).toStrictEqual(result.notes);
    expect(formatSummary(result).split("\n")).toContainEqual(expect.stringMatching(/^Note +the scenario's callers share one request, but operation "lookup"/));
  }, 60_000);

  it("notes only the operations the flow starts, not a project's others", async () => {
    // GIVEN a project with two operations, neither with declared inputs, and a flow that starts lookup with orderId
    const flow = flowSending({ orderId: "$.Attributes.orderId" });
    const result = await simulate({ scenario: threeCallers("shared"), flow, operations: { lookup: {}, orders: {} } });
    // THEN lookup shares on orderId, and orders, which this flow never starts, gets no note
    expect(result.executions).toHaveLength(1);
    expect(result.notes).toStrictEqual([]);
  }, 60_000);

  it("a caller group's own attribute values win over derived ones", async () => {
    const scenario = parseScenario({ name: "two-orders", backend: { latencyMs: 3000 }, requests: "shared", operation: { cacheTtlSeconds: 60 }, callers: [{ attributes: { orderId: "A" } }, { attributes: { orderId: "B" } }] });
    const result = await simulate({ scenario, flow: flowSending({ orderId: "$.Attributes.orderId" }), operations: { lookup: {} } });
    expect(result.executions).toHaveLength(2);
  }, 60_000);

  it("sharing on an operation that keeps results per contact only is an input error naming the fix", async () => {
    const scenario = parseScenario({ name: "no-ttl", backend: { latencyMs: 1000 }, requests: "shared" });
    await expect(simulate({ scenario, flow: flowSending({ orderId: "$.Attributes.orderId" }), operations: { lookup: {} } })).rejects.toThrow(SimulationInputError);
    await expect(simulate({ scenario, flow: flowSending({ orderId: "$.Attributes.orderId" }), operations: { lookup: {} } })).rejects.toThrow(/cacheTtlSeconds 0.*"operation": \{ "cacheTtlSeconds": N \}/);
  });

  it("the demo's crowd shares one execution keyed on the demo operation's declared inputs", async () => {
    const result = await simulate({ scenario: namedScenario("crowd"), flow: simulatedDemoFlow() });
    expect(result.executions).toHaveLength(1);
    expect(result.callers.every((caller) => caller.outcome.kind === "success")).toBe(true);
  }, 60_000);
});
