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
import { SfnExecutionStarter } from "../../handlers/lib/sfn-execution-starter";
import { type LocalDynamoDb, startLocalDynamoDb } from "../../sim/local-dynamodb";
import { CapturingLogger } from "./capturing-logger";
import { type FakeStepFunctions, startFakeStepFunctions } from "./fake-step-functions";
import { StatusTable } from "./status-table";
import { VirtualClock } from "./virtual-clock";

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
  readonly sfn: FakeStepFunctions;
  readonly start: ConnectHandler;
  readonly poll: ConnectHandler;
}

export interface HandlerFixtureOptions {
  readonly operations?: OperationsConfig;
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
  const deps = { store, executions, clock: clock.now, sleep: clock.sleep, operations, logger };
  return { table, clock, logger, sfn: servers.sfn, start: createStartHandler(deps), poll: createPollHandler(deps) };
}
