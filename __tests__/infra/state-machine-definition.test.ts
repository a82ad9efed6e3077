/**
 * The state-machine definition: its retry and timeout rules as written, and the synthesized definition
 * of the default stack run for real (aws-local-stepfunctions + dynalite) once its Terraform references
 * are filled in.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { RequestStatus } from "../../handlers/lib/status-item";
import { resolveOperation, retryBackoffSeconds } from "../../infra/operation";
import { buildStateMachineDefinition, StateName, TRANSIENT_LAMBDA_ERRORS, type AslTaskState } from "../../infra/state-machine-definition";
import { createStatusTable, startLocalDynamoDb, type LocalDynamoDb } from "../../sim/local-dynamodb";
import { StateMachineRunner } from "../../sim/state-machine-runner";
import { onlyResource, synthesizeDefaultStack } from "./support/synthesized-stack";

// asl-validator ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const aslValidator = require("asl-validator") as (definition: unknown) => { isValid: boolean; errorsText: (separator?: string) => string };

const TARGET = "arn:aws:lambda:us-east-1:123456789012:function:target";

describe("the definition of a drop-in operation", () => {
  const definition = buildStateMachineDefinition({ operation: resolveOperation({ name: "demo", target: TARGET, timeoutSeconds: 60 }), tableName: "status" });
  const invoke = definition.States[StateName.invokeTarget] as AslTaskState;

  it("invokes the target with the Connect event and outputs its payload", () => {
    expect(invoke).toMatchObject({
      Resource: "arn:aws:states:::lambda:invoke",
      Parameters: { FunctionName: TARGET, "Payload.$": "$.event" },
      ResultSelector: { "Payload.$": "$.Payload" },
      OutputPath: "$.Payload",
      Catch: [{ ErrorEquals: ["States.ALL"], Next: StateName.checkCause }],
    });
  });

  it("retries transient Lambda errors and throttling with the default policy", () => {
    expect(invoke.Retry).toEqual([
      { ErrorEquals: [...TRANSIENT_LAMBDA_ERRORS], IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 2, JitterStrategy: "FULL" },
    ]);
    expect(TRANSIENT_LAMBDA_ERRORS).toEqual(expect.arrayContaining(["Lambda.ServiceException", "Lambda.AWSLambdaException", "Lambda.SdkClientException", "Lambda.TooManyRequestsException"]));
  });

  it("times the execution out at timeoutSeconds and each invocation 3 s earlier, so the failure is still recorded", () => {
    expect(definition.TimeoutSeconds).toBe(60);
    expect(invoke.TimeoutSeconds).toBe(57);
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
        Catch: [{ ErrorEquals: ["DynamoDB.ConditionalCheckFailedException"], Next: StateName.superseded }],
      });
    }
    expect(definition.States[StateName.superseded]).toMatchObject({ Type: "Succeed" });
  });

  it("has no Retry when the policy disables retries", () => {
    const noRetry = buildStateMachineDefinition({ operation: resolveOperation({ name: "demo", target: TARGET, retry: { maxAttempts: 0 } }), tableName: "status" });
    expect((noRetry.States[StateName.invokeTarget] as AslTaskState).Retry).toBeUndefined();
    expect(aslValidator(structuredClone(noRetry)).isValid).toBe(true);
  });

  it("splits the budget between targets in sequence, so the whole sequence ends inside the execution's timeout", () => {
    // GIVEN three targets in sequence, timeoutSeconds 33 (30 s of work after the 3 s completion reserve)
    // and the default retry (1 + 2 = 3 s of backoff per target, 9 s in all)
    const operation = resolveOperation({ name: "steps", target: { sequence: [TARGET, `${TARGET}-2`, `${TARGET}-3`] }, timeoutSeconds: 33 });
    // WHEN the definition is built
    const definition = buildStateMachineDefinition({ operation, tableName: "status" });
    // THEN each target may take (30 − 9) / 3 = 7 s, and three of them plus all backoff fit in 30 s
    const invokes = Object.values(definition.States).filter((state): state is AslTaskState => state.Type === "Task" && (state as AslTaskState).Resource.endsWith("lambda:invoke"));
    expect(invokes.map((state) => state.TimeoutSeconds)).toEqual([7, 7, 7]);
    expect(3 * 7 + 9).toBeLessThanOrEqual(33 - 3);
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
