import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import { InvalidItemError, RequestAlreadyExistsError, RequestStoreError } from "../../handlers/lib/errors";
import type { PendingRequest } from "../../handlers/lib/request-store";
import { type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { StatusTable } from "../support/status-table";
import { TEST_EPOCH_MS, VirtualClock } from "../support/virtual-clock";

const NOW_SECONDS = 1_772_366_400;
const PK = "accountLookup#contact-1";
const PENDING: PendingRequest = {
  requestId: PK,
  executionName: "exec-new",
  startedAtEpochMs: TEST_EPOCH_MS,
  leaseUntilEpochMs: TEST_EPOCH_MS + 35_000,
  expiresAtEpochSeconds: NOW_SECONDS + 3630,
};

describe("DynamoDbRequestStore", () => {
  let db: LocalDynamoDb;
  let table: StatusTable;
  let clock: VirtualClock;
  let store: DynamoDbRequestStore;
  beforeAll(async () => {
    db = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    table = await StatusTable.create(db.client());
    clock = new VirtualClock();
    store = new DynamoDbRequestStore({ client: db.client(), tableName: table.name, clock: clock.now });
  });

  describe("putPending", () => {
    it("refuses a live item and hands back the winner from the same call", async () => {
      // GIVEN a live PENDING item of another execution
      await table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 500, leaseUntil: TEST_EPOCH_MS + 1000, expiresAt: NOW_SECONDS + 60, executionName: "exec-old" });

      // WHEN another PENDING put is attempted
      const attempt = store.putPending(PENDING);

      // THEN it fails with the existing record (ALL_OLD), and the item is untouched
      await expect(attempt).rejects.toBeInstanceOf(RequestAlreadyExistsError);
      const error = (await attempt.catch((thrown: unknown) => thrown)) as RequestAlreadyExistsError;
      expect(error.existingRecord).toMatchObject({ requestId: PK, status: "PENDING", executionName: "exec-old", leaseUntilEpochMs: TEST_EPOCH_MS + 1000, startedAtEpochMs: TEST_EPOCH_MS - 500 });
      expect(error.name).toBe("RequestAlreadyExistsError");
      expect(await table.get(PK)).toMatchObject({ executionName: "exec-old" });
    });

    it("lets exactly one of many simultaneous puts win", async () => {
      // GIVEN ten puts for one key at once
      const attempts = Array.from({ length: 10 }, (_, i) => store.putPending({ ...PENDING, executionName: `exec-${i}` }));

      // WHEN they settle
      const results = await Promise.allSettled(attempts);

      // THEN one succeeded, the others saw its item
      expect(results.filter((result) => result.status === "fulfilled")).toHaveLength(1);
      const winner = (await table.get(PK))?.executionName;
      for (const result of results) {
        if (result.status === "rejected") expect((result.reason as RequestAlreadyExistsError).existingRecord.executionName).toBe(winner);
      }
    });
  });

  describe("get", () => {
    it("reads back what putPending wrote, with units in the field names", async () => {
      // GIVEN a PENDING put
      await store.putPending(PENDING);

      // WHEN the item is read
      const record = await store.get(PK);

      // THEN it is the same request, PENDING at now
      expect(record).toMatchObject({ ...PENDING, status: "PENDING" });
      expect(record?.getStatus(clock.now())).toBe("PENDING");
    });

    it("treats an item whose expiresAt has come as absent", async () => {
      // GIVEN an item expiring at this second, which DynamoDB has not deleted yet
      await table.put({ pk: PK, status: "SUCCEEDED", result: "{}", expiresAt: NOW_SECONDS });

      // WHEN it is read
      // THEN there is nothing
      expect(await store.get(PK)).toBeUndefined();
      // AND one second earlier there was
      const earlier = new DynamoDbRequestStore({ client: db.client(), tableName: table.name, clock: () => TEST_EPOCH_MS - 1 });
      expect(await earlier.get(PK)).toBeDefined();
    });

    it("reads completedAt written as ISO text by the state machine as epoch ms", async () => {
      // GIVEN a completed item
      await table.put({ pk: PK, status: "SUCCEEDED", result: "{}", completedAt: "2026-03-01T11:59:58.250Z", expiresAt: NOW_SECONDS + 60 });

      // WHEN it is read
      // THEN completedAt is in epoch ms
      expect((await store.get(PK))?.completedAtEpochMs).toBe(TEST_EPOCH_MS - 1750);
    });

    it.each([
      { case: "an unknown status", item: { pk: PK, status: "RUNNING" }, message: /status "RUNNING"/ },
      { case: "a leaseUntil that is text", item: { pk: PK, status: "PENDING", leaseUntil: "soon" }, message: /leaseUntil is not a number/ },
    ])("rejects an item with $case, naming it", async ({ item, message }) => {
      // GIVEN a malformed item
      await table.put(item);

      // WHEN it is read
      // THEN the error names the item and the problem
      await expect(store.get(PK)).rejects.toThrow(InvalidItemError);
      await expect(store.get(PK)).rejects.toThrow(message);
    });

    it("wraps DynamoDB failures, keeping the cause", async () => {
      // GIVEN a table that does not exist
      const missing = new DynamoDbRequestStore({ client: db.client(), tableName: "missing", clock: clock.now });

      // WHEN it is read
      const error = await missing.get(PK).catch((thrown: unknown) => thrown);

      // THEN a RequestStoreError says what failed and carries the SDK error
      expect(error).toBeInstanceOf(RequestStoreError);
      expect((error as RequestStoreError).code).toBe("STORE_UNAVAILABLE");
      expect((error as RequestStoreError).cause).toMatchObject({ name: "ResourceNotFoundException" });
    });
  });

  describe("updates owned by an execution", () => {
    it("records the ARN only on the item of the same execution", async () => {
      // GIVEN a PENDING item of exec-new
      await store.putPending(PENDING);

      // WHEN the ARN is recorded for exec-new and for some other execution
      const own = await store.recordExecutionArn(PK, "exec-new", "arn:aws:states:us-east-1:1:execution:sm:exec-new");
      const other = await store.recordExecutionArn(PK, "exec-other", "arn:aws:states:us-east-1:1:execution:sm:exec-other");

      // THEN only the owner's write landed
      expect([own, other]).toStrictEqual([true, false]);
      expect(await table.get(PK)).toMatchObject({ executionArn: "arn:aws:states:us-east-1:1:execution:sm:exec-new" });
    });

    it("marks FAILED only a PENDING item of the same execution, cutting the message to 1 KB", async () => {
      // GIVEN a PENDING item of exec-new
      await store.putPending(PENDING);

      // WHEN another execution tries to fail it, then its owner does with a 3 KB message
      const other = await store.markFailed(PK, "exec-other", { errorCode: "X", errorMessage: "no" });
      const own = await store.markFailed(PK, "exec-new", { errorCode: "EXECUTION_START_FAILED", errorMessage: "m".repeat(3000) });

      // THEN only the owner's write landed, with the cause cut and the time as ISO text
      expect([other, own]).toStrictEqual([false, true]);
      const item = await table.get(PK);
      expect(item).toMatchObject({ status: "FAILED", errorCode: "EXECUTION_START_FAILED", completedAt: "2026-03-01T12:00:00.000Z" });
      expect(Buffer.byteLength(String(item?.errorMessage))).toBeLessThanOrEqual(1024);
    });

    it("does not fail an item that has already completed", async () => {
      // GIVEN exec-new's item completed SUCCEEDED
      await store.putPending(PENDING);
      await table.completeAsStateMachine(PK, "exec-new", { result: { ok: "1" } }, TEST_EPOCH_MS);

      // WHEN a late failure is recorded for it
      const written = await store.markFailed(PK, "exec-new", { errorCode: "X", errorMessage: "late" });

      // THEN the success stands
      expect(written).toBe(false);
      expect(await table.get(PK)).toMatchObject({ status: "SUCCEEDED" });
    });
  });
});
