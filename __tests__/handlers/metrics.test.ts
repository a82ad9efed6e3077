/**
 * The metrics each handler publishes, read back from the EMF lines it wrote (the same lines
 * CloudWatch would extract them from), against dynalite and the fake StartExecution server. Expected
 * names are written out here from the issue's list, not taken from the code that emits them.
 */
import { handlerFromEnvironment } from "../../handlers/lib/environment";
import type { OperationsConfig } from "../../handlers/lib/operations-config";
import { createStartHandler } from "../../handlers/start";
import { EmittedMetrics, type EmfRecord } from "../../sim/report/emitted-metrics";
import { CapturingLogger } from "../support/capturing-logger";
import { connectEvent, TEST_CONTACT_ID } from "../support/connect-event";
import { createHandlerFixture, type HandlerFixture, type HandlerServers, ISSUED_ID, startHandlerServers, TEST_OPERATIONS } from "../support/handler-fixture";
import { TEST_EPOCH_MS } from "../support/virtual-clock";

const NOW_SECONDS = 1_772_366_400;
const PK = `accountLookup#${ISSUED_ID.testContact}`;
const LIVE = { expiresAt: NOW_SECONDS + 600, executionName: "exec-1" };
const pollEvent = (asyncRequestId: string, more: Record<string, string> = {}) => connectEvent({ parameters: { asyncRequestId, ...more } });

/** The metric names of one line, sorted. */
const names = (record: EmfRecord | undefined) => Object.keys(record?.metrics ?? {}).sort();
const last = (f: HandlerFixture) => f.metrics.records[f.metrics.records.length - 1];

describe("handler metrics (EMF)", () => {
  let servers: HandlerServers;
  let f: HandlerFixture;
  beforeAll(async () => {
    servers = await startHandlerServers();
  });
  afterAll(async () => {
    await servers.close();
  });
  beforeEach(async () => {
    f = await createHandlerFixture(servers);
  });

  describe("start", () => {
    it("publishes one line per call in namespace ConnectAsync, per operation and per function, with a cold start on the first", async () => {
      // GIVEN a request nobody has made
      // WHEN start is called twice by the same contact (a fresh start, then Connect's retry)
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN two lines, each under [service, operation] and [service] alone, and nothing else as a dimension
      expect(f.metrics.records).toHaveLength(2);
      for (const record of f.metrics.records) {
        expect(record.namespace).toBe("ConnectAsync");
        expect(record.dimensionSets).toStrictEqual([["service", "operation"], ["service"]]);
        expect(record.dimensions).toStrictEqual({ service: "test-start", operation: "accountLookup" });
      }
      // AND the first is a cold, fresh start answering PENDING; the second joined it
      expect(names(f.metrics.records[0])).toStrictEqual(["Calls", "ColdStart", "Fresh", "Pending"]);
      expect(names(f.metrics.records[1])).toStrictEqual(["Calls", "Joined", "Pending"]);
    });

    it("counts a cache hit as the end of the caller's wait, with its time to outcome", async () => {
      // GIVEN a request of this contact that completed a second ago (within start's per-contact reuse window)
      await f.table.put({ pk: PK, status: "SUCCEEDED", startedAt: TEST_EPOCH_MS - 9000, completedAt: TEST_EPOCH_MS - 1000, result: JSON.stringify({ a: "1" }), ...LIVE });
      // WHEN start is called
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));
      // THEN it counts a cache hit, a success and the time this call took (no time passed on the virtual clock)
      expect(names(last(f))).toStrictEqual(["CacheHit", "Calls", "ColdStart", "Succeeded", "TimeToOutcome"]);
      expect(last(f).metrics.TimeToOutcome).toStrictEqual({ value: 0, unit: "Milliseconds" });
    });

    it("counts an outcome answered on the fast path, and the failure branch it sends the caller down", async () => {
      // GIVEN a 1 s fast path and work that fails after the second read's pause
      const operations: OperationsConfig = { accountLookup: { ...TEST_OPERATIONS.accountLookup, fastPathMs: 1000 } };
      f = await createHandlerFixture(servers, { operations });
      f.clock.afterSleep = async (sleeps) => {
        if (sleeps === 2) await f.table.completeAsStateMachine(PK, f.sfn.executions[0].name, { errorCode: "States.Timeout", errorMessage: "slow" }, f.clock.now());
      };
      // WHEN start is called
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));
      // THEN the line names the fast path, the failure, its code (an AWS error name is kept) and the wait
      const record = last(f);
      expect(names(record)).toStrictEqual(["Calls", "ColdStart", "ErrorCode.States.Timeout", "Failed", "FailureBranch", "FastPath", "Fresh", "TimeToOutcome"]);
      expect(record.metrics.TimeToOutcome.value).toBe(f.clock.now() - TEST_EPOCH_MS);
      expect(record.metrics.TimeToOutcome.value).toBeGreaterThan(0);
    });

    it("publishes an ERROR before the operation is known under [service] only", async () => {
      // GIVEN an event without the operation parameter
      // WHEN start is called
      await f.start(connectEvent({ parameters: {} }));
      // THEN the line has no operation dimension, and counts the error by code and as a failure branch
      const record = last(f);
      expect(record.dimensionSets).toStrictEqual([["service"]]);
      expect(record.dimensions).toStrictEqual({ service: "test-start" });
      expect(names(record)).toStrictEqual(["Calls", "ColdStart", "Error", "ErrorCode.MISSING_OPERATION", "FailureBranch", "TimeToOutcome"]);
    });

    it("never puts caller data in a line: no ContactId, request id or parameter value", async () => {
      // GIVEN a cache-key operation called with an account number
      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "balance", accountId: "4111-2222" } }));
      // THEN none of those values appears in any line
      const text = JSON.stringify(f.metrics.records);
      for (const value of [TEST_CONTACT_ID, "4111-2222", String(response.asyncRequestId)]) expect(text).not.toContain(value);
    });
  });

  describe("poll", () => {
    it("counts PENDING without ending the wait", async () => {
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      await f.poll(pollEvent(PK));
      expect(last(f).dimensions).toStrictEqual({ service: "test-poll", operation: "accountLookup" });
      expect(names(last(f))).toStrictEqual(["Calls", "ColdStart", "Pending"]);
    });

    it("measures time to outcome from the caller's own wait start", async () => {
      // GIVEN a completed request another caller started 40 s ago; this caller began waiting 2.5 s ago
      await f.table.put({ pk: PK, status: "SUCCEEDED", startedAt: TEST_EPOCH_MS - 40_000, result: "{}", ...LIVE });
      // WHEN the flow polls with the start of its wait
      await f.poll(pollEvent(PK, { asyncWaitStartedAt: String(TEST_EPOCH_MS - 2500) }));
      // THEN the caller waited 2.5 s
      expect(names(last(f))).toStrictEqual(["Calls", "ColdStart", "Succeeded", "TimeToOutcome"]);
      expect(last(f).metrics.TimeToOutcome.value).toBe(2500);
    });

    it.each([
      { $case: "the state machine's fallback write", code: "STORE_WRITE_FAILED" },
      { $case: "a result too large for the item", code: "RESULT_TOO_LARGE" },
      { $case: "orchestrated outputs that are not objects", code: "OUTPUT_NOT_OBJECT" },
    ])("counts an outcome that could not be recorded: $case", async ({ code }) => {
      await f.table.put({ pk: PK, status: "FAILED", startedAt: TEST_EPOCH_MS - 3000, errorCode: code, errorMessage: "x", ...LIVE });
      await f.poll(pollEvent(PK));
      expect(names(last(f))).toStrictEqual(["Calls", "ColdStart", `ErrorCode.${code}`, "Failed", "FailureBranch", "OutcomeNotRecorded", "TimeToOutcome"]);
    });

    it("counts an error name the target chose as TargetError, so the metric count stays bounded", async () => {
      await f.table.put({ pk: PK, status: "FAILED", startedAt: TEST_EPOCH_MS - 3000, errorCode: "AccountLockedException", errorMessage: "x", ...LIVE });
      await f.poll(pollEvent(PK));
      expect(names(last(f))).toContain("ErrorCode.TargetError");
      expect(JSON.stringify(last(f))).not.toContain("AccountLockedException");
    });

    it("does not count a poll ERROR as a failure branch: the flow polls again", async () => {
      await f.poll(pollEvent("not-an-id"));
      expect(names(last(f))).toStrictEqual(["Calls", "ColdStart", "Error", "ErrorCode.MALFORMED_REQUEST_ID"]);
    });

    it("reports how long the long poll watched the item", async () => {
      // GIVEN a 1 s synchronous long poll on work that does not finish in it
      f = await createHandlerFixture(servers, { operations: { accountLookup: { ...TEST_OPERATIONS.accountLookup, pollWaitMs: 1000 } } });
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      // WHEN the flow polls
      await f.poll(pollEvent(PK));
      // THEN the line carries the 1 s it waited
      expect(last(f).metrics.LongPollDuration).toStrictEqual({ value: 1000, unit: "Milliseconds" });
    });
  });

  describe("configuration and the request-id key", () => {
    it("counts every call of a misconfigured function as a configuration error", async () => {
      // GIVEN a function deployed without TABLE_NAME
      const emitted = new EmittedMetrics();
      const logger = new CapturingLogger();
      const handler = handlerFromEnvironment("start", (deps) => createStartHandler({ ...deps, executions: { startExecution: async () => ({ executionArn: "x" }) } }), {
        env: { REQUEST_ID_KEY: "k".repeat(32), OPERATIONS: "{}" },
        logger,
        metrics: emitted.sink("billing-start"),
      });
      // WHEN it is called
      await handler(connectEvent({ parameters: { operation: "accountLookup" } }));
      // THEN the line counts a ConfigurationError under the function's service
      expect(emitted.records[0].dimensions).toStrictEqual({ service: "billing-start" });
      expect(names(emitted.records[0])).toContain("ConfigurationError");
      // AND the log line still names the contact, for the one-contact query
      expect(logger.lines[0].fields).toMatchObject({ contactId: TEST_CONTACT_ID, errorCode: "CONFIGURATION" });
    });

    it("counts a request-id key that cannot be read", async () => {
      // GIVEN a key source that cannot be reached
      f = await createHandlerFixture(servers, { requestIdKeys: { keys: async () => Promise.reject(new Error("AccessDeniedException")) } });
      // WHEN start is called
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));
      // THEN the line counts a RequestIdKeyError for the operation
      expect(names(last(f))).toStrictEqual(["Calls", "ColdStart", "Error", "ErrorCode.REQUEST_ID_KEY_UNAVAILABLE", "FailureBranch", "RequestIdKeyError", "TimeToOutcome"]);
    });
  });
});
