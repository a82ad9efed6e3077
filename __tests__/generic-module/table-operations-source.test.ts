/**
 * Operations read from config items in the status table (the generic Terraform module's source),
 * against dynalite: read on first use, cached for the max age, changes picked up after it, a missing
 * item is an unknown operation, a malformed one a clear configuration error, and a table outage serves
 * the last value read.
 */
import { DeleteItemCommand, type DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { ConfigurationError, RequestStoreError } from "../../handlers/lib/errors";
import { emptyOperationsMap, operationConfigKey, TableOperationsSource, tableOperationsLoader } from "../../handlers/lib/table-operations-source";
import { Deadline } from "../../handlers/lib/deadline";
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import { createPollHandler } from "../../handlers/poll";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent } from "../support/connect-event";
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
    // GIVEN an item read once through a client that then loses the table (as in an outage)
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    let outage = false;
    const real = db.client();
    const flaky = { send: (command: never) => (outage ? Promise.reject(new Error("connect ECONNREFUSED")) : real.send(command)) } as unknown as DynamoDBClient;
    const warm = new TableOperationsSource({ client: flaky, tableName: table.name, clock: () => now });
    await warm.get("balance");
    outage = true;
    now += 60_000;
    // WHEN both a warm and a cold source read past the max age
    const cold = new TableOperationsSource({ client: flaky, tableName: table.name, clock: () => now });
    // THEN the warm one serves its last value, the cold one answers STORE_UNAVAILABLE naming the item
    expect((await warm.get("balance"))?.timeoutSeconds).toBe(30);
    await expect(cold.get("balance")).rejects.toThrow(RequestStoreError);
    await expect(cold.get("balance")).rejects.toThrow(/the config item of the operation the call names.*ECONNREFUSED/);
    // AND the message does not repeat the name: until its item is read, it is only a parameter value
    await expect(cold.get("balance")).rejects.not.toThrow(/balance/);
  });

  it("loads an operation into the handlers' map, and removes it once its item is gone", async () => {
    // GIVEN a loader over an empty map, and a config item
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    const operations = emptyOperationsMap();
    const load = tableOperationsLoader(source, operations);
    const deadline = new Deadline(() => now, now + 3500);
    // WHEN it loads the operation, then again after the item is deleted and the max age passed
    await load("balance", deadline);
    const loaded = Object.keys(operations);
    await db.client().send(new DeleteItemCommand({ TableName: table.name, Key: { pk: { S: operationConfigKey("balance") } } }));
    now += 60_000;
    await load("balance", new Deadline(() => now, now + 3500));
    // THEN the map held it, then no longer does
    expect(loaded).toStrictEqual(["balance"]);
    expect(Object.keys(operations)).toStrictEqual([]);
  });
});

describe("OPERATIONS_SOURCE=table in the handlers' environment", () => {
  let db: LocalDynamoDb;
  let table: StatusTable;
  const saved = { ...process.env };
  beforeAll(async () => {
    db = await startLocalDynamoDb();
    // The SDK reads its endpoint and credentials from the process environment, as in Lambda.
    Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_DYNAMODB: db.endpoint });
    table = await StatusTable.create(db.client());
  });
  afterAll(async () => {
    process.env = saved;
    await db.close();
  });

  const pollFor = (logger = new CapturingLogger()) =>
    handlerFromEnvironment("poll", createPollHandler, { env: { TABLE_NAME: table.name, OPERATIONS_SOURCE: "table", REQUEST_ID_KEY: "k".repeat(40) }, logger });

  it("knows an operation once the module's config item exists, and not before", async () => {
    // GIVEN a poll handler built with no operations in its environment or zip
    const poll = pollFor();
    // A well-formed per-contact request id (DESIGN's `<operation>#<key>`), though not this contact's.
    const event = connectEvent({ parameters: { asyncRequestId: `balance#${"a".repeat(32)}.${"b".repeat(32)}` } });
    // WHEN it is asked about an operation without, then with, a config item
    const before = await poll(event);
    await table.put({ pk: operationConfigKey("balance"), config: entry(30) });
    const after = await pollFor()(event);
    // THEN the first is an unknown operation; the second gets past that to the request itself (which
    // this contact did not start)
    expect(before).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "UNKNOWN_OPERATION" });
    expect(after).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "CONTACT_MISMATCH" });
  });

  it("answers CONFIGURATION, naming the item, when the item is malformed", async () => {
    await table.put({ pk: operationConfigKey("broken"), config: "{not json" });
    const logger = new CapturingLogger();
    const response = await pollFor(logger)(connectEvent({ parameters: { asyncRequestId: `broken#${"a".repeat(32)}.${"b".repeat(32)}` } }));
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "CONFIGURATION" });
    expect(response.asyncErrorMessage).toMatch(/#operation#broken.*not valid JSON/);
  });
});
