import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import * as path from "node:path";
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import { ConfigurationError } from "../../handlers/lib/errors";
import { parseOperationsConfig } from "../../handlers/lib/operations-config";
import { readOperationsConfig } from "../../handlers/lib/operations-source";
import { parseRequestIdKeySecret } from "../../handlers/lib/request-id-key";
import { createPollHandler } from "../../handlers/poll";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent } from "../support/connect-event";

const VALID = { stateMachineArn: "arn:aws:states:us-east-1:123456789012:stateMachine:x", timeoutSeconds: 30, cacheTtlSeconds: 0 };

describe("OPERATIONS", () => {
  it("fills in the defaults and ignores fields it does not know", () => {
    // GIVEN a minimal operation plus a field from a newer infra/
    const text = JSON.stringify({ accountLookup: { ...VALID, futureField: true } });

    // WHEN it is parsed
    // THEN fastPathMs is 1000 and responseType STRING_MAP
    expect(parseOperationsConfig(text)).toStrictEqual({ accountLookup: { ...VALID, cacheKey: undefined, fastPathMs: 500, pollWaitMs: 0, responseType: "STRING_MAP" } });
  });

  it("reports every problem of every operation at once", () => {
    // GIVEN two broken operations
    const text = JSON.stringify({
      "bad name!": VALID,
      broken: { stateMachineArn: "", timeoutSeconds: 0, cacheTtlSeconds: -1, cacheKey: ["a", "a"], fastPathMs: 6000, responseType: "XML" },
    });

    // WHEN it is parsed
    // THEN one error lists each problem against its operation
    expect(() => parseOperationsConfig(text)).toThrow(
      [
        "OPERATIONS is invalid:",
        "[bad name!] the name must match [A-Za-z0-9_-]{1,40}",
        "[broken] stateMachineArn must be a non-empty string",
        "[broken] timeoutSeconds must be an integer from 1 to 31536000",
        "[broken] cacheTtlSeconds must be an integer from 0 (per contact only) to 31536000 (a year)",
        "[broken] cacheKey must be a non-empty array of distinct, non-empty attribute names",
        "[broken] fastPathMs must be an integer from 0 to 5000",
        '[broken] responseType must be "STRING_MAP" or "JSON"',
      ].join("\n"),
    );
  });

  it("refuses a cacheKey on a per-contact operation, which would share one contact's result with others", () => {
    // GIVEN an operation keyed across contacts whose results are meant for one contact only
    const text = JSON.stringify({ balance: { ...VALID, cacheTtlSeconds: 0, cacheKey: ["accountId"] } });
    // WHEN / THEN
    expect(() => parseOperationsConfig(text)).toThrow("[balance] cacheKey shares results across contacts, so cacheTtlSeconds must be above 0 (0 means per contact only)");
  });

  it.each([
    { case: "is missing", text: undefined, message: /OPERATIONS is not set/ },
    { case: "is not JSON", text: "{accountLookup:", message: /OPERATIONS is not valid JSON/ },
    { case: "is an array", text: "[]", message: /must be a JSON object keyed by operation name/ },
  ])("explains when it $case", ({ text, message }) => {
    expect(() => parseOperationsConfig(text)).toThrow(message);
  });
});

describe("a handler built from the environment", () => {
  it.each([
    { case: "TABLE_NAME is missing", env: { OPERATIONS: JSON.stringify({ accountLookup: VALID }) }, message: /TABLE_NAME is not set/ },
    { case: "OPERATIONS is malformed", env: { TABLE_NAME: "status", OPERATIONS: "{" }, message: /OPERATIONS is not valid JSON/ },
  ])("answers CONFIGURATION to every call when $case, instead of failing to load", async ({ env, message }) => {
    // GIVEN a deployment with a broken environment
    const logger = new CapturingLogger();
    const poll = handlerFromEnvironment("poll", createPollHandler, { env, logger });

    // WHEN Connect calls it
    const response = await poll(connectEvent({ parameters: { asyncRequestId: "accountLookup#c" } }));

    // THEN the flow gets ERROR/CONFIGURATION and the log says what to fix
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "CONFIGURATION" });
    expect(response.asyncErrorMessage).toMatch(message);
    expect(logger.lines).toMatchObject([{ level: "error", fields: { handler: "poll", errorCode: "CONFIGURATION" } }]);
  });
});

describe("one bad operation among good ones", () => {
  const KEY = "k".repeat(40);
  const env = {
    TABLE_NAME: "status",
    REQUEST_ID_KEY: KEY,
    OPERATIONS: JSON.stringify({ accountLookup: VALID, broken: { ...VALID, cacheTtlSeconds: 1e20 }, constructor: VALID }),
  };

  it.each([
    ["settings out of range", "broken", /the operation "broken" is configured but its settings were refused.*\[broken\] cacheTtlSeconds must be an integer from 0/s],
    ["a name every object inherits", "constructor", /\[constructor\] the name is a property every JavaScript object has/],
  ])("answers CONFIGURATION for the operation with %s, naming the problem", async (_, operation, message) => {
    // GIVEN a function whose OPERATIONS holds a good operation beside a bad one
    const poll = handlerFromEnvironment("poll", createPollHandler, { env, logger: new CapturingLogger() });
    // WHEN a flow polls a request of the bad operation
    const response = await poll(connectEvent({ parameters: { asyncRequestId: `${operation}#${"a".repeat(32)}.${"b".repeat(32)}` } }));
    // THEN it hears CONFIGURATION and why
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "CONFIGURATION" });
    expect(response.asyncErrorMessage).toMatch(message);
  });

  it("keeps serving the good operation", async () => {
    // GIVEN the same function
    const poll = handlerFromEnvironment("poll", createPollHandler, { env, logger: new CapturingLogger() });
    // WHEN a flow polls the good operation with an id of the wrong shape for it (answered after the operation resolves, before any table read)
    const response = await poll(connectEvent({ parameters: { asyncRequestId: `accountLookup#${"c".repeat(64)}` } }));
    // THEN the operation was found and its own rules applied: not CONFIGURATION
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "MALFORMED_REQUEST_ID" });
  });
});

describe("OPERATIONS_FILE", () => {
  let folder: string;
  beforeEach(async () => {
    folder = await mkdtemp(path.join(tmpdir(), "operations-file-"));
  });
  afterEach(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  const operations = { accountLookup: VALID };

  it("resolves a relative path against LAMBDA_TASK_ROOT, where Lambda unpacks the zip", async () => {
    // GIVEN operations.json in the task root
    await writeFile(path.join(folder, "operations.json"), JSON.stringify(operations));
    // WHEN the operations are read with OPERATIONS_FILE=operations.json
    // THEN they are the file's
    expect(readOperationsConfig({ OPERATIONS_FILE: "operations.json", LAMBDA_TASK_ROOT: folder }, "/nowhere").operations).toMatchObject({ accountLookup: VALID });
  });

  it("resolves a relative path against the handler's folder when LAMBDA_TASK_ROOT is unset", async () => {
    // GIVEN operations.json beside the handler
    await writeFile(path.join(folder, "operations.json"), JSON.stringify(operations));
    // WHEN / THEN
    expect(readOperationsConfig({ OPERATIONS_FILE: "operations.json" }, folder).operations).toMatchObject({ accountLookup: VALID });
  });

  it("holds far more operations than the 4 KB environment could", async () => {
    // GIVEN 150 operations, about 20 KB of JSON
    const many = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`operation-${index}`, { ...VALID, stateMachineArn: `${VALID.stateMachineArn}-${index}` }]));
    await writeFile(path.join(folder, "operations.json"), JSON.stringify(many));
    expect(JSON.stringify(many).length).toBeGreaterThan(4096);
    // WHEN they are read
    const config = readOperationsConfig({ OPERATIONS_FILE: path.join(folder, "operations.json") }, "/nowhere").operations;
    // THEN every one is there
    expect(Object.keys(config)).toHaveLength(150);
    expect(config["operation-149"].stateMachineArn).toBe(`${VALID.stateMachineArn}-149`);
  });

  it.each([
    { case: "the file is missing", content: undefined, message: /OPERATIONS_FILE \(.*operations\.json\) cannot be read .*ENOENT.*ship the operations JSON/ },
    { case: "the file is empty", content: " \n", message: /OPERATIONS_FILE \(.*operations\.json\) is empty/ },
    { case: "the file is not JSON", content: "{accountLookup:", message: /OPERATIONS_FILE \(.*operations\.json\) is not valid JSON/ },
  ])("explains, naming the resolved path, when $case", async ({ content, message }) => {
    // GIVEN a task root whose operations.json is unusable
    if (content !== undefined) await writeFile(path.join(folder, "operations.json"), content);
    // WHEN / THEN
    expect(() => readOperationsConfig({ OPERATIONS_FILE: "operations.json", LAMBDA_TASK_ROOT: folder }, "/nowhere")).toThrow(message);
  });

  it("refuses a broken operation on its own, naming the file, and keeps the others in force", async () => {
    // GIVEN operations.json with one good and one broken operation
    await writeFile(path.join(folder, "operations.json"), JSON.stringify({ ...operations, x: { ...VALID, timeoutSeconds: 0 } }));
    // WHEN it is read
    const { operations: inForce, refused } = readOperationsConfig({ OPERATIONS_FILE: "operations.json", LAMBDA_TASK_ROOT: folder }, "/nowhere");
    // THEN the good one is in force and the broken one is refused with its problem
    expect(Object.keys(inForce)).toEqual(["accountLookup"]);
    expect(refused.get("x")).toMatch(/OPERATIONS_FILE \(.*operations\.json\) refuses this operation:\n\[x\] timeoutSeconds/);
  });

  it("refuses OPERATIONS and OPERATIONS_FILE together, so there is no doubt which are in force", () => {
    expect(() => readOperationsConfig({ OPERATIONS_FILE: "operations.json", OPERATIONS: JSON.stringify(operations) }, folder)).toThrow(/set only one/);
  });

  it("keeps reading OPERATIONS when OPERATIONS_FILE is unset", () => {
    expect(readOperationsConfig({ OPERATIONS: JSON.stringify(operations) }, folder).operations).toMatchObject({ accountLookup: VALID });
  });
});

describe("the request-id key and the time limit in the environment", () => {
  const base = { TABLE_NAME: "status", OPERATIONS: JSON.stringify({ accountLookup: VALID }) };

  it.each([
    { case: "no key is configured", env: base, message: /no request-id key: set REQUEST_ID_KEY_SECRET_ARN .* or REQUEST_ID_KEY/ },
    { case: "the key is short", env: { ...base, REQUEST_ID_KEY: "short-key-value" }, message: /current key has 15 characters; use a random key of at least 32/ },
    { case: "both key variables are set", env: { ...base, REQUEST_ID_KEY: "k".repeat(32), REQUEST_ID_KEY_SECRET_ARN: "arn:aws:secretsmanager:us-east-1:1:secret:k" }, message: /set only one/ },
    { case: "CONNECT_TIME_LIMIT_MS is above Connect's 8 s", env: { ...base, REQUEST_ID_KEY: "k".repeat(32), CONNECT_TIME_LIMIT_MS: "9000" }, message: /CONNECT_TIME_LIMIT_MS must be whole milliseconds from 1000 to 8000/ },
    { case: "CONNECT_TIME_LIMIT_MS is not a number", env: { ...base, REQUEST_ID_KEY: "k".repeat(32), CONNECT_TIME_LIMIT_MS: "4s" }, message: /CONNECT_TIME_LIMIT_MS must be whole milliseconds/ },
  ])("answers CONFIGURATION when $case", async ({ env, message }) => {
    // GIVEN a deployment with that environment
    const logger = new CapturingLogger();
    const poll = handlerFromEnvironment("poll", createPollHandler, { env, logger });

    // WHEN Connect calls it
    const response = await poll(connectEvent({ parameters: { asyncRequestId: `accountLookup#${"0".repeat(32)}.${"0".repeat(32)}` } }));

    // THEN the flow gets ERROR/CONFIGURATION and the message says what to change
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "CONFIGURATION" });
    expect(response.asyncErrorMessage).toMatch(message);
  });

  it("never repeats the key in a message about it", () => {
    // GIVEN a secret that is almost a key
    const secret = "almost-a-key-but-too-short";
    // WHEN / THEN: the messages describe it without quoting it
    expect(() => parseRequestIdKeySecret(secret, "the secret")).toThrow(ConfigurationError);
    expect(() => parseRequestIdKeySecret(secret, "the secret")).not.toThrow(/almost/);
    expect(() => parseRequestIdKeySecret(`{"current": "${secret}"}`, "the secret")).not.toThrow(/almost/);
    expect(() => parseRequestIdKeySecret(`{"current": "${secret}`, "the secret")).not.toThrow(/almost/);
  });

  it("reads a secret holding the key itself or the current and previous keys", () => {
    const current = "c".repeat(32);
    const previous = "p".repeat(40);
    expect(parseRequestIdKeySecret(`  ${current}\n`, "the secret")).toStrictEqual({ current });
    expect(parseRequestIdKeySecret(JSON.stringify({ current, previous }), "the secret")).toStrictEqual({ current, previous });
    expect(() => parseRequestIdKeySecret(JSON.stringify({ previous }), "the secret")).toThrow(/has no "current" text/);
  });
});
