/**
 * The request id: the status item's `pk` and the `asyncRequestId` the flow carries from `start` to
 * `poll`. `<operation>#<ContactId>` for per-contact operations; `<operation>#<sha256 hex>` of the
 * cache-key attributes otherwise, so callers with equal inputs share one execution and one result
 * while the raw values (account numbers, phone numbers) never reach the table or the logs.
 */
import { createHash } from "node:crypto";
import { AsyncErrorCode } from "./async-error-code";
import { type ConnectRequest, requireContactId } from "./connect-request";
import { InvalidRequestError } from "./errors";
import { OPERATION_NAME_PATTERN, type OperationRuntimeConfig } from "./operations-config";

const SEPARATOR = "#";

/** The longest key part accepted by `poll` (a ContactId, or 64 hex digits). */
const MAX_KEY_LENGTH = 256;

/** A request id taken apart. */
export interface ParsedRequestId {
  /** The whole id, `<operation>#<key>`. */
  readonly requestId: string;
  /** The operation that owns it. */
  readonly operationName: string;
}

/** The request id for a `start` call. */
export function requestIdFor(operationName: string, operation: OperationRuntimeConfig, request: ConnectRequest): string {
  const key = operation.cacheKey === undefined ? requireContactId(request) : cacheKeyDigest(operation.cacheKey, request);
  return `${operationName}${SEPARATOR}${key}`;
}

/** Checks an `asyncRequestId` received by `poll`. */
export function parseRequestId(text: string): ParsedRequestId {
  const separator = text.indexOf(SEPARATOR);
  const operationName = text.slice(0, Math.max(separator, 0));
  const key = text.slice(separator + 1);
  const wellFormed = separator > 0 && OPERATION_NAME_PATTERN.test(operationName) && key !== "" && key.length <= MAX_KEY_LENGTH && !/\p{Cc}/u.test(key);
  if (!wellFormed) {
    throw new InvalidRequestError(
      AsyncErrorCode.MALFORMED_REQUEST_ID,
      "asyncRequestId is not an id returned by start (<operation>#<key>); pass the asyncRequestId that start returned, unchanged",
    );
  }
  return { requestId: text, operationName };
}

/**
 * SHA-256 of the cache-key attributes as JSON pairs in sorted name order: JSON quoting makes the
 * encoding unambiguous (`a|b`+`c` and `a`+`b|c` differ), and sorting makes the configured order
 * irrelevant.
 */
function cacheKeyDigest(cacheKey: ReadonlyArray<string>, request: ConnectRequest): string {
  const names = [...cacheKey].sort();
  const missing = names.filter((name) => !request.parameters.has(name));
  if (missing.length > 0) {
    throw new InvalidRequestError(
      AsyncErrorCode.MISSING_CACHE_KEY_ATTRIBUTE,
      `the operation's cacheKey needs the parameters ${missing.map((name) => JSON.stringify(name)).join(", ")}; add them to the block's function input parameters`,
    );
  }
  const pairs = names.map((name) => [name, request.parameters.get(name)]);
  return createHash("sha256").update(JSON.stringify(pairs), "utf8").digest("hex");
}
