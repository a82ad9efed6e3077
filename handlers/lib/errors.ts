/**
 * The handlers' error hierarchy. Every error the library throws on purpose derives from
 * {@link ConnectAsyncError} and carries the {@link AsyncErrorCode} the handler answers with, so the
 * handler maps any of them to a response without a lookup table of its own.
 */
import { AsyncErrorCode } from "./async-error-code";
import type { RequestRecord } from "./request-record";

/** The base of every deliberate error; `code` is what the flow sees as `asyncErrorCode`. */
export class ConnectAsyncError extends Error {
  /** The `asyncErrorCode` a handler answers with when this error ends the invocation. */
  public readonly code: AsyncErrorCode;

  public constructor(code: AsyncErrorCode, message: string, options?: ErrorOptions) {
    super(message, options);
    this.name = "ConnectAsyncError";
    this.code = code;
  }
}

/** The event or its parameters are unusable; `code` says which rule was broken. */
export class InvalidRequestError extends ConnectAsyncError {
  public constructor(code: AsyncErrorCode, message: string) {
    super(code, message);
    this.name = "InvalidRequestError";
  }
}

/** `TABLE_NAME`, the operations, the time limit or the request-id key is missing or malformed. */
export class ConfigurationError extends ConnectAsyncError {
  public constructor(message: string, options?: ErrorOptions) {
    super(AsyncErrorCode.CONFIGURATION, message, options);
    this.name = "ConfigurationError";
  }
}

/** The conditional PENDING put lost: a live PENDING or a fresh SUCCEEDED item holds the key. */
export class RequestAlreadyExistsError extends ConnectAsyncError {
  /** The item that won, as returned by the failed put (ALL_OLD), so no second read is needed. */
  public readonly existingRecord: RequestRecord;

  public constructor(existingRecord: RequestRecord) {
    // INTERNAL only if it ever escaped: `start` answers from `existingRecord` instead.
    super(AsyncErrorCode.INTERNAL, `request ${existingRecord.requestId} already has a live ${existingRecord.status} item`);
    this.name = "RequestAlreadyExistsError";
    this.existingRecord = existingRecord;
  }
}

/** DynamoDB failed (network, throttling after the SDK's retries, permissions, missing table). */
export class RequestStoreError extends ConnectAsyncError {
  /** The request the failed operation was about. */
  public readonly requestId: string;

  public constructor(requestId: string, operation: string, options: ErrorOptions) {
    super(AsyncErrorCode.STORE_UNAVAILABLE, `the status table could not ${operation} for ${requestId}: ${describeCause(options.cause)}`, options);
    this.name = "RequestStoreError";
    this.requestId = requestId;
  }
}

/** DynamoDB did not answer before the invocation's deadline (or the SDK's own timeouts fired). */
export class StoreTimeoutError extends ConnectAsyncError {
  /** The request the timed-out operation was about. */
  public readonly requestId: string;

  public constructor(requestId: string, operation: string, options: ErrorOptions) {
    super(AsyncErrorCode.STORE_TIMEOUT, `the status table did not answer in time to ${operation} for ${requestId}: ${describeCause(options.cause)}`, options);
    this.name = "StoreTimeoutError";
    this.requestId = requestId;
  }
}

/** A stored item cannot be read as a status item (unknown status, wrong attribute types). */
export class InvalidItemError extends ConnectAsyncError {
  /** The `pk` of the unreadable item. */
  public readonly requestId: string;

  public constructor(requestId: string, message: string) {
    super(AsyncErrorCode.INVALID_ITEM, `the status item ${requestId} is unreadable: ${message}`);
    this.name = "InvalidItemError";
    this.requestId = requestId;
  }
}

/** StartExecution failed. */
export class ExecutionStartError extends ConnectAsyncError {
  /** The request whose execution did not start. */
  public readonly requestId: string;

  public constructor(requestId: string, options: ErrorOptions, code: AsyncErrorCode = AsyncErrorCode.EXECUTION_START_FAILED) {
    const what = code === AsyncErrorCode.EXECUTION_START_TIMEOUT ? "was not confirmed in time" : "did not start";
    super(code, `the execution for ${requestId} ${what}: ${describeCause(options.cause)}`, options);
    this.name = "ExecutionStartError";
    this.requestId = requestId;
  }
}

/** The request-id key could not be fetched (Secrets Manager unreachable, throttling, access denied). */
export class RequestIdKeyUnavailableError extends ConnectAsyncError {
  public constructor(options: ErrorOptions) {
    super(AsyncErrorCode.REQUEST_ID_KEY_UNAVAILABLE, `the request-id key could not be read: ${describeCause(options.cause)}`, options);
    this.name = "RequestIdKeyUnavailableError";
  }
}

/**
 * A call was abandoned at the invocation's deadline. Never answered as such: the store and `start`
 * turn it into STORE_TIMEOUT or EXECUTION_START_TIMEOUT, which say which dependency was slow.
 */
export class DeadlineExceededError extends Error {
  public constructor(message = "the invocation's deadline passed before the call answered") {
    super(message);
    this.name = "DeadlineExceededError";
  }
}

/** `Name: message` of an unknown thrown value, for messages that must stay one line. */
export function describeCause(cause: unknown): string {
  if (cause instanceof Error) return `${cause.name}: ${cause.message}`;
  return String(cause);
}
