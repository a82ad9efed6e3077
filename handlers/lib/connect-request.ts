/**
 * The part of a Connect `ContactFlowEvent` the handlers use, checked once at the edge so nothing
 * deeper handles untyped input. Every rule broken becomes an {@link InvalidRequestError} with a code
 * and a message naming the parameter (never its value: values may be phone numbers or account data).
 */
import { AsyncErrorCode } from "./async-error-code";
import { InvalidRequestError } from "./errors";
import { utf8Bytes } from "./truncate-utf8";

/** The `Details.Parameters` (block attributes) the handlers reserve. */
export const ParameterName = {
  /** `start`: the operation to run. */
  operation: "operation",
  /** `poll`: the `asyncRequestId` that `start` returned. */
  asyncRequestId: "asyncRequestId",
  /**
   * `poll`, optional: when the caller's wait began (epoch ms, the `asyncNowMs` of the answer that began
   * it). `asyncElapsedMs` is then the caller's own wait rather than the request's age, which differs
   * when the caller joined a request another caller started.
   */
  asyncWaitStartedAt: "asyncWaitStartedAt",
  /**
   * `poll`, optional: the flow invoked poll asynchronously (the event strategy) and waits for its return
   * up to this many milliseconds. poll then watches the item until it completes or the window (capped by
   * the function's own remaining time, less a margin) passes, and answers PENDING only then.
   */
  asyncLongPollMs: "asyncLongPollMs",
  /**
   * `poll`, optional: the caller's wait, counted from `asyncWaitStartedAt`, after which the flow takes its
   * timeout branch, in ms. Any long poll (synchronous or asynchronous) ends by then, so the last round
   * answers PENDING in time instead of running past the wait the flow was given.
   */
  asyncGiveUpAfterMs: "asyncGiveUpAfterMs",
  /**
   * `poll`, optional, invoked synchronously: watch the item at most this many milliseconds (never longer
   * than the operation's `pollWaitMs`); `0` is a single read. The event strategy's fallback checks send 0:
   * they run in the unreserved pool that `start` and the backends share, so in a crowd they must not hold
   * an execution while they watch.
   */
  asyncPollWaitMs: "asyncPollWaitMs",
} as const;

/**
 * The most parameter text accepted, as UTF-8 bytes of their JSON. Connect itself caps contact
 * attributes at 32 KB, so anything larger is not a flow's doing.
 */
export const MAX_PARAMETERS_BYTES = 32 * 1024;

/** The longest ContactId accepted (Connect's are 36-character UUIDs). */
const MAX_CONTACT_ID_LENGTH = 256;

/** A validated Connect event. */
export interface ConnectRequest {
  /** The event exactly as received; a drop-in target gets it unchanged. */
  readonly event: object;
  /** `Details.ContactData.ContactId`, when present and usable. */
  readonly contactId?: string;
  /** `Details.Parameters`; every value a string. */
  readonly parameters: ReadonlyMap<string, string>;
}

/** Checks an event; throws InvalidRequestError on the first broken rule. */
export function parseConnectRequest(event: unknown): ConnectRequest {
  if (!isObject(event)) {
    throw new InvalidRequestError(AsyncErrorCode.INVALID_EVENT, `the event is ${describeType(event)}; expected a Connect ContactFlowEvent object`);
  }
  const details = event.Details;
  if (!isObject(details)) {
    throw new InvalidRequestError(AsyncErrorCode.MISSING_DETAILS, "the event has no Details object; invoke this function from an InvokeLambdaFunction block");
  }
  return { event, contactId: readContactId(details.ContactData), parameters: readParameters(details.Parameters) };
}

/** The ContactId, or an InvalidRequestError when the event has none. */
export function requireContactId(request: ConnectRequest): string {
  if (request.contactId === undefined) {
    throw new InvalidRequestError(AsyncErrorCode.MISSING_CONTACT_ID, "Details.ContactData.ContactId is missing or empty; it keys per-contact requests");
  }
  return request.contactId;
}

/** A parameter's value, or an InvalidRequestError with `code` when it is absent. */
export function requireParameter(request: ConnectRequest, name: string, code: AsyncErrorCode): string {
  const value = request.parameters.get(name);
  if (value === undefined) throw new InvalidRequestError(code, `the parameter ${JSON.stringify(name)} is missing; add it to the block's function input parameters`);
  return value;
}

function readContactId(contactData: unknown): string | undefined {
  const contactId = isObject(contactData) ? contactData.ContactId : undefined;
  return typeof contactId === "string" && contactId !== "" && contactId.length <= MAX_CONTACT_ID_LENGTH ? contactId : undefined;
}

function readParameters(parameters: unknown): ReadonlyMap<string, string> {
  if (parameters === undefined || parameters === null) return new Map();
  if (!isObject(parameters)) {
    throw new InvalidRequestError(AsyncErrorCode.INVALID_PARAMETERS, `Details.Parameters is ${describeType(parameters)}; expected an object of text values`);
  }
  const entries = Object.entries(parameters);
  const notText = entries.filter(([, value]) => typeof value !== "string").map(([name, value]) => `${JSON.stringify(name)} (${describeType(value)})`);
  if (notText.length > 0) {
    throw new InvalidRequestError(
      AsyncErrorCode.INVALID_PARAMETER_VALUE,
      `parameters must be text; these are not: ${notText.join(", ")}. Set them as text in the block, or pass nested data as JSON text`,
    );
  }
  const bytes = utf8Bytes(JSON.stringify(parameters));
  if (bytes > MAX_PARAMETERS_BYTES) {
    throw new InvalidRequestError(AsyncErrorCode.PARAMETERS_TOO_LARGE, `the parameters take ${bytes} bytes; at most ${MAX_PARAMETERS_BYTES} are accepted`);
  }
  return new Map(entries as Array<[string, string]>);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}
