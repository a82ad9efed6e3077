/**
 * The bridge construct with props the demo does not use (literal instance, orchestrated operations,
 * KMS keys, PITR, STANDARD, a secret of your own), and its validation: bad props fail synth with
 * messages that name the operation or prop and say what to change.
 */
import * as fs from "node:fs";
import { LambdaFunction } from "@cdktf/provider-aws/lib/lambda-function";
import { AnnotationMetadataEntryType, Testing, TerraformStack } from "cdktf";
import { unzipSync } from "fflate";
import { ConnectAsyncBridge, OPERATIONS_FILE_NAME, type ConnectAsyncBridgeProps } from "../../infra/connect-async-bridge";
import { SECRET_KEY_ACTIONS, TABLE_KEY_READ_ACTIONS, TABLE_KEY_WRITE_ACTIONS, type PolicyDocument } from "../../infra/iam-policies";
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
const LOG_KEY = `arn:aws:kms:eu-west-2:${ACCOUNT}:key/66666666-2222-3333-4444-555555555555`;
const SECRET_KEY = `arn:aws:kms:eu-west-2:${ACCOUNT}:key/77777777-2222-3333-4444-555555555555`;
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
          logKmsKeyArn: LOG_KEY,
          requestIdKey: { kmsKeyArn: SECRET_KEY, recoveryWindowInDays: 7 },
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

  it.each(["acme-start", "acme-poll"])("ships every operation's settings in the %s zip, with no Terraform reference in them", (functionName) => {
    // GIVEN the function's environment and the zip it runs
    const variables = (resourceNamed(json, "aws_lambda_function", "function_name", functionName).environment as { variables: { [name: string]: string } }).variables;
    const connectFunction = bridge.connectFunctions.find((fn) => fn.function.functionNameInput === functionName)!;
    const zip = unzipSync(new Uint8Array(fs.readFileSync(connectFunction.bundle.zipFile)));
    // THEN the environment names the file, which holds the settings (the state machine ARNs come from a prefix)
    expect(variables.OPERATIONS).toBeUndefined();
    expect(variables.OPERATIONS_FILE).toBe(OPERATIONS_FILE_NAME);
    expect(Object.keys(zip).sort()).toEqual(["index.js", OPERATIONS_FILE_NAME]);
    const text = Buffer.from(zip[OPERATIONS_FILE_NAME]).toString("utf8");
    expect(text).not.toMatch(/\$\{|TfToken/);
    const operations = JSON.parse(text);
    expect(operations.balance).toEqual({
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

  it("applies retention, tags and the log key to every log group", () => {
    const groups = resourcesOf(json, "aws_cloudwatch_log_group");
    // three state machines, start, poll and the long poll
    expect(groups).toHaveLength(3 + 3);
    for (const [, group] of groups) expect(group).toMatchObject({ retention_in_days: 7, kms_key_id: LOG_KEY, tags: { team: "contact-centre" } });
  });

  it("lets Step Functions assume a state machine's role only for that state machine, in the account it is deployed to", () => {
    // GIVEN the deployment's partition, Region and account, as the bridge reads them
    const data = (type: string) => `data.${type}.${Object.keys((json.data?.[type] ?? {}) as object)[0]}`;
    const prefix = `arn:\${${data("aws_partition")}.partition}:states:\${${data("aws_region")}.region}:\${${data("aws_caller_identity")}.account_id}:stateMachine:`;
    for (const operation of ["balance", "profile_and_orders", "checkout-steps"]) {
      const role = resourceNamed(json, "aws_iam_role", "name", `acme-sm-${operation}`);
      // THEN the trust names the state machine's own ARN (and its versions and aliases) and account
      expect((JSON.parse(role.assume_role_policy as string) as PolicyDocument).Statement).toEqual([
        {
          Sid: "AssumedByService",
          Effect: "Allow",
          Action: "sts:AssumeRole",
          Principal: { Service: "states.amazonaws.com" },
          Condition: {
            ArnLike: { "aws:SourceArn": [`${prefix}acme-${operation}`, `${prefix}acme-${operation}:*`] },
            StringEquals: { "aws:SourceAccount": `\${${data("aws_caller_identity")}.account_id}` },
          },
        },
      ]);
      // AND that ARN is the one the state machine will have: same name
      expect(resourceNamed(json, "aws_sfn_state_machine", "name", `acme-${operation}`).name).toBe(`acme-${operation}`);
    }
    // AND the handlers build the same ARNs from the prefix they are given and the operation's name
    const variables = (resourceNamed(json, "aws_lambda_function", "function_name", "acme-start").environment as { variables: { [name: string]: string } }).variables;
    expect(variables.STATE_MACHINE_ARN_PREFIX).toBe(`${prefix}acme-`);
  });

  it("keeps the request-id key in a generated secret of its own, encrypted with the given key, that only start, poll and the long poll may read", () => {
    // GIVEN
    const secret = onlyResource(json, "aws_secretsmanager_secret");
    const [secretName] = resourcesOf(json, "aws_secretsmanager_secret")[0];
    const secretArn = `\${aws_secretsmanager_secret.${secretName}.arn}`;
    const version = onlyResource(json, "aws_secretsmanager_secret_version");
    const [passwordName, password] = Object.entries((json.data?.aws_secretsmanager_random_password ?? {}) as { [name: string]: { [key: string]: unknown } })[0];
    // THEN the value is generated by AWS, long, and written once
    expect(secret).toMatchObject({ name_prefix: "acme-request-id-key-", kms_key_id: SECRET_KEY, recovery_window_in_days: 7, tags: { team: "contact-centre" } });
    expect(password).toMatchObject({ password_length: 64, exclude_punctuation: true });
    expect(version).toMatchObject({
      secret_id: `\${aws_secretsmanager_secret.${secretName}.id}`,
      secret_string: `\${data.aws_secretsmanager_random_password.${passwordName}.random_password}`,
      lifecycle: { ignore_changes: ["secret_string"] },
    });
    // AND the functions get the secret's ARN, never the value
    for (const functionName of ["acme-start", "acme-poll", "acme-long-poll"]) {
      const fn = resourceNamed(json, "aws_lambda_function", "function_name", functionName);
      expect((fn.environment as { variables: { [name: string]: string } }).variables.REQUEST_ID_KEY_SECRET_ARN).toBe(secretArn);
      expect(fn.depends_on).toContain(`aws_secretsmanager_secret_version.${resourcesOf(json, "aws_secretsmanager_secret_version")[0][0]}`);
    }
    expect(JSON.stringify(json).split("random_password}").length - 1).toBe(1);
    expect(json.output).toBeUndefined();
    // AND only start, poll and the long poll (poll's handler) may read it
    const readers = resourcesOf(json, "aws_iam_role_policy")
      .filter(([, block]) => (JSON.parse(block.policy as string) as PolicyDocument).Statement.some((statement) => [statement.Action].flat().includes("secretsmanager:GetSecretValue")))
      .map(([, block]) => block.role);
    expect(readers.sort()).toEqual(["acme-poll", "acme-long-poll", "acme-start"].map((name) => `\${aws_iam_role.${resourcesOf(json, "aws_iam_role").find(([, role]) => role.name === name)![0]}.name}`).sort());
    for (const suffix of ["-start", "-poll"]) {
      const statements = policyOfRole(json, suffix).Statement;
      expect(statements.find((statement) => statement.Sid === "ReadRequestIdKey")).toEqual({ Sid: "ReadRequestIdKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: secretArn });
      expect(statements.find((statement) => statement.Sid === "DecryptRequestIdKey")).toEqual({ Sid: "DecryptRequestIdKey", Effect: "Allow", Action: [...SECRET_KEY_ACTIONS], Resource: SECRET_KEY });
    }
  });

  it("grants no wildcard action, and a * resource only to the log-delivery actions that take no other", () => {
    // GIVEN every policy this bridge writes, with every key option on
    const documents = [
      ...resourcesOf(json, "aws_iam_role_policy").map(([, block]) => JSON.parse(block.policy as string) as PolicyDocument),
      ...resourcesOf(json, "aws_iam_role").map(([, block]) => JSON.parse(block.assume_role_policy as string) as PolicyDocument),
    ];
    const statements = documents.flatMap((document) => document.Statement);
    expect(statements.length).toBeGreaterThan(10);
    for (const statement of statements) {
      const actions = [statement.Action].flat();
      const resources = statement.Resource === undefined ? [] : [statement.Resource].flat();
      // THEN no action holds a wildcard anywhere (kms:GenerateDataKey* counts)
      for (const action of actions) expect(action).not.toContain("*");
      // AND "*" as a resource comes only with the vended-logs actions
      if (resources.includes("*")) {
        expect(resources).toEqual(["*"]);
        for (const action of actions) expect(action).toMatch(/^logs:(Create|Get|Update|Delete|List)LogDeliver(y|ies)$|^logs:(PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$/);
      }
    }
  });
});

describe("a bridge given its own request-id key secret", () => {
  const SECRET = `arn:aws:secretsmanager:eu-west-2:${ACCOUNT}:secret:contact-centre/request-id-key-AbCdEf`;
  let json: TerraformJson;
  beforeAll(() => {
    json = synth(bridgeProps({ requestIdKey: { secretArn: SECRET } }));
  });

  it("creates no secret and no generated value", () => {
    expect(resourcesOf(json, "aws_secretsmanager_secret")).toEqual([]);
    expect(resourcesOf(json, "aws_secretsmanager_secret_version")).toEqual([]);
    expect(json.data?.aws_secretsmanager_random_password).toBeUndefined();
  });

  it("points start and poll at it and lets them read exactly it", () => {
    for (const [name, suffix] of [["acme-start", "-start"], ["acme-poll", "-poll"]] as const) {
      const fn = resourceNamed(json, "aws_lambda_function", "function_name", name);
      expect((fn.environment as { variables: { [key: string]: string } }).variables.REQUEST_ID_KEY_SECRET_ARN).toBe(SECRET);
      const statements = policyOfRole(json, suffix).Statement;
      expect(statements.filter((statement) => String(statement.Sid).includes("RequestIdKey"))).toEqual([
        { Sid: "ReadRequestIdKey", Effect: "Allow", Action: "secretsmanager:GetSecretValue", Resource: SECRET },
      ]);
    }
  });

  it("rejects a recovery window, which only applies to a secret the bridge creates", () => {
    expect(construct(bridgeProps({ requestIdKey: { secretArn: SECRET, recoveryWindowInDays: 7 } }))).toThrow(/requestIdKey: recoveryWindowInDays applies to a secret the bridge creates/);
  });
});

describe("the bridge's functions", () => {
  it("give poll room for the event strategy's long poll by default, and start Connect's synchronous 8 s", () => {
    const json = synth(bridgeProps());
    expect(resourceNamed(json, "aws_lambda_function", "function_name", "acme-poll")).toMatchObject({ timeout: 60 });
    expect(resourceNamed(json, "aws_lambda_function", "function_name", "acme-start")).toMatchObject({ timeout: 8 });
  });

  it("accept any poll timeout up to 60 s", () => {
    const json = synth(bridgeProps({ pollFunction: { timeoutSeconds: 60, memorySize: 512 } }));
    expect(resourceNamed(json, "aws_lambda_function", "function_name", "acme-poll")).toMatchObject({ timeout: 60, memory_size: 512 });
  });
});

describe("the long poll's own bounded share", () => {
  const synthesized = (props: ConnectAsyncBridgeProps) => Testing.synthScope((stack) => new ConnectAsyncBridge(stack, "bridge", props));
  const warningsOf = (props: ConnectAsyncBridgeProps): string[] => {
    const bridge = new ConnectAsyncBridge(new TerraformStack(Testing.app(), "stack"), "bridge", props);
    return bridge.node.metadata.filter((entry) => entry.type === AnnotationMetadataEntryType.WARN).map((entry) => String(entry.data));
  };

  it("is a function of its own, running poll's handler with a reserve of 100 and 128 MB by default", () => {
    // GIVEN / WHEN
    const json = synthesized(bridgeProps());

    // THEN
    expect(Testing.toHaveResourceWithProperties(json, LambdaFunction.tfResourceType, { function_name: "acme-long-poll", reserved_concurrent_executions: 100, memory_size: 128, timeout: 60 })).toBe(true);
    const longPoll = resourceNamed(JSON.parse(json) as TerraformJson, "aws_lambda_function", "function_name", "acme-long-poll");
    expect(String(longPoll.filename)).toMatch(/\/poll\.zip$/);
    // the synchronous poll stays unreserved: the crowd never takes its share
    expect(resourceNamed(JSON.parse(json) as TerraformJson, "aws_lambda_function", "function_name", "acme-poll").reserved_concurrent_executions).toBeUndefined();
  });

  it("is synthesized as configured", () => {
    const json = synthesized(bridgeProps({ longPoll: { reservedConcurrency: 240, memorySize: 256, timeoutSeconds: 45 } }));
    expect(Testing.toHaveResourceWithProperties(json, LambdaFunction.tfResourceType, { function_name: "acme-long-poll", reserved_concurrent_executions: 240, memory_size: 256, timeout: 45 })).toBe(true);
  });

  it("is associated with the instance, so flows may invoke it", () => {
    const json = synth(bridgeProps());
    const [longPollName] = resourcesOf(json, "aws_lambda_function").find(([, fn]) => fn.function_name === "acme-long-poll")!;
    const associated = resourcesOf(json, "aws_connect_lambda_function_association").map(([, association]) => association.function_arn);
    expect(associated).toContain(`\${aws_lambda_function.${longPollName}.arn}`);
    expect(resourcesOf(json, "aws_lambda_permission").map(([, permission]) => permission.function_name)).toContain(`\${aws_lambda_function.${longPollName}.function_name}`);
  });

  it("warns when the reserve would leave fewer than the 100 unreserved executions AWS keeps, naming the prop and the most it can be", () => {
    expect(warningsOf(bridgeProps({ accountConcurrency: 150 }))).toEqual([
      expect.stringMatching(/^longPoll\.reservedConcurrency 100 would leave 50 of the account's 150 concurrent executions unreserved, fewer than the 100 AWS keeps.*lower it to at most 50/),
    ]);
    expect(warningsOf(bridgeProps({ accountConcurrency: 1000, longPoll: { reservedConcurrency: 900 } }))).toEqual([]);
    expect(warningsOf(bridgeProps())).toEqual([]);
  });

  it.each<[string, Partial<ConnectAsyncBridgeProps>, RegExp]>([
    ["a reserve of 0", { longPoll: { reservedConcurrency: 0 } }, /longPoll\.reservedConcurrency must be a positive integer .*got 0/],
    ["a fractional reserve", { longPoll: { reservedConcurrency: 2.5 } }, /longPoll\.reservedConcurrency must be a positive integer .*got 2\.5/],
    ["64 MB", { longPoll: { memorySize: 64 } }, /longPoll\.memorySize must be an integer from 128 to 10240 MB, got 64/],
    ["a timeout over Connect's 60 s", { longPoll: { timeoutSeconds: 61 } }, /longPoll\.timeoutSeconds must be an integer from 10 to 60 .*got 61/],
    ["an account smaller than what AWS keeps", { accountConcurrency: 50 }, /accountConcurrency must be the account's Lambda concurrency quota, an integer of at least 100 .*got 50/],
  ])("refuses %s, naming the prop", (_title, overrides, message) => {
    expect(construct(bridgeProps(overrides))).toThrow(message);
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
      /operation "flaky": the retry policy can wait up to 62 s, which does not fit in the 15 s the work may take \(timeoutSeconds 20 less 5 s to record the outcome\); lower retry\.maxAttempts/,
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
    ["an operation named __proto__", { operations: [{ name: "__proto__", target: lambdaArn("x") }] }, /operation "__proto__": name is a property every JavaScript object has/],
    ["an operation named constructor", { operations: [{ name: "constructor", target: lambdaArn("x") }] }, /operation "constructor": name is a property every JavaScript object has/],
    [
      "a cache key naming an input twice",
      { operations: [{ name: "balance", target: lambdaArn("x"), inputs: ["accountId"], cacheKey: ["accountId", "accountId"], cacheTtlSeconds: 60 }] },
      /operation "balance": cacheKey names "accountId" more than once/,
    ],
    ["an empty cache key name", { operations: [{ name: "balance", target: lambdaArn("x"), cacheKey: [""], cacheTtlSeconds: 60 }] }, /operation "balance": cacheKey: "" is not an attribute name/],
    [
      "a cache TTL of 1e20 s",
      { operations: [{ name: "balance", target: lambdaArn("x"), cacheKey: ["accountId"], cacheTtlSeconds: 1e20 }] },
      /operation "balance": cacheTtlSeconds must be an integer from 0 \(per contact only\) to 31536000 \(a year\), got 100000000000000000000/,
    ],
    [
      "a cache-key target input without a cache key",
      { operations: [{ name: "lookup", target: lambdaArn("x"), targetInput: "cache-key" }] },
      /operation "lookup": targetInput "cache-key" needs a cacheKey/,
    ],
    ["no operations", { operations: [] }, /operations: declare at least one operation/],
    ["a long name prefix", { namePrefix: "a-very-long-name-prefix" }, /namePrefix "a-very-long-name-prefix" must match \[A-Za-z0-9_-\]\{1,20\}/],
    ["a log retention CloudWatch refuses", { logRetentionDays: 10 }, /logRetentionDays 10 is not a value CloudWatch Logs accepts/],
    ["a start timeout over Connect's 8 s", { startFunction: { timeoutSeconds: 10 } }, /startFunction\.timeoutSeconds must be an integer from 1 to 8 \(Connect waits at most 8 s for a synchronous Lambda\), got 10/],
    [
      "a poll timeout over Connect's 60 s for asynchronous Lambdas",
      { pollFunction: { timeoutSeconds: 61 } },
      /pollFunction\.timeoutSeconds must be an integer from 1 to 60 \(Connect waits at most 60 s for an asynchronous Lambda, the event strategy's long poll\), got 61/,
    ],
    [
      "a recovery window Secrets Manager refuses",
      { requestIdKey: { recoveryWindowInDays: 3 } },
      /requestIdKey\.recoveryWindowInDays must be 0 \(delete at once\) or an integer from 7 to 30, as Secrets Manager requires, got 3/,
    ],
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


  it("accepts a timeout over 300 s with STANDARD", () => {
    expect(construct(bridgeProps({ workflowType: "STANDARD", operations: [{ name: "slow", target: lambdaArn("x"), timeoutSeconds: 900 }] }))).not.toThrow();
  });

  it("says to run npm run build when a handler bundle is missing", () => {
    expect(construct(bridgeProps({ handlersDir: "/nonexistent/handlers" }))).toThrow(MissingBundleError);
    expect(construct(bridgeProps({ handlersDir: "/nonexistent/handlers" }))).toThrow(/Lambda bundle "start" not found .*: run npm run build/);
  });
});

it("synthesizes the smallest bridge: start, poll and the long poll", () => {
  expect(resourcesOf(synth(bridgeProps()), "aws_lambda_function")).toHaveLength(3);
});
