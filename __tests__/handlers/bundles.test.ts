/**
 * Tests of the artifacts: the bundles `npm run build` produces, loaded by a plain `node` in a folder
 * with no node_modules, configured only through environment variables as Lambda configures them.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { promisify } from "node:util";
import { unzipSync } from "fflate";
import { LOCAL_AWS_ENVIRONMENT, type LocalDynamoDb, startLocalDynamoDb } from "../../sim/aws/local-dynamodb";
import { connectEvent, TEST_CONTACT_ID } from "../support/connect-event";
import { type FakeStepFunctions, startFakeStepFunctions } from "../support/fake-step-functions";
import { ISSUED_ID, TEST_REQUEST_ID_KEY } from "../support/handler-fixture";
import { type EmfRecord, parseEmfLine } from "../../sim/report/emitted-metrics";
import { BUILT_HANDLERS_DIR } from "../support/handler-bundles";
import { StatusTable } from "../support/status-table";

const run = promisify(execFile);
const REPOSITORY_ROOT = path.resolve(__dirname, "../..");
const HANDLERS = ["demo-backend", "poll", "start"];
const OPERATIONS = { accountLookup: { stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:accountLookup", timeoutSeconds: 30, cacheTtlSeconds: 0, fastPathMs: 0 } };

/**
 * Runs `handler(event)` of a bundle in a fresh node; returns the answer, the lines it logged and the
 * Embedded Metric Format lines (those with an `_aws` member) it published.
 */
async function invokeBundle(file: string, event: unknown, env: Record<string, string>): Promise<{ response: Record<string, unknown>; logLines: unknown[]; emfLines: EmfRecord[] }> {
  const script = `require(${JSON.stringify(file)}).handler(${JSON.stringify(event)}).then((r) => console.log("RESPONSE " + JSON.stringify(r)))`;
  const { stdout } = await run(process.execPath, ["-e", script], { cwd: path.dirname(file), env: { PATH: process.env.PATH ?? "", ...env } });
  const lines = stdout.trim().split("\n");
  const response = lines.find((line) => line.startsWith("RESPONSE "));
  const others = lines.filter((line) => line !== response);
  const isEmf = (line: string) => "_aws" in (JSON.parse(line) as object);
  return {
    response: JSON.parse(String(response).slice("RESPONSE ".length)) as Record<string, unknown>,
    logLines: others.filter((line) => !isEmf(line)).map((line) => JSON.parse(line) as unknown),
    emfLines: others.filter(isEmf).map(parseEmfLine),
  };
}

describe("handler bundles", () => {
  let outDirs: string[];
  let db: LocalDynamoDb;
  let sfn: FakeStepFunctions;
  let table: StatusTable;
  let env: Record<string, string>;

  beforeAll(async () => {
    // The bundles this run built once (global-setup.ts), as `npm run build` builds them.
    outDirs = [BUILT_HANDLERS_DIR];
    [db, sfn] = await Promise.all([startLocalDynamoDb(), startFakeStepFunctions()]);
    table = await StatusTable.create(db.client());
    env = {
      ...LOCAL_AWS_ENVIRONMENT,
      AWS_ENDPOINT_URL_DYNAMODB: db.endpoint,
      AWS_ENDPOINT_URL_SFN: sfn.endpoint,
      TABLE_NAME: table.name,
      OPERATIONS: JSON.stringify(OPERATIONS),
      REQUEST_ID_KEY: TEST_REQUEST_ID_KEY,
    };
  }, 30_000);
  afterAll(async () => {
    await Promise.all([db?.close(), sfn?.close()]);
  });

  it("writes one index.js per handler, byte-identical to a build in another folder and free of absolute paths", async () => {
    // GIVEN this run's build, and the bundles inside the committed prebuilt module's zips, which were built in
    // another checkout (CI always runs in a fresh clone elsewhere): a path or anything else of the build folder
    // that leaked into a bundle would make them differ
    const [built] = outDirs;
    const prebuilt = (name: string): Buffer => Buffer.from(unzipSync(readFileSync(path.join(REPOSITORY_ROOT, "terraform", "connect-async", "assets", `${name}.zip`)))["index.js"]);

    // WHEN they are compared
    // THEN each handler has exactly index.js, the Lambda ones the same bytes as in the prebuilt module, and none
    // names this folder or the repository
    expect((await readdir(built)).sort()).toStrictEqual(HANDLERS);
    for (const name of HANDLERS) {
      expect(await readdir(path.join(built, name))).toStrictEqual(["index.js"]);
      const bytes = await readFile(path.join(built, name, "index.js"));
      if (name !== "demo-backend") expect({ name, sameAsPrebuilt: bytes.equals(prebuilt(name)) }).toStrictEqual({ name, sameAsPrebuilt: true });
      const text = bytes.toString("utf8");
      for (const absolute of [REPOSITORY_ROOT, built, "/home/", "/Users/"]) expect(text).not.toContain(absolute);
      expect(text).not.toMatch(/sourceMappingURL/);
    }
  });

  it("answers a poll against DynamoDB reached through AWS_ENDPOINT_URL_DYNAMODB", async () => {
    // GIVEN a completed item in the table
    const pk = `accountLookup#${ISSUED_ID.testContact}`;
    await table.put({ pk, status: "SUCCEEDED", result: JSON.stringify({ balance: 42.17 }), expiresAt: Math.floor(Date.now() / 1000) + 600, executionName: "e" });

    // WHEN the poll bundle is invoked in a fresh node process
    const { response, logLines, emfLines } = await invokeBundle(path.join(outDirs[0], "poll", "index.js"), connectEvent({ parameters: { asyncRequestId: pk } }), env);

    // THEN it reads the item and answers a string map, logging one JSON line with what the saved queries need
    expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: pk, balance: "42.17" });
    expect(logLines).toHaveLength(1);
    expect(logLines[0]).toMatchObject({ level: "INFO", service: "connect-async-poll", handler: "poll", outcome: "SUCCEEDED", operation: "accountLookup", requestId: pk, contactId: TEST_CONTACT_ID });
    // AND it published one EMF line for the operation, in the default namespace, as a cold start
    expect(emfLines).toHaveLength(1);
    expect(emfLines[0]).toMatchObject({ namespace: "ConnectAsync", dimensions: { service: "connect-async-poll", operation: "accountLookup" } });
    expect(Object.keys(emfLines[0].metrics)).toEqual(expect.arrayContaining(["ColdStart", "Calls", "Succeeded", "TimeToOutcome"]));
  });

  it("starts an execution through AWS_ENDPOINT_URL_SFN", async () => {
    // GIVEN a contact with no request yet
    const event = connectEvent({ contactId: "bundle-contact", parameters: { operation: "accountLookup" } });

    // WHEN the start bundle is invoked in a fresh node process
    const { response } = await invokeBundle(path.join(outDirs[0], "start", "index.js"), event, env);

    // THEN it wrote the item and started the execution on the configured endpoints
    const requestId = `accountLookup#${ISSUED_ID.bundleContact}`;
    expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: requestId, asyncNowMs: expect.stringMatching(/^\d{13}$/) });
    expect(sfn.executions).toHaveLength(1);
    expect(sfn.executions[0].input).toMatchObject({ requestId, event });
    expect(await table.get(requestId)).toMatchObject({ status: "PENDING", executionArn: sfn.executions[0].executionArn });
  });

  it("publishes the start's EMF line in the namespace POWERTOOLS_METRICS_NAMESPACE names", async () => {
    // GIVEN a contact with no request yet, and a namespace of the user's choosing
    const event = connectEvent({ contactId: "bundle-metrics-contact", parameters: { operation: "accountLookup" } });

    // WHEN the start bundle is invoked
    const { emfLines } = await invokeBundle(path.join(outDirs[0], "start", "index.js"), event, { ...env, POWERTOOLS_METRICS_NAMESPACE: "Billing/ContactCentre", POWERTOOLS_SERVICE_NAME: "billing-start" });

    // THEN the line is a fresh start, PENDING, under the given namespace and service
    expect(emfLines).toHaveLength(1);
    expect(emfLines[0]).toMatchObject({ namespace: "Billing/ContactCentre", dimensions: { service: "billing-start", operation: "accountLookup" } });
    expect(Object.keys(emfLines[0].metrics).sort()).toStrictEqual(["Calls", "ColdStart", "Fresh", "Pending"]);
  });

  it("reads the operations from OPERATIONS_FILE beside the bundle, as Lambda unpacks the zip", async () => {
    // GIVEN the poll bundle in a folder with operations.json, and no OPERATIONS variable
    const folder = await mkdtemp(path.join(tmpdir(), "bundle-zip-"));
    try {
      await copyFile(path.join(outDirs[0], "poll", "index.js"), path.join(folder, "index.js"));
      await writeFile(path.join(folder, "operations.json"), JSON.stringify(OPERATIONS));
      const pk = `accountLookup#${ISSUED_ID.testContact}`;
      await table.put({ pk, status: "SUCCEEDED", result: JSON.stringify({ plan: "gold" }), expiresAt: Math.floor(Date.now() / 1000) + 600, executionName: "e" });
      const { OPERATIONS: _inline, ...withoutInline } = env;

      // WHEN it is invoked with OPERATIONS_FILE=operations.json
      const { response } = await invokeBundle(path.join(folder, "index.js"), connectEvent({ parameters: { asyncRequestId: pk } }), { ...withoutInline, OPERATIONS_FILE: "operations.json" });

      // THEN it found the operation in the file
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: pk, plan: "gold" });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  it("answers CONFIGURATION when no request-id key is configured, instead of deriving unkeyed ids", async () => {
    // GIVEN an environment without REQUEST_ID_KEY or REQUEST_ID_KEY_SECRET_ARN
    const { REQUEST_ID_KEY: _key, ...withoutKey } = env;

    // WHEN the start bundle is invoked
    const { response } = await invokeBundle(path.join(outDirs[0], "start", "index.js"), connectEvent({ parameters: { operation: "accountLookup" } }), withoutKey);

    // THEN every call is refused with a message naming the variables
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "CONFIGURATION", asyncErrorMessage: expect.stringContaining("REQUEST_ID_KEY_SECRET_ARN") });
  });

  it("runs the demo backend without any configuration", async () => {
    // GIVEN a quick lookup
    // WHEN the demo-backend bundle is invoked
    const { response } = await invokeBundle(path.join(outDirs[0], "demo-backend", "index.js"), connectEvent({ parameters: { accountId: "A-1", delayMs: "10" } }), {});

    // THEN it answers the account record
    expect(response).toMatchObject({ accountId: "A-1", accountStatus: "ACTIVE" });
  });
});

