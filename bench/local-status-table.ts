/**
 * The dynalite-backed status table the bundle and poll-latency benchmarks poll: one live PENDING
 * request (lease and TTL an hour ahead), so every `poll` reads the item and answers PENDING, the
 * answer a flow hears on almost every turn of its wait loop.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { systemClock } from "../handlers/lib/clock";
import { DynamoDbRequestStore } from "../handlers/lib/dynamodb-request-store";
import type { OperationsConfig } from "../handlers/lib/operations-config";
import { parseConnectRequest } from "../handlers/lib/connect-request";
import { requestIdFor } from "../handlers/lib/request-id";
import { createStatusTable, type LocalDynamoDb, LOCAL_AWS_ENVIRONMENT, startLocalDynamoDb } from "../sim/aws/local-dynamodb";

export const BENCH_TABLE_NAME = "connect-async-bench";
export const BENCH_OPERATION = "bench";
export const BENCH_CONTACT_ID = "5ca32fbd-8f92-46af-92a5-6b0f970f0efe";
export const BENCH_OPERATIONS: OperationsConfig = {
  [BENCH_OPERATION]: { stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:bench", timeoutSeconds: 3600, cacheTtlSeconds: 0, fastPathMs: 0 },
};
/** The handlers' request-id key here (they refuse to run without one); any ≥ 32 characters. */
export const BENCH_REQUEST_ID_KEY = "bench-request-id-key-0123456789abcdef";
/** The id `start` would issue to BENCH_CONTACT_ID, so `poll`'s contact check passes. */
export const BENCH_REQUEST_ID = requestIdFor(BENCH_OPERATION, BENCH_OPERATIONS[BENCH_OPERATION], parseConnectRequest({ Details: { ContactData: { ContactId: BENCH_CONTACT_ID } } }), { current: BENCH_REQUEST_ID_KEY });

/** A running dynalite with the table and the pending request in it. */
export interface LocalStatusTable {
  readonly dynamo: LocalDynamoDb;
  readonly client: DynamoDBClient;
  /** The environment a handler bundle needs to poll this table. */
  readonly handlerEnvironment: { readonly [name: string]: string };
  close(): Promise<void>;
}

/** Starts dynalite, creates the table and writes the pending request. */
export async function startLocalStatusTable(): Promise<LocalStatusTable> {
  const dynamo = await startLocalDynamoDb();
  const client = dynamo.client();
  await createStatusTable(client, BENCH_TABLE_NAME);
  const now = systemClock();
  const store = new DynamoDbRequestStore({ client, tableName: BENCH_TABLE_NAME, clock: systemClock });
  await store.putPending({
    requestId: BENCH_REQUEST_ID,
    executionName: "bench-execution",
    startedAtEpochMs: now,
    leaseUntilEpochMs: now + 3_600_000,
    expiresAtEpochSeconds: Math.floor(now / 1000) + 3600,
  });
  return {
    dynamo,
    client,
    handlerEnvironment: {
      ...LOCAL_AWS_ENVIRONMENT,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      TABLE_NAME: BENCH_TABLE_NAME,
      OPERATIONS: JSON.stringify(BENCH_OPERATIONS),
      REQUEST_ID_KEY: BENCH_REQUEST_ID_KEY,
    },
    async close() {
      client.destroy();
      await dynamo.close();
    },
  };
}

/** A Connect event asking `poll` about the pending request. */
export function pollEvent(): Record<string, unknown> {
  return {
    Name: "ContactFlowEvent",
    Details: {
      ContactData: { Attributes: {}, Channel: "VOICE", ContactId: BENCH_CONTACT_ID, InitialContactId: BENCH_CONTACT_ID, InitiationMethod: "INBOUND" },
      Parameters: { asyncRequestId: BENCH_REQUEST_ID },
    },
  };
}
