import fc from "fast-check";
import { connectEvent, TEST_CONTACT_ID } from "../support/connect-event";
import { createHandlerFixture, type HandlerFixture, type HandlerServers, startHandlerServers } from "../support/handler-fixture";

const MAX_ANSWER_BYTES = 32 * 1000;

/** An event from connectEvent() with its Details.ContactData changed. */
function withContactData(contactData: unknown): Record<string, unknown> {
  const event = connectEvent({ parameters: { operation: "accountLookup" } });
  return { ...event, Details: { ...(event.Details as object), ContactData: contactData } };
}

describe("bad input", () => {
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
    it.each([
      { case: "an event that is a string", event: "ContactFlowEvent", code: "INVALID_EVENT" },
      { case: "an event that is null", event: null, code: "INVALID_EVENT" },
      { case: "an event that is an array", event: [connectEvent()], code: "INVALID_EVENT" },
      { case: "no event at all", event: undefined, code: "INVALID_EVENT" },
      { case: "an event without Details", event: { Name: "ContactFlowEvent" }, code: "MISSING_DETAILS" },
      { case: "Details that is a string", event: { Details: "x" }, code: "MISSING_DETAILS" },
      { case: "Parameters that is an array", event: { Details: { ContactData: { ContactId: "c" }, Parameters: ["operation"] } }, code: "INVALID_PARAMETERS" },
      { case: "no operation parameter", event: connectEvent({ parameters: { accountId: "A-1" } }), code: "MISSING_OPERATION" },
      { case: "an operation not configured here", event: connectEvent({ parameters: { operation: "shipping" } }), code: "UNKNOWN_OPERATION" },
      { case: "an operation named like an Object property", event: connectEvent({ parameters: { operation: "__proto__" } }), code: "UNKNOWN_OPERATION" },
      { case: "a number parameter", event: connectEvent({ parameters: { operation: "accountLookup", amount: 12 } }), code: "INVALID_PARAMETER_VALUE" },
      { case: "a nested parameter", event: connectEvent({ parameters: { operation: "accountLookup", customer: { id: "1" } } }), code: "INVALID_PARAMETER_VALUE" },
      { case: "a null parameter", event: connectEvent({ parameters: { operation: "accountLookup", note: null } }), code: "INVALID_PARAMETER_VALUE" },
      { case: "a non-string operation", event: connectEvent({ parameters: { operation: ["accountLookup"] } }), code: "INVALID_PARAMETER_VALUE" },
      { case: "parameters over 32 KB", event: connectEvent({ parameters: { operation: "accountLookup", blob: "x".repeat(33 * 1024) } }), code: "PARAMETERS_TOO_LARGE" },
      { case: "contact attributes too large for an execution input", event: { ...connectEvent({ parameters: { operation: "accountLookup" } }), Padding: "x".repeat(300 * 1024) }, code: "EVENT_TOO_LARGE" },
      { case: "no ContactData", event: withContactData(undefined), code: "MISSING_CONTACT_ID" },
      { case: "an empty ContactId", event: withContactData({ ContactId: "" }), code: "MISSING_CONTACT_ID" },
      { case: "a numeric ContactId", event: withContactData({ ContactId: 42 }), code: "MISSING_CONTACT_ID" },
      { case: "a cacheKey attribute missing", event: connectEvent({ parameters: { operation: "balance" } }), code: "MISSING_CACHE_KEY_ATTRIBUTE" },
    ])("answers ERROR for $case and writes nothing", async ({ event, code }) => {
      // GIVEN an event Connect would not send, or a block set up wrongly
      // WHEN start runs
      const response = await f.start(event);

      // THEN it answers ERROR with the specific code and a readable message, and touches nothing
      expect(response).toMatchObject({ asyncStatus: "ERROR", asyncRequestId: expect.any(String), asyncErrorCode: code });
      expect(response.asyncErrorMessage).toMatch(/\w+ \w+ \w+/);
      expect(await f.table.scan()).toStrictEqual([]);
      expect(f.sfn.requestCount()).toBe(0);
    });

    it("names every non-text parameter but none of their values", async () => {
      // GIVEN two parameters set as non-text values
      const event = connectEvent({ parameters: { operation: "accountLookup", amount: 1234.5, vip: true } });

      // WHEN start runs
      const response = await f.start(event);

      // THEN the message names both, so the designer fixes them in one go, without echoing data
      expect(response.asyncErrorMessage).toContain('"amount" (a number)');
      expect(response.asyncErrorMessage).toContain('"vip" (a boolean)');
      expect(response.asyncErrorMessage).not.toContain("1234.5");
    });

    it("lists the configured operations when the operation is unknown, with an empty request id", async () => {
      // GIVEN a typo in the operation name
      // WHEN start runs
      const response = await f.start(connectEvent({ parameters: { operation: "acountLookup" } }));

      // THEN the message says what is available, and asyncRequestId is present (empty) for the flow to save
      expect(response.asyncErrorMessage).toContain("accountLookup, balance, profileJson");
      expect(response.asyncRequestId).toBe("");
    });
  });

  describe("poll", () => {
    it.each([
      { case: "an event that is a number", event: 7, code: "INVALID_EVENT" },
      { case: "an event without Details", event: {}, code: "MISSING_DETAILS" },
      { case: "a non-string asyncRequestId", event: connectEvent({ parameters: { asyncRequestId: 5 } }), code: "INVALID_PARAMETER_VALUE" },
      { case: "parameters over 32 KB", event: connectEvent({ parameters: { asyncRequestId: `accountLookup#${TEST_CONTACT_ID}`, blob: "é".repeat(17 * 1024) } }), code: "PARAMETERS_TOO_LARGE" },
    ])("answers ERROR for $case", async ({ event, code }) => {
      // GIVEN a poll Connect would not send
      // WHEN it runs
      const response = await f.poll(event);

      // THEN it answers ERROR with the specific code
      expect(response).toMatchObject({ asyncStatus: "ERROR", asyncErrorCode: code });
    });
  });

  describe("any event at all", () => {
    const parameterValue = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ maxLength: 40 }), fc.anything({ maxDepth: 2 }));
    const parameters = fc.dictionary(fc.oneof(fc.constantFrom("operation", "accountId", "asyncRequestId", "__proto__"), fc.string({ maxLength: 10 })), parameterValue, { maxKeys: 5 });
    const plausibleEvent = fc.record(
      {
        Name: fc.constant("ContactFlowEvent"),
        Details: fc.record(
          {
            ContactData: fc.oneof(fc.record({ ContactId: fc.oneof(fc.uuid(), fc.string(), fc.anything()) }, { requiredKeys: [] }), fc.anything()),
            Parameters: fc.oneof(
              parameters,
              fc.record({ operation: fc.constantFrom("accountLookup", "balance", "profileJson"), accountId: fc.string({ maxLength: 20 }) }),
              fc.record({ asyncRequestId: fc.oneof(fc.string(), fc.constantFrom("accountLookup#x", "balance#", "#x", "profileJson#y")) }),
              fc.anything(),
            ),
          },
          { requiredKeys: [] },
        ),
      },
      { requiredKeys: [] },
    );
    const anyEvent = fc.oneof(plausibleEvent, fc.anything());

    it("never throws, and always answers a flat map of strings under 32 KB", async () => {
      // GIVEN arbitrary events, from plausible Connect events to arbitrary JSON values
      // WHEN start and poll answer them
      // THEN every answer is a flat object of strings with a status, within Connect's size limit
      await fc.assert(
        fc.asyncProperty(anyEvent, async (event) => {
          for (const handler of [f.start, f.poll]) {
            const response = await handler(event);
            const values = Object.values(response);
            const isFlatStringMap = typeof response === "object" && response !== null && !Array.isArray(response) && values.every((value) => typeof value === "string");
            const operation = (event as { Details?: { Parameters?: { operation?: unknown } } } | null)?.Details?.Parameters?.operation;
            // profileJson answers JSON by design; its status fields are still strings.
            if (operation !== "profileJson") expect(isFlatStringMap).toBe(true);
            expect(["SUCCEEDED", "PENDING", "FAILED", "ERROR"]).toContain(response.asyncStatus);
            expect(Buffer.byteLength(JSON.stringify(response), "utf8")).toBeLessThan(MAX_ANSWER_BYTES);
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
