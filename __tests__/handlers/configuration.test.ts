import { handlerFromEnvironment } from "../../handlers/lib/environment";
import { parseOperationsConfig } from "../../handlers/lib/operations-config";
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
        "[broken] cacheTtlSeconds must be an integer of at least 0 (0 = per contact only)",
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
