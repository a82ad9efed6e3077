/**
 * The SDK clients of the handlers, with timeouts and attempts that fit inside Connect's wait.
 *
 * Without them a client waits as long as the socket lets it and retries with backoff: against an
 * endpoint that accepted connections and never answered, `start` and `poll` did not answer within
 * 20 s, and under throttling `poll` took up to 5.5 s against a 3 s block limit (issue 11). Each call
 * is also raced against the invocation's {@link Deadline}; these settings make a slow attempt give up
 * early enough that a retry still fits, and keep the SDK from retrying past it.
 *
 * The clients take the default configuration otherwise, so the runtime's region and the standard
 * endpoint variables (`AWS_ENDPOINT_URL_DYNAMODB`, `AWS_ENDPOINT_URL_SFN`,
 * `AWS_ENDPOINT_URL_SECRETS_MANAGER`) apply, and the same bundle runs against local servers.
 * The `requestHandler` options object is the SDK's shorthand for `new NodeHttpHandler({...})`
 * (smithy's `NodeHttpHandler.create`). `throwOnRequestTimeout` matters: without it smithy only logs a
 * warning when `requestTimeout` passes and keeps waiting (seen against an endpoint that never answers).
 */
import { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { SFNClient } from "@aws-sdk/client-sfn";

/** How long to wait for a TCP (and TLS) connection, ms. A regional endpoint answers in tens. */
export const CONNECTION_TIMEOUT_MS = 1000;

/** How long one DynamoDB attempt may go without a response, ms: single-item calls take ~10 ms. */
export const DYNAMODB_REQUEST_TIMEOUT_MS = 1000;

/** How long one StartExecution attempt may go without a response, ms. */
export const SFN_REQUEST_TIMEOUT_MS = 2000;

/** How long one GetSecretValue attempt may go without a response, ms. */
export const SECRETS_MANAGER_REQUEST_TIMEOUT_MS = 2000;

/** Attempts per call, the first included: one retry of a throttled or dropped call, then the caller decides. */
export const MAX_ATTEMPTS = 2;

/** The status table's client. */
export function createDynamoDbClient(): DynamoDBClient {
  return new DynamoDBClient({ maxAttempts: MAX_ATTEMPTS, requestHandler: boundedRequests(DYNAMODB_REQUEST_TIMEOUT_MS) });
}

/** The Step Functions client of `start`. */
export function createSfnClient(): SFNClient {
  return new SFNClient({ maxAttempts: MAX_ATTEMPTS, requestHandler: boundedRequests(SFN_REQUEST_TIMEOUT_MS) });
}

/** The client that reads the request-id key's secret. */
export function createSecretsManagerClient(): SecretsManagerClient {
  return new SecretsManagerClient({ maxAttempts: MAX_ATTEMPTS, requestHandler: boundedRequests(SECRETS_MANAGER_REQUEST_TIMEOUT_MS) });
}

/** NodeHttpHandler options that fail an attempt after `requestTimeoutMs` without a response. */
function boundedRequests(requestTimeoutMs: number) {
  return { connectionTimeout: CONNECTION_TIMEOUT_MS, requestTimeout: requestTimeoutMs, throwOnRequestTimeout: true };
}
