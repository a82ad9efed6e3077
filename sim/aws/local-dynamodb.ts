/**
 * A real DynamoDB API on loopback (dynalite), for tests, the simulator and benchmarks. dynalite
 * implements conditional writes, ReturnValuesOnConditionCheckFailure and consistent reads, so the
 * request store's condition expressions are evaluated for real. It has no TTL deletion, which suits
 * us: readers must treat an expired item as absent anyway.
 */
import type { AddressInfo } from "node:net";
import { CreateTableCommand, DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { StatusAttribute } from "../../handlers/lib/status-item";

// dynalite ships no types.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const dynalite = require("dynalite") as (options: { createTableMs?: number; deleteTableMs?: number; updateTableMs?: number }) => {
  listen(port: number, host: string, callback: (error?: Error) => void): void;
  address(): AddressInfo;
  close(callback: (error?: Error) => void): void;
};

/** A running local DynamoDB server. */
export interface LocalDynamoDb {
  /** The endpoint URL, e.g. for `AWS_ENDPOINT_URL_DYNAMODB`. */
  readonly endpoint: string;
  /** Creates a client for this server with dummy credentials. */
  client(): DynamoDBClient;
  /** Stops the server. */
  close(): Promise<void>;
}

/** Dummy credentials and region: dynalite accepts any. */
export const LOCAL_AWS_ENVIRONMENT = {
  AWS_REGION: "us-east-1",
  AWS_ACCESS_KEY_ID: "local",
  AWS_SECRET_ACCESS_KEY: "local",
} as const;

/** Starts dynalite on an ephemeral loopback port. */
export async function startLocalDynamoDb(): Promise<LocalDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise<void>((resolve, reject) => server.listen(0, "127.0.0.1", (error) => (error ? reject(error) : resolve())));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  return {
    endpoint,
    client: () =>
      new DynamoDBClient({
        endpoint,
        region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
        credentials: { accessKeyId: LOCAL_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
      }),
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

/** Creates a status table shaped like the one infra/ synthesizes (on-demand, `pk` string key). */
export async function createStatusTable(client: DynamoDBClient, tableName: string): Promise<void> {
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      BillingMode: "PAY_PER_REQUEST",
      AttributeDefinitions: [{ AttributeName: StatusAttribute.pk, AttributeType: "S" }],
      KeySchema: [{ AttributeName: StatusAttribute.pk, KeyType: "HASH" }],
    }),
  );
}
