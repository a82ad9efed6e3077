/**
 * Cached results and the caller's identity (issue 17 H9), against dynalite and a loopback Step
 * Functions: a cached operation's target gets the cache-key inputs, not the first caller's contact
 * data, unless the operation opts in; and a per-contact result (cacheTtlSeconds 0) answers only the
 * wait that asked for it.
 */
import type { OperationsConfig } from "../../handlers/lib/operations-config";
import { PER_CONTACT_REUSE_MS } from "../../handlers/lib/start-request";
import { connectEvent } from "../support/connect-event";
import { createHandlerFixture, type HandlerFixture, type HandlerServers, startHandlerServers, TEST_OPERATIONS } from "../support/handler-fixture";

const CALLER_PHONE = "+15555550123";

describe("a cached operation's target", () => {
  let servers: HandlerServers;
  beforeAll(async () => {
    servers = await startHandlerServers();
  });
  afterAll(async () => {
    await servers.close();
  });

  /** The event the target of the first execution received. */
  const targetEvent = (f: HandlerFixture) => (f.sfn.executions[0].input as { event: unknown }).event;

  it("receives the cache-key inputs alone, not the first caller's contact data or other parameters", async () => {
    // GIVEN a balance lookup shared by accountId, and a caller who also passes a PIN
    const f = await createHandlerFixture(servers);
    // WHEN the first caller starts it
    await f.start(connectEvent({ contactId: "first-caller", parameters: { operation: "balance", accountId: "A-1", pin: "1234" } }));
    // THEN the target's event holds accountId and nothing that identifies the caller
    expect(targetEvent(f)).toStrictEqual({ Name: "ContactFlowEvent", Details: { ContactData: {}, Parameters: { accountId: "A-1" } } });
    expect(JSON.stringify(f.sfn.executions[0].input)).not.toContain(CALLER_PHONE);
    expect(JSON.stringify(f.sfn.executions[0].input)).not.toContain("first-caller");
  });

  it('receives the first caller\'s Connect event unchanged when the operation opts in with targetInput "contact-event"', async () => {
    // GIVEN the same operation opted in
    const operations: OperationsConfig = { ...TEST_OPERATIONS, balance: { ...TEST_OPERATIONS.balance, targetInput: "contact-event" } };
    const f = await createHandlerFixture(servers, { operations });
    const event = connectEvent({ contactId: "first-caller", parameters: { operation: "balance", accountId: "A-1" } });
    // WHEN
    await f.start(event);
    // THEN
    expect(targetEvent(f)).toStrictEqual(event);
  });

  it("of a per-contact operation receives the Connect event unchanged (drop-in)", async () => {
    const f = await createHandlerFixture(servers);
    const event = connectEvent({ parameters: { operation: "accountLookup", accountId: "A-1" } });
    await f.start(event);
    expect(targetEvent(f)).toStrictEqual(event);
  });
});

describe("a per-contact result (cacheTtlSeconds 0)", () => {
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

  const askForBalance = () => f.start(connectEvent({ parameters: { operation: "accountLookup", accountId: "A-1" } }));

  /** GIVEN the contact's lookup has completed with `balance`. */
  async function completed(balance: string): Promise<string> {
    const first = await askForBalance();
    const execution = f.sfn.executions[f.sfn.executions.length - 1].name;
    await f.table.completeAsStateMachine(String(first.asyncRequestId), execution, { result: { balance } }, f.clock.now());
    return String(first.asyncRequestId);
  }

  it("answers a retry of the same block within Connect's longest wait", async () => {
    const requestId = await completed("10.00");
    // WHEN Connect's retry of the start block comes just inside the window
    await f.clock.sleep(PER_CONTACT_REUSE_MS);
    const retry = await askForBalance();
    // THEN it is served the result, nothing new started
    expect(retry).toMatchObject({ asyncStatus: "SUCCEEDED", asyncRequestId: requestId, balance: "10.00" });
    expect(f.sfn.executions).toHaveLength(1);
  });

  it("is not reused when the same contact asks the same question again after its wait", async () => {
    const requestId = await completed("10.00");
    // WHEN a minute later (well inside the item's hour of retention) the caller asks again
    await f.clock.sleep(60_000);
    const again = await askForBalance();
    // THEN a new execution answers it, on the same request id, replacing the old result
    expect(again).toMatchObject({ asyncStatus: "PENDING", asyncRequestId: requestId });
    expect(f.sfn.executions).toHaveLength(2);
    expect(await f.table.get(requestId)).toMatchObject({ status: "PENDING", executionName: f.sfn.executions[1].name });
  });
});
