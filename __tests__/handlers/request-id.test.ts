import fc from "fast-check";
import { parseConnectRequest } from "../../handlers/lib/connect-request";
import { InvalidRequestError } from "../../handlers/lib/errors";
import { executionNameFor } from "../../handlers/lib/execution-name";
import type { OperationRuntimeConfig } from "../../handlers/lib/operations-config";
import { parseRequestId, requestIdFor } from "../../handlers/lib/request-id";
import { connectEvent } from "../support/connect-event";

const perContact: OperationRuntimeConfig = { stateMachineArn: "arn", timeoutSeconds: 30, cacheTtlSeconds: 0 };
const byAccount: OperationRuntimeConfig = { ...perContact, cacheTtlSeconds: 300, cacheKey: ["accountId"] };
const byAccountAndLanguage: OperationRuntimeConfig = { ...perContact, cacheTtlSeconds: 300, cacheKey: ["lang", "accountId"] };

const request = (parameters: Record<string, string>, contactId = "contact-1") => parseConnectRequest(connectEvent({ contactId, parameters }));

describe("request ids", () => {
  it.each<{ case: string; operation: OperationRuntimeConfig; parameters: Record<string, string>; expected: string }>([
    { case: "a per-contact operation without input", operation: perContact, parameters: {}, expected: "op#contact-1" },
    // The first 32 hex digits of the digest below: the contact's own id plus what it asked for
    { case: "a per-contact operation with input", operation: perContact, parameters: { operation: "op", accountId: "12345" }, expected: "op#contact-1.69c2d5797fed04b660707583bbe3f242" },
    // Vectors computed outside this code: printf '%s' '[["accountId","12345"]]' | sha256sum
    { case: "one cache-key attribute", operation: byAccount, parameters: { accountId: "12345", other: "ignored" }, expected: "op#69c2d5797fed04b660707583bbe3f2423a4c9b532f004879803a97d691648ad1" },
    // printf '%s' '[["accountId","12345"],["lang","en-GB"]]' | sha256sum (names sorted)
    { case: "two cache-key attributes in any configured order", operation: byAccountAndLanguage, parameters: { accountId: "12345", lang: "en-GB" }, expected: "op#bfae4697ae8e60c03890eca8dfd721f42112bb0a40532f10b085c0c48cc9d2d3" },
  ])("keys $case", ({ operation, parameters, expected }) => {
    // GIVEN an operation and a contact's parameters
    // WHEN the request id is derived
    // THEN it is <operation>#<ContactId> or <operation>#<sha256 hex of the cache-key attributes>
    expect(requestIdFor("op", operation, request(parameters))).toBe(expected);
  });

  it("shares a cache key across contacts and keeps raw values out of the id", () => {
    // GIVEN two contacts asking about the same account
    // WHEN their ids are derived
    const a = requestIdFor("op", byAccount, request({ accountId: "4111111111111111" }, "contact-a"));
    const b = requestIdFor("op", byAccount, request({ accountId: "4111111111111111" }, "contact-b"));

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
        const first = requestIdFor("op", byAccountAndLanguage, request({ accountId: a1, lang: b1 }));
        const second = requestIdFor("op", byAccountAndLanguage, request({ accountId: a2, lang: b2 }));
        // THEN their ids differ
        expect(first).not.toBe(second);
      }),
    );
    expect(requestIdFor("op", byAccountAndLanguage, request({ accountId: "a|b", lang: "c" }))).not.toBe(
      requestIdFor("op", byAccountAndLanguage, request({ accountId: "a", lang: "b|c" })),
    );
  });

  it("names the missing cache-key attributes", () => {
    // GIVEN a request without the cache-key attributes
    // WHEN the id is derived
    // THEN the error names each one
    expect(() => requestIdFor("op", byAccountAndLanguage, request({}))).toThrow(/"accountId", "lang"/);
  });

  it("parses what it derives, and nothing else", () => {
    // GIVEN ids of both layouts and malformed ones
    // WHEN they are parsed
    // THEN well-formed ids give their operation, the rest a MALFORMED_REQUEST_ID error
    expect(parseRequestId("accountLookup#5ca32fbd-8f92-46af-92a5-6b0f970f0efe")).toStrictEqual({ requestId: "accountLookup#5ca32fbd-8f92-46af-92a5-6b0f970f0efe", operationName: "accountLookup" });
    for (const malformed of ["", "#", "noseparator", "#key", "op#", "bad op#key", `${"o".repeat(41)}#key`, `op#${"k".repeat(257)}`]) {
      expect(() => parseRequestId(malformed)).toThrow(InvalidRequestError);
    }
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
