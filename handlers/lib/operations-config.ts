/**
 * The per-operation configuration of the handlers: a JSON object keyed by operation name, in the
 * `OPERATIONS` environment variable or in the file `OPERATIONS_FILE` names (operations-source.ts).
 * infra/ writes it at synth time; the handlers parse it once per cold start.
 */
import { ConfigurationError } from "./errors";
import { TargetInput } from "./target-event";

/** How Connect validates the Lambda's answer (the InvokeLambdaFunction block's ResponseValidation). */
export type ConnectResponseType = "STRING_MAP" | "JSON";

/** One operation as the handlers see it at run time. */
export interface OperationRuntimeConfig {
  /** The ARN of the operation's state machine. */
  readonly stateMachineArn: string;
  /** How long the work may take, in seconds; also bounds the PENDING item's lease. */
  readonly timeoutSeconds: number;
  /** How long a SUCCEEDED result is served to other callers, in seconds; 0 = per contact only. */
  readonly cacheTtlSeconds: number;
  /** Invocation attribute names whose values identify the request across contacts; absent = ContactId. */
  readonly cacheKey?: ReadonlyArray<string>;
  /** How long `start` waits for a quick completion before answering PENDING, in milliseconds. */
  readonly fastPathMs?: number;
  /**
   * How long `poll` waits for completion before answering PENDING (a long poll), in milliseconds. The
   * caller hears the poll's silence instead of part of the hold prompt, and hears the result sooner.
   * @default 0: answer at once
   */
  readonly pollWaitMs?: number;
  /** The response shape Connect expects from start/poll. @default "STRING_MAP" */
  readonly responseType?: ConnectResponseType;
  /**
   * What the target receives (target-event.ts): `"cache-key"`, the cache-key parameters alone (only
   * with a cacheKey), or `"contact-event"`, the Connect event unchanged.
   * @default "cache-key" with a cacheKey, else "contact-event"
   */
  readonly targetInput?: TargetInput;
}

/** The whole `OPERATIONS` object. */
export type OperationsConfig = { readonly [operationName: string]: OperationRuntimeConfig };

/** An operation name: what `start` receives as `operation` and what prefixes every request id. */
export const OPERATION_NAME_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Names that match {@link OPERATION_NAME_PATTERN} but are properties every JavaScript object inherits
 * (`Object.prototype`'s own names): as an operation they would be looked up, or assigned, as the
 * prototype's member in any code that indexes a plain object, so they are refused everywhere.
 */
export const RESERVED_OPERATION_NAMES: ReadonlyArray<string> = [
  "__defineGetter__",
  "__defineSetter__",
  "__lookupGetter__",
  "__lookupSetter__",
  "__proto__",
  "constructor",
  "hasOwnProperty",
  "isPrototypeOf",
  "propertyIsEnumerable",
  "toLocaleString",
  "toString",
  "valueOf",
];

/** Whether `name` can name an operation: the pattern, and none of {@link RESERVED_OPERATION_NAMES}. */
export function isOperationName(name: string): boolean {
  return OPERATION_NAME_PATTERN.test(name) && !RESERVED_OPERATION_NAMES.includes(name);
}

/**
 * The longest `cacheTtlSeconds`: a year. A result shared for longer is configuration, not a cache, and
 * the TTL must stay a plausible epoch-seconds time (DynamoDB never expires items whose TTL is more
 * than five years off); 1e20 used to pass and gave an item that never expires.
 */
export const MAX_CACHE_TTL_SECONDS = 365 * 24 * 3600;

/**
 * How long `start` waits for a quick completion when `fastPathMs` is absent, in milliseconds. The caller
 * hears silence for this long whenever the work is slow, so it is half a second: enough for sub-second
 * backends to skip the wait loop, short enough that slow ones do not add a noticeable pause.
 */
export const DEFAULT_FAST_PATH_MS = 500;

/** The longest fast path: `start` must answer Connect well within its 8 s limit. */
export const MAX_FAST_PATH_MS = 5000;

/** The longest long poll: `poll` must answer well within the flow's poll time limit. */
export const MAX_POLL_WAIT_MS = 2000;

/** The response type when `responseType` is absent: Connect's legacy flat string map. */
export const DEFAULT_RESPONSE_TYPE: ConnectResponseType = "STRING_MAP";

/** The longest `timeoutSeconds` (Step Functions STANDARD runs up to a year; EXPRESS up to 300 s). */
const MAX_TIMEOUT_SECONDS = 365 * 24 * 3600;

/** The operations read from one configuration text. */
export interface ParsedOperations {
  /** The operations in force. */
  readonly operations: OperationsConfig;
  /**
   * The operations whose settings were refused, each with its problems (`[operation] problem` lines).
   * A call naming one answers ERROR/CONFIGURATION with them; the other operations keep working.
   */
  readonly refused: ReadonlyMap<string, string>;
}

/**
 * Parses the operations' JSON text, one operation at a time: a bad operation is refused on its own
 * (see {@link ParsedOperations.refused}) and never disables the others. Unknown fields are ignored,
 * so infra/ can add fields before the handlers read them. `origin` names where the text came from.
 *
 * @throws ConfigurationError when the text as a whole is unusable (absent, not JSON, not an object)
 */
export function parseOperations(text: string | undefined, origin = "OPERATIONS"): ParsedOperations {
  return operationsFrom(parseOperationsJson(text, origin), origin);
}

/**
 * The operations' JSON text as a value, for a reader that adds to it before {@link operationsFrom}.
 *
 * @throws ConfigurationError when the text is absent or not JSON
 */
export function parseOperationsJson(text: string | undefined, origin = "OPERATIONS"): unknown {
  if (text === undefined || text.trim() === "") throw new ConfigurationError(`${origin} is not set; it must be a JSON object keyed by operation name`);
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new ConfigurationError(`${origin} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/**
 * The operations in an already parsed JSON value, as {@link parseOperations} reads them.
 *
 * @throws ConfigurationError when the value is not an object
 */
export function operationsFrom(parsed: unknown, origin = "OPERATIONS"): ParsedOperations {
  if (!isObject(parsed)) throw new ConfigurationError(`${origin} must be a JSON object keyed by operation name`);
  const inForce: Array<[string, OperationRuntimeConfig]> = [];
  const refused = new Map<string, string>();
  for (const [name, value] of Object.entries(parsed)) {
    const problems: string[] = [];
    const report = (problem: string) => problems.push(`[${name}] ${problem}`);
    if (!OPERATION_NAME_PATTERN.test(name)) report("the name must match [A-Za-z0-9_-]{1,40}");
    else if (RESERVED_OPERATION_NAMES.includes(name)) report("the name is a property every JavaScript object has; rename the operation");
    const operation = parseOperation(value, report);
    if (problems.length > 0) refused.set(name, `${origin} refuses this operation:\n${problems.join("\n")}`);
    else if (operation !== undefined) inForce.push([name, operation]);
  }
  // fromEntries defines own properties: no entry is ever assigned through an inherited setter.
  return { operations: Object.fromEntries(inForce), refused };
}

/**
 * Parses the operations' JSON text, all or nothing (one operation's config item, tests).
 *
 * @throws ConfigurationError listing every problem found, one `[operation] problem` per line
 */
export function parseOperationsConfig(text: string | undefined, origin = "OPERATIONS"): OperationsConfig {
  const { operations, refused } = parseOperations(text, origin);
  if (refused.size > 0) {
    const problems = [...refused.values()].map((message) => message.slice(message.indexOf("\n") + 1));
    throw new ConfigurationError(`${origin} is invalid:\n${problems.join("\n")}`);
  }
  return operations;
}

function parseOperation(value: unknown, report: (problem: string) => void): OperationRuntimeConfig | undefined {
  if (!isObject(value)) {
    report("must be an object");
    return undefined;
  }
  const { stateMachineArn, timeoutSeconds, cacheTtlSeconds, cacheKey, fastPathMs, pollWaitMs, responseType, targetInput } = value;
  if (typeof stateMachineArn !== "string" || stateMachineArn === "") report("stateMachineArn must be a non-empty string");
  if (!isIntegerIn(timeoutSeconds, 1, MAX_TIMEOUT_SECONDS)) report(`timeoutSeconds must be an integer from 1 to ${MAX_TIMEOUT_SECONDS}`);
  if (!isIntegerIn(cacheTtlSeconds, 0, MAX_CACHE_TTL_SECONDS)) report(`cacheTtlSeconds must be an integer from 0 (per contact only) to ${MAX_CACHE_TTL_SECONDS} (a year)`);
  if (cacheKey !== undefined && !isCacheKey(cacheKey)) report("cacheKey must be a non-empty array of distinct, non-empty attribute names");
  if (cacheKey !== undefined && cacheTtlSeconds === 0) report("cacheKey shares results across contacts, so cacheTtlSeconds must be above 0 (0 means per contact only)");
  if (fastPathMs !== undefined && !isIntegerIn(fastPathMs, 0, MAX_FAST_PATH_MS)) report(`fastPathMs must be an integer from 0 to ${MAX_FAST_PATH_MS}`);
  if (pollWaitMs !== undefined && !isIntegerIn(pollWaitMs, 0, MAX_POLL_WAIT_MS)) report(`pollWaitMs must be an integer from 0 to ${MAX_POLL_WAIT_MS}`);
  if (responseType !== undefined && responseType !== "STRING_MAP" && responseType !== "JSON") report('responseType must be "STRING_MAP" or "JSON"');
  if (targetInput !== undefined && !Object.values<unknown>(TargetInput).includes(targetInput)) report(`targetInput must be "${TargetInput.cacheKey}" or "${TargetInput.contactEvent}"`);
  if (targetInput === TargetInput.cacheKey && cacheKey === undefined) report(`targetInput "${TargetInput.cacheKey}" needs a cacheKey; leave targetInput out for a per-contact operation`);
  return {
    stateMachineArn: stateMachineArn as string,
    timeoutSeconds: timeoutSeconds as number,
    cacheTtlSeconds: cacheTtlSeconds as number,
    cacheKey: cacheKey as ReadonlyArray<string> | undefined,
    fastPathMs: (fastPathMs as number | undefined) ?? DEFAULT_FAST_PATH_MS,
    pollWaitMs: (pollWaitMs as number | undefined) ?? 0,
    responseType: (responseType as ConnectResponseType | undefined) ?? DEFAULT_RESPONSE_TYPE,
    ...(targetInput !== undefined ? { targetInput: targetInput as TargetInput } : {}),
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;
}

function isCacheKey(value: unknown): value is ReadonlyArray<string> {
  return (
    Array.isArray(value) &&
    value.length > 0 &&
    value.every((name) => typeof name === "string" && name !== "") &&
    new Set(value).size === value.length
  );
}
