/**
 * A Secrets Manager outage against the request-id key (issue 17 H1), with the production client
 * (createSecretsManagerClient: its timeouts and attempts), the system clock, dynalite and a loopback
 * Step Functions: a warm function keeps serving on the key it holds, and a cold one whose first read
 * trickles recovers as soon as Secrets Manager does.
 */
import { performance } from "node:perf_hooks";
import { createSecretsManagerClient } from "../../handlers/lib/aws-clients";
import { systemClock, timerSleep } from "../../handlers/lib/clock";
import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import type { ConnectHandler } from "../../handlers/lib/invocation";
import { SecretsManagerRequestIdKeys } from "../../handlers/lib/secrets-manager-request-id-keys";
import { SfnExecutionStarter } from "../../handlers/lib/sfn-execution-starter";
import { createStartHandler } from "../../handlers/start";
import { LOCAL_AWS_ENVIRONMENT } from "../../sim/aws/local-dynamodb";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent } from "../support/connect-event";
import { type FakeSecretsManager, startFakeSecretsManager } from "../support/fake-secrets-manager";
import { startHandlerServers, TEST_OPERATIONS, TEST_REQUEST_ID_KEY, type HandlerServers } from "../support/handler-fixture";
import { StatusTable } from "../support/status-table";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:connect-async-request-id-key-AbCdEf";
const START_LIMIT_MS = 4000;
const CALLS = 100;

describe("a Secrets Manager outage", () => {
  let secrets: FakeSecretsManager;
  let servers: HandlerServers;
  let table: StatusTable;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [secrets, servers] = await Promise.all([startFakeSecretsManager(), startHandlerServers()]);
  });
  afterAll(async () => {
    await Promise.all([secrets?.close(), servers?.close()]);
  });
  beforeEach(async () => {
    savedEnv = { ...process.env };
    Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint, AWS_ENDPOINT_URL_DYNAMODB: servers.db.endpoint, AWS_ENDPOINT_URL_SFN: servers.sfn.endpoint });
    secrets.stall(undefined);
    secrets.setSecret(SECRET_ARN, TEST_REQUEST_ID_KEY);
    table = await StatusTable.create(servers.db.client());
  });
  afterEach(() => {
    process.env = savedEnv;
  });

  /** A start handler over `requestIdKeys`, the rest as Lambda builds it. */
  function startWith(requestIdKeys: SecretsManagerRequestIdKeys): ConnectHandler {
    const store = new DynamoDbRequestStore({ client: servers.db.client(), tableName: table.name, clock: systemClock });
    return createStartHandler({
      store,
      executions: new SfnExecutionStarter(servers.sfn.client()),
      clock: systemClock,
      sleep: timerSleep,
      operations: TEST_OPERATIONS,
      logger: new CapturingLogger(),
      requestIdKeys,
    });
  }

  it.each(["trickle", "hang"] as const)(`a warm function keeps serving on the key it holds while reads %s: ${CALLS} calls, none failed, each answered quickly`, async (mode) => {
    // GIVEN a warm start function that read the key once and trusts it for no time at all, so every call wants a refresh
    const start = startWith(new SecretsManagerRequestIdKeys({ secretId: SECRET_ARN, client: createSecretsManagerClient(), maxAgeSeconds: 0 }));
    expect(await start(connectEvent({ contactId: "warm-up", parameters: { operation: "accountLookup" } }))).toMatchObject({ asyncStatus: "PENDING" });
    // WHEN Secrets Manager stops answering and a hundred calls come, one after another as on one Lambda instance
    secrets.stall(mode);
    const latencies: number[] = [];
    const failures: string[] = [];
    for (let call = 0; call < CALLS; call += 1) {
      const startedAt = performance.now();
      const answer = await start(connectEvent({ contactId: `contact-${call}`, parameters: { operation: "accountLookup" } }));
      latencies.push(performance.now() - startedAt);
      if (answer.asyncStatus !== "PENDING") failures.push(String(answer.asyncErrorCode));
    }
    // THEN every call was served, each well inside the block's limit
    latencies.sort((a, b) => a - b);
    const p50 = latencies[Math.floor(CALLS / 2)];
    const max = latencies[CALLS - 1];
    console.info(`H1 ${mode}: ${CALLS} start calls during the outage, ${failures.length} failed, p50 ${p50.toFixed(1)} ms, max ${max.toFixed(1)} ms`);
    expect(failures).toStrictEqual([]);
    expect(max).toBeLessThan(1000);
  }, 60_000);

  it("a cold function whose first read trickles answers REQUEST_ID_KEY_UNAVAILABLE in time, and serves as soon as Secrets Manager recovers", async () => {
    // GIVEN Secrets Manager trickles, and a start function cold-starts (its first read begins at once)
    secrets.stall("trickle");
    const start = handlerFromEnvironment("start", (deps) => createStartHandler({ ...deps, executions: new SfnExecutionStarter(servers.sfn.client()) }), {
      env: { TABLE_NAME: table.name, OPERATIONS: JSON.stringify(TEST_OPERATIONS), REQUEST_ID_KEY_SECRET_ARN: SECRET_ARN },
      logger: new CapturingLogger(),
    });
    // WHEN the first call comes during the outage
    const first = performance.now();
    const during = await start(connectEvent({ contactId: "during", parameters: { operation: "accountLookup" } }));
    const duringMs = performance.now() - first;
    // THEN it answers in time that the key is unavailable
    expect(during).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "REQUEST_ID_KEY_UNAVAILABLE" });
    expect(duringMs).toBeLessThan(START_LIMIT_MS);
    // WHEN Secrets Manager recovers
    secrets.stall(undefined);
    const after = await start(connectEvent({ contactId: "after", parameters: { operation: "accountLookup" } }));
    // THEN the very next call is served
    expect(after).toMatchObject({ asyncStatus: "PENDING" });
  }, 30_000);
});
