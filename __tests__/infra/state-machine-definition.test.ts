/**
 * The state-machine definition: its retry and timeout rules as written, and the synthesized definition
 * of the default stack run for real (aws-local-stepfunctions + dynalite) once its Terraform references
 * are filled in.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { RequestStatus, type ExecutionInput } from "../../handlers/lib/status-item";
import { COMPLETION_RESERVE_SECONDS, resolveOperation, retryBackoffSeconds, type OperationProps } from "../../infra/operation";
import {
  buildStateMachineDefinition,
  COMPLETION_WRITE_STATES,
  CompletionErrorCode,
  OUTCOME_NOT_RECORDED_ERROR,
  StateName,
  TRANSIENT_LAMBDA_ERRORS,
  type AslState,
  type AslTaskState,
} from "../../infra/state-machine-definition";
import { createStatusTable, startLocalDynamoDb, type LocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { StateMachineRunner, type LambdaBehaviour } from "../../sim/aws/state-machine-runner";
import { DynamoDbServiceError, withFaults, type FaultRule } from "./support/faulty-dynamodb";
import { onlyResource, synthesizeDefaultStack } from "./support/synthesized-stack";

// asl-validator ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

const TARGET = "arn:aws:lambda:us-east-1:123456789012:function:target";

describe("the definition of a drop-in operation", () => {
  const definition = buildStateMachineDefinition({ operation: resolveOperation({ name: "demo", target: TARGET, timeoutSeconds: 60 }), tableName: "status" });
  const invoke = definition.States[StateName.invokeTarget] as AslTaskState;

  it("invokes the target with the Connect event and keeps its payload as JSON text under an object key", () => {
    expect(invoke).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: TARGET, "Payload.$": "$.event" },
      ResultSelector: { "result.$": "States.JsonToString($.Payload)" },
      Catch: [{ ErrorEquals: ["States.ALL"], Next: StateName.checkCause }],
    });
    // No OutputPath: a falsy payload as the whole state output is what broke "Record success".
    expect(invoke.OutputPath).toBeUndefined();
  });

  it("retries transient Lambda errors and throttling with the default policy", () => {
    expect(invoke.Retry).toEqual([
      { ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: "FULL" },
    ]);
    expect(TRANSIENT_LAMBDA_ERRORS).toEqual(expect.arrayContaining(["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"]));
  });

  it("times the execution out at timeoutSeconds and each invocation 5 s earlier, so the failure is still recorded", () => {
    expect(definition.TimeoutSeconds).toBe(60);
    expect(invoke.TimeoutSeconds).toBe(55);
  });

  it("writes both outcomes only while this execution owns the item, and ends quietly otherwise", () => {
    for (const name of [StateName.recordSuccess, StateName.recordFailure]) {
      const write = definition.States[name] as AslTaskState;
      expect(write).toMatchObject({
        Resource: "arn:aws:states:::dynamodb:updateItem",
        Parameters: {
          TableName: "status",
          Key: { pk: { "S.$": "$$.Execution.Input.requestId" } },
          ConditionExpression: "#executionName = :executionName",
          ExpressionAttributeValues: { ":executionName": { "S.$": "$$.Execution.Name" } },
        },
      });
      expect(write.Catch?.[0]).toEqual({ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], Next: StateName.superseded });
    }
    expect(definition.States[StateName.superseded]).toMatchObject({ Type: "Succeed" });
  });

  it("has no Retry when the policy disables retries", () => {
    const noRetry = buildStateMachineDefinition({ operation: resolveOperation({ name: "demo", target: TARGET, retry: { maxAttempts: 0 } }), tableName: "status" });
    expect((noRetry.States[StateName.invokeTarget] as AslTaskState).Retry).toBeUndefined();
    expect(aslValidator(structuredClone(noRetry)).isValid).toBe(true);
  });

  it("splits the budget between targets in sequence, so the whole sequence ends inside the execution's timeout", () => {
    // GIVEN three targets in sequence, timeoutSeconds 35 (30 s of work after the 5 s completion reserve)
    // and the default retry (1 + 2 = 3 s of backoff per target, 9 s in all)
    const operation = resolveOperation({ name: "steps", target: { sequence: [TARGET, `${TARGET}-2`, `${TARGET}-3`] }, timeoutSeconds: 35 });
    // WHEN the definition is built
    const definition = buildStateMachineDefinition({ operation, tableName: "status" });
    // THEN each target may take (30 − 9) / 3 = 7 s, and three of them plus all backoff fit in 30 s
    const invokes = Object.values(definition.States).filter((state): state is AslTaskState => state.Type === "Task" && (state as AslTaskState).Resource.endsWith("lambda:invoke"));
    expect(invokes.map((state) => state.TimeoutSeconds)).toEqual([7, 7, 7]);
    expect(3 * 7 + 9).toBeLessThanOrEqual(35 - 5);
  });

  it("computes the worst-case backoff the validation bounds", () => {
    expect(retryBackoffSeconds(resolveOperation({ name: "x", target: TARGET }).retry)).toBe(3);
    expect(retryBackoffSeconds(resolveOperation({ name: "x", target: TARGET, retry: { maxAttempts: 4, intervalSeconds: 2, maxDelaySeconds: 5 } }).retry)).toBe(2 + 4 + 5 + 5);
  });
});

describe("the synthesized definition of the default stack", () => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let definition: object;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    client = dynamo.client();
    await createStatusTable(client, "connect-async-demo-status");
    const text = onlyResource(synthesizeDefaultStack().json, "aws_sfn_state_machine").definition as string;
    // Fill in what Terraform would: the table name and the target's ARN.
    definition = JSON.parse(
      text.replace(/\$\{aws_dynamodb_table\.[^}]+\.name\}/g, "connect-async-demo-status").replace(/\$\{aws_lambda_function\.[^}]+\.arn\}/g, TARGET),
    );
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  it("runs and records the target's result", async () => {
    // GIVEN a PENDING item owned by the execution
    await client.send(
      new PutItemCommand({
        TableName: "connect-async-demo-status",
        Item: { pk: { S: "demo#c-1" }, status: { S: RequestStatus.PENDING }, executionName: { S: "e-1" }, expiresAt: { N: "1900000000" } },
      }),
    );
    const runner = new StateMachineRunner({ definition, dynamoDb: client, invokeLambda: () => ({ balance: "12.50" }) });

    // WHEN
    const outcome = await runner.run({ requestId: "demo#c-1", operation: "demo", event: { Name: "ContactFlowEvent" }, expiresAt: 1_900_000_100 }, { executionName: "e-1" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    const item = await client.send(new GetItemCommand({ TableName: "connect-async-demo-status", Key: { pk: { S: "demo#c-1" } } }));
    expect(item.Item).toMatchObject({ status: { S: "SUCCEEDED" }, result: { S: '{"balance":"12.50"}' }, expiresAt: { N: "1900000100" } });
  });
});

// ---- no outcome is lost ----------------------------------------------------------------------------

const TABLE = "status-faults";
const PARALLEL: OperationProps = { name: "both", target: { parallel: [TARGET, `${TARGET}-2`] } };
const SEQUENCE: OperationProps = { name: "steps", target: { sequence: [TARGET, `${TARGET}-2`] } };
const DROP_IN: OperationProps = { name: "demo", target: TARGET };
/** DynamoDB's item limit is 400 KB: this result cannot be stored. */
const OVERSIZE = "x".repeat(420 * 1024);

describe("the completion writes", () => {
  it.each([
    ["drop-in", DROP_IN],
    ["parallel", PARALLEL],
    ["sequence", SEQUENCE],
  ])("of a %s operation give a definition asl-validator accepts", (_, operation) => {
    const validation = aslValidator(structuredClone(buildStateMachineDefinition({ operation: resolveOperation(operation), tableName: TABLE })));
    expect(validation.errorsText("\n")).toBe("");
    expect(validation.isValid).toBe(true);
  });

  it.each([
    ["drop-in", DROP_IN],
    ["parallel", PARALLEL],
    ["sequence", SEQUENCE],
  ])("of a %s operation retry and fall back within the completion reserve, a second of it left for the calls themselves", (_, operation) => {
    // GIVEN the definition as built (its own Retry and Catch fields, not the constants that made them)
    const definition = buildStateMachineDefinition({ operation: resolveOperation(operation), tableName: TABLE });
    const writes = Object.entries(definition.States).filter(([name]) => COMPLETION_WRITE_STATES.includes(name));
    expect(writes.map(([name]) => name).sort()).toEqual(Object.keys(definition.States).filter((name) => (definition.States[name] as AslTaskState).Resource?.includes("dynamodb")).sort());
    const worstWait = (state: AslState) =>
      ((state as AslTaskState).Retry ?? []).reduce((total, retry) => {
        let waits = 0;
        for (let attempt = 0; attempt < (retry.MaxAttempts ?? 3); attempt++) waits += Math.min((retry.IntervalSeconds ?? 1) * Math.pow(retry.BackoffRate ?? 2, attempt), retry.MaxDelaySeconds ?? Infinity);
        return total + waits;
      }, 0);
    // WHEN each write's worst path is followed: its retries exhausted, then every write its Catch leads to (through Choices)
    const worstPath = (name: string, seen: ReadonlyArray<string> = []): number => {
      const state = definition.States[name];
      if (state === undefined || seen.includes(name)) return 0;
      const next =
        state.Type === "Choice" ? [...state.Choices.map((rule) => rule.Next), state.Default] : state.Type === "Task" ? (state.Catch ?? []).map((catcher) => catcher.Next) : [];
      const own = COMPLETION_WRITE_STATES.includes(name) ? worstWait(state) : 0;
      return own + Math.max(0, ...next.map((target) => worstPath(target, [...seen, name])));
    };
    const worst = Math.max(...writes.map(([name]) => worstPath(name)));
    // THEN the waits leave at least a second of the reserve, and throttling is retried at all
    expect(worst).toBeGreaterThan(0);
    expect(worst).toBeLessThanOrEqual(COMPLETION_RESERVE_SECONDS - 1);
    for (const [, state] of writes) expect((state as AslTaskState).Retry?.[0].ErrorEquals).toContain("DynamoDB.ProvisionedThroughputExceededException");
  });
});

describe("an execution whose outcome is hard to store", () => {
  let dynamo: LocalDynamoDb;
  let client: DynamoDBClient;
  let counter = 0;

  beforeAll(async () => {
    dynamo = await startLocalDynamoDb();
    client = dynamo.client();
    await createStatusTable(client, TABLE);
  });

  afterAll(async () => {
    client.destroy();
    await dynamo.close();
  });

  /** GIVEN a PENDING item owned by `executionName`. */
  async function pendingItem(executionName: string): Promise<ExecutionInput> {
    counter += 1;
    const requestId = `demo#c-${counter}`;
    await client.send(
      new PutItemCommand({
        TableName: TABLE,
        Item: { pk: { S: requestId }, status: { S: RequestStatus.PENDING }, executionName: { S: executionName }, expiresAt: { N: "1900000000" } },
      }),
    );
    return { requestId, operation: "demo", event: { Name: "ContactFlowEvent" }, expiresAt: 1_900_000_100 };
  }

  async function item(requestId: string): Promise<Record<string, unknown>> {
    return unmarshall((await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: requestId } }, ConsistentRead: true }))).Item ?? {});
  }

  async function run(operation: OperationProps, invokeLambda: LambdaBehaviour, options: { faults?: FaultRule; owner?: string } = {}) {
    const input = await pendingItem(options.owner ?? "e-1");
    const definition = buildStateMachineDefinition({ operation: resolveOperation(operation), tableName: TABLE });
    const dynamoDb = options.faults ? withFaults(client, options.faults) : client;
    const outcome = await new StateMachineRunner({ definition, dynamoDb, invokeLambda }).run(input, { executionName: "e-1" });
    return { outcome, item: await item(input.requestId), writes: outcome.taskCalls.filter((call) => COMPLETION_WRITE_STATES.includes(call.stateName)) };
  }

  it.each([
    ["null", null],
    ["false", false],
    ["0", 0],
    ['""', ""],
  ])("records SUCCEEDED when the target answers %s", async (_, answer) => {
    // WHEN the target answers a falsy value
    const { outcome, item: stored } = await run(DROP_IN, () => answer);
    // THEN the execution succeeds and the item holds that value as JSON text
    expect(outcome.status).toBe("SUCCEEDED");
    expect(stored.status).toBe(RequestStatus.SUCCEEDED);
    expect(JSON.parse(stored.result as string)).toStrictEqual(answer);
  });

  it.each([
    ["parallel", PARALLEL],
    ["sequence", SEQUENCE],
  ])("records FAILED with OUTPUT_NOT_OBJECT when a %s target answers something that cannot be merged", async (_, operation) => {
    const { outcome, item: stored } = await run(operation, ({ functionName }) => (functionName === TARGET ? { a: "1" } : 0));
    expect(outcome.status).toBe("SUCCEEDED");
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: CompletionErrorCode.OUTPUT_NOT_OBJECT });
  });

  it("records FAILED with RESULT_TOO_LARGE when the result does not fit in the item", async () => {
    // WHEN the target answers more than DynamoDB's 400 KB item limit (dynalite enforces it)
    const { item: stored, writes } = await run(DROP_IN, () => ({ report: OVERSIZE }));
    // THEN the first write is refused and a small one records the reason
    expect(writes.map((call) => [call.stateName, call.error])).toEqual([
      [StateName.recordSuccess, "DynamoDB.ValidationException"],
      [StateName.recordResultTooLarge, undefined],
    ]);
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: CompletionErrorCode.RESULT_TOO_LARGE, executionName: "e-1", expiresAt: 1_900_000_100 });
    expect(stored.errorMessage).toMatch(/400 KB/);
    expect(stored.result).toBeUndefined();
  });

  it("keeps the target's error name when only its cause is too large to store", async () => {
    class ReportError extends Error {
      override name = "ReportError";
    }
    const { item: stored } = await run(DROP_IN, () => {
      throw new ReportError(OVERSIZE);
    });
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: "ReportError" });
    expect((stored.errorMessage as string).length).toBeLessThan(1024);
  });

  it("retries a throttled write and then records the result", async () => {
    // GIVEN DynamoDB throttles the first completion write only
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n === 1 ? new DynamoDbServiceError("ProvisionedThroughputExceededException") : undefined);
    // WHEN
    const { outcome, item: stored, writes } = await run(DROP_IN, () => ({ balance: "12.50" }), { faults });
    // THEN the retry stores the result
    expect(outcome.status).toBe("SUCCEEDED");
    expect(writes.map((call) => [call.stateName, call.error])).toEqual([
      [StateName.recordSuccess, "DynamoDB.ProvisionedThroughputExceededException"],
      [StateName.recordSuccess, undefined],
    ]);
    expect(stored).toMatchObject({ status: RequestStatus.SUCCEEDED, result: '{"balance":"12.50"}' });
  });

  it("records SUCCEEDED for a success write throttled three times", async () => {
    // GIVEN DynamoDB throttles the first three completion writes, as a hot partition does under a burst
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n <= 3 ? new DynamoDbServiceError("ThrottlingException") : undefined);
    // WHEN the target answers
    const { outcome, item: stored, writes } = await run(DROP_IN, () => ({ balance: "12.50" }), { faults });
    // THEN the fourth attempt stores the result: the caller hears the success the work achieved
    expect(outcome.status).toBe("SUCCEEDED");
    expect(writes.map((call) => [call.stateName, call.error])).toEqual([
      [StateName.recordSuccess, "DynamoDB.ThrottlingException"],
      [StateName.recordSuccess, "DynamoDB.ThrottlingException"],
      [StateName.recordSuccess, "DynamoDB.ThrottlingException"],
      [StateName.recordSuccess, undefined],
    ]);
    expect(stored).toMatchObject({ status: RequestStatus.SUCCEEDED, result: '{"balance":"12.50"}' });
  });

  it("records STORE_WRITE_FAILED when throttling outlasts the retries", async () => {
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n <= 4 ? new DynamoDbServiceError("ThrottlingException") : undefined);
    const { item: stored, writes } = await run(DROP_IN, () => ({ balance: "12.50" }), { faults });
    expect(writes.map((call) => call.stateName)).toEqual([...Array(4).fill(StateName.recordSuccess), StateName.recordStoreFailure]);
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: CompletionErrorCode.STORE_WRITE_FAILED });
    expect(stored.errorMessage).toContain("DynamoDB.ThrottlingException");
  });

  it.each([
    ["parallel", PARALLEL],
    ["sequence", SEQUENCE],
  ])("falls back to STORE_WRITE_FAILED when a %s operation's output-not-an-object write is throttled beyond its retries, so nothing stays PENDING", async (_, operation) => {
    // GIVEN a target answers a falsy output, and DynamoDB throttles the write that would record that
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n <= 4 ? new DynamoDbServiceError("ProvisionedThroughputExceededException") : undefined);
    // WHEN
    const { outcome, item: stored, writes } = await run(operation, ({ functionName }) => (functionName === TARGET ? { a: "1" } : null), { faults });
    // THEN the same fallback as the success path records the failure
    expect(outcome.status).toBe("SUCCEEDED");
    expect(writes.map((call) => call.stateName)).toEqual([...Array(4).fill(StateName.recordOutputNotObject), StateName.recordStoreFailure]);
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: CompletionErrorCode.STORE_WRITE_FAILED });
  });

  it.each([
    ["a result", (() => ({ ok: "yes" })) as LambdaBehaviour],
    [
      "an error",
      (() => {
        throw new Error("backend down");
      }) as LambdaBehaviour,
    ],
  ])("records STORE_WRITE_FAILED when writing %s is denied but a small write is not", async (_, behaviour) => {
    // GIVEN the first write fails the way a missing KMS grant or IAM permission does (not retried)
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n === 1 ? new DynamoDbServiceError("AccessDeniedException", "User is not authorized to perform: dynamodb:UpdateItem") : undefined);
    // WHEN
    const { item: stored, writes } = await run(DROP_IN, behaviour, { faults });
    // THEN no retry, and the fallback records the reason
    expect(writes.map((call) => call.error)).toEqual(["DynamoDB.AccessDeniedException", undefined]);
    expect(stored).toMatchObject({ status: RequestStatus.FAILED, errorCode: CompletionErrorCode.STORE_WRITE_FAILED });
    expect(stored.errorMessage).toContain("DynamoDB.AccessDeniedException");
  });

  it("fails the execution, for its logs and metrics, when no write is possible at all", async () => {
    const faults: FaultRule = ({ command }) => (command === "UpdateItemCommand" ? new DynamoDbServiceError("AccessDeniedException") : undefined);
    const { outcome, item: stored } = await run(DROP_IN, () => ({ ok: "yes" }), { faults });
    expect(outcome).toMatchObject({ status: "FAILED", error: OUTCOME_NOT_RECORDED_ERROR });
    expect(stored.status).toBe(RequestStatus.PENDING);
  });

  it("lets a newer execution's item alone in a fallback write too", async () => {
    // GIVEN the item belongs to a newer execution, and the first write is denied before its condition is checked
    const faults: FaultRule = ({ command, n }) => (command === "UpdateItemCommand" && n === 1 ? new DynamoDbServiceError("AccessDeniedException") : undefined);
    // WHEN
    const { outcome, item: stored, writes } = await run(DROP_IN, () => ({ ok: "yes" }), { owner: "e-newer", faults });
    // THEN the fallback's condition fails and the execution ends quietly
    expect(outcome.status).toBe("SUCCEEDED");
    expect(writes.map((call) => call.error)).toEqual(["DynamoDB.AccessDeniedException", "DynamoDB.ConditionalCheckFailedException"]);
    expect(stored).toMatchObject({ status: RequestStatus.PENDING, executionName: "e-newer" });
  });
});
