/**
 * The request id: the status item's `pk` and the `asyncRequestId` the flow carries from `start` to
 * `poll`. Every key part is an HMAC-SHA-256 under the functions' secret key (request-id-key.ts), so ids
 * have one shape whatever the ContactId or input length, and reveal nothing about either:
 *
 * - Per-contact operations (no cacheKey): `<operation>#<contact tag>.<request tag>`, 32 hex digits each.
 *   The contact tag is keyed on the ContactId alone, so `poll` can check that the contact polling is the
 *   one that started the request without reading the table. The request tag is keyed on the ContactId and
 *   the operation's input: Connect's retries of one block repeat the same input and share one execution,
 *   while a second use in the same contact with other input (a corrected account number) is a new request.
 * - Cache-key operations: `<operation>#<64 hex>` keyed on the cache-key attributes, so callers with equal
 *   inputs share one execution and one result.
 *
 * Each digest's message is JSON (`["contact", id]`, `["request", id, pairs]`, `["cacheKey", pairs]`):
 * the label separates the three uses, and JSON quoting keeps `a|b`+`c` apart from `a`+`b|c`.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { AsyncErrorCode } from "./async-error-code";
import { type ConnectRequest, ParameterName, requireContactId } from "./connect-request";
import { InvalidRequestError } from "./errors";
import { OPERATION_NAME_PATTERN, type OperationRuntimeConfig } from "./operations-config";
import type { RequestIdKeys } from "./request-id-key";
import { RESERVED_KEY_PREFIX } from "./response";

const SEPARATOR = "#";

/** Hex digits of each per-contact tag: 128 bits. */
const TAG_HEX_DIGITS = 32;

/** The two key shapes `start` issues. */
const PER_CONTACT_KEY = /^([0-9a-f]{32})\.[0-9a-f]{32}$/;
const CACHE_KEY_KEY = /^[0-9a-f]{64}$/;

/** A request id taken apart. */
export interface ParsedRequestId {
  /** The whole id, `<operation>#<key>`. */
  readonly requestId: string;
  /** The operation that owns it. */
  readonly operationName: string;
  /** The contact tag of a per-contact id; absent for a cache-key id. */
  readonly contactTag?: string;
}

/** The request id for a `start` call, under the current key. */
export function requestIdFor(operationName: string, operation: OperationRuntimeConfig, request: ConnectRequest, keys: RequestIdKeys): string {
  const key = operation.cacheKey === undefined ? perContactKey(request, keys.current) : cacheKeyDigest(operation.cacheKey, request, keys.current);
  return `${operationName}${SEPARATOR}${key}`;
}

/** `<contact tag>.<request tag>`; the input is every parameter but `operation` and the reserved `async…` ones. */
function perContactKey(request: ConnectRequest, key: string): string {
  const contactId = requireContactId(request);
  const inputNames = [...request.parameters.keys()].filter((name) => name !== ParameterName.operation && !name.startsWith(RESERVED_KEY_PREFIX));
  return `${contactTag(contactId, key)}.${hmacHex(key, ["request", contactId, pairs(inputNames, request)]).slice(0, TAG_HEX_DIGITS)}`;
}

function contactTag(contactId: string, key: string): string {
  return hmacHex(key, ["contact", contactId]).slice(0, TAG_HEX_DIGITS);
}

/**
 * Checks an `asyncRequestId` received by `poll`: one of the two shapes `start` issues. The text itself
 * never appears in the error, which reaches the log: a malformed id may be anything, a phone number
 * included.
 */
export function parseRequestId(text: string): ParsedRequestId {
  const separator = text.indexOf(SEPARATOR);
  const operationName = text.slice(0, Math.max(separator, 0));
  const key = text.slice(separator + 1);
  const perContact = PER_CONTACT_KEY.exec(key);
  if (separator <= 0 || !OPERATION_NAME_PATTERN.test(operationName) || (perContact === null && !CACHE_KEY_KEY.test(key))) {
    throw new InvalidRequestError(
      AsyncErrorCode.MALFORMED_REQUEST_ID,
      `asyncRequestId (${text.length} characters) is not an id returned by start (<operation>#<hex digest>); pass the asyncRequestId that start returned, unchanged`,
    );
  }
  return perContact === null ? { requestId: text, operationName } : { requestId: text, operationName, contactTag: perContact[1] };
}

/** Whether the id's shape is the one the operation issues (per-contact or cache-key). */
export function fitsOperation(parsed: ParsedRequestId, operation: OperationRuntimeConfig): boolean {
  return (parsed.contactTag !== undefined) === (operation.cacheKey === undefined);
}

/**
 * Whether a per-contact id was issued to this contact, under the current or the previous key (ids issued
 * just before a rotation stay valid). Cache-key ids are shared by design: always true.
 */
export function belongsToContact(parsed: ParsedRequestId, request: ConnectRequest, keys: RequestIdKeys): boolean {
  if (parsed.contactTag === undefined) return true;
  const contactId = requireContactId(request);
  const expected = Buffer.from(parsed.contactTag, "utf8");
  return [keys.current, keys.previous].some((key) => key !== undefined && timingSafeEqual(Buffer.from(contactTag(contactId, key), "utf8"), expected));
}

/** HMAC of the cache-key attributes in sorted name order, so the configured order is irrelevant. */
function cacheKeyDigest(cacheKey: ReadonlyArray<string>, request: ConnectRequest, key: string): string {
  const names = [...cacheKey].sort();
  const missing = names.filter((name) => !request.parameters.has(name));
  if (missing.length > 0) {
    throw new InvalidRequestError(
      AsyncErrorCode.MISSING_CACHE_KEY_ATTRIBUTE,
      `the operation's cacheKey needs the parameters ${missing.map((name) => JSON.stringify(name)).join(", ")}; add them to the block's function input parameters`,
    );
  }
  return hmacHex(key, ["cacheKey", pairs(names, request)]);
}

/** `[name, value]` pairs in sorted name order. */
function pairs(names: ReadonlyArray<string>, request: ConnectRequest): Array<[string, string | undefined]> {
  return [...names].sort().map((name) => [name, request.parameters.get(name)]);
}

function hmacHex(key: string, message: unknown): string {
  return createHmac("sha256", key).update(JSON.stringify(message), "utf8").digest("hex");
}
