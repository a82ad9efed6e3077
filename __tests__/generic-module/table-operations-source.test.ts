/**
 * Operations read from config items in the status table (the generic Terraform module's source),
 * against dynalite: read on first use, cached for the max age, changes picked up after it, a missing
 * item is an unknown operation, a malformed one a clear configuration error, and a table outage serves
 * the last value read.
 */
import { DeleteItemCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfigurationError, RequestStoreError } from "../../handlers/lib/errors";
import { handlerWithTableOperations, operationConfigKey, operationNamesOf, TableOperationsSource } from "../../handlers/lib/table-operations-source";
import { type LocalDynamoDb, startLocalDynamoDb } from "../../sim/local-dynamodb";
import { StatusTable } from "../support/status-table";

const ARN = "arn:aws:states:eu-west-2:123456789012:stateMachine:acme-balance";
const entry = (timeoutSeconds: number) => JSON.stringify({ stateMachineArn: ARN, timeoutSeconds, cacheTtlSeconds: 0, cacheKey: null, fastPathMs: 250, pollWaitMs: 0, responseType: "STRING_MAP" });

describe("TableOperationsSource", () => {
  let db: LocalDynamoDb;
  let table: StatusTable;
  let now: number;
  let source: TableOperationsSource;
  beforeAll(async () => {
    db = await startLocalDynamoDb();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    table = await StatusTable.create(db.client());
    now = 1_800_000_000_000;
    source = new TableOperationsSource({ client: db.client(), tableName: table.name, clock: () => now, maxAgeMs: 30_000 });
  });

  it("reads an operation's config item, Terraform's nulls treated as absent", async () => {
    // GIVEN the item the module writes
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    // WHEN it is read
    const operation = await source.get("balance");
    // THEN it is the operation, parsed as the operations file is
    expect(operation).toStrictEqual({ stateMachineArn: ARN, timeoutSeconds: 30, cacheTtlSeconds: 0, cacheKey: undefined, fastPathMs: 250, pollWaitMs: 0, responseType: "STRING_MAP" });
  });

  it("serves the cached value within the max age and picks up a change after it", async () => {
    // GIVEN a read item that then changes
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    await source.get("balance");
    await table.put({ pk: operationConfigKey("balance"), config: entry(90) });
    // WHEN read before and after the max age
    now += 29_999;
    const before = await source.get("balance");
    now += 1;
    const after = await source.get("balance");
    // THEN the change shows only after it
    expect(before?.timeoutSeconds).toBe(30);
    expect(after?.timeoutSeconds).toBe(90);
  });

  it("answers undefined for an operation without an item, and forgets a deleted one after the max age", async () => {
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    expect(await source.get("unknown")).toBeUndefined();
    await source.get("balance");
    await db.client().send(new DeleteItemCommand({ TableName: table.name, Key: { pk: { S: operationConfigKey("balance") } } }));
    now += 30_000;
    expect(await source.get("balance")).toBeUndefined();
  });

  it("refuses a malformed item, naming it and the problem", async () => {
    await table.put({ pk: operationConfigKey("balance"), config: JSON.stringify({ stateMachineArn: ARN, timeoutSeconds: 0, cacheTtlSeconds: 0 }) });
    await expect(source.get("balance")).rejects.toThrow(ConfigurationError);
    await expect(source.get("balance")).rejects.toThrow(/#operation#balance.*\n.*timeoutSeconds must be an integer/s);
  });

  it("serves the last value read when the table cannot be read, and fails clearly with none", async () => {
    // GIVEN an item read once, then a table that no longer answers (an unreachable endpoint)
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    await source.get("balance");
    const unreachable = new DynamoDBClient({ endpoint: "http://127.0.0.1:9", region: "eu-west-2", credentials: { accessKeyId: "x", secretAccessKey: "x" }, maxAttempts: 1 });
    const cold = new TableOperationsSource({ client: unreachable, tableName: table.name, clock: () => now });
    now += 60_000;
    // THEN the warm source still answers (it re-reads and succeeds here), the cold one fails with STORE_UNAVAILABLE
    expect((await source.get("balance"))?.timeoutSeconds).toBe(30);
    await expect(cold.get("balance")).rejects.toThrow(RequestStoreError);
  });

  it("loads the operations an event names into the handler's map before each call", async () => {
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    const seen: Array<readonly string[]> = [];
    const handler = handlerWithTableOperations(
      source,
      (operations) => async () => {
        seen.push(Object.keys(operations));
        return { asyncStatus: "PENDING" };
      },
      () => async () => ({ asyncStatus: "ERROR" }),
    );
    await handler({ Details: { Parameters: { operation: "balance" } } });
    await handler({ Details: { Parameters: { asyncRequestId: "balance#abc" } } });
    expect(seen).toStrictEqual([["balance"], ["balance"]]);
    expect(operationNamesOf({ Details: { Parameters: { operation: "a", asyncRequestId: "b#x" } } })).toStrictEqual(["a", "b"]);
  });
});
