/**
 * The operation state machines, run for real: aws-local-stepfunctions executes the definition the
 * construct synthesizes, DynamoDB tasks go to dynalite, Lambda tasks to scripted behaviours.
 */
import { GetItemCommand, PutItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { unmarshall } from "@aws-sdk/util-dynamodb";
import { RequestStatus, type ExecutionInput } from "../../handlers/lib/status-item";
import { resolveOperation, type OperationProps } from "../../infra/operation";
import { buildStateMachineDefinition, StateName } from "../../infra/state-machine-definition";
import { createStatusTable, startLocalDynamoDb, type LocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { LambdaServiceError, StateMachineRunner, type LambdaBehaviour } from "../../sim/aws/state-machine-runner";
import { VirtualScheduler } from "../../sim/world/clock";

const TABLE = "status";
const BACKEND = "arn:aws:lambda:us-east-1:123456789012:function:backend";
const PROFILE = "arn:aws:lambda:us-east-1:123456789012:function:profile";
const ORDERS = "arn:aws:lambda:us-east-1:123456789012:function:orders";
const FIXED_NOW = new Date("2026-01-02T03:04:05.678Z");
const EXPIRES_AT = 1_767_400_000;

let dynamo: LocalDynamoDb;
let client: DynamoDBClient;

beforeAll(async () => {
  dynamo = await startLocalDynamoDb();
  client = dynamo.client();
  await createStatusTable(client, TABLE);
});

afterAll(async () => {
  client.destroy();
  await dynamo.close();
});

let itemCounter = 0;

/** GIVEN a PENDING item owned by `executionName`, as `start` writes it. */
async function putPendingItem(executionName: string): Promise<ExecutionInput> {
  itemCounter += 1;
  const requestId = `demo#contact-${itemCounter}`;
  await client.send(
    new PutItemCommand({
      TableName: TABLE,
      Item: {
        pk: { S: requestId },
        status: { S: RequestStatus.PENDING },
        startedAt: { N: "1767322000000" },
        leaseUntil: { N: "1767322060000" },
        executionName: { S: executionName },
        expiresAt: { N: String(EXPIRES_AT) },
      },
    }),
  );
  return { requestId, operation: "demo", event: { Name: "ContactFlowEvent", Details: { ContactData: { ContactId: `contact-${itemCounter}` }, Parameters: { orderId: "42" } } }, expiresAt: EXPIRES_AT };
}

async function readItem(requestId: string): Promise<Record<string, unknown>> {
  const response = await client.send(new GetItemCommand({ TableName: TABLE, Key: { pk: { S: requestId } }, ConsistentRead: true }));
  return unmarshall(response.Item ?? {});
}

function runnerFor(operation: OperationProps, invokeLambda: LambdaBehaviour): StateMachineRunner {
  const definition = buildStateMachineDefinition({ operation: resolveOperation(operation), tableName: TABLE });
  return new StateMachineRunner({ definition, dynamoDb: client, invokeLambda, now: () => FIXED_NOW });
}

describe("a drop-in operation", () => {
  it("passes the Connect event to the target unchanged and records SUCCEEDED with the result as JSON text", async () => {
    // GIVEN
    const input = await putPendingItem("exec-1");
    const received: unknown[] = [];
    const runner = runnerFor({ name: "demo", target: BACKEND }, ({ payload }) => {
      received.push(payload);
      return { orderStatus: "shipped", eta: "tomorrow" };
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-1" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    expect(received).toEqual([input.event]);
    const item = await readItem(input.requestId);
    expect(item).toMatchObject({
      status: RequestStatus.SUCCEEDED,
      completedAt: FIXED_NOW.toISOString(),
      expiresAt: EXPIRES_AT,
      executionName: "exec-1",
    });
    expect(JSON.parse(item.result as string)).toEqual({ orderStatus: "shipped", eta: "tomorrow" });
  });

  it("records FAILED with the error name and cause when the target throws", async () => {
    // GIVEN
    const input = await putPendingItem("exec-2");
    class OrderLookupError extends Error {
      override name = "OrderLookupError";
    }
    const runner = runnerFor({ name: "demo", target: BACKEND }, () => {
      throw new OrderLookupError("order 42 not found");
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-2" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    const item = await readItem(input.requestId);
    expect(item).toMatchObject({ status: RequestStatus.FAILED, errorCode: "OrderLookupError", completedAt: FIXED_NOW.toISOString(), expiresAt: EXPIRES_AT });
    expect(item.errorMessage).toContain("order 42 not found");
    expect(item.result).toBeUndefined();
  });

  it("retries a throttled invocation and succeeds", async () => {
    // GIVEN
    const input = await putPendingItem("exec-3");
    const attempts: number[] = [];
    const runner = runnerFor({ name: "demo", target: BACKEND }, ({ attempt }) => {
      attempts.push(attempt);
      if (attempt === 1) throw new LambdaServiceError("Lambda.TooManyRequestsException");
      return { ok: "yes" };
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-3" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    expect(attempts).toEqual([1, 2]);
    expect(await readItem(input.requestId)).toMatchObject({ status: RequestStatus.SUCCEEDED, result: JSON.stringify({ ok: "yes" }) });
  });

  it("gives up after the retry policy's attempts and records the transient error", async () => {
    // GIVEN
    const input = await putPendingItem("exec-4");
    let calls = 0;
    const runner = runnerFor({ name: "demo", target: BACKEND, retry: { maxAttempts: 1 } }, () => {
      calls += 1;
      throw new LambdaServiceError("Lambda.ServiceException");
    });

    // WHEN
    await runner.run(input, { executionName: "exec-4" });

    // THEN
    expect(calls).toBe(2);
    expect(await readItem(input.requestId)).toMatchObject({ status: RequestStatus.FAILED, errorCode: "Lambda.ServiceException" });
  });

  it("leaves the item alone when a newer execution owns it", async () => {
    // GIVEN an item restarted by a newer execution
    const input = await putPendingItem("exec-newer");
    const runner = runnerFor({ name: "demo", target: BACKEND }, () => ({ stale: "result" }));

    // WHEN the superseded execution completes
    const outcome = await runner.run(input, { executionName: "exec-older" });

    // THEN it ends quietly and the item is unchanged
    expect(outcome.status).toBe("SUCCEEDED");
    expect(outcome.taskCalls.map((call) => [call.stateName, call.error])).toEqual([
      [StateName.invokeTarget, undefined],
      [StateName.recordSuccess, "DynamoDB.ConditionalCheckFailedException"],
    ]);
    expect(await readItem(input.requestId)).toMatchObject({ status: RequestStatus.PENDING, executionName: "exec-newer" });
  });

  it("does not overwrite a newer execution's item with a failure either", async () => {
    // GIVEN
    const input = await putPendingItem("exec-newer-2");
    const runner = runnerFor({ name: "demo", target: BACKEND }, () => {
      throw new Error("boom");
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-older-2" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    expect(await readItem(input.requestId)).toMatchObject({ status: RequestStatus.PENDING });
  });
});

describe("an orchestrated operation", () => {
  it("runs parallel targets on the same event and merges their outputs, a later target winning", async () => {
    // GIVEN
    const input = await putPendingItem("exec-p");
    const outputs: Record<string, object> = {
      [BACKEND]: { a: "1", shared: "backend" },
      [PROFILE]: { b: "2", shared: "profile" },
      [ORDERS]: { c: "3" },
    };
    const seen: string[] = [];
    const runner = runnerFor({ name: "demo", target: { parallel: [BACKEND, PROFILE, ORDERS] } }, ({ functionName, payload }) => {
      expect(payload).toEqual(input.event);
      seen.push(functionName);
      return outputs[functionName];
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-p" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    expect(seen.sort()).toEqual([BACKEND, ORDERS, PROFILE].sort());
    const item = await readItem(input.requestId);
    expect(JSON.parse(item.result as string)).toEqual({ a: "1", b: "2", c: "3", shared: "profile" });
  });

  it("records FAILED when one parallel target fails", async () => {
    // GIVEN
    const input = await putPendingItem("exec-pf");
    const runner = runnerFor({ name: "demo", target: { parallel: [BACKEND, PROFILE] } }, ({ functionName }) => {
      if (functionName === PROFILE) throw new TypeError("profile service down");
      return { a: "1" };
    });

    // WHEN
    await runner.run(input, { executionName: "exec-pf" });

    // THEN
    expect(await readItem(input.requestId)).toMatchObject({ status: RequestStatus.FAILED, errorCode: "TypeError" });
  });

  it("runs sequence targets one after the other and merges their outputs in order", async () => {
    // GIVEN
    const input = await putPendingItem("exec-s");
    const order: string[] = [];
    const runner = runnerFor({ name: "demo", target: { sequence: [BACKEND, PROFILE] } }, ({ functionName, payload }) => {
      expect(payload).toEqual(input.event);
      order.push(functionName);
      return functionName === BACKEND ? { a: "1", shared: "first" } : { b: "2", shared: "second" };
    });

    // WHEN
    const outcome = await runner.run(input, { executionName: "exec-s" });

    // THEN
    expect(outcome.status).toBe("SUCCEEDED");
    expect(order).toEqual([BACKEND, PROFILE]);
    expect(JSON.parse((await readItem(input.requestId)).result as string)).toEqual({ a: "1", b: "2", shared: "second" });
  });
});

describe("the runner", () => {
  it("reads the injected clock when a state evaluates $$.State.EnteredTime", async () => {
    // GIVEN a clock that advances while the target runs
    const input = await putPendingItem("exec-clock");
    let now = new Date("2026-01-01T00:00:00.000Z");
    const definition = buildStateMachineDefinition({ operation: resolveOperation({ name: "demo", target: BACKEND }), tableName: TABLE });
    const runner = new StateMachineRunner({
      definition,
      dynamoDb: client,
      now: () => now,
      invokeLambda: () => {
        now = new Date("2026-01-01T00:00:42.000Z");
        return { done: "true" };
      },
    });

    // WHEN
    await runner.run(input, { executionName: "exec-clock" });

    // THEN
    expect((await readItem(input.requestId)).completedAt).toBe("2026-01-01T00:00:42.000Z");
  });

  it("rejects a definition with a resource it cannot execute", () => {
    const definition = { StartAt: "S3", States: { S3: { Type: "Task", Resource: "arn:aws:states:::s3:putObject", End: true } } };
    expect(() => new StateMachineRunner({ definition, dynamoDb: client, invokeLambda: () => null })).toThrow(/cannot execute resource arn:aws:states:::s3:putObject/);
  });
});

describe("timeouts on an injected clock", () => {
  /** One Lambda task, with the Task's and the execution's TimeoutSeconds as given. */
  function oneTask(timeouts: { task?: number; execution?: number }): object {
    return {
      ...(timeouts.execution === undefined ? {} : { TimeoutSeconds: timeouts.execution }),
      StartAt: "Call",
      States: {
        Call: {
          Type: "Task",
          Resource: "arn:aws:states:::lambda:invoke",
          Parameters: { FunctionName: BACKEND, "Payload.$": "$" },
          ...(timeouts.task === undefined ? {} : { TimeoutSeconds: timeouts.task }),
          End: true,
        },
      },
    };
  }

  it("does not time a task out for the real time a busy machine takes, when virtual time has not passed", async () => {
    // GIVEN a task allowed 1 s, whose work takes 1.2 s of real time and none of virtual time (a crowd on a loaded machine)
    const clock = new VirtualScheduler(Date.UTC(2026, 0, 1));
    const runner = new StateMachineRunner({
      definition: oneTask({ task: 1 }),
      dynamoDb: client,
      sleep: (ms, signal) => clock.sleep(ms, signal),
      invokeLambda: () => clock.track(() => new Promise((resolve) => setTimeout(() => resolve({ done: "true" }), 1_200))),
    });

    // WHEN
    const outcome = await clock.run(runner.run({} as ExecutionInput, { executionName: "busy-machine" }));

    // THEN the virtual world finished in time
    expect(outcome.status).toBe("SUCCEEDED");
  });

  /** Runs `definition` on a virtual clock, its one target taking `targetMs` of virtual time; when the run ended. */
  async function runWithSlowTarget(definition: object, targetMs: number): Promise<{ outcome: Awaited<ReturnType<StateMachineRunner["run"]>>; endedAtMs: number }> {
    const clock = new VirtualScheduler(Date.UTC(2026, 0, 1));
    const runner = new StateMachineRunner({
      definition,
      dynamoDb: client,
      sleep: (ms, signal) => clock.sleep(ms, signal),
      invokeLambda: async () => {
        await clock.sleep(targetMs);
        return { done: "true" };
      },
    });
    const outcome = await clock.run(runner.run({} as ExecutionInput, { executionName: "slow-target" }));
    return { outcome, endedAtMs: clock.elapsedMs() };
  }

  it("fails a task with States.Timeout once its TimeoutSeconds have passed on the injected clock", async () => {
    // GIVEN a task allowed 2 s whose target takes 5 virtual seconds
    const { outcome, endedAtMs } = await runWithSlowTarget(oneTask({ task: 2 }), 5_000);
    // THEN
    expect(outcome).toMatchObject({ status: "FAILED", error: "States.Timeout" });
    expect(endedAtMs).toBe(2_000);
  });

  it("times the execution out at its TimeoutSeconds on the injected clock", async () => {
    // GIVEN an execution allowed 3 s whose one task, allowed 60 s, takes 10 virtual seconds
    const { outcome, endedAtMs } = await runWithSlowTarget(oneTask({ task: 60, execution: 3 }), 10_000);
    // THEN
    expect(outcome.status).toBe("TIMED_OUT");
    expect(endedAtMs).toBe(3_000);
  });
});
