/**
 * A DynamoDB endpoint that refuses every call with ProvisionedThroughputExceededException, as a hot
 * partition or an exhausted on-demand table does (HTTP 400, JSON 1.0 error body as DynamoDB sends it).
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

export interface ThrottlingDynamoDb {
  /** `http://127.0.0.1:<port>`. */
  readonly endpoint: string;
  /** Requests refused so far (the SDK's retries included). */
  readonly requests: () => number;
  close(): Promise<void>;
}

export async function startThrottlingDynamoDb(): Promise<ThrottlingDynamoDb> {
  let requests = 0;
  const server = createServer((request, response) => {
    requests += 1;
    request.resume();
    request.on("end", () => {
      response.writeHead(400, { "content-type": "application/x-amz-json-1.0", "x-amzn-requestid": `throttled-${requests}` });
      response.end(
        JSON.stringify({
          __type: "com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException",
          message: "The level of configured provisioned throughput for the table was exceeded.",
        }),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    endpoint: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests: () => requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
