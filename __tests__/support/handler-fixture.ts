/**
 * The handlers wired as the simulator will wire them: the real DynamoDB store against dynalite, the
 * real Step Functions adapter against the fake StartExecution server, a virtual clock and a
 * capturing logger. One pair of servers per test file; one fresh table per test.
 */
import { createPollHandler } from "../../handlers/poll";
import { createStartHandler } from "../../handlers/start";
import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import type { ConnectHandler } from "../../handlers/lib/invocation";
import type { OperationsConfig } from "../../handlers/lib/operations-config";
import { type RequestIdKeySource, staticRequestIdKeys } from "../../handlers/lib/request-id-key";
import { SfnExecutionStarter } from "../../handlers/lib/sfn-execution-starter";
import { type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { EmittedMetrics } from "../../sim/report/emitted-metrics";
import { CapturingLogger } from "./capturing-logger";
import { type FakeStepFunctions, startFakeStepFunctions } from "./fake-step-functions";
import { StatusTable } from "./status-table";
import { VirtualClock } from "./virtual-clock";

/** The request-id key of the handler tests (≥ 32 characters, as the handlers require). */
export const TEST_REQUEST_ID_KEY = "test-request-id-key-0123456789abcdef";

/**
 * Ids `start` issues under TEST_REQUEST_ID_KEY, computed outside this code with
 * `printf '%s' '<message>' | openssl dgst -sha256 -hmac "$TEST_REQUEST_ID_KEY"` (first 32 hex digits
 * per tag): the contact tag of `["contact","<ContactId>"]` and the request tag of
 * `["request","<ContactId>",[<input pairs>]]`.
 */
export const ISSUED_ID = {
  /** accountLookup for TEST_CONTACT_ID without input. */
  testContact: "34add51dfb0cac9028e8b7c1692ad3b3.ef0a8c2f8712cb57ec32198e74e708c8",
  /** Without input, for the contacts "contact-a", "contact-b" and "bundle-contact". */
  contactA: "4e408fe23879c76ffc7edb09197d76fd.95d03a83199b0aa31b24ec7d527ed2a0",
  contactB: "4140e9e573887d431824175a1821c201.55b5e4763622ebd8ffc248ff093cba2e",
  bundleContact: "77d539c95d7d3c4a06e72d08898669fd.7744bd1d018ead10e7d3d0d03863c2c1",
} as const;

const STATE_MACHINE_PREFIX = "arn:aws:states:us-east-1:123456789012:stateMachine:";

/** Operations covering the key layouts and response types. `fastPathMs` 0 unless a test wants the wait. */
export const TEST_OPERATIONS = {
  /** Per contact: keyed by ContactId, no cache. */
  accountLookup: { stateMachineArn: `${STATE_MACHINE_PREFIX}accountLookup`, timeoutSeconds: 30, cacheTtlSeconds: 0, fastPathMs: 0 },
  /** Shared across contacts by `accountId`, cached 5 minutes. */
  balance: { stateMachineArn: `${STATE_MACHINE_PREFIX}balance`, timeoutSeconds: 20, cacheTtlSeconds: 300, cacheKey: ["accountId"], fastPathMs: 0 },
  /** Like accountLookup, answering with JSON validation. */
  profileJson: { stateMachineArn: `${STATE_MACHINE_PREFIX}profileJson`, timeoutSeconds: 30, cacheTtlSeconds: 0, fastPathMs: 0, responseType: "JSON" },
} as const satisfies OperationsConfig;

export interface HandlerServers {
  readonly db: LocalDynamoDb;
  readonly sfn: FakeStepFunctions;
  close(): Promise<void>;
}

export async function startHandlerServers(): Promise<HandlerServers> {
  const [db, sfn] = await Promise.all([startLocalDynamoDb(), startFakeStepFunctions()]);
  return { db, sfn, close: async () => void (await Promise.all([db.close(), sfn.close()])) };
}

export interface HandlerFixture {
  readonly table: StatusTable;
  readonly clock: VirtualClock;
  readonly logger: CapturingLogger;
  /** The EMF lines of both handlers: service `test-start` and `test-poll`. */
  readonly metrics: EmittedMetrics;
  readonly sfn: FakeStepFunctions;
  readonly start: ConnectHandler;
  readonly poll: ConnectHandler;
}

export interface HandlerFixtureOptions {
  readonly operations?: OperationsConfig;
  /** Connect's synchronous limit for both handlers, ms. @default the handlers' defaults */
  readonly connectTimeLimitMs?: number;
  /** Where both handlers get the request-id key. @default TEST_REQUEST_ID_KEY */
  readonly requestIdKeys?: RequestIdKeySource;
}

/** A fresh table, a fresh clock at TEST_EPOCH_MS, a reset fake, and both handlers over them. */
export async function createHandlerFixture(servers: HandlerServers, options: HandlerFixtureOptions = {}): Promise<HandlerFixture> {
  servers.sfn.reset();
  const client = servers.db.client();
  const table = await StatusTable.create(client);
  const clock = new VirtualClock();
  const logger = new CapturingLogger();
  const operations = options.operations ?? TEST_OPERATIONS;
  const store = new DynamoDbRequestStore({ client, tableName: table.name, clock: clock.now });
  const executions = new SfnExecutionStarter(servers.sfn.client());
  const requestIdKeys = options.requestIdKeys ?? staticRequestIdKeys(TEST_REQUEST_ID_KEY);
  const deps = { store, executions, clock: clock.now, sleep: clock.sleep, operations, logger, requestIdKeys, connectTimeLimitMs: options.connectTimeLimitMs };
  const metrics = new EmittedMetrics();
  const start = createStartHandler({ ...deps, metrics: metrics.sink("test-start") });
  const poll = createPollHandler({ ...deps, metrics: metrics.sink("test-poll") });
  return { table, clock, logger, metrics, sfn: servers.sfn, start, poll };
}
