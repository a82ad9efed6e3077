/**
 * A scenario: what the world does during a simulated call, as plain data (JSON or a TS object) — the
 * backend's latency, failures and concurrency, faults injected into `start`/`poll`, DynamoDB's
 * availability, the account's Lambda concurrency, and the callers. {@link parseScenario} validates one
 * and reports every problem at once, each with the path of the offending field.
 *
 * ```json
 * {
 *   "name": "slow-backend",
 *   "seed": 7,
 *   "backend": { "latencyMs": { "distribution": "uniform", "minMs": 24000, "maxMs": 26000 },
 *                "failures": [{ "attempts": [1], "kind": "throttle" }], "concurrency": 500 },
 *   "account": { "lambdaConcurrency": 1000 },
 *   "operation": { "timeoutSeconds": 120, "cacheTtlSeconds": 300, "cacheKey": ["customerId"] },
 *   "lambdaFaults": [{ "function": "poll", "turn": 2, "kind": "error" }],
 *   "dynamodb": { "unavailable": false },
 *   "callers": [{ "count": 20, "atMs": 0, "attributes": { "customerId": "C-1" } }]
 * }
 * ```
 */
import { Channel } from "../../flows/flow-language";
import { OPERATION_NAME_PATTERN } from "../../handlers/lib/operations-config";

/** The two ways a scenario's callers relate to each other. */
export const RequestSharing = {
  /** Every caller asks for the same thing: with a cache key, they share one request (one execution while it runs, a cached result after). */
  shared: "shared",
  /** Each caller asks for their own thing: different values of the cache-key inputs. */
  perCaller: "per-caller",
} as const;
export type RequestSharing = (typeof RequestSharing)[keyof typeof RequestSharing];

/** A latency: a fixed number of ms, or a distribution drawn from the scenario's seeded generator. */
export type LatencySpec =
  | number
  | { readonly distribution: "uniform"; readonly minMs: number; readonly maxMs: number }
  | { readonly distribution: "normal"; readonly meanMs: number; readonly stdDevMs: number; readonly minMs?: number };

/** What goes wrong on some attempts of the backend (per execution, 1-based). */
export interface BackendFailure {
  /** Which attempts: a list, or every attempt. */
  readonly attempts: ReadonlyArray<number> | "all";
  /**
   * `error`: the function throws after its latency (not retried by the state machine);
   * `throttle`: Lambda answers TooManyRequests at once (retried with the operation's backoff);
   * `service-error`: Lambda.ServiceException at once (retried).
   */
  readonly kind: "error" | "throttle" | "service-error";
  /** The error name for `error`. @default "BackendError" */
  readonly errorName?: string;
  /** @default a sentence naming the scenario's failure */
  readonly message?: string;
}

/** The operation's target, as the scenario wants it to behave. */
export interface BackendSpec {
  /** How long each successful or failing attempt takes. */
  readonly latencyMs: LatencySpec;
  /** @default none */
  readonly failures?: ReadonlyArray<BackendFailure>;
  /** What it returns (a flat string map, as the wrapped Lambda would). @default a small demo result */
  readonly result?: { readonly [key: string]: string };
  /**
   * Concurrent executions the operations' targets may hold together (the share their owners size);
   * an invocation beyond it is throttled, and the state machine retries it with its Retry policy.
   * @default no limit
   */
  readonly concurrency?: number;
}

/** The AWS account the bridge runs in, as far as its quotas matter to a crowd. */
export interface AccountSpec {
  /**
   * Concurrent Lambda executions available to the bridge's own functions (start, poll, any long-poll
   * function) together: a function with reserved concurrency has its own pool, the rest share what is
   * left unreserved. @default 1000 (AWS's default per Region)
   */
  readonly lambdaConcurrency?: number;
}

/** A fault injected into the `start` or `poll` Lambda as Connect invokes it. */
export interface LambdaFault {
  /** `poll` is every invocation of the poll handler; `long-poll` only its asynchronous ones (the event strategy's rounds). */
  readonly function: "start" | "poll" | "long-poll";
  /** The n-th Lambda block of that function's ARN a caller runs (1-based; Connect's retries are the same turn). */
  readonly turn: number;
  /**
   * `error`: the invocation fails (Connect retries it within the time limit);
   * `timeout`: the invocation starts so late it cannot answer within the time limit (the handler still runs);
   * `invalid-response`: the answer carries a non-string value, which STRING_MAP validation rejects.
   */
  readonly kind: "error" | "timeout" | "invalid-response";
  /** Which of Connect's attempts (1–4) fail, or all of them. @default "all" */
  readonly attempts?: ReadonlyArray<number> | "all";
  /** Which callers (1-based). @default every caller */
  readonly callers?: ReadonlyArray<number>;
}

/** A group of callers with the same attributes. */
export interface CallerGroup {
  /** @default 1 */
  readonly count?: number;
  /** When the first of them calls, virtual ms after the start. @default 0 */
  readonly atMs?: number;
  /** Between consecutive callers of the group. @default 0 */
  readonly spacingMs?: number;
  /** Contact attributes at the start of the flow. @default {} */
  readonly attributes?: { readonly [key: string]: string };
  /** Digits or intent names the caller gives at input blocks, by block Identifier, in order. @default none */
  readonly inputs?: { readonly [blockId: string]: ReadonlyArray<string> };
}

/** Overrides of the operation's configuration. */
export interface OperationOverrides {
  /**
   * The operation these overrides apply to: one the flow's start calls name, or one the simulation was
   * given settings for; anything else is an error. @default every operation of the flow
   */
  readonly name?: string;
  readonly timeoutSeconds?: number;
  readonly cacheTtlSeconds?: number;
  readonly cacheKey?: ReadonlyArray<string>;
  readonly fastPathMs?: number;
  readonly pollWaitMs?: number;
  readonly retry?: {
    readonly maxAttempts?: number;
    readonly intervalSeconds?: number;
    readonly backoffRate?: number;
    readonly maxDelaySeconds?: number;
    readonly jitter?: boolean;
  };
}

/** Fixed latencies of the platform pieces (not the backend). */
export interface PlatformLatencies {
  /** Connect → Lambda → Connect overhead per invocation. @default 40 */
  readonly lambdaOverheadMs?: number;
  /** One DynamoDB round trip. @default 8 */
  readonly dynamodbMs?: number;
  /** One StartExecution call. @default 40 */
  readonly startExecutionMs?: number;
}

/** A whole scenario. Its JSON Schema, for users and editors: docs/scenario.schema.json (shipped in the package). */
export interface Scenario {
  /** The schema's location, for editors; ignored. */
  readonly $schema?: string;
  /** Kebab-case name, e.g. `slow-backend`. */
  readonly name: string;
  readonly description?: string;
  /** Seed of every random draw. @default 1 */
  readonly seed?: number;
  readonly backend: BackendSpec;
  readonly operation?: OperationOverrides;
  /** @default one caller at 0 */
  readonly callers?: ReadonlyArray<CallerGroup>;
  /**
   * Whether the callers ask for the same thing (`shared`: one request, keyed on the operation's own
   * inputs) or each for their own (`per-caller`); see sim/world/request-sharing.ts. @default "per-caller"
   */
  readonly requests?: RequestSharing;
  /** The account's quotas. @default AWS's defaults (see {@link AccountSpec}) */
  readonly account?: AccountSpec;
  /** @default none */
  readonly lambdaFaults?: ReadonlyArray<LambdaFault>;
  /** @default available */
  readonly dynamodb?: { readonly unavailable?: boolean };
  /** The contacts' channel (`$.Channel`); the command line's `--channel` overrides it. @default "VOICE" */
  readonly channel?: Channel;
  readonly latencies?: PlatformLatencies;
  /** What the scenario is expected to show, for people reading it and for tests. */
  readonly expect?: { readonly outcome?: string };
}

/** A scenario failed validation; `problems` lists every `path: message`. */
export class ScenarioValidationError extends Error {
  constructor(
    readonly scenarioName: string,
    readonly problems: ReadonlyArray<string>,
  ) {
    super(`scenario ${scenarioName} is invalid:\n${problems.map((problem) => `  - ${problem}`).join("\n")}`);
    this.name = "ScenarioValidationError";
  }
}

// ---- validation ------------------------------------------------------------------------------------

type Problems = string[];

/** The largest caller group: a crowd of ten thousand fits, a typo of an extra zero or two does not. */
const MAX_CALLERS_PER_GROUP = 20_000;

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const isNonNegative = (value: unknown): value is number => typeof value === "number" && Number.isFinite(value) && value >= 0;
const isPositiveInteger = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 1;

function checkKeys(path: string, value: Record<string, unknown>, allowed: ReadonlyArray<string>, problems: Problems): void {
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) problems.push(`${path}.${key}: unknown field; expected one of ${allowed.join(", ")}`);
  }
}

function checkNonNegative(path: string, value: unknown, problems: Problems, optional = true): void {
  if (value === undefined && optional) return;
  if (!isNonNegative(value)) problems.push(`${path}: must be a number of milliseconds ≥ 0, got ${JSON.stringify(value)}`);
}

function checkStringMap(path: string, value: unknown, problems: Problems): void {
  if (value === undefined) return;
  if (!isObject(value)) {
    problems.push(`${path}: must be an object of strings`);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (typeof item !== "string") problems.push(`${path}.${key}: must be a string, got ${JSON.stringify(item)}`);
  }
}

function checkAttemptList(path: string, value: unknown, problems: Problems, max?: number): void {
  if (value === "all") return;
  if (!Array.isArray(value) || value.length === 0 || !value.every(isPositiveInteger)) {
    problems.push(`${path}: must be "all" or a non-empty list of attempt numbers (1, 2, …), got ${JSON.stringify(value)}`);
    return;
  }
  if (max !== undefined && value.some((attempt) => attempt > max)) problems.push(`${path}: Connect makes at most ${max} attempts`);
}

function checkLatency(path: string, value: unknown, problems: Problems): void {
  if (typeof value === "number") {
    checkNonNegative(path, value, problems, false);
    return;
  }
  if (!isObject(value)) {
    problems.push(`${path}: must be a number of ms or { distribution: "uniform" | "normal", … }, got ${JSON.stringify(value)}`);
    return;
  }
  if (value.distribution === "uniform") {
    checkKeys(path, value, ["distribution", "minMs", "maxMs"], problems);
    checkNonNegative(`${path}.minMs`, value.minMs, problems, false);
    checkNonNegative(`${path}.maxMs`, value.maxMs, problems, false);
    if (isNonNegative(value.minMs) && isNonNegative(value.maxMs) && value.minMs > value.maxMs) problems.push(`${path}: minMs must not exceed maxMs`);
  } else if (value.distribution === "normal") {
    checkKeys(path, value, ["distribution", "meanMs", "stdDevMs", "minMs"], problems);
    checkNonNegative(`${path}.meanMs`, value.meanMs, problems, false);
    checkNonNegative(`${path}.stdDevMs`, value.stdDevMs, problems, false);
    checkNonNegative(`${path}.minMs`, value.minMs, problems);
  } else {
    problems.push(`${path}.distribution: must be "uniform" or "normal", got ${JSON.stringify(value.distribution)}`);
  }
}

function checkBackend(value: unknown, problems: Problems): void {
  if (!isObject(value)) {
    problems.push(`backend: required; give at least { "latencyMs": … }`);
    return;
  }
  checkKeys("backend", value, ["latencyMs", "failures", "result", "concurrency"], problems);
  if (value.concurrency !== undefined && !isPositiveInteger(value.concurrency)) problems.push(`backend.concurrency: must be a positive integer (concurrent executions), got ${JSON.stringify(value.concurrency)}`);
  checkLatency("backend.latencyMs", value.latencyMs, problems);
  checkStringMap("backend.result", value.result, problems);
  if (value.failures === undefined) return;
  if (!Array.isArray(value.failures)) {
    problems.push("backend.failures: must be a list");
    return;
  }
  value.failures.forEach((failure: unknown, index) => {
    const path = `backend.failures[${index}]`;
    if (!isObject(failure)) return void problems.push(`${path}: must be an object`);
    checkKeys(path, failure, ["attempts", "kind", "errorName", "message"], problems);
    checkAttemptList(`${path}.attempts`, failure.attempts, problems);
    if (!["error", "throttle", "service-error"].includes(failure.kind as string)) {
      problems.push(`${path}.kind: must be "error", "throttle" or "service-error", got ${JSON.stringify(failure.kind)}`);
    }
    if (failure.errorName !== undefined && (typeof failure.errorName !== "string" || failure.errorName === "")) problems.push(`${path}.errorName: must be a non-empty string`);
    if (failure.message !== undefined && typeof failure.message !== "string") problems.push(`${path}.message: must be a string`);
  });
}

function checkOperation(value: unknown, problems: Problems): void {
  if (value === undefined) return;
  if (!isObject(value)) return void problems.push("operation: must be an object");
  checkKeys("operation", value, ["name", "timeoutSeconds", "cacheTtlSeconds", "cacheKey", "fastPathMs", "pollWaitMs", "retry"], problems);
  if (value.name !== undefined && (typeof value.name !== "string" || !OPERATION_NAME_PATTERN.test(value.name))) {
    problems.push(`operation.name: must be an operation name ([A-Za-z0-9_-]{1,40}), got ${JSON.stringify(value.name)}`);
  }
  if (value.timeoutSeconds !== undefined && !isPositiveInteger(value.timeoutSeconds)) problems.push("operation.timeoutSeconds: must be a positive integer");
  if (value.cacheTtlSeconds !== undefined && !(Number.isInteger(value.cacheTtlSeconds) && (value.cacheTtlSeconds as number) >= 0)) {
    problems.push("operation.cacheTtlSeconds: must be an integer ≥ 0");
  }
  if (value.cacheKey !== undefined && (!Array.isArray(value.cacheKey) || value.cacheKey.length === 0 || !value.cacheKey.every((key) => typeof key === "string" && key !== ""))) {
    problems.push("operation.cacheKey: must be a non-empty list of attribute names");
  }
  checkNonNegative("operation.fastPathMs", value.fastPathMs, problems);
  checkNonNegative("operation.pollWaitMs", value.pollWaitMs, problems);
  if (value.retry !== undefined) {
    if (!isObject(value.retry)) return void problems.push("operation.retry: must be an object");
    const retry = value.retry;
    checkKeys("operation.retry", retry, ["maxAttempts", "intervalSeconds", "backoffRate", "maxDelaySeconds", "jitter"], problems);
    // Step Functions' own bounds on a Retrier, so a scenario fails here rather than in the state machine.
    if (retry.maxAttempts !== undefined && !(Number.isInteger(retry.maxAttempts) && (retry.maxAttempts as number) >= 0 && (retry.maxAttempts as number) <= 10)) problems.push(`operation.retry.maxAttempts: must be an integer from 0 to 10, got ${JSON.stringify(retry.maxAttempts)}`);
    if (retry.intervalSeconds !== undefined && !isPositiveInteger(retry.intervalSeconds)) problems.push(`operation.retry.intervalSeconds: must be a positive integer, got ${JSON.stringify(retry.intervalSeconds)}`);
    if (retry.backoffRate !== undefined && !(typeof retry.backoffRate === "number" && retry.backoffRate >= 1)) problems.push(`operation.retry.backoffRate: must be a number ≥ 1, got ${JSON.stringify(retry.backoffRate)}`);
    if (retry.maxDelaySeconds !== undefined && !isPositiveInteger(retry.maxDelaySeconds)) problems.push(`operation.retry.maxDelaySeconds: must be a positive integer, got ${JSON.stringify(retry.maxDelaySeconds)}`);
    if (retry.jitter !== undefined && typeof retry.jitter !== "boolean") problems.push(`operation.retry.jitter: must be true or false, got ${JSON.stringify(retry.jitter)}`);
  }
}

function checkCallers(value: unknown, problems: Problems): void {
  if (value === undefined) return;
  if (!Array.isArray(value) || value.length === 0) return void problems.push("callers: must be a non-empty list of caller groups");
  value.forEach((group: unknown, index) => {
    const path = `callers[${index}]`;
    if (!isObject(group)) return void problems.push(`${path}: must be an object`);
    checkKeys(path, group, ["count", "atMs", "spacingMs", "attributes", "inputs"], problems);
    if (group.count !== undefined && !(isPositiveInteger(group.count) && group.count <= MAX_CALLERS_PER_GROUP)) problems.push(`${path}.count: must be an integer from 1 to ${MAX_CALLERS_PER_GROUP}`);
    checkNonNegative(`${path}.atMs`, group.atMs, problems);
    checkNonNegative(`${path}.spacingMs`, group.spacingMs, problems);
    checkStringMap(`${path}.attributes`, group.attributes, problems);
    if (group.inputs !== undefined) {
      if (!isObject(group.inputs)) return void problems.push(`${path}.inputs: must map block identifiers to lists of inputs`);
      for (const [blockId, inputs] of Object.entries(group.inputs)) {
        if (!Array.isArray(inputs) || !inputs.every((input) => typeof input === "string")) problems.push(`${path}.inputs.${blockId}: must be a list of strings`);
      }
    }
  });
}

function checkLambdaFaults(value: unknown, problems: Problems): void {
  if (value === undefined) return;
  if (!Array.isArray(value)) return void problems.push("lambdaFaults: must be a list");
  value.forEach((fault: unknown, index) => {
    const path = `lambdaFaults[${index}]`;
    if (!isObject(fault)) return void problems.push(`${path}: must be an object`);
    checkKeys(path, fault, ["function", "turn", "kind", "attempts", "callers"], problems);
    if (fault.function !== "start" && fault.function !== "poll" && fault.function !== "long-poll") {
      problems.push(`${path}.function: must be "start", "poll" or "long-poll", got ${JSON.stringify(fault.function)}`);
    }
    if (!isPositiveInteger(fault.turn)) problems.push(`${path}.turn: must be a positive integer (the n-th ${String(fault.function)} block a caller runs)`);
    if (!["error", "timeout", "invalid-response"].includes(fault.kind as string)) {
      problems.push(`${path}.kind: must be "error", "timeout" or "invalid-response", got ${JSON.stringify(fault.kind)}`);
    }
    if (fault.attempts !== undefined) checkAttemptList(`${path}.attempts`, fault.attempts, problems, 4);
    if (fault.callers !== undefined && (!Array.isArray(fault.callers) || !fault.callers.every(isPositiveInteger))) problems.push(`${path}.callers: must be a list of caller numbers (1, 2, …)`);
  });
}

/** Checks `value` as a scenario and returns the problems found; an empty list means valid. */
export function validateScenario(value: unknown): string[] {
  const problems: Problems = [];
  if (!isObject(value)) return ["scenario: must be an object"];
  checkKeys("scenario", value, ["$schema", "name", "description", "seed", "backend", "operation", "callers", "requests", "account", "lambdaFaults", "dynamodb", "latencies", "channel", "expect"], problems);
  if (value.$schema !== undefined && typeof value.$schema !== "string") problems.push("$schema: must be a string (the schema's location, for editors)");
  if (value.expect !== undefined) {
    if (!isObject(value.expect)) problems.push("expect: must be an object");
    else {
      checkKeys("expect", value.expect, ["outcome"], problems);
      if (value.expect.outcome !== undefined && typeof value.expect.outcome !== "string") problems.push("expect.outcome: must be a string");
    }
  }
  if (value.channel !== undefined && !(Object.values(Channel) as unknown[]).includes(value.channel)) {
    problems.push(`channel: must be one of ${Object.values(Channel).join(", ")}, got ${JSON.stringify(value.channel)}`);
  }
  if (value.requests !== undefined && !(Object.values(RequestSharing) as unknown[]).includes(value.requests)) {
    problems.push(`requests: must be one of ${Object.values(RequestSharing).join(", ")}, got ${JSON.stringify(value.requests)}`);
  }
  if (typeof value.name !== "string" || !/^[a-z0-9][a-z0-9-]*$/.test(value.name)) problems.push(`name: must be kebab-case (a-z, 0-9, -), got ${JSON.stringify(value.name)}`);
  if (value.description !== undefined && typeof value.description !== "string") problems.push("description: must be a string");
  if (value.seed !== undefined && !(Number.isInteger(value.seed) && (value.seed as number) >= 0)) problems.push(`seed: must be an integer ≥ 0, got ${JSON.stringify(value.seed)}`);
  checkBackend(value.backend, problems);
  checkOperation(value.operation, problems);
  checkCallers(value.callers, problems);
  checkLambdaFaults(value.lambdaFaults, problems);
  if (value.account !== undefined) {
    if (!isObject(value.account)) problems.push("account: must be an object");
    else {
      checkKeys("account", value.account, ["lambdaConcurrency"], problems);
      if (value.account.lambdaConcurrency !== undefined && !isPositiveInteger(value.account.lambdaConcurrency)) {
        problems.push(`account.lambdaConcurrency: must be a positive integer (concurrent executions), got ${JSON.stringify(value.account.lambdaConcurrency)}`);
      }
    }
  }
  if (value.dynamodb !== undefined) {
    if (!isObject(value.dynamodb)) problems.push("dynamodb: must be an object");
    else {
      checkKeys("dynamodb", value.dynamodb, ["unavailable"], problems);
      if (value.dynamodb.unavailable !== undefined && typeof value.dynamodb.unavailable !== "boolean") problems.push("dynamodb.unavailable: must be true or false");
    }
  }
  if (value.latencies !== undefined) {
    if (!isObject(value.latencies)) problems.push("latencies: must be an object");
    else {
      checkKeys("latencies", value.latencies, ["lambdaOverheadMs", "dynamodbMs", "startExecutionMs"], problems);
      for (const key of ["lambdaOverheadMs", "dynamodbMs", "startExecutionMs"]) checkNonNegative(`latencies.${key}`, value.latencies[key], problems);
    }
  }
  return problems;
}

/** Validates `value` and returns it typed; throws {@link ScenarioValidationError} listing every problem. */
export function parseScenario(value: unknown): Scenario {
  const problems = validateScenario(value);
  if (problems.length > 0) {
    const name = isObject(value) && typeof value.name === "string" ? value.name : "(unnamed)";
    throw new ScenarioValidationError(name, problems);
  }
  return value as unknown as Scenario;
}

/** One caller, expanded from the groups. */
export interface CallerPlan {
  /** 1-based. */
  readonly index: number;
  readonly callerId: string;
  readonly contactId: string;
  readonly atMs: number;
  readonly attributes: { readonly [key: string]: string };
  readonly inputs: { readonly [blockId: string]: ReadonlyArray<string> };
}

/** The scenario's callers, one by one, in the order they call (ties keep their listed order). */
export function expandCallers(scenario: Scenario): CallerPlan[] {
  const groups = scenario.callers ?? [{}];
  const plans: Array<Omit<CallerPlan, "index" | "callerId" | "contactId">> = [];
  for (const group of groups) {
    for (let n = 0; n < (group.count ?? 1); n += 1) {
      plans.push({ atMs: (group.atMs ?? 0) + n * (group.spacingMs ?? 0), attributes: group.attributes ?? {}, inputs: group.inputs ?? {} });
    }
  }
  return plans
    .map((plan, order) => ({ plan, order }))
    .sort((a, b) => a.plan.atMs - b.plan.atMs || a.order - b.order)
    .map(({ plan }, position) => {
      const index = position + 1;
      // The last group of a UUID is 12 digits, so a crowd of 10,000 or more still gets well-formed ids.
      const padded = String(index).padStart(12, "0");
      return { ...plan, index, callerId: `caller-${index}`, contactId: `00000000-0000-4000-8000-${padded}` };
    });
}
