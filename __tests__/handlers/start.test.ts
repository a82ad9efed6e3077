import type { OperationsConfig } from "../../handlers/lib/operations-config";
import { connectEvent } from "../support/connect-event";
import { createHandlerFixture, type HandlerFixture, type HandlerServers, ISSUED_ID, startHandlerServers, TEST_OPERATIONS } from "../support/handler-fixture";
import { TEST_EPOCH_MS } from "../support/virtual-clock";

/** TEST_EPOCH_MS in epoch seconds (2026-03-01T12:00:00Z). */
const NOW_SECONDS = 1_772_366_400;
/** The id of TEST_CONTACT_ID's accountLookup without input (HMAC tags, see ISSUED_ID). */
const CONTACT_PK = `accountLookup#${ISSUED_ID.testContact}`;

describe("start", () => {
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

  describe("a request nobody has made", () => {
    it("writes a PENDING item with its lease and retention, and starts one execution with the Connect event", async () => {
      // GIVEN an empty table and a per-contact operation (timeoutSeconds 30, cacheTtlSeconds 0) called
      // without input, so its request id is the contact's own
      const event = connectEvent({ parameters: { operation: "accountLookup" } });

      // WHEN start is called
      const response = await f.start(event);

      // THEN it answers PENDING with the request id
      expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: CONTACT_PK, asyncNowMs: String(TEST_EPOCH_MS) });
      // AND one execution got the contract's input: the event unchanged, the expiry in epoch seconds
      // (now + 30 s timeout + 3600 s per-contact retention)
      expect(f.sfn.executions).toHaveLength(1);
      const [execution] = f.sfn.executions;
      expect(execution.stateMachineArn).toBe(TEST_OPERATIONS.accountLookup.stateMachineArn);
      expect(execution.input).toStrictEqual({ requestId: CONTACT_PK, operation: "accountLookup", event, expiresAt: NOW_SECONDS + 3630 });
      expect(execution.name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
      // AND the item holds the lease (now + 30 s + 5 s margin, epoch ms) and names its execution
      expect(await f.table.get(CONTACT_PK)).toStrictEqual({
        pk: CONTACT_PK,
        status: "PENDING",
        startedAt: TEST_EPOCH_MS,
        leaseUntil: TEST_EPOCH_MS + 35_000,
        expiresAt: NOW_SECONDS + 3630,
        executionName: execution.name,
        executionArn: execution.executionArn,
      });
    });

    it("treats a second use in the same contact with other input as a new request, and a retry with the same input as the same", async () => {
      // GIVEN a per-contact lookup for account A-1 that has completed
      const first = await f.start(connectEvent({ parameters: { operation: "accountLookup", accountId: "A-1" } }));
      await f.table.completeAsStateMachine(String(first.asyncRequestId), f.sfn.executions[0].name, { result: { accountId: "A-1" } }, f.clock.now());

      // WHEN the same contact asks again for A-1 (a Connect retry), then for B-2
      const retry = await f.start(connectEvent({ parameters: { operation: "accountLookup", accountId: "A-1" } }));
      const other = await f.start(connectEvent({ parameters: { operation: "accountLookup", accountId: "B-2" } }));

      // THEN the retry is served A-1's result without a new execution, and B-2 starts its own
      expect(retry).toMatchObject({ asyncStatus: "SUCCEEDED", asyncRequestId: first.asyncRequestId, accountId: "A-1" });
      expect(other).toMatchObject({ asyncStatus: "PENDING" });
      expect(other.asyncRequestId).not.toBe(first.asyncRequestId);
      // AND both carry the contact's own tag (the first 32 hex digits of CONTACT_PK's key)
      const contactTag = ISSUED_ID.testContact.slice(0, 32);
      expect(String(other.asyncRequestId)).toMatch(new RegExp(`^accountLookup#${contactTag}\\.[0-9a-f]{32}$`));
      expect(String(first.asyncRequestId)).toMatch(new RegExp(`^accountLookup#${contactTag}\\.[0-9a-f]{32}$`));
      expect(f.sfn.executions).toHaveLength(2);
    });

    it("keeps a cached operation's item for timeoutSeconds plus cacheTtlSeconds", async () => {
      // GIVEN an operation with timeoutSeconds 20 and cacheTtlSeconds 300
      // WHEN start is called for it
      const response = await f.start(connectEvent({ parameters: { operation: "balance", accountId: "A-1" } }));

      // THEN the item and the execution input expire 320 s from now
      const [item] = await f.table.scan();
      expect(item.pk).toBe(response.asyncRequestId);
      expect(item.expiresAt).toBe(NOW_SECONDS + 320);
      expect(f.sfn.executions[0].input).toMatchObject({ expiresAt: NOW_SECONDS + 320 });
    });
  });

  describe("a request somebody already made", () => {
    it("serves a fresh SUCCEEDED result from the cache with its keys and starts nothing", async () => {
      // GIVEN one contact started a balance lookup for account A-1 and the state machine completed it
      const first = await f.start(connectEvent({ contactId: "contact-1", parameters: { operation: "balance", accountId: "A-1" } }));
      await f.table.completeAsStateMachine(String(first.asyncRequestId), f.sfn.executions[0].name, { result: { balance: "42.17", currency: "USD" } }, TEST_EPOCH_MS + 800);
      f.clock.advance(60_000);

      // WHEN another contact asks for the same account a minute later
      const response = await f.start(connectEvent({ contactId: "contact-2", parameters: { operation: "balance", accountId: "A-1" } }));

      // THEN it gets the result at once, and no second execution starts
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: first.asyncRequestId, balance: "42.17", currency: "USD" });
      expect(f.sfn.executions).toHaveLength(1);
    });

    it("starts exactly one execution for 20 concurrent callers with the same cache key", async () => {
      // GIVEN 20 contacts asking for the same account at the same moment
      const events = Array.from({ length: 20 }, (_, i) => connectEvent({ contactId: `contact-${i}`, parameters: { operation: "balance", accountId: "A-7" } }));

      // WHEN they all call start concurrently
      const responses = await Promise.all(events.map((event) => f.start(event)));

      // THEN one execution starts, everyone is PENDING on the same request, and there is one item
      expect(f.sfn.executions).toHaveLength(1);
      expect(new Set(responses.map((response) => response.asyncStatus))).toStrictEqual(new Set(["PENDING"]));
      expect(new Set(responses.map((response) => response.asyncRequestId)).size).toBe(1);
      expect(await f.table.scan()).toHaveLength(1);
    });

    it("starts nothing when Connect repeats the call for the same contact", async () => {
      // GIVEN a contact whose start already ran
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // WHEN Connect retries the same call
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN the retry joins the running execution
      expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: CONTACT_PK, asyncNowMs: expect.stringMatching(/^\d+$/) });
      expect(f.sfn.executions).toHaveLength(1);
    });

    it("keeps different contacts of a per-contact operation apart", async () => {
      // GIVEN two contacts with the same parameters
      // WHEN both call start
      const [a, b] = await Promise.all(["contact-a", "contact-b"].map((contactId) => f.start(connectEvent({ contactId, parameters: { operation: "accountLookup" } }))));

      // THEN each has its own request and execution
      expect([a.asyncRequestId, b.asyncRequestId]).toStrictEqual([`accountLookup#${ISSUED_ID.contactA}`, `accountLookup#${ISSUED_ID.contactB}`]);
      expect(f.sfn.executions).toHaveLength(2);
    });
  });

  describe("an item that may be replaced", () => {
    const later = NOW_SECONDS + 1000;
    it.each([
      { case: "an expired SUCCEEDED item, still present", item: { status: "SUCCEEDED", result: '{"stale":"yes"}', expiresAt: NOW_SECONDS - 1 } },
      { case: "a SUCCEEDED item expiring this very second", item: { status: "SUCCEEDED", result: '{"stale":"yes"}', expiresAt: NOW_SECONDS } },
      { case: "a PENDING item past its lease", item: { status: "PENDING", startedAt: TEST_EPOCH_MS - 40_000, leaseUntil: TEST_EPOCH_MS - 1, expiresAt: later } },
      { case: "a PENDING item without a lease", item: { status: "PENDING", expiresAt: later } },
      { case: "a FAILED item", item: { status: "FAILED", errorCode: "States.Timeout", errorMessage: "too slow", expiresAt: later } },
    ])("restarts $case", async ({ item }) => {
      // GIVEN the item under the contact's key, owned by an old execution
      await f.table.put({ pk: CONTACT_PK, executionName: "old-execution", ...item });

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN a new execution starts and owns a fresh PENDING item
      expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: CONTACT_PK, asyncNowMs: expect.stringMatching(/^\d+$/) });
      expect(f.sfn.executions).toHaveLength(1);
      const stored = await f.table.get(CONTACT_PK);
      expect(stored).toMatchObject({ status: "PENDING", executionName: f.sfn.executions[0].name, leaseUntil: TEST_EPOCH_MS + 35_000 });
      expect(stored).not.toHaveProperty("result");
      expect(stored).not.toHaveProperty("errorCode");
    });

    it.each([
      { case: "a PENDING item within its lease", item: { status: "PENDING", startedAt: TEST_EPOCH_MS - 1000, leaseUntil: TEST_EPOCH_MS + 1000, expiresAt: later }, status: "PENDING" },
      { case: "a PENDING item whose lease ends this millisecond", item: { status: "PENDING", startedAt: TEST_EPOCH_MS - 1000, leaseUntil: TEST_EPOCH_MS, expiresAt: later }, status: "PENDING" },
      // Completed a second ago: a retry of the same block, within the per-contact reuse window.
      { case: "a SUCCEEDED item expiring next second", item: { status: "SUCCEEDED", result: '{"fresh":"yes"}', completedAt: new Date(TEST_EPOCH_MS - 1000).toISOString(), expiresAt: NOW_SECONDS + 1 }, status: "SUCCEEDED" },
    ])("leaves $case alone", async ({ item, status }) => {
      // GIVEN the live item
      await f.table.put({ pk: CONTACT_PK, executionName: "live-execution", ...item });

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN it answers from the item and starts nothing
      expect(response.asyncStatus).toBe(status);
      expect(f.sfn.executions).toHaveLength(0);
      expect(await f.table.get(CONTACT_PK)).toMatchObject({ executionName: "live-execution" });
    });
  });

  describe("a failing StartExecution", () => {
    it("marks the item FAILED, answers ERROR, and lets the next call start again", async () => {
      // GIVEN Step Functions refuses to start
      f.sfn.refuseWith("StateMachineDoesNotExist");

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN the flow gets ERROR with a code it can branch on and the service's reason
      expect(response).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: CONTACT_PK, asyncErrorCode: "EXECUTION_START_FAILED" });
      expect(response.asyncErrorMessage).toContain("StateMachineDoesNotExist");
      // AND the item is FAILED rather than a PENDING item that would block retries until its lease ends
      expect(await f.table.get(CONTACT_PK)).toMatchObject({ status: "FAILED", errorCode: "EXECUTION_START_FAILED", completedAt: "2026-03-01T12:00:00.000Z" });

      // WHEN Step Functions recovers and the flow retries
      f.sfn.refuseWith(undefined);
      const retry = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN the retry starts an execution
      expect(retry).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: CONTACT_PK, asyncNowMs: expect.stringMatching(/^\d+$/) });
      expect(f.sfn.executions).toHaveLength(1);
    });
  });

  describe("the fast path", () => {
    const withFastPath = (fastPathMs: number): OperationsConfig => ({ accountLookup: { ...TEST_OPERATIONS.accountLookup, fastPathMs } });

    it("answers SUCCEEDED when the execution completes during the wait", async () => {
      // GIVEN a 1 s fast path, and work that completes after the third read's pause
      f = await createHandlerFixture(servers, { operations: withFastPath(1000) });
      f.clock.afterSleep = async (sleeps) => {
        if (sleeps === 3) await f.table.completeAsStateMachine(CONTACT_PK, f.sfn.executions[0].name, { result: { balance: "12.50" } }, f.clock.now());
      };

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN it answers with the result, well before the fast path's end, with no poll loop needed
      expect(response).toStrictEqual({ asyncStatus: "SUCCEEDED", asyncRequestId: CONTACT_PK, balance: "12.50" });
      expect(f.clock.now() - TEST_EPOCH_MS).toBeLessThan(1000);
    });

    it("answers FAILED with the state machine's error when the execution fails during the wait", async () => {
      // GIVEN work that fails quickly
      f = await createHandlerFixture(servers, { operations: withFastPath(1000) });
      f.clock.afterSleep = async (sleeps) => {
        if (sleeps === 1) await f.table.completeAsStateMachine(CONTACT_PK, f.sfn.executions[0].name, { errorCode: "BackendUnavailableError", errorMessage: "down" }, f.clock.now());
      };

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN the failure reaches the flow at once
      expect(response).toStrictEqual({ asyncStatus: "FAILED", asyncRequestId: CONTACT_PK, asyncErrorCode: "BackendUnavailableError", asyncErrorMessage: "down" });
    });

    it("answers PENDING after reading every 50-100 ms for fastPathMs when the work is slow", async () => {
      // GIVEN a 1 s fast path and work that does not finish in it
      f = await createHandlerFixture(servers, { operations: withFastPath(1000) });

      // WHEN start is called
      const response = await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN it waited exactly the fast path, in short pauses, and answers PENDING
      expect(response).toStrictEqual({ asyncStatus: "PENDING", asyncRequestId: CONTACT_PK, asyncNowMs: expect.stringMatching(/^\d+$/) });
      expect(f.clock.now() - TEST_EPOCH_MS).toBe(1000);
      expect(Math.max(...f.clock.sleeps)).toBeLessThanOrEqual(100);
      expect(Math.min(...f.clock.sleeps.slice(0, -1))).toBeGreaterThanOrEqual(50);
    });

    it("does not wait when fastPathMs is 0", async () => {
      // GIVEN the default test operation (fastPathMs 0)
      // WHEN start is called
      await f.start(connectEvent({ parameters: { operation: "accountLookup" } }));

      // THEN it never slept
      expect(f.clock.sleeps).toStrictEqual([]);
    });
  });

  describe("logging", () => {
    it("writes one line per invocation with the outcome and no parameter values or phone numbers", async () => {
      // GIVEN an event carrying a phone number and an account number
      const event = connectEvent({ parameters: { operation: "balance", accountId: "ACCT-99812345", callback: "+15555550199" } });

      // WHEN start runs twice (a start, then a join)
      await f.start(event);
      await f.start(event);

      // THEN there are two lines with the fields an operator needs
      expect(f.logger.lines).toHaveLength(2);
      expect(f.logger.lines[0]).toMatchObject({ level: "info", fields: { handler: "start", operation: "balance", outcome: "PENDING", path: "STARTED", durationMs: 0 } });
      expect(f.logger.lines[1]).toMatchObject({ fields: { path: "JOINED" } });
      // AND nothing the caller typed or dialled appears in them
      const text = JSON.stringify(f.logger.lines);
      for (const secret of ["ACCT-99812345", "+15555550199", "+15555550123"]) expect(text).not.toContain(secret);
    });
  });
});
