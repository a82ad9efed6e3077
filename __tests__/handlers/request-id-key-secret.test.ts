/**
 * The request-id key read from Secrets Manager (`REQUEST_ID_KEY_SECRET_ARN`), against a local
 * GetSecretValue server reached through `AWS_ENDPOINT_URL_SECRETS_MANAGER`, as the bundle reaches AWS.
 */
import { SecretsManagerClient } from "@aws-sdk/client-secrets-manager";
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import { SecretsManagerRequestIdKeys } from "../../handlers/lib/secrets-manager-request-id-keys";
import { createPollHandler } from "../../handlers/poll";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent } from "../support/connect-event";
import { type FakeSecretsManager, startFakeSecretsManager } from "../support/fake-secrets-manager";
import { ISSUED_ID, TEST_OPERATIONS, TEST_REQUEST_ID_KEY } from "../support/handler-fixture";
import { StatusTable } from "../support/status-table";

const SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:connect-async-request-id-key-AbCdEf";
const OLD_KEY = "old-request-id-key-of-32-characters!";
const PK = `accountLookup#${ISSUED_ID.testContact}`;

describe("the request-id key in Secrets Manager", () => {
  let secrets: FakeSecretsManager;
  let db: LocalDynamoDb;
  let savedEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    [secrets, db] = await Promise.all([startFakeSecretsManager(), startLocalDynamoDb()]);
  });
  afterAll(async () => {
    await Promise.all([secrets?.close(), db?.close()]);
  });
  beforeEach(() => {
    savedEnv = { ...process.env };
    Object.assign(process.env, LOCAL_AWS_ENVIRONMENT, { AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.endpoint, AWS_ENDPOINT_URL_DYNAMODB: db.endpoint });
    secrets.failWith(undefined);
  });
  afterEach(() => {
    process.env = savedEnv;
  });

  const client = () =>
    new SecretsManagerClient({
      endpoint: secrets.endpoint,
      region: LOCAL_AWS_ENVIRONMENT.AWS_REGION,
      credentials: { accessKeyId: LOCAL_AWS_ENVIRONMENT.AWS_ACCESS_KEY_ID, secretAccessKey: LOCAL_AWS_ENVIRONMENT.AWS_SECRET_ACCESS_KEY },
      maxAttempts: 1,
    });

  it("picks up a rotation once the held value is older than its maximum age, without making a call wait for it", async () => {
    // GIVEN a source that trusts what it read for no time at all
    secrets.setSecret(SECRET_ARN, OLD_KEY);
    const source = new SecretsManagerRequestIdKeys({ secretId: SECRET_ARN, client: client(), maxAgeSeconds: 0 });
    expect(await source.keys()).toStrictEqual({ current: OLD_KEY });

    // WHEN the secret is rotated to a new key, keeping the old one as previous
    secrets.setSecret(SECRET_ARN, JSON.stringify({ current: TEST_REQUEST_ID_KEY, previous: OLD_KEY }));

    // THEN the next call is served at once with the key held, and starts a refresh in the background…
    expect(await source.keys()).toStrictEqual({ current: OLD_KEY });
    // …after which calls see both
    let seen = await source.keys();
    for (let attempt = 0; attempt < 100 && seen.previous === undefined; attempt += 1) {
      await new Promise((resolve) => setTimeout(resolve, 10));
      seen = await source.keys();
    }
    expect(seen).toStrictEqual({ current: TEST_REQUEST_ID_KEY, previous: OLD_KEY });
    // (The last call started one more refresh, the key being stale at once: let it land before the next test counts reads.)
    await new Promise((resolve) => setTimeout(resolve, 200));
  });

  it("reads the secret once per maximum age, not once per call", async () => {
    // GIVEN a source with the default five minutes
    secrets.setSecret(SECRET_ARN, TEST_REQUEST_ID_KEY);
    const source = new SecretsManagerRequestIdKeys({ secretId: SECRET_ARN, client: client() });
    const before = secrets.reads();
    // WHEN ten calls want the keys
    for (let call = 0; call < 10; call += 1) await source.keys();
    // THEN Secrets Manager was read once
    expect(secrets.reads() - before).toBe(1);
  });

  it("keeps serving the last keys it read while Secrets Manager fails", async () => {
    // GIVEN keys read once
    secrets.setSecret(SECRET_ARN, TEST_REQUEST_ID_KEY);
    const source = new SecretsManagerRequestIdKeys({ secretId: SECRET_ARN, client: client(), maxAgeSeconds: 0 });
    await source.keys();
    // WHEN Secrets Manager starts refusing
    secrets.failWith("InternalServiceError");
    // THEN calls go on with those keys
    expect(await source.keys()).toStrictEqual({ current: TEST_REQUEST_ID_KEY });
  });

  describe("a poll function configured with REQUEST_ID_KEY_SECRET_ARN", () => {
    let table: StatusTable;
    beforeEach(async () => {
      table = await StatusTable.create(db.client());
      await table.put({ pk: PK, status: "SUCCEEDED", result: '{"balance":"42.17"}', expiresAt: Math.floor(Date.now() / 1000) + 600, executionName: "e" });
    });
    const pollWith = () =>
      handlerFromEnvironment("poll", createPollHandler, {
        env: { TABLE_NAME: table.name, OPERATIONS: JSON.stringify(TEST_OPERATIONS), REQUEST_ID_KEY_SECRET_ARN: SECRET_ARN },
        logger: new CapturingLogger(),
      });

    it("checks the contact with the secret's key", async () => {
      // GIVEN the secret holds the key the id was issued under
      secrets.setSecret(SECRET_ARN, TEST_REQUEST_ID_KEY);
      // WHEN the contact that started it polls
      const response = await pollWith()(connectEvent({ parameters: { asyncRequestId: PK } }));
      // THEN it is served
      expect(response).toMatchObject({ asyncStatus: "SUCCEEDED", balance: "42.17" });
    });

    it("still serves an id issued under the previous key during a rotation", async () => {
      // GIVEN the id's key has just become the previous one
      secrets.setSecret(SECRET_ARN, JSON.stringify({ current: OLD_KEY, previous: TEST_REQUEST_ID_KEY }));
      // WHEN the contact polls
      const response = await pollWith()(connectEvent({ parameters: { asyncRequestId: PK } }));
      // THEN it is served
      expect(response).toMatchObject({ asyncStatus: "SUCCEEDED" });
    });

    it("refuses the contact once the key the id was issued under is gone", async () => {
      // GIVEN a secret that no longer holds the id's key
      secrets.setSecret(SECRET_ARN, OLD_KEY);
      // WHEN the contact polls
      const response = await pollWith()(connectEvent({ parameters: { asyncRequestId: PK } }));
      // THEN the tag no longer matches
      expect(response).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "CONTACT_MISMATCH" });
    });

    it("answers ERROR with REQUEST_ID_KEY_UNAVAILABLE when the secret cannot be read", async () => {
      // GIVEN a secret Secrets Manager does not have
      const missing = handlerFromEnvironment("poll", createPollHandler, {
        env: { TABLE_NAME: table.name, OPERATIONS: JSON.stringify(TEST_OPERATIONS), REQUEST_ID_KEY_SECRET_ARN: `${SECRET_ARN}-missing` },
        logger: new CapturingLogger(),
      });
      // WHEN the contact polls
      const response = await missing(connectEvent({ parameters: { asyncRequestId: PK } }));
      // THEN the flow hears why, and nothing is derived without a key
      expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "REQUEST_ID_KEY_UNAVAILABLE" });
      expect(response.asyncErrorMessage).toMatch(/request-id key could not be read/);
    });
  });
});
