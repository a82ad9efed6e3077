import fc from "fast-check";
import { parseConnectRequest } from "../../handlers/lib/connect-request";
import { InvalidRequestError } from "../../handlers/lib/errors";
import { executionNameFor } from "../../handlers/lib/execution-name";
import type { OperationRuntimeConfig } from "../../handlers/lib/operations-config";
import { belongsToContact, parseRequestId, requestIdFor } from "../../handlers/lib/request-id";
import { connectEvent, TEST_CONTACT_ID } from "../support/connect-event";
import { ISSUED_ID, TEST_REQUEST_ID_KEY } from "../support/handler-fixture";

const perContact: OperationRuntimeConfig = { stateMachineArn: "arn", timeoutSeconds: 30, cacheTtlSeconds: 0 };
const byAccount: OperationRuntimeConfig = { ...perContact, cacheTtlSeconds: 300, cacheKey: ["accountId"] };
const byAccountAndLanguage: OperationRuntimeConfig = { ...perContact, cacheTtlSeconds: 300, cacheKey: ["lang", "accountId"] };

const request = (parameters: Record<string, string>, contactId = "contact-1") => parseConnectRequest(connectEvent({ contactId, parameters }));

const KEYS = { current: TEST_REQUEST_ID_KEY };
const OTHER_KEY = "another-key-of-at-least-thirty-two-chars";

describe("request ids", () => {
  // Vectors computed outside this code: printf '%s' '<message>' | openssl dgst -sha256 -hmac "$TEST_REQUEST_ID_KEY"
  it.each<{ case: string; operation: OperationRuntimeConfig; parameters: Record<string, string>; expected: string }>([
    // '["contact","contact-1"]' (first 32) . '["request","contact-1",[["accountId","12345"]]]' (first 32)
    { case: "a per-contact operation with input", operation: perContact, parameters: { operation: "op", accountId: "12345" }, expected: "op#111fdcd7d8eae0f48eaa9d3ba8e2ed88.22b724ef8d67c384e02d2157dff669e2" },
    // '["cacheKey",[["accountId","12345"]]]'
    { case: "one cache-key attribute", operation: byAccount, parameters: { accountId: "12345", other: "ignored" }, expected: "op#0b9a462cc693127579511d29eec57ed01f6398d57333440b7ea5214c080d444b" },
    // '["cacheKey",[["accountId","12345"],["lang","en-GB"]]]' (names sorted)
    { case: "two cache-key attributes in any configured order", operation: byAccountAndLanguage, parameters: { accountId: "12345", lang: "en-GB" }, expected: "op#f00070dbc54a524195fcf2938d464b08495b6e73a00098a5d9dde03f9892c8e6" },
  ])("keys $case with an HMAC under the functions' key", ({ operation, parameters, expected }) => {
    // GIVEN an operation and a contact's parameters
    // WHEN the request id is derived
    // THEN it is the HMAC-SHA-256 of the labelled JSON message, never a bare digest of the input
    expect(requestIdFor("op", operation, request(parameters), KEYS)).toBe(expected);
  });

  it("gives a per-contact request of a contact without input the contact's two tags", () => {
    // GIVEN TEST_CONTACT_ID's accountLookup without input (vector in ISSUED_ID)
    // WHEN its id is derived
    // THEN it is the issued id
    expect(requestIdFor("accountLookup", perContact, request({ operation: "accountLookup" }, TEST_CONTACT_ID), KEYS)).toBe(`accountLookup#${ISSUED_ID.testContact}`);
  });

  it("derives other ids under another key, so ids cannot be recomputed from the input alone", () => {
    // GIVEN the same request under two keys
    const parameters = { accountId: "4111111111111111" };
    // WHEN ids are derived
    // THEN they differ for both layouts
    expect(requestIdFor("op", byAccount, request(parameters), KEYS)).not.toBe(requestIdFor("op", byAccount, request(parameters), { current: OTHER_KEY }));
    expect(requestIdFor("op", perContact, request(parameters), KEYS)).not.toBe(requestIdFor("op", perContact, request(parameters), { current: OTHER_KEY }));
  });

  it("shares a cache key across contacts and keeps raw values out of the id", () => {
    // GIVEN two contacts asking about the same account
    // WHEN their ids are derived
    const a = requestIdFor("op", byAccount, request({ accountId: "4111111111111111" }, "contact-a"), KEYS);
    const b = requestIdFor("op", byAccount, request({ accountId: "4111111111111111" }, "contact-b"), KEYS);

    // THEN they are equal and do not contain the account number
    expect(a).toBe(b);
    expect(a).not.toContain("4111");
  });

  it("never confuses values that concatenate alike", () => {
    // GIVEN value pairs that would collide under naive joining
    fc.assert(
      fc.property(fc.string(), fc.string(), fc.string(), fc.string(), (a1, b1, a2, b2) => {
        fc.pre(a1 !== a2 || b1 !== b2);
        // WHEN two requests differ in any attribute
        const first = requestIdFor("op", byAccountAndLanguage, request({ accountId: a1, lang: b1 }), KEYS);
        const second = requestIdFor("op", byAccountAndLanguage, request({ accountId: a2, lang: b2 }), KEYS);
        // THEN their ids differ
        expect(first).not.toBe(second);
      }),
    );
    expect(requestIdFor("op", byAccountAndLanguage, request({ accountId: "a|b", lang: "c" }), KEYS)).not.toBe(
      requestIdFor("op", byAccountAndLanguage, request({ accountId: "a", lang: "b|c" }), KEYS),
    );
  });

  it("names the missing cache-key attributes", () => {
    // GIVEN a request without the cache-key attributes
    // WHEN the id is derived
    // THEN the error names each one
    expect(() => requestIdFor("op", byAccountAndLanguage, request({}), KEYS)).toThrow(/"accountId", "lang"/);
  });

  it("issues ids poll accepts for any ContactId start accepts, up to 256 characters, and for any input", () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: 1, maxLength: 256 }),
        fc.dictionary(fc.string({ maxLength: 20 }), fc.string({ maxLength: 50 }), { maxKeys: 5 }),
        (contactId, parameters) => {
          const parsedRequest = parseConnectRequest(connectEvent({ contactId, parameters }));
          fc.pre(parsedRequest.contactId !== undefined);
          // GIVEN any usable contact and input
          // WHEN start derives the id
          const requestId = requestIdFor("op", perContact, parsedRequest, KEYS);
          // THEN poll parses it, of one fixed length, as this contact's
          const parsed = parseRequestId(requestId);
          expect(requestId).toHaveLength("op#".length + 65);
          expect(belongsToContact(parsed, parsedRequest, KEYS)).toBe(true);
        },
      ),
    );
  });

  it("parses what it derives, and nothing else", () => {
    // GIVEN ids of both layouts and malformed ones
    // WHEN they are parsed
    // THEN well-formed ids give their operation, the rest a MALFORMED_REQUEST_ID error
    expect(parseRequestId(`accountLookup#${ISSUED_ID.testContact}`)).toStrictEqual({
      requestId: `accountLookup#${ISSUED_ID.testContact}`,
      operationName: "accountLookup",
      contactTag: ISSUED_ID.testContact.slice(0, 32),
    });
    expect(parseRequestId(`balance#${"0".repeat(64)}`)).toStrictEqual({ requestId: `balance#${"0".repeat(64)}`, operationName: "balance" });
    const malformed = ["", "#", "noseparator", "#key", "op#", "bad op#key", `${"o".repeat(41)}#${"0".repeat(64)}`, "op#+15555550123", `op#${"0".repeat(63)}`, `op#${"A".repeat(64)}`, `op#${"0".repeat(32)}-${"0".repeat(32)}`];
    for (const text of malformed) expect(() => parseRequestId(text)).toThrow(InvalidRequestError);
  });

  it("never repeats a malformed id in its error, which reaches the log", () => {
    // GIVEN a phone number passed as the id
    // WHEN it is parsed
    // THEN the message gives its length only
    expect(() => parseRequestId("demo#+15555550123")).toThrow(/\(17 characters\)/);
    expect(() => parseRequestId("demo#+15555550123")).not.toThrow(/5555/);
  });

  describe("the contact check", () => {
    const contactRequest = (contactId: string) => request({ operation: "op" }, contactId);

    it("accepts the contact that started the request and refuses another", () => {
      // GIVEN an id issued to contact-a
      const parsed = parseRequestId(requestIdFor("op", perContact, contactRequest("contact-a"), KEYS));
      // WHEN each contact presents it
      // THEN only contact-a owns it
      expect(belongsToContact(parsed, contactRequest("contact-a"), KEYS)).toBe(true);
      expect(belongsToContact(parsed, contactRequest("contact-b"), KEYS)).toBe(false);
    });

    it("accepts an id issued under the previous key after a rotation, and not once that key is dropped", () => {
      // GIVEN an id issued before the rotation
      const parsed = parseRequestId(requestIdFor("op", perContact, contactRequest("contact-a"), { current: OTHER_KEY }));
      // WHEN the keys have rotated (OTHER_KEY now previous), then the previous key is dropped
      // THEN the contact keeps its request during the overlap only
      expect(belongsToContact(parsed, contactRequest("contact-a"), { current: TEST_REQUEST_ID_KEY, previous: OTHER_KEY })).toBe(true);
      expect(belongsToContact(parsed, contactRequest("contact-a"), { current: TEST_REQUEST_ID_KEY })).toBe(false);
    });

    it("leaves cache-key ids shared by design", () => {
      // GIVEN a cache-key id
      const parsed = parseRequestId(requestIdFor("op", byAccount, request({ accountId: "1" }, "contact-a"), KEYS));
      // WHEN another contact presents it
      // THEN it is served
      expect(belongsToContact(parsed, contactRequest("contact-b"), KEYS)).toBe(true);
    });
  });
});

describe("execution names", () => {
  const startedAt = 1_772_366_400_123;

  it("keeps a short request id readable", () => {
    // GIVEN a per-contact request id
    // WHEN the name is derived
    // THEN it is the id with # replaced, and the start time
    expect(executionNameFor("accountLookup#5ca32fbd-8f92-46af-92a5-6b0f970f0efe", "accountLookup", startedAt)).toBe(
      "accountLookup_5ca32fbd-8f92-46af-92a5-6b0f970f0efe-1772366400123",
    );
  });

  it("is valid for Step Functions, deterministic, and distinct per request and start time", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9_-]{1,40}$/), fc.string({ minLength: 1, maxLength: 256 }), fc.integer({ min: 0, max: 4_102_444_800_000 }), (operation, key, time) => {
        // GIVEN any operation, key and start time
        const requestId = `${operation}#${key}`;
        // WHEN the name is derived
        const name = executionNameFor(requestId, operation, time);
        // THEN it has at most 80 characters of [A-Za-z0-9_-], the same every time, and changes with the time
        expect(name).toMatch(/^[A-Za-z0-9_-]{1,80}$/);
        expect(executionNameFor(requestId, operation, time)).toBe(name);
        expect(executionNameFor(requestId, operation, time + 1)).not.toBe(name);
      }),
    );
  });

  it("hashes a long key instead of cutting it, so two long keys stay apart", () => {
    // GIVEN two 64-hex cache keys that share a long prefix
    const a = executionNameFor(`balance#${"a".repeat(63)}1`, "balance", startedAt);
    const b = executionNameFor(`balance#${"a".repeat(63)}2`, "balance", startedAt);

    // WHEN names are derived
    // THEN they differ and start with the operation
    expect(a).not.toBe(b);
    expect(a.startsWith("balance_")).toBe(true);
  });
});
