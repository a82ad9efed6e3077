/**
 * The request id: the status item's `pk` and the `asyncRequestId` the flow carries from `start` to
 * `poll`.
 * - Per-contact operations (no cacheKey): `<operation>#<ContactId>`, followed by `.<digest>` of the
 *   operation's input when it has any. Connect's retries of one block repeat the same input and so
 *   share one execution, while a second use of the operation in the same contact with other input
 *   (another account, a corrected entry) is a new request rather than the first one's answer.
 * - Otherwise `<operation>#<sha256 hex>` of the cache-key attributes, so callers with equal inputs
 *   share one execution and one result.
 * Raw values (account numbers, phone numbers) never reach the table or the logs.
 */
import { createHash } from "node:crypto";
import { AsyncErrorCode } from "./async-error-code";
import { type ConnectRequest, ParameterName, requireContactId } from "./connect-request";
import { InvalidRequestError } from "./errors";
import { OPERATION_NAME_PATTERN, type OperationRuntimeConfig } from "./operations-config";
import { RESERVED_KEY_PREFIX } from "./response";

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
  const key = operation.cacheKey === undefined ? perContactKey(request) : cacheKeyDigest(operation.cacheKey, request);
  return `${operationName}${SEPARATOR}${key}`;
}

/** The ContactId, plus a digest of the input parameters (all but `operation` and reserved `async…` ones) when there are any. */
function perContactKey(request: ConnectRequest): string {
  const contactId = requireContactId(request);
  const inputNames = [...request.parameters.keys()].filter((name) => name !== ParameterName.operation && !name.startsWith(RESERVED_KEY_PREFIX));
  if (inputNames.length === 0) return contactId;
  // 128 bits tell one contact's inputs apart and keep the id short.
  return `${contactId}.${digest(inputNames, request).slice(0, 32)}`;
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
  return digest(names, request);
}

function digest(names: ReadonlyArray<string>, request: ConnectRequest): string {
  const pairs = [...names].sort().map((name) => [name, request.parameters.get(name)]);
  return createHash("sha256").update(JSON.stringify(pairs), "utf8").digest("hex");
}
