/**
 * Rendering a {@link RequestOutcome} as the flat object Connect reads under `$.External`.
 *
 * Decisions the contract leaves open, made here:
 * - On SUCCEEDED the result's keys sit at top level. A result that is not a JSON object (a string, a
 *   number, an array) becomes `{ "result": <value> }`; a `null` or missing result has no keys.
 * - Keys starting with `async` are reserved: result keys with that prefix are dropped, so a result can
 *   never masquerade as, or contradict, the status fields.
 * - `asyncRequestId` is always present ("" when the call failed before an id existed), so a flow can
 *   save it unconditionally before it branches on `asyncStatus`.
 * - STRING_MAP (the default): every value is a string; numbers and booleans via `String`, objects and
 *   arrays as JSON text, `null` as "". JSON: values as the target returned them.
 */
import { AsyncErrorCode } from "./async-error-code";
import { AsyncStatus } from "./async-status";
import type { ConnectResponseType } from "./operations-config";
import { failedOutcome, type RequestOutcome } from "./request-outcome";
import { MAX_ERROR_MESSAGE_BYTES } from "./status-item";
import { truncateUtf8, utf8Bytes } from "./truncate-utf8";

/** The reserved keys of every answer. */
export const ResponseKey = {
  /** One of {@link AsyncStatus}. */
  status: "asyncStatus",
  /** The request id (the item's `pk`): pass it to `poll`. */
  requestId: "asyncRequestId",
  /** FAILED/ERROR: one of {@link AsyncErrorCode}, or the state machine's error name. */
  errorCode: "asyncErrorCode",
  /** FAILED/ERROR: what happened, cut to 1 KB. */
  errorMessage: "asyncErrorMessage",
  /** `poll` on PENDING: ms since the caller's wait began (`asyncWaitStartedAt`), else since the request started. */
  elapsedMs: "asyncElapsedMs",
  /**
   * PENDING: the handler's clock when the invocation began, epoch ms. Flows have no clock of their own,
   * so the async macro saves this as the start of the caller's wait and hands it back to `poll`.
   */
  nowMs: "asyncNowMs",
} as const;

/** Result keys with this prefix are dropped in favour of the reserved keys. */
export const RESERVED_KEY_PREFIX = "async";

/**
 * The largest answer, in UTF-8 bytes of its JSON. Connect says a response "must be less than 32 KB"
 * without saying whether a KB is 1,000 or 1,024 bytes; the smaller reading is the safe one.
 */
export const MAX_RESPONSE_BYTES = 32_000;

/** Error names are identifiers; anything longer is cut to this many bytes. */
const MAX_ERROR_CODE_BYTES = 256;

/** The flat object a handler returns to Connect. */
export type ConnectResponse = { readonly [key: string]: unknown };

/**
 * Renders `outcome` for Connect; never throws, and the answer always fits {@link MAX_RESPONSE_BYTES}.
 * `invokedAtEpochMs` is reported on PENDING answers as `asyncNowMs`.
 */
export function renderResponse(outcome: RequestOutcome, requestId: string, responseType: ConnectResponseType, invokedAtEpochMs?: number): ConnectResponse {
  const reserved: Array<[string, unknown]> = [
    [ResponseKey.status, outcome.status],
    [ResponseKey.requestId, requestId],
  ];
  switch (outcome.status) {
    case AsyncStatus.SUCCEEDED:
      return renderResult(outcome.resultJson, reserved, requestId, responseType);
    case AsyncStatus.PENDING:
      if (outcome.elapsedMs !== undefined) reserved.push([ResponseKey.elapsedMs, outcome.elapsedMs]);
      if (invokedAtEpochMs !== undefined) reserved.push([ResponseKey.nowMs, invokedAtEpochMs]);
      return finish(reserved, responseType);
    default:
      reserved.push([ResponseKey.errorCode, truncateUtf8(outcome.errorCode, MAX_ERROR_CODE_BYTES)]);
      reserved.push([ResponseKey.errorMessage, truncateUtf8(outcome.errorMessage, MAX_ERROR_MESSAGE_BYTES)]);
      return finish(reserved, responseType);
  }
}

function renderResult(
  resultJson: string | undefined,
  reserved: Array<[string, unknown]>,
  requestId: string,
  responseType: ConnectResponseType,
): ConnectResponse {
  let result: unknown;
  try {
    result = resultJson === undefined ? null : JSON.parse(resultJson);
  } catch {
    return renderResponse(failedOutcome(AsyncErrorCode.RESULT_NOT_JSON, "the stored result is not JSON text"), requestId, responseType);
  }
  const resultEntries = resultToEntries(result).filter(([key]) => !key.startsWith(RESERVED_KEY_PREFIX));
  const response = finish([...reserved, ...resultEntries], responseType);
  const bytes = utf8Bytes(JSON.stringify(response));
  if (bytes <= MAX_RESPONSE_BYTES) return response;
  const message = `the result takes ${bytes} bytes as a Connect answer; Connect accepts at most ${MAX_RESPONSE_BYTES}. Return fewer or shorter keys from the target`;
  return renderResponse(failedOutcome(AsyncErrorCode.RESULT_TOO_LARGE, message), requestId, responseType);
}

function resultToEntries(result: unknown): Array<[string, unknown]> {
  if (result === null) return [];
  if (typeof result === "object" && !Array.isArray(result)) return Object.entries(result);
  return [["result", result]];
}

/** Builds the object; `fromEntries` defines keys, so a `__proto__` key stays an ordinary key. */
function finish(entries: Array<[string, unknown]>, responseType: ConnectResponseType): ConnectResponse {
  return Object.fromEntries(responseType === "JSON" ? entries : entries.map(([key, value]) => [key, toText(value)]));
}

/** A value as STRING_MAP text. */
function toText(value: unknown): string {
  if (typeof value === "string") return value;
  if (value === null || value === undefined) return "";
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}
