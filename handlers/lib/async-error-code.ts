/**
 * The `asyncErrorCode` values the handlers return, and the codes the state machine records when it
 * cannot store an outcome, in one place so a flow designer (and the flow builder in flows/) can branch
 * on them. A FAILED answer may also carry a code that is not listed here: the Step Functions error name
 * the state machine stored on the item (e.g. `States.Timeout`, `Lambda.Unknown`, or the `name` of an
 * error the target threw).
 */
export const AsyncErrorCode = {
  // ---- ERROR: the request itself is unusable; fix the flow or the configuration ------------------
  /** The event is not an object (Connect always sends one; a test harness may not). */
  INVALID_EVENT: "INVALID_EVENT",
  /** The event has no `Details` object. */
  MISSING_DETAILS: "MISSING_DETAILS",
  /** `Details.Parameters` is present but not an object. */
  INVALID_PARAMETERS: "INVALID_PARAMETERS",
  /** A parameter value is not a string (set the block's attributes as text). */
  INVALID_PARAMETER_VALUE: "INVALID_PARAMETER_VALUE",
  /** The parameters together exceed the size the handlers accept. */
  PARAMETERS_TOO_LARGE: "PARAMETERS_TOO_LARGE",
  /** The whole event would not fit in a Step Functions execution input. */
  EVENT_TOO_LARGE: "EVENT_TOO_LARGE",
  /** `start` got no `operation` parameter. */
  MISSING_OPERATION: "MISSING_OPERATION",
  /** The operation is not configured on this function. */
  UNKNOWN_OPERATION: "UNKNOWN_OPERATION",
  /** `Details.ContactData.ContactId` is missing or not a usable string. */
  MISSING_CONTACT_ID: "MISSING_CONTACT_ID",
  /** A parameter named in the operation's `cacheKey` is missing. */
  MISSING_CACHE_KEY_ATTRIBUTE: "MISSING_CACHE_KEY_ATTRIBUTE",
  /** `poll` got no `asyncRequestId` parameter. */
  MISSING_REQUEST_ID: "MISSING_REQUEST_ID",
  /** `asyncRequestId` is not of the form `<operation>#<key>` returned by `start`. */
  MALFORMED_REQUEST_ID: "MALFORMED_REQUEST_ID",
  /**
   * `TABLE_NAME`, `OPERATIONS`/`OPERATIONS_FILE`, `CONNECT_TIME_LIMIT_MS` or the request-id key is missing
   * or invalid; every call answers this until redeployed (or, for the key's secret, until it is fixed).
   */
  CONFIGURATION: "CONFIGURATION",

  // ---- ERROR: a dependency failed; retrying later may help --------------------------------------
  /** DynamoDB could not be read or written. */
  STORE_UNAVAILABLE: "STORE_UNAVAILABLE",
  /** DynamoDB did not answer in the time left before Connect (or the function) stops waiting. */
  STORE_TIMEOUT: "STORE_TIMEOUT",
  /** The request-id key's secret could not be read in time (Secrets Manager unreachable or refusing). */
  REQUEST_ID_KEY_UNAVAILABLE: "REQUEST_ID_KEY_UNAVAILABLE",
  /** The status item holds something the handlers cannot read (e.g. an unknown status). */
  INVALID_ITEM: "INVALID_ITEM",
  /** StartExecution failed; the item was marked FAILED so the next `start` tries again. */
  EXECUTION_START_FAILED: "EXECUTION_START_FAILED",
  /**
   * StartExecution did not answer in time; the item was marked FAILED (when the table allowed), so
   * callers who joined it hear FAILED at once instead of waiting out the lease.
   */
  EXECUTION_START_TIMEOUT: "EXECUTION_START_TIMEOUT",
  /** An unexpected error; the log line of the invocation has the details. */
  INTERNAL: "INTERNAL",

  // ---- FAILED: the request is known and did not produce a usable result -------------------------
  /** `poll`: no live item for the request id (never started, or its retention passed). */
  NOT_FOUND: "NOT_FOUND",
  /**
   * `poll`: the request id is a per-contact request of another contact. Each contact polls only the
   * requests it started; cache-key requests are shared and never answer this.
   */
  CONTACT_MISMATCH: "CONTACT_MISMATCH",
  /** `poll`: the item is PENDING past its lease; its execution died. Call `start` again. */
  LEASE_EXPIRED: "LEASE_EXPIRED",
  /** The result does not fit in a Connect answer (see `MAX_RESPONSE_BYTES`), or in the status item (the state machine records it). */
  RESULT_TOO_LARGE: "RESULT_TOO_LARGE",
  /** State machine: an orchestrated target answered something other than a JSON object, so the outputs cannot be merged. */
  OUTPUT_NOT_OBJECT: "OUTPUT_NOT_OBJECT",
  /** State machine: the outcome could not be written (throttling beyond the retry, AccessDenied, KMS, …); the execution log has the cause. */
  STORE_WRITE_FAILED: "STORE_WRITE_FAILED",
  /** The stored result is not JSON text. */
  RESULT_NOT_JSON: "RESULT_NOT_JSON",
  /** A FAILED item carried no error name. */
  UNKNOWN_FAILURE: "UNKNOWN_FAILURE",
} as const;
export type AsyncErrorCode = (typeof AsyncErrorCode)[keyof typeof AsyncErrorCode];
