/**
 * `simulate` on a user's own app: the flow and the operations' settings come from the synthesized stack
 * (not the demo), and Lambdas are labelled by their function names.
 */
import * as path from "node:path";
import { projectSimulateOptions, runSimulate, SimulateInputError } from "../../bin/commands/simulate";

const BILLING_APP = path.join(__dirname, "fixtures", "billing-app");

describe("simulate --project", () => {
  test("runs the app's flow with its operations as the stack deploys them", async () => {
    // GIVEN the billing app: operations "balance" (cached 300 s on accountId, 90 s timeout) and "card-status"
    const fromProject = projectSimulateOptions(BILLING_APP, "Billing enquiries");

    // THEN its settings, not the demo's, are what the simulator gets
    expect(fromProject.operations).toMatchObject({
      balance: { cacheKey: ["accountId"], cacheTtlSeconds: 300, timeoutSeconds: 90 },
      "card-status": { timeoutSeconds: 60, fastPathMs: 0 },
    });

    // WHEN a caller goes through it with a 5 s backend
    const { result } = await runSimulate({ scenario: "fast-backend", ...fromProject });

    // THEN both operations ran, under their own names, through the app's own Lambdas
    expect(Object.keys(result.operations).sort()).toStrictEqual(["balance", "card-status"]);
    const functionNames = new Set(result.callers[0]!.timeline.flatMap((entry) => ("functionName" in entry ? [entry.functionName] : [])));
    expect(functionNames.has("payments-start")).toBe(true);
    expect(functionNames.has("payments-poll")).toBe(true);
    expect(result.executions.length).toBeGreaterThanOrEqual(2);
    // the lag is measured against the work the outcome answered, not the operation the flow starts after it
    expect(result.callers[0]!.resultDeliveryLagMs).not.toBeNull();
    expect(result.callers[0]!.resultDeliveryLagMs!).toBeLessThan(result.callers[0]!.timeToOutcomeMs);
  }, 60_000);

  test.each(["crowd", "cache-hit"])("the named scenario %s fits the app's operations: its callers share one request on each operation's own inputs", async (scenario) => {
    // GIVEN the billing app, whose operations take accountId and cardId, not the demo's inputs
    const fromProject = projectSimulateOptions(BILLING_APP, "Billing enquiries");

    // WHEN the named scenario runs on it
    const { result } = await runSimulate({ scenario, ...fromProject });

    // THEN every caller succeeds, keyed on the operation's own cache key or inputs, never the demo's
    expect(result.callers.map((caller) => [caller.outcome.kind, caller.lastErrorCode ?? null])).toStrictEqual(result.callers.map(() => ["success", null]));
    expect(result.operations.balance!.cacheKey).toStrictEqual(["accountId"]);
    expect(result.operations["card-status"]!.cacheKey).toStrictEqual(["cardId"]);
    // one request per operation, whatever the number of callers: one execution each at most
    expect(new Set(result.callers.map((caller) => caller.requestId)).size).toBe(1);
    expect(result.executions.length).toBeLessThanOrEqual(2);
    expect(result.notes).toStrictEqual([]);
  }, 60_000);

  test("an unknown flow name is a user error that lists the app's flows", () => {
    expect(() => projectSimulateOptions(BILLING_APP, "Sales")).toThrow(SimulateInputError);
    expect(() => projectSimulateOptions(BILLING_APP, "Sales")).toThrow(/no flow "Sales" \(flows: "Billing enquiries"\)/);
  }, 60_000);
});
