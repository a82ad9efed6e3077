/**
 * Faults of the AWS dependencies (issue 11, fault 1), against the handlers as Lambda builds them
 * (handlerFromEnvironment: the real SDK clients with their timeouts and attempts, the system clock) and
 * endpoints that misbehave for real on loopback: one that accepts connections and never answers, one
 * that throttles every call. Each handler must answer Connect before the block's limit (start 4 s,
 * poll 3 s by default), with a code that says what failed.
 */
import { performance } from "node:perf_hooks";
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import { SfnExecutionStarter } from "../../handlers/lib/sfn-execution-starter";
import { createDynamoDbClient, createSfnClient, DYNAMODB_REQUEST_TIMEOUT_MS, MAX_ATTEMPTS } from "../../handlers/lib/aws-clients";
import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import { StoreTimeoutError } from "../../handlers/lib/errors";
import type { ConnectHandler } from "../../handlers/lib/invocation";
import { createPollHandler } from "../../handlers/poll";
import { createStartHandler } from "../../handlers/start";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent } from "../support/connect-event";
import { ISSUED_ID, TEST_OPERATIONS, TEST_REQUEST_ID_KEY } from "../support/handler-fixture";
import { StatusTable } from "../support/status-table";
import { startThrottlingDynamoDb, type ThrottlingDynamoDb } from "../support/throttling-dynamodb";
import { startTricklingEndpoint, type TricklingEndpoint } from "../support/trickling-endpoint";
import { startUnresponsiveEndpoint, type UnresponsiveEndpoint } from "../support/unresponsive-endpoint";

const START_LIMIT_MS = 4000;
const POLL_LIMIT_MS = 3000;
const PK = `accountLookup#${ISSUED_ID.testContact}`;

/** Runs `call` and measures its wall time. */
async function timed<T>(call: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const startedAt = performance.now();
  const result = await call();
  return { result, ms: performance.now() - startedAt };
}

describe("faults of the AWS dependencies", () => {
  let hung: UnresponsiveEndpoint;
  let throttling: ThrottlingDynamoDb;
  let trickling: TricklingEndpoint;
  let db: LocalDynamoDb;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [hung, throttling, trickling, db] = await Promise.all([startUnresponsiveEndpoint(), startThrottlingDynamoDb(), startTricklingEndpoint(), startLocalDynamoDb()]);
  });
  afterAll(async () => {
    await Promise.all([hung?.close(), throttling?.close(), trickling?.close(), db?.close()]);
  });
  beforeEach(() => {
    savedEnv = { ...process.env };
  });
  afterEach(() => {
    process.env = savedEnv;
  });

  /** Both handlers as Lambda builds them, with the SDK pointed at the given endpoints. */
  function handlersAgainst(endpoints: { dynamodb: string; sfn: string }, tableName = "status", extraEnv: Record<string, string> = {}) {
    // The SDK reads the region, credentials and endpoint variables from the process environment.
    Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamodb, AWS_ENDPOINT_URL_SFN: endpoints.sfn });
    const logger = new CapturingLogger();
    const env = { TABLE_NAME: tableName, OPERATIONS: JSON.stringify(TEST_OPERATIONS), REQUEST_ID_KEY: TEST_REQUEST_ID_KEY, ...extraEnv };
    const start: ConnectHandler = handlerFromEnvironment("start", (deps) => createStartHandler({ ...deps, executions: new SfnExecutionStarter(createSfnClient()) }), { env, logger });
    const poll: ConnectHandler = handlerFromEnvironment("poll", createPollHandler, { env, logger });
    return { start, poll, logger };
  }

  const startEvent = () => connectEvent({ parameters: { operation: "accountLookup" } });
  const pollEvent = () => connectEvent({ parameters: { asyncRequestId: PK } });

  describe("DynamoDB accepts connections and never answers", () => {
    it("poll answers ERROR with STORE_TIMEOUT before its 3 s limit", async () => {
      // GIVEN a poll function whose table never answers
      const { poll } = handlersAgainst({ dynamodb: hung.endpoint, sfn: hung.endpoint });

      // WHEN the flow polls
      const { result, ms } = await timed(() => poll(pollEvent()));

      // THEN it answers in time, saying the table timed out
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: PK, asyncErrorCode: "STORE_TIMEOUT" });
      expect(ms).toBeLessThan(POLL_LIMIT_MS);
    });

    it("start answers ERROR with STORE_TIMEOUT before its 4 s limit", async () => {
      // GIVEN a start function whose table never answers
      const { start } = handlersAgainst({ dynamodb: hung.endpoint, sfn: hung.endpoint });

      // WHEN the flow starts a request
      const { result, ms } = await timed(() => start(startEvent()));

      // THEN it answers in time, saying the table timed out
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "STORE_TIMEOUT" });
      expect(ms).toBeLessThan(START_LIMIT_MS);
    });

    it("gives up through the client's own timeouts even without a deadline, after a bounded number of attempts", async () => {
      // GIVEN the production DynamoDB client pointed at the silent endpoint, and no invocation deadline
      Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_DYNAMODB: hung.endpoint });
      const store = new DynamoDbRequestStore({ client: createDynamoDbClient(), tableName: "status", clock: Date.now });
      const connectionsBefore = hung.connections();

      // WHEN it reads an item
      const { result, ms } = await timed(() => store.get(PK).then(() => "answered", (error: unknown) => error));

      // THEN each attempt timed out and the read failed as a timeout, within the attempts' total
      expect(result).toBeInstanceOf(StoreTimeoutError);
      expect(ms).toBeLessThan(MAX_ATTEMPTS * DYNAMODB_REQUEST_TIMEOUT_MS + 1000);
      expect(hung.connections() - connectionsBefore).toBeLessThanOrEqual(MAX_ATTEMPTS);
    });

    it("answers before the function's own timeout when the Lambda context has less time left than Connect", async () => {
      // GIVEN a poll function with 1.2 s left of its timeout
      const { poll } = handlersAgainst({ dynamodb: hung.endpoint, sfn: hung.endpoint });
      const context = { getRemainingTimeInMillis: () => 1200 };

      // WHEN the flow polls
      const { result, ms } = await timed(() => poll(pollEvent(), context));

      // THEN the answer leaves before the runtime would stop the function
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "STORE_TIMEOUT" });
      expect(ms).toBeLessThan(1200);
    });

    it("takes Connect's limit from CONNECT_TIME_LIMIT_MS", async () => {
      // GIVEN a poll block with a 1.5 s time limit, and the function told so
      const { poll } = handlersAgainst({ dynamodb: hung.endpoint, sfn: hung.endpoint }, "status", { CONNECT_TIME_LIMIT_MS: "1500" });

      // WHEN the flow polls
      const { result, ms } = await timed(() => poll(pollEvent()));

      // THEN it answers within those 1.5 s
      expect(result).toMatchObject({ asyncErrorCode: "STORE_TIMEOUT" });
      expect(ms).toBeLessThan(1500);
    });
  });

  describe("Step Functions accepts connections and never answers", () => {
    it("start answers EXECUTION_START_TIMEOUT in time and marks the item FAILED, so nobody joins a request that may not exist", async () => {
      // GIVEN a healthy table and a Step Functions endpoint that hangs
      const table = await StatusTable.create(db.client());
      const { start, poll } = handlersAgainst({ dynamodb: db.endpoint, sfn: hung.endpoint }, table.name);

      // WHEN the flow starts a request
      const { result, ms } = await timed(() => start(startEvent()));

      // THEN start answers in time with the specific code
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: PK, asyncErrorCode: "EXECUTION_START_TIMEOUT" });
      expect(ms).toBeLessThan(START_LIMIT_MS);
      // AND the item is FAILED at once, not PENDING for the 35 s lease
      expect(await table.get(PK)).toMatchObject({ status: "FAILED", errorCode: "EXECUTION_START_TIMEOUT" });
      // AND a poll of it hears FAILED rather than PENDING
      expect(await poll(pollEvent())).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "EXECUTION_START_TIMEOUT" });
    });
  });

  describe("Secrets Manager accepts connections and never answers", () => {
    it("start answers ERROR with REQUEST_ID_KEY_UNAVAILABLE before its 4 s limit, deriving no id without the key", async () => {
      // GIVEN a start function whose request-id key lives in a secret that never arrives
      Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_SECRETS_MANAGER: hung.endpoint, AWS_ENDPOINT_URL_DYNAMODB: hung.endpoint });
      const env = { TABLE_NAME: "status", OPERATIONS: JSON.stringify(TEST_OPERATIONS), REQUEST_ID_KEY_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:123456789012:secret:k" };
      const start = handlerFromEnvironment("start", (deps) => createStartHandler({ ...deps, executions: new SfnExecutionStarter(createSfnClient()) }), { env, logger: new CapturingLogger() });

      // WHEN the flow starts a request
      const { result, ms } = await timed(() => start(startEvent()));

      // THEN it answers in time, with no request id
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: "", asyncErrorCode: "REQUEST_ID_KEY_UNAVAILABLE" });
      expect(ms).toBeLessThan(START_LIMIT_MS);
    });
  });

  describe("the generic module's config read (OPERATIONS_SOURCE=table) is slow", () => {
    const TABLE_MODE = { OPERATIONS_SOURCE: "table" };

    it.each([
      ["never answers", () => hung.endpoint],
      ["trickles its reply", () => trickling.endpoint],
    ])("start answers within its 4 s limit when the table %s, the config read counted in its deadline", async (_, endpoint) => {
      // GIVEN a start function of the generic module whose table hangs or trickles
      const { start } = handlersAgainst({ dynamodb: endpoint(), sfn: hung.endpoint }, "status", TABLE_MODE);
      // WHEN the flow starts a request
      const { result, ms } = await timed(() => start(startEvent()));
      // THEN it answers in time, saying the table timed out
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "STORE_TIMEOUT" });
      expect(ms).toBeLessThan(START_LIMIT_MS);
    }, 15_000);

    it("never repeats an operation value in the log or the answer when the config read fails", async () => {
      // GIVEN a start function of the generic module whose table never answers, and a flow that passes a phone number as the operation
      const { start, logger } = handlersAgainst({ dynamodb: hung.endpoint, sfn: hung.endpoint }, "status", TABLE_MODE);
      const phoneNumber = "14155550123";
      // WHEN the flow starts a request
      const result = await start(connectEvent({ parameters: { operation: phoneNumber } }));
      // THEN the failure is reported without the value
      expect(result.asyncErrorCode).toBe("STORE_TIMEOUT");
      expect(JSON.stringify(result)).not.toContain(phoneNumber);
      expect(JSON.stringify(logger.lines)).not.toContain(phoneNumber);
    }, 15_000);

    it("reads nothing for an operation value that is not a name, and does not repeat it", async () => {
      // GIVEN a start function of the generic module, and a formatted phone number as the operation
      const { start, logger } = handlersAgainst({ dynamodb: trickling.endpoint, sfn: hung.endpoint }, "status", TABLE_MODE);
      const before = trickling.requests();
      // WHEN the flow starts a request
      const result = await start(connectEvent({ parameters: { operation: "+1 415-555-0123" } }));
      // THEN it is an unknown operation at once: no config read, and no value in the log
      expect(result).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "UNKNOWN_OPERATION" });
      expect(trickling.requests()).toBe(before);
      expect(JSON.stringify(logger.lines)).not.toContain("555");
    });
  });

  describe("DynamoDB throttles every call", () => {
    it.each([
      { handler: "poll" as const, limitMs: POLL_LIMIT_MS },
      { handler: "start" as const, limitMs: START_LIMIT_MS },
    ])("$handler answers ERROR within its limit", async ({ handler, limitMs }) => {
      // GIVEN a table that refuses every call with ProvisionedThroughputExceededException
      const handlers = handlersAgainst({ dynamodb: throttling.endpoint, sfn: hung.endpoint });
      const before = throttling.requests();

      // WHEN the flow calls the handler
      const { result, ms } = await timed(() => (handler === "poll" ? handlers.poll(pollEvent()) : handlers.start(startEvent())));

      // THEN it answers ERROR in time, as unavailable or timed out, after a bounded number of attempts
      expect(result.asyncStatus).toBe("ERROR");
      expect(["STORE_UNAVAILABLE", "STORE_TIMEOUT"]).toContain(result.asyncErrorCode);
      expect(ms).toBeLessThan(limitMs);
      expect(throttling.requests() - before).toBeGreaterThan(0);
      expect(throttling.requests() - before).toBeLessThanOrEqual(3);
    });
  });
});
