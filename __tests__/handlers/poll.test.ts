import { LONG_POLL_MAX_READS_PER_MINUTE } from "../../handlers/lib/completion-wait";
import { DynamoDbRequestStore } from "../../handlers/lib/dynamodb-request-store";
import { createPollHandler } from "../../handlers/poll";
import type { OperationsConfig } from "../../handlers/lib/operations-config";
import { staticRequestIdKeys } from "../../handlers/lib/request-id-key";
import { connectEvent } from "../support/connect-event";
import { createHandlerFixture, type HandlerFixture, type HandlerServers, ISSUED_ID, startHandlerServers, TEST_OPERATIONS, TEST_REQUEST_ID_KEY } from "../support/handler-fixture";
import { TEST_EPOCH_MS } from "../support/virtual-clock";

/** TEST_EPOCH_MS in epoch seconds. */
const NOW_SECONDS = 1_772_366_400;
/** The id start issues to TEST_CONTACT_ID (the default event's contact) for accountLookup without input. */
const PK = `accountLookup#${ISSUED_ID.testContact}`;
const LIVE = { expiresAt: NOW_SECONDS + 600, executionName: "exec-1" };

const pollEvent = (asyncRequestId: string, more: Record<string, string> = {}) => connectEvent({ parameters: { asyncRequestId, ...more } });

describe("poll", () => {
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

  it("answers PENDING with the time since start while the execution runs", async () => {
    // GIVEN an item started 4.2 s ago, within its lease
    await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN it hears PENDING and how long it has waited, as text
    expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: PK, asyncElapsedMs: "4200", asyncNowMs: String(TEST_EPOCH_MS) });
  });

  it("measures the caller's own wait when the flow passes asyncWaitStartedAt", async () => {
    // GIVEN a request another caller started 40 s ago, and this caller began waiting 1.5 s ago
    await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 40_000, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });

    // WHEN the flow polls with the start of its own wait
    const response = await f.poll(pollEvent(PK, { asyncWaitStartedAt: String(TEST_EPOCH_MS - 1500) }));

    // THEN the elapsed time is this caller's wait, not the request's age
    expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "1500" });
  });

  it.each([
    { $case: "empty", value: "" },
    { $case: "not a number", value: "soon" },
    { $case: "in the future", value: String(TEST_EPOCH_MS + 5000) },
  ])("falls back to the request's age when asyncWaitStartedAt is $case", async ({ value }) => {
    // GIVEN a request started 4.2 s ago
    await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
    // WHEN the flow passes an unusable wait start
    const response = await f.poll(pollEvent(PK, { asyncWaitStartedAt: value }));
    // THEN poll still answers, counting from the request's start
    expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "4200" });
  });

  describe("the long poll (pollWaitMs)", () => {
    const withPollWait = (pollWaitMs: number): OperationsConfig => ({ accountLookup: { ...TEST_OPERATIONS.accountLookup, pollWaitMs } });

    it("answers SUCCEEDED the moment the work completes during the wait", async () => {
      // GIVEN a 1.5 s long poll on a running request, which completes after the second pause
      f = await createHandlerFixture(servers, { operations: withPollWait(1500) });
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      f.clock.afterSleep = async (sleeps) => {
        if (sleeps === 2) await f.table.completeAsStateMachine(PK, LIVE.executionName, { result: { balance: "12.50" } }, f.clock.now());
      };

      // WHEN the flow polls
      const response = await f.poll(pollEvent(PK));

      // THEN it hears the result well before the long poll's end
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: PK, balance: "12.50" });
      expect(f.clock.now() - TEST_EPOCH_MS).toBeLessThan(1500);
    });

    it("answers PENDING after waiting the whole long poll, with the elapsed time at its end", async () => {
      // GIVEN a 1 s long poll on work that does not finish in it
      f = await createHandlerFixture(servers, { operations: withPollWait(1000) });
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });

      // WHEN the flow polls
      const response = await f.poll(pollEvent(PK));

      // THEN it waited exactly the long poll, in short pauses, and reports 4.2 + 1 s
      expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "5200" });
      expect(f.clock.now() - TEST_EPOCH_MS).toBe(1000);
      expect(Math.max(...f.clock.sleeps)).toBeLessThanOrEqual(100);
    });

    it("reads once when the flow caps the watch at 0 (asyncPollWaitMs), whatever the operation's pollWaitMs", async () => {
      // GIVEN a 1.5 s long poll on work that does not finish in it
      f = await createHandlerFixture(servers, { operations: withPollWait(1500) });
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      // WHEN the flow polls with asyncPollWaitMs 0 (the event strategy's fallback check), then with 600
      const once = await f.poll(pollEvent(PK, { asyncPollWaitMs: "0" }));
      // THEN the first answers PENDING at once, and the second watches 600 ms, not 1.5 s
      expect(once).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "4200" });
      expect(f.clock.sleeps).toStrictEqual([]);
      await f.poll(pollEvent(PK, { asyncPollWaitMs: "600" }));
      expect(f.clock.now() - TEST_EPOCH_MS).toBe(600);
    });

    it("ignores an unusable asyncPollWaitMs and watches the operation's pollWaitMs", async () => {
      f = await createHandlerFixture(servers, { operations: withPollWait(1000) });
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      await f.poll(pollEvent(PK, { asyncPollWaitMs: "soon" }));
      expect(f.clock.now() - TEST_EPOCH_MS).toBe(1000);
    });

    it("does not wait at all without pollWaitMs", async () => {
      // GIVEN the default operation and a running request
      await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 30_000, ...LIVE });
      // WHEN the flow polls
      await f.poll(pollEvent(PK));
      // THEN no time passed
      expect(f.clock.sleeps).toStrictEqual([]);
    });
  });

  describe("the asynchronous long poll (asyncLongPollMs)", () => {
    /** A running request whose lease outlasts any window below. */
    const RUNNING = { pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 300_000, ...LIVE };
    const WINDOW_MS = 55_000;

    it("answers SUCCEEDED as soon as the work completes mid-window, well inside the 0.3 s delivery target", async () => {
      // GIVEN a running request whose work completes 12.34 s into a 55 s window
      await f.table.put(RUNNING);
      const completesAt = TEST_EPOCH_MS + 12_340;
      let completed = false;
      f.clock.afterSleep = async () => {
        if (completed || f.clock.now() < completesAt) return;
        completed = true;
        await f.table.completeAsStateMachine(PK, LIVE.executionName, { result: { balance: "12.50" } }, completesAt);
      };

      // WHEN the flow invokes poll asynchronously with its wait window
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: String(WINDOW_MS) }));

      // THEN the answer is the result, and it left less than 0.3 s after the completion
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: PK, balance: "12.50" });
      const lagMs = f.clock.now() - completesAt;
      expect(lagMs).toBeGreaterThanOrEqual(0);
      expect(lagMs).toBeLessThan(300);
    });

    it("answers PENDING shortly before the window ends when the work does not complete, with bounded reads", async () => {
      // GIVEN a request that runs past the window
      await f.table.put(RUNNING);

      // WHEN poll is invoked asynchronously with a 55 s window
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: String(WINDOW_MS) }));

      // THEN it answers PENDING, as a synchronous poll would, within the last 0.5 s of the window
      const waitedMs = f.clock.now() - TEST_EPOCH_MS;
      expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: PK, asyncElapsedMs: String(4200 + waitedMs), asyncNowMs: String(TEST_EPOCH_MS) });
      expect(waitedMs).toBeGreaterThan(WINDOW_MS - 500);
      expect(waitedMs).toBeLessThanOrEqual(WINDOW_MS);
      // AND it read the table at most at the advertised rate (one read follows each pause)
      expect(f.clock.sleeps.length).toBeLessThanOrEqual(Math.ceil((LONG_POLL_MAX_READS_PER_MINUTE * WINDOW_MS) / 60_000));
      expect(LONG_POLL_MAX_READS_PER_MINUTE).toBeLessThanOrEqual(600);
    });

    it("stops before the function's own timeout when that comes before the window's end", async () => {
      // GIVEN a running request, and a function with 20 s left
      await f.table.put(RUNNING);
      const context = { getRemainingTimeInMillis: () => 20_000 };

      // WHEN poll is invoked asynchronously with a 55 s window
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: String(WINDOW_MS) }), context);

      // THEN it answers PENDING before the 20 s are up, keeping a margin for the answer to leave
      const waitedMs = f.clock.now() - TEST_EPOCH_MS;
      expect(response.asyncStatus).toBe("PENDING");
      expect(waitedMs).toBeLessThan(20_000 - 100);
      expect(waitedMs).toBeGreaterThan(20_000 - 1000);
    });

    it("answers FAILED with LEASE_EXPIRED as soon as the lease passes during the window", async () => {
      // GIVEN a request whose execution dies: its lease ends 5 s from now
      await f.table.put({ ...RUNNING, leaseUntil: TEST_EPOCH_MS + 5000 });

      // WHEN poll is invoked asynchronously
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: String(WINDOW_MS) }));

      // THEN the flow hears the loss a moment after the lease ends, not at the end of the window
      expect(response).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "LEASE_EXPIRED" });
      expect(f.clock.now() - TEST_EPOCH_MS).toBeLessThan(5500);
    });

    it("answers at once when the work has already completed", async () => {
      // GIVEN a completed request
      await f.table.put({ pk: PK, status: "SUCCEEDED", result: '{"balance":"1.00"}', ...LIVE });
      // WHEN poll is invoked asynchronously
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: String(WINDOW_MS) }));
      // THEN no time passes
      expect(response).toMatchObject({ asyncStatus: "SUCCEEDED", balance: "1.00" });
      expect(f.clock.sleeps).toStrictEqual([]);
    });

    it.each(["", "soon", "0", "-5", "5.5", "1e4", "60001", "999999999"])("treats asyncLongPollMs %j as absent: a synchronous poll, never an error", async (value) => {
      // GIVEN a running request
      await f.table.put(RUNNING);
      // WHEN poll gets an unusable window
      const response = await f.poll(pollEvent(PK, { asyncLongPollMs: value }));
      // THEN it answers at once, as without the parameter
      expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "4200" });
      expect(f.clock.sleeps).toStrictEqual([]);
    });
  });

  describe("the give-up time (asyncGiveUpAfterMs)", () => {
    const RUNNING = { pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 4200, leaseUntil: TEST_EPOCH_MS + 300_000, ...LIVE };
    /** The caller began waiting 40 s ago and gives up 44 s into the wait: 4 s from now. */
    const caller = { asyncWaitStartedAt: String(TEST_EPOCH_MS - 40_000), asyncGiveUpAfterMs: "44000" };

    it("ends an asynchronous long poll at the caller's give-up time, not at the end of its window", async () => {
      // GIVEN a request that runs past the wait
      await f.table.put(RUNNING);
      // WHEN a 30 s round starts 4 s before the caller gives up
      const response = await f.poll(pollEvent(PK, { ...caller, asyncLongPollMs: "30000" }));
      // THEN it answers PENDING by the give-up time, with the caller's wait at that point
      const waitedMs = f.clock.now() - TEST_EPOCH_MS;
      expect(waitedMs).toBeLessThanOrEqual(4000);
      expect(waitedMs).toBeGreaterThan(3500);
      expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: String(40_000 + waitedMs) });
    });

    it("ends a synchronous long poll (pollWaitMs) at the give-up time too", async () => {
      // GIVEN an operation that long-polls 1.5 s, and a caller 0.5 s from giving up
      f = await createHandlerFixture(servers, { operations: { accountLookup: { ...TEST_OPERATIONS.accountLookup, pollWaitMs: 1500 } } });
      await f.table.put(RUNNING);
      // WHEN
      const response = await f.poll(pollEvent(PK, { asyncWaitStartedAt: String(TEST_EPOCH_MS - 43_500), asyncGiveUpAfterMs: "44000" }));
      // THEN
      expect(response.asyncStatus).toBe("PENDING");
      expect(f.clock.now() - TEST_EPOCH_MS).toBeLessThanOrEqual(500);
    });

    it("answers at once when the give-up time has passed", async () => {
      await f.table.put(RUNNING);
      const response = await f.poll(pollEvent(PK, { asyncWaitStartedAt: String(TEST_EPOCH_MS - 50_000), asyncGiveUpAfterMs: "44000", asyncLongPollMs: "30000" }));
      expect(response).toMatchObject({ asyncStatus: "PENDING", asyncElapsedMs: "50000" });
      expect(f.clock.sleeps).toStrictEqual([]);
    });

    it.each(["", "soon", "-5", "1e4", "9999999999"])("treats asyncGiveUpAfterMs %j as absent: the window alone bounds the long poll", async (value) => {
      await f.table.put(RUNNING);
      const response = await f.poll(pollEvent(PK, { asyncWaitStartedAt: String(TEST_EPOCH_MS - 40_000), asyncGiveUpAfterMs: value, asyncLongPollMs: "2000" }));
      expect(response.asyncStatus).toBe("PENDING");
      expect(f.clock.now() - TEST_EPOCH_MS).toBeGreaterThan(1500);
    });
  });

  describe("requests of other contacts", () => {
    it("answers FAILED with CONTACT_MISMATCH when another contact polls a per-contact request", async () => {
      // GIVEN TEST_CONTACT_ID's completed request
      await f.table.put({ pk: PK, status: "SUCCEEDED", result: '{"balance":"42.17"}', ...LIVE });

      // WHEN another contact polls with its id
      const response = await f.poll(connectEvent({ contactId: "contact-b", parameters: { asyncRequestId: PK } }));

      // THEN it gets neither the result nor the status, but a failure naming the reason
      expect(response).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "CONTACT_MISMATCH" });
      expect(response).not.toHaveProperty("balance");
    });

    it("serves a cache-key request to every contact", async () => {
      // GIVEN a completed cache-key request
      const pk = `balance#${"0".repeat(64)}`;
      await f.table.put({ pk, status: "SUCCEEDED", result: '{"balance":"42.17"}', ...LIVE });

      // WHEN any contact polls it
      const response = await f.poll(connectEvent({ contactId: "contact-b", parameters: { asyncRequestId: pk } }));

      // THEN it is served
      expect(response).toMatchObject({ asyncStatus: "SUCCEEDED", balance: "42.17" });
    });
  });

  it("never logs a malformed asyncRequestId, only its length", async () => {
    // GIVEN a phone number where the id should be
    // WHEN the flow polls with it
    const response = await f.poll(pollEvent("accountLookup#+15555550123"));

    // THEN the answer and the log line say how long it was, and nothing of its digits
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: "MALFORMED_REQUEST_ID", asyncRequestId: "" });
    expect(JSON.stringify(f.logger.lines)).not.toContain("5555");
    expect(f.logger.lines[0].fields.errorMessage).toMatch(/\(26 characters\)/);
  });

  it("answers SUCCEEDED with the result's keys at top level", async () => {
    // GIVEN a completed item
    await f.table.put({ pk: PK, status: "SUCCEEDED", result: '{"accountStatus":"ACTIVE","balance":"42.17"}', completedAt: "2026-03-01T11:59:59.000Z", ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN the keys the wrapped Lambda returned are where $.External.<key> reads them
    expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: PK, accountStatus: "ACTIVE", balance: "42.17" });
  });

  it("answers FAILED with the error name and cause the state machine stored", async () => {
    // GIVEN a failed item
    await f.table.put({ pk: PK, status: "FAILED", errorCode: "States.Timeout", errorMessage: "the target timed out", ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN it can branch on the error name
    expect(response).toStrictEqual({ asyncStatus: "FAILED", asyncRequestId: PK, asyncErrorCode: "States.Timeout", asyncErrorMessage: "the target timed out" });
  });

  it("cuts a long stored cause to 1 KB", async () => {
    // GIVEN a failed item with a 5,000-character cause
    await f.table.put({ pk: PK, status: "FAILED", errorCode: "Lambda.Unknown", errorMessage: "é".repeat(5000), ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN the message is at most 1,024 UTF-8 bytes and marked as cut
    const message = String(response.asyncErrorMessage);
    expect(Buffer.byteLength(message, "utf8")).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(message, "utf8")).toBeGreaterThan(1000);
    expect(message.endsWith("…")).toBe(true);
  });

  it("answers FAILED with LEASE_EXPIRED when the execution died holding the item", async () => {
    // GIVEN a PENDING item whose lease ended a millisecond ago
    await f.table.put({ pk: PK, status: "PENDING", startedAt: TEST_EPOCH_MS - 40_000, leaseUntil: TEST_EPOCH_MS - 1, ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN it learns the work is lost
    expect(response).toMatchObject({ asyncStatus: "FAILED", asyncRequestId: PK, asyncErrorCode: "LEASE_EXPIRED" });
  });

  it.each([
    { case: "an id nobody started", item: undefined },
    { case: "an item past its expiry that DynamoDB has not deleted yet", item: { pk: PK, status: "SUCCEEDED", result: '{"a":"b"}', expiresAt: NOW_SECONDS, executionName: "x" } },
  ])("answers FAILED with NOT_FOUND for $case", async ({ item }) => {
    // GIVEN no live item
    if (item !== undefined) await f.table.put(item);

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN it hears NOT_FOUND
    expect(response).toMatchObject({ asyncStatus: "FAILED", asyncRequestId: PK, asyncErrorCode: "NOT_FOUND" });
  });

  it("answers FAILED with RESULT_TOO_LARGE when the result does not fit in 32 KB", async () => {
    // GIVEN a result of about 40 KB
    await f.table.put({ pk: PK, status: "SUCCEEDED", result: JSON.stringify({ statement: "x".repeat(40_000) }), ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN Connect gets a small FAILED answer instead of one it would reject
    expect(response).toMatchObject({ asyncStatus: "FAILED", asyncRequestId: PK, asyncErrorCode: "RESULT_TOO_LARGE" });
    expect(response).not.toHaveProperty("statement");
  });

  it("accepts a result just under the limit", async () => {
    // GIVEN a result whose whole answer is 31,900 bytes
    const overhead = JSON.stringify({ asyncStatus: "SUCCEEDED", asyncRequestId: PK, statement: "" }).length;
    await f.table.put({ pk: PK, status: "SUCCEEDED", result: JSON.stringify({ statement: "x".repeat(31_900 - overhead) }), ...LIVE });

    // WHEN the flow polls
    const response = await f.poll(pollEvent(PK));

    // THEN the result is delivered
    expect(response.asyncStatus).toBe("SUCCEEDED");
    expect(JSON.stringify(response)).toHaveLength(31_900);
  });

  describe("rendering a result", () => {
    const mixedResult = {
      balance: 42.17,
      overdue: false,
      address: { city: "Leeds", zip: "LS1" },
      recentPayments: [10, 20],
      nickname: null,
      asyncStatus: "FORGED",
      asyncErrorCode: "FORGED",
    };

    it("turns every value into a string for STRING_MAP and lets reserved keys win", async () => {
      // GIVEN a result with numbers, booleans, objects, arrays, null and keys in the reserved prefix
      await f.table.put({ pk: PK, status: "SUCCEEDED", result: JSON.stringify(mixedResult), ...LIVE });

      // WHEN a STRING_MAP operation is polled
      const response = await f.poll(pollEvent(PK));

      // THEN every value is text, and the result cannot override the status
      expect(response).toStrictEqual({
        asyncStatus: "SUCCEEDED",
        asyncRequestId: PK,
        balance: "42.17",
        overdue: "false",
        address: '{"city":"Leeds","zip":"LS1"}',
        recentPayments: "[10,20]",
        nickname: "",
      });
    });

    it("keeps values as returned for a JSON operation", async () => {
      // GIVEN the same result under an operation with responseType JSON
      const pk = `profileJson#${ISSUED_ID.testContact}`;
      await f.table.put({ pk, status: "SUCCEEDED", result: JSON.stringify(mixedResult), ...LIVE });

      // WHEN it is polled
      const response = await f.poll(pollEvent(pk));

      // THEN the values keep their JSON types
      expect(response).toStrictEqual({
        asyncStatus: "SUCCEEDED",
        asyncRequestId: pk,
        balance: 42.17,
        overdue: false,
        address: { city: "Leeds", zip: "LS1" },
        recentPayments: [10, 20],
        nickname: null,
      });
    });

    it.each([
      { case: "a string", result: '"ok"', expected: { result: "ok" } },
      { case: "an array", result: '["a","b"]', expected: { result: '["a","b"]' } },
      { case: "a number", result: "7", expected: { result: "7" } },
      { case: "null", result: "null", expected: {} },
    ])("wraps a result that is $case", async ({ result, expected }) => {
      // GIVEN a target that returned something other than an object
      await f.table.put({ pk: PK, status: "SUCCEEDED", result, ...LIVE });

      // WHEN it is polled
      const response = await f.poll(pollEvent(PK));

      // THEN the value is under "result" (nothing for null)
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: PK, ...expected });
    });

    it("answers FAILED with RESULT_NOT_JSON when the stored result is not JSON", async () => {
      // GIVEN a corrupted result
      await f.table.put({ pk: PK, status: "SUCCEEDED", result: "{not json", ...LIVE });

      // WHEN it is polled
      const response = await f.poll(pollEvent(PK));

      // THEN the flow takes its failure branch
      expect(response).toMatchObject({ asyncStatus: "FAILED", asyncErrorCode: "RESULT_NOT_JSON" });
    });
  });

  describe("request ids it cannot serve", () => {
    it.each([
      { case: "no asyncRequestId", parameters: {}, code: "MISSING_REQUEST_ID" },
      { case: "an id without an operation", parameters: { asyncRequestId: "5ca32fbd" }, code: "MALFORMED_REQUEST_ID" },
      { case: "an id with an empty key", parameters: { asyncRequestId: "accountLookup#" }, code: "MALFORMED_REQUEST_ID" },
      { case: "an id with a control character", parameters: { asyncRequestId: "accountLookup#a\nb" }, code: "MALFORMED_REQUEST_ID" },
      { case: "an id whose key is a raw ContactId (the old, unkeyed shape)", parameters: { asyncRequestId: "accountLookup#5ca32fbd-8f92-46af-92a5-6b0f970f0efe" }, code: "MALFORMED_REQUEST_ID" },
      { case: "a cache-key id for a per-contact operation", parameters: { asyncRequestId: `accountLookup#${"a".repeat(64)}` }, code: "MALFORMED_REQUEST_ID" },
      { case: "a per-contact id for a cache-key operation", parameters: { asyncRequestId: `balance#${ISSUED_ID.testContact}` }, code: "MALFORMED_REQUEST_ID" },
      { case: "an id of an operation not configured here", parameters: { asyncRequestId: `shipping#${ISSUED_ID.testContact}` }, code: "UNKNOWN_OPERATION" },
      { case: "an id of an inherited property name", parameters: { asyncRequestId: `constructor#${ISSUED_ID.testContact}` }, code: "UNKNOWN_OPERATION" },
    ])("answers ERROR for $case", async ({ parameters, code }) => {
      // GIVEN a poll with an unusable id
      // WHEN it runs
      const response = await f.poll(connectEvent({ parameters }));

      // THEN it answers ERROR with a code naming the problem
      expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: code });
      expect(String(response.asyncErrorMessage).length).toBeGreaterThan(20);
    });
  });

  it("answers ERROR with STORE_UNAVAILABLE when the table cannot be read", async () => {
    // GIVEN a store pointing at a table that does not exist
    const store = new DynamoDbRequestStore({ client: servers.db.client(), tableName: "no-such-table", clock: f.clock.now });
    const operations = { accountLookup: { stateMachineArn: "arn", timeoutSeconds: 30, cacheTtlSeconds: 0 } };
    const poll = createPollHandler({ store, clock: f.clock.now, sleep: f.clock.sleep, operations, logger: f.logger, requestIdKeys: staticRequestIdKeys(TEST_REQUEST_ID_KEY) });

    // WHEN the flow polls
    const response = await poll(pollEvent(PK));

    // THEN it gets ERROR rather than a Lambda failure, and the log line says why
    expect(response).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: PK, asyncErrorCode: "STORE_UNAVAILABLE" });
    expect(f.logger.lines).toMatchObject([{ level: "error", fields: { handler: "poll", errorCode: "STORE_UNAVAILABLE" } }]);
  });
});
