/**
 * The in-process status table answers the request store exactly as dynalite does: the same cases run
 * against both, through the unchanged DynamoDbRequestStore, and each must give the same answer (which
 * is also checked against what the table's contract in DESIGN.md says it should be).
 */
import { GetItemCommand, UpdateItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import { RequestAlreadyExistsError } from "../../handlers/lib/errors";
import type { PendingRequest } from "../../handlers/lib/request-store";
import { UnsupportedExpressionError } from "../../sim/aws/dynamodb-expression";
import { startInProcessDynamoDb } from "../../sim/aws/in-process-dynamodb";
import { startLocalDynamoDb, type LocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { StatusTable } from "../support/status-table";
import { TEST_EPOCH_MS, VirtualClock } from "../support/virtual-clock";

const NOW_SECONDS = Math.floor(TEST_EPOCH_MS / 1000);
const PK = "lookup#contact-1";
const PENDING: PendingRequest = {
  requestId: PK,
  executionName: "exec-new",
  startedAtEpochMs: TEST_EPOCH_MS,
  leaseUntilEpochMs: TEST_EPOCH_MS + 35_000,
  expiresAtEpochSeconds: NOW_SECONDS + 3630,
};

/** One case: what is stored first, then what the store is asked; returns what the caller would observe. */
type Case = (store: DynamoDbRequestStore, table: StatusTable, clock: VirtualClock, client: DynamoDBClient) => Promise<unknown>;

/** What a put observed: written, or refused with the winner's status and execution. */
async function putOutcome(store: DynamoDbRequestStore, request: PendingRequest = PENDING): Promise<unknown> {
  try {
    await store.putPending(request);
    return "written";
  } catch (error) {
    if (error instanceof RequestAlreadyExistsError) return { refused: error.existingRecord.status, by: error.existingRecord.executionName };
    throw error;
  }
}

const CASES: ReadonlyArray<[string, Case, unknown]> = [
  ["a put on an absent key writes", (store) => putOutcome(store), "written"],
  [
    "a put over a live PENDING item is refused with the winner",
    async (store, table) => {
      await table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 500, leaseUntil: TEST_EPOCH_MS + 1000, expiresAt: NOW_SECONDS + 60, executionName: "exec-old" });
      return putOutcome(store);
    },
    { refused: "PENDING", by: "exec-old" },
  ],
  [
    "a put over a PENDING item past its lease replaces it",
    async (store, table) => {
      await table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 60_000, leaseUntil: TEST_EPOCH_MS - 1, expiresAt: NOW_SECONDS + 60, executionName: "exec-old" });
      return [await putOutcome(store), (await store.get(PK))?.executionName];
    },
    ["written", "exec-new"],
  ],
  [
    "a put over a live SUCCEEDED item is refused (a cache hit)",
    async (store, table) => {
      await table.put({ pk: PK, status: "SUCCEEDED", startedAt: TEST_EPOCH_MS - 9000, completedAt: "2026-03-01T11:59:59.000Z", expiresAt: NOW_SECONDS + 60, executionName: "exec-old", result: "{}" });
      return putOutcome(store);
    },
    { refused: "SUCCEEDED", by: "exec-old" },
  ],
  [
    "a put over a FAILED item replaces it",
    async (store, table) => {
      await table.put({ pk: PK, status: "FAILED", startedAt: TEST_EPOCH_MS - 9000, expiresAt: NOW_SECONDS + 60, executionName: "exec-old", errorCode: "X" });
      return putOutcome(store);
    },
    "written",
  ],
  [
    "an item whose expiresAt has passed reads as absent and is replaced",
    async (store, table) => {
      await table.put({ pk: PK, status: "SUCCEEDED", startedAt: TEST_EPOCH_MS - 90_000, expiresAt: NOW_SECONDS, executionName: "exec-old", result: "{}" });
      return [await store.get(PK), await putOutcome(store)];
    },
    [undefined, "written"],
  ],
  [
    "a lease that passes while the item waits makes it replaceable",
    async (store, _table, clock) => {
      await store.putPending({ ...PENDING, executionName: "exec-old" });
      const before = await putOutcome(store);
      clock.advance(35_001);
      return [before, await putOutcome(store, { ...PENDING, leaseUntilEpochMs: TEST_EPOCH_MS + 70_000 })];
    },
    [{ refused: "PENDING", by: "exec-old" }, "written"],
  ],
  [
    "updates are conditional on the owning execution and the expected status",
    async (store) => {
      await store.putPending(PENDING);
      const foreign = await store.recordExecutionArn(PK, "exec-other", "arn:other");
      const own = await store.recordExecutionArn(PK, "exec-new", "arn:own");
      const failed = await store.markFailed(PK, "exec-new", { errorCode: "EXECUTION_START_FAILED", errorMessage: "boom" });
      const again = await store.markFailed(PK, "exec-new", { errorCode: "EXECUTION_START_FAILED", errorMessage: "boom" });
      const record = await store.get(PK);
      return [foreign, own, failed, again, record?.status, record?.executionArn, record?.errorCode];
    },
    [false, true, true, false, "FAILED", "arn:own", "EXECUTION_START_FAILED"],
  ],
  [
    "an update of an absent key fails its condition and creates nothing",
    async (store, table) => [await store.recordExecutionArn(PK, "exec-new", "arn:own"), await table.get(PK)],
    [false, undefined],
  ],
  [
    "the state machine's completion write lands only for the owning execution",
    async (store, table, _clock, client) => {
      await store.putPending(PENDING);
      const write = (executionName: string) =>
        client
          .send(
            new UpdateItemCommand({
              TableName: table.name,
              Key: { pk: { S: PK } },
              ConditionExpression: "#executionName = :executionName",
              UpdateExpression: "SET #status = :status, #result = :result",
              ExpressionAttributeNames: { "#executionName": "executionName", "#status": "status", "#result": "result" },
              ExpressionAttributeValues: { ":executionName": { S: executionName }, ":status": { S: "SUCCEEDED" }, ":result": { S: '{"a":"1"}' } },
            }),
          )
          .then(
            () => "written",
            (error: Error) => error.name,
          );
      const superseded = await write("exec-old");
      const owner = await write("exec-new");
      const { Item } = await client.send(new GetItemCommand({ TableName: table.name, Key: { pk: { S: PK } }, ConsistentRead: true }));
      return [superseded, owner, Item?.status?.S, Item?.result?.S, Item?.executionName?.S];
    },
    ["ConditionalCheckFailedException", "written", "SUCCEEDED", '{"a":"1"}', "exec-new"],
  ],
];

describe.each([
  ["dynalite", () => startLocalDynamoDb()],
  ["the in-process table", async () => startInProcessDynamoDb()],
])("DynamoDbRequestStore on %s", (_engine, start) => {
  let db: LocalDynamoDb;
  beforeAll(async () => {
    db = await start();
  });
  afterAll(async () => {
    await db.close();
  });

  it.each(CASES)("%s", async (_name, run, expected) => {
    // GIVEN a fresh status table and a fixed clock
    const client = db.client();
    const table = await StatusTable.create(client);
    const clock = new VirtualClock();
    const store = new DynamoDbRequestStore({ client, tableName: table.name, clock: clock.now });
    // WHEN the case runs THEN the caller observes what the table's contract says
    expect(await run(store, table, clock, client)).toEqual(expected);
  });
});

describe("the in-process table's expressions", () => {
  it("refuses an expression it does not evaluate, naming it, instead of guessing", async () => {
    // GIVEN the in-process table and a condition using a function it lacks
    const db = startInProcessDynamoDb();
    const client = db.client();
    const table = await StatusTable.create(client);
    // WHEN an update uses begins_with THEN the error says what cannot be evaluated and what to do
    const send = client.send(
      new UpdateItemCommand({
        TableName: table.name,
        Key: { pk: { S: PK } },
        ConditionExpression: "begins_with(#pk, :prefix)",
        UpdateExpression: "SET #pk = :prefix",
        ExpressionAttributeNames: { "#pk": "pk" },
        ExpressionAttributeValues: { ":prefix": { S: "x" } },
      }),
    );
    await expect(send).rejects.toThrow(UnsupportedExpressionError);
    await expect(send).rejects.toThrow(/cannot evaluate "begins_with\(#pk, :prefix\)".*run the simulation on dynalite/);
  });
});
