/**
 * The settings both bridge writers read (infra/bridge-settings.ts), against the contract in DESIGN.md:
 * the construct's and the generic module's agreement is checked resource by resource in
 * __tests__/generic-module/generic-module.test.ts; here, that the shared values are the documented ones.
 */
import { bridgeEnvironment, BridgeFunctions, bridgeFunctionBasics, BridgeNames, statusTableConfig } from "../../infra/bridge-settings";

describe("the bridge's shared settings", () => {
  it("describe the status table of DESIGN.md: one table, on demand, keyed by the string pk, TTL on expiresAt", () => {
    // WHEN
    const table = statusTableConfig({ prefix: "acme", pointInTimeRecovery: false, deletionProtection: true });
    // THEN
    expect(table).toMatchObject({
      name: "acme-status",
      billingMode: "PAY_PER_REQUEST",
      hashKey: "pk",
      attribute: [{ name: "pk", type: "S" }],
      ttl: { enabled: true, attributeName: "expiresAt" },
      deletionProtectionEnabled: true,
    });
    expect(table.rangeKey).toBeUndefined();
  });

  it("give each function Connect invokes its own name as its logs' and metrics' service, beside the shared environment", () => {
    // GIVEN the environment the functions share
    const shared = bridgeEnvironment({
      tableName: "acme-status",
      operationsSource: ["OPERATIONS_FILE", "operations.json"],
      stateMachineArnPrefix: "arn:aws:states:eu-west-1:111111111111:stateMachine:acme-",
      requestIdKeySecretArn: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme",
      metricsNamespace: "ConnectAsync",
    });
    // WHEN
    const functions = Object.values(BridgeFunctions).map((fn) => bridgeFunctionBasics("acme", fn, shared));
    // THEN three distinct names, each its own service, and nothing of the shared environment lost
    expect(functions.map((fn) => fn.functionName)).toEqual(["acme-start", "acme-poll", "acme-long-poll"]);
    for (const fn of functions) {
      expect(fn.environment).toEqual({ ...shared, POWERTOOLS_SERVICE_NAME: fn.functionName });
    }
    expect(shared).toEqual({
      TABLE_NAME: "acme-status",
      OPERATIONS_FILE: "operations.json",
      STATE_MACHINE_ARN_PREFIX: "arn:aws:states:eu-west-1:111111111111:stateMachine:acme-",
      REQUEST_ID_KEY_SECRET_ARN: "arn:aws:secretsmanager:eu-west-1:111111111111:secret:acme",
      POWERTOOLS_METRICS_NAMESPACE: "ConnectAsync",
    });
  });

  it("name a state machine ARN from its parts, so a role's trust can name its machine before it exists", () => {
    const prefix = BridgeNames.stateMachineArnPrefix({ partition: "aws", region: "eu-west-1", account: "111111111111", prefix: "acme" });
    expect(`${prefix}balance`).toBe(`arn:aws:states:eu-west-1:111111111111:stateMachine:${BridgeNames.stateMachine("acme", "balance")}`);
  });
});
