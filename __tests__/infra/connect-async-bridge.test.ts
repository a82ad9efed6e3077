/**
 * The bridge construct with props the demo does not use (literal instance, orchestrated operations,
 * KMS, PITR, STANDARD), and its validation: bad props fail synth with messages that name the operation
 * or prop and say what to change.
 */
import { Testing, TerraformStack } from "cdktf";
import { ConnectAsyncBridge, type ConnectAsyncBridgeProps } from "../../infra/connect-async-bridge";
import { TABLE_KEY_READ_ACTIONS, TABLE_KEY_WRITE_ACTIONS, type PolicyDocument } from "../../infra/iam-policies";
import { MissingBundleError } from "../../infra/lambda-bundle";
import type { OperationProps } from "../../infra/operation";
import { onlyResource, resourceNamed, resourcesOf, writeFixtureBundles, type TerraformJson } from "./support/synthesized-stack";

// asl-validator ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

const ACCOUNT = "123456789012";
const INSTANCE_ID = "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee";
const INSTANCE_ARN = `arn:aws:connect:eu-west-2:${ACCOUNT}:instance/${INSTANCE_ID}`;
const KMS_KEY = `arn:aws:kms:eu-west-2:${ACCOUNT}:key/11111111-2222-3333-4444-555555555555`;
const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-2:${ACCOUNT}:function:${name}`;

const handlersDir = writeFixtureBundles();

function bridgeProps(overrides: Partial<ConnectAsyncBridgeProps> = {}): ConnectAsyncBridgeProps {
  return {
    connectInstance: { instanceId: INSTANCE_ID, instanceArn: INSTANCE_ARN },
    namePrefix: "acme",
    handlersDir,
    operations: [{ name: "balance", target: lambdaArn("balance") }],
    ...overrides,
  };
}

function synth(props: ConnectAsyncBridgeProps): TerraformJson {
  return JSON.parse(Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", props))) as TerraformJson;
}

function construct(props: ConnectAsyncBridgeProps): () => void {
  return () => new ConnectAsyncBridge(new TerraformStack(Testing.app(), "stack"), "bridge", props);
}

const policyOfRole = (json: TerraformJson, roleSuffix: string): PolicyDocument => {
  const [roleName] = resourcesOf(json, "aws_iam_role").find(([, role]) => String(role.name).endsWith(roleSuffix)) ?? [];
  const policy = resourcesOf(json, "aws_iam_role_policy").find(([, block]) => block.role === `\${aws_iam_role.${roleName}.name}`);
  return JSON.parse(policy?.[1].policy as string) as PolicyDocument;
};

describe("a bridge with several operations", () => {
  let json: TerraformJson;
  let bridge: ConnectAsyncBridge;
  beforeAll(() => {
    const operations: OperationProps[] = [
      { name: "balance", target: lambdaArn("balance"), cacheKey: ["accountId"], inputs: ["accountId"], cacheTtlSeconds: 300 },
      { name: "profile_and_orders", target: { parallel: [lambdaArn("profile"), lambdaArn("orders")] }, timeoutSeconds: 30 },
      { name: "checkout-steps", target: { sequence: [lambdaArn("reserve"), lambdaArn("charge")] }, timeoutSeconds: 600 },
    ];
    json = JSON.parse(
      Testing.synthScope((stack) => {
        bridge = new ConnectAsyncBridge(stack, "bridge", {
          ...bridgeProps({ operations }),
          workflowType: "STANDARD",
          kmsKeyArn: KMS_KEY,
          pointInTimeRecovery: true,
          deletionProtection: true,
          logRetentionDays: 7,
          tags: { team: "contact-centre" },
        });
      }),
    ) as TerraformJson;
  });

  it("exposes the table, functions and one state machine per operation", () => {
    expect(Object.keys(bridge.stateMachines).sort()).toEqual(["balance", "checkout-steps", "profile_and_orders"]);
    expect(resourcesOf(json, "aws_sfn_state_machine")).toHaveLength(3);
    expect(bridge.table).toBeDefined();
    expect(bridge.startFunction.functionNameInput).toBe("acme-start");
    expect(bridge.pollFunction.functionNameInput).toBe("acme-poll");
  });

  it("encrypts the table with the given key, keeps backups and refuses deletion", () => {
    expect(onlyResource(json, "aws_dynamodb_table")).toMatchObject({
      name: "acme-status",
      server_side_encryption: { enabled: true, kms_key_arn: KMS_KEY },
      point_in_time_recovery: { enabled: true },
      deletion_protection_enabled: true,
      tags: { team: "contact-centre" },
    });
  });

  it("builds STANDARD state machines whose definitions asl-validator accepts", () => {
    for (const [, machine] of resourcesOf(json, "aws_sfn_state_machine")) {
      expect(machine).toMatchObject({ type: "STANDARD", logging_configuration: { level: "ERROR", include_execution_data: false } });
      const validation = aslValidator(JSON.parse(machine.definition as string));
      expect(validation.errorsText("\n")).toBe("");
    }
    const parallel = JSON.parse(resourceNamed(json, "aws_sfn_state_machine", "name", "-profile_and_orders").definition as string);
    expect(parallel.States["Run targets in parallel"].Branches).toHaveLength(2);
    expect(parallel.TimeoutSeconds).toBe(30);
  });

  it("derives the account from a literal instance ARN", () => {
    for (const [, permission] of resourcesOf(json, "aws_lambda_permission")) {
      expect(permission).toMatchObject({ source_arn: INSTANCE_ARN, source_account: ACCOUNT, principal: "connect.amazonaws.com" });
    }
  });

  it("lets each state machine invoke its own targets only", () => {
    const invoke = (suffix: string) => policyOfRole(json, suffix).Statement.find((statement) => statement.Sid === "InvokeTargets")?.Resource;
    expect(invoke("-sm-balance")).toEqual([lambdaArn("balance"), `${lambdaArn("balance")}:*`]);
    expect(invoke("-sm-profile_and_orders")).toEqual([lambdaArn("profile"), `${lambdaArn("profile")}:*`, lambdaArn("orders"), `${lambdaArn("orders")}:*`]);
    expect(invoke("-sm-checkout-steps")).toEqual([lambdaArn("reserve"), `${lambdaArn("reserve")}:*`, lambdaArn("charge"), `${lambdaArn("charge")}:*`]);
  });

  it("grants the table key to every role that reads or writes the table, and only that key", () => {
    const keyStatement = (suffix: string) => policyOfRole(json, suffix).Statement.find((statement) => statement.Sid === "UseTableKey");
    expect(keyStatement("-start")).toEqual({ Sid: "UseTableKey", Effect: "Allow", Action: [...TABLE_KEY_WRITE_ACTIONS], Resource: KMS_KEY });
    expect(keyStatement("-poll")).toEqual({ Sid: "UseTableKey", Effect: "Allow", Action: [...TABLE_KEY_READ_ACTIONS], Resource: KMS_KEY });
    expect(keyStatement("-sm-balance")).toEqual({ Sid: "UseTableKey", Effect: "Allow", Action: [...TABLE_KEY_WRITE_ACTIONS], Resource: KMS_KEY });
  });

  it("gives the handlers every operation's settings", () => {
    const start = resourceNamed(json, "aws_lambda_function", "function_name", "acme-start");
    const operations = JSON.parse((start.environment as { variables: { OPERATIONS: string } }).variables.OPERATIONS);
    expect(operations.balance).toEqual({
      stateMachineArn: expect.stringMatching(/^\$\{aws_sfn_state_machine\..+\.arn\}$/),
      timeoutSeconds: 60,
      cacheTtlSeconds: 300,
      cacheKey: ["accountId"],
      // Written even when defaulted: the handlers must not apply a default of their own.
      fastPathMs: 500,
      pollWaitMs: 0,
      responseType: "STRING_MAP",
    });
    expect(Object.keys(operations).sort()).toEqual(["balance", "checkout-steps", "profile_and_orders"]);
  });

  it("applies retention and tags to every log group", () => {
    for (const [, group] of resourcesOf(json, "aws_cloudwatch_log_group")) expect(group).toMatchObject({ retention_in_days: 7, tags: { team: "contact-centre" } });
  });
});

describe("bridge validation", () => {
  it.each<[string, Partial<ConnectAsyncBridgeProps>, RegExp]>([
    ["a bad operation name", { operations: [{ name: "check order!", target: lambdaArn("x") }] }, /operation "check order!": name must match \[A-Za-z0-9_-\]\{1,40\}/],
    [
      "a timeout over 300 s with EXPRESS",
      { operations: [{ name: "slow", target: lambdaArn("x"), timeoutSeconds: 301 }] },
      /operation "slow": timeoutSeconds 301 exceeds the 300 s limit of EXPRESS state machines; lower it or set workflowType: "STANDARD"/,
    ],
    [
      "a cache key naming no input",
      { operations: [{ name: "balance", target: lambdaArn("x"), inputs: ["accountId"], cacheKey: ["customerId"] }] },
      /operation "balance": cacheKey names "customerId", which is not one of its declared inputs \(accountId\); add it to inputs or remove it from cacheKey/,
    ],
    [
      "a cache key on a per-contact operation",
      { operations: [{ name: "balance", target: lambdaArn("x"), inputs: ["accountId"], cacheKey: ["accountId"], cacheTtlSeconds: 0 }] },
      /operation "balance": cacheKey shares one result across contacts, but cacheTtlSeconds is 0 \(per contact only\); give cacheTtlSeconds a number of seconds, or leave cacheKey out/,
    ],
    [
      "a retry budget over the timeout",
      { operations: [{ name: "flaky", target: lambdaArn("x"), timeoutSeconds: 20, retry: { maxAttempts: 5, intervalSeconds: 2, backoffRate: 2 } }] },
      /operation "flaky": the retry policy can wait up to 62 s, which does not fit in the 17 s the work may take \(timeoutSeconds 20 less 3 s to record the outcome\); lower retry\.maxAttempts/,
    ],
    [
      "a sequence whose retries add up over the timeout",
      { operations: [{ name: "steps", target: { sequence: [lambdaArn("a"), lambdaArn("b"), lambdaArn("c")] }, timeoutSeconds: 10, retry: { maxAttempts: 2 } }] },
      /operation "steps": the retry policy can wait up to 9 s over 3 targets in sequence/,
    ],
    [
      "duplicate operation names",
      { operations: [{ name: "same", target: lambdaArn("a") }, { name: "same", target: lambdaArn("b") }] },
      /operations: "same" is declared more than once; operation names must be unique/,
    ],
    ["a target that is not a Lambda ARN", { operations: [{ name: "op", target: "my-function" }] }, /operation "op": target: "my-function" is not a Lambda function ARN/],
    ["no operations", { operations: [] }, /operations: declare at least one operation/],
    ["a long name prefix", { namePrefix: "a-very-long-name-prefix" }, /namePrefix "a-very-long-name-prefix" must match \[A-Za-z0-9_-\]\{1,20\}/],
    ["a log retention CloudWatch refuses", { logRetentionDays: 10 }, /logRetentionDays 10 is not a value CloudWatch Logs accepts/],
    ["a start timeout over Connect's 8 s", { startFunction: { timeoutSeconds: 10 } }, /startFunction\.timeoutSeconds must be an integer from 1 to 8 \(Connect waits at most 8 s\), got 10/],
    [
      "an instance ARN of another instance",
      { connectInstance: { instanceId: INSTANCE_ID, instanceArn: `arn:aws:connect:eu-west-2:${ACCOUNT}:instance/ffffffff-bbbb-cccc-dddd-eeeeeeeeeeee` } },
      /instanceArn ".*" does not belong to instanceId/,
    ],
  ])("rejects %s", (_case, overrides, message) => {
    expect(construct(bridgeProps(overrides))).toThrow(message);
  });

  it("reports every problem at once, under the construct's path", () => {
    // GIVEN two operations, each with its own problem
    const props = bridgeProps({
      operations: [
        { name: "bad name", target: lambdaArn("a") },
        { name: "slow", target: lambdaArn("b"), timeoutSeconds: 900 },
      ],
    });

    // WHEN / THEN
    expect(construct(props)).toThrow(/ConnectAsyncBridge stack\/bridge: invalid props:\n {2}- operation "bad name": .*\n {2}- operation "slow": timeoutSeconds 900/);
  });

  it("rejects more operations than the functions' 4 KB environment can describe", () => {
    const operations = Array.from({ length: 25 }, (_, index) => ({ name: `operation-with-a-long-name-${index}`, target: lambdaArn(`target-${index}`) }));
    expect(construct(bridgeProps({ operations }))).toThrow(/operations: their settings take about \d+ bytes of the start and poll functions' 4 KB environment; split the operations over two bridges/);
  });

  it("accepts a timeout over 300 s with STANDARD", () => {
    expect(construct(bridgeProps({ workflowType: "STANDARD", operations: [{ name: "slow", target: lambdaArn("x"), timeoutSeconds: 900 }] }))).not.toThrow();
  });

  it("says to run npm run build when a handler bundle is missing", () => {
    expect(construct(bridgeProps({ handlersDir: "/nonexistent/handlers" }))).toThrow(MissingBundleError);
    expect(construct(bridgeProps({ handlersDir: "/nonexistent/handlers" }))).toThrow(/Lambda bundle "start" not found .*: run npm run build/);
  });
});

it("synthesizes the smallest bridge", () => {
  expect(resourcesOf(synth(bridgeProps()), "aws_lambda_function")).toHaveLength(2);
});
