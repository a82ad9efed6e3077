/**
 * An *operation*: one slow call put behind a state machine (DESIGN.md, "The operation"). This file
 * holds its props, their defaults and their validation. It is pure (no CDKTF import): the bridge
 * construct passes in how to recognise an unresolved Terraform reference, so a target ARN given as a
 * reference is accepted without a format check.
 */
import {
  DEFAULT_FAST_PATH_MS,
  MAX_CACHE_TTL_SECONDS,
  MAX_FAST_PATH_MS,
  MAX_POLL_WAIT_MS,
  OPERATION_NAME_PATTERN,
  RESERVED_OPERATION_NAMES,
  type ConnectResponseType,
  type OperationRuntimeConfig,
} from "../handlers/lib/operations-config";
import { TargetInput } from "../handlers/lib/target-event";

/** The state machine types Step Functions offers. */
export const WorkflowType = {
  /** At-least-once, up to 5 minutes, StartExecution at 6,000/s, history in CloudWatch Logs only. */
  EXPRESS: "EXPRESS",
  /** Exactly-once, up to a year, execution history kept for 90 days; slower and dearer to start. */
  STANDARD: "STANDARD",
} as const;
export type WorkflowType = (typeof WorkflowType)[keyof typeof WorkflowType];

/**
 * How the target Lambda(s) run.
 *
 * - a string: **drop-in** mode, one Lambda ARN; it receives the Connect event unchanged and its output
 *   is the result;
 * - `{ parallel: [...] }`: **orchestrated**, all run at once on the same Connect event;
 * - `{ sequence: [...] }`: **orchestrated**, run one after the other, each on the same Connect event
 *   (use it when the calls must not overlap, e.g. rate-limited back ends).
 *
 * Orchestrated outputs are JSON objects merged shallowly in declaration order; a later key wins.
 */
export type OperationTarget =
  | string
  | { readonly parallel: ReadonlyArray<string>; readonly sequence?: never }
  | { readonly sequence: ReadonlyArray<string>; readonly parallel?: never };

/**
 * Retries of a target invocation on transient Lambda errors and throttling
 * (`Lambda.ServiceException`, `Lambda.AWSLambdaException`, `Lambda.SdkClientException`,
 * `Lambda.ClientExecutionTimeoutException`, `Lambda.TooManyRequestsException`).
 * The worst-case total backoff must fit inside the operation's time budget (validated at synth).
 */
export interface RetryPolicy {
  /** How many times a failed invocation is retried; 0 disables retries. @default 2 */
  readonly maxAttempts?: number;
  /** Seconds before the first retry (a positive integer). @default 1 */
  readonly intervalSeconds?: number;
  /** The factor each further wait grows by (≥ 1). @default 2 */
  readonly backoffRate?: number;
  /** The longest single wait in seconds. @default no cap */
  readonly maxDelaySeconds?: number;
  /** Randomise each wait between 0 and its computed value (`JitterStrategy: FULL`). @default true */
  readonly jitter?: boolean;
}

/** One operation as the bridge construct takes it. */
export interface OperationProps {
  /** The operation name, `[A-Za-z0-9_-]{1,40}`; flows pass it as the `operation` parameter. */
  readonly name: string;
  /** The Lambda ARN(s) doing the work; see {@link OperationTarget}. */
  readonly target: OperationTarget;
  /**
   * How long the work may take, in seconds (an integer). The state machine times the work out a few
   * seconds earlier ({@link COMPLETION_RESERVE_SECONDS}) so it can still record the failure.
   * @default 60
   */
  readonly timeoutSeconds?: number;
  /**
   * How long a SUCCEEDED result is served to other callers with the same cache key, in seconds, at most
   * a year ({@link MAX_CACHE_TTL_SECONDS}); 0 = per contact only.
   * @default 0
   */
  readonly cacheTtlSeconds?: number;
  /**
   * Invocation attribute names whose values identify the request across contacts. Each must be one of
   * {@link inputs} when `inputs` is given.
   * @default the ContactId (per contact)
   */
  readonly cacheKey?: ReadonlyArray<string>;
  /** The invocation attribute names the operation expects (documentation and cache-key check). @default not declared */
  readonly inputs?: ReadonlyArray<string>;
  /** How long `start` waits for a quick completion before answering PENDING, in milliseconds (0–5000). @default 500 (DEFAULT_FAST_PATH_MS) */
  readonly fastPathMs?: number;
  /**
   * How long `poll` watches a running request before answering PENDING, in milliseconds (0–2000): the
   * result reaches the caller as soon as it lands during a poll, at the cost of longer poll calls.
   * @default 0
   */
  readonly pollWaitMs?: number;
  /** How Connect validates the answers of start and poll. @default "STRING_MAP" */
  readonly responseType?: ConnectResponseType;
  /** Retries of each target invocation. @default { maxAttempts: 2, intervalSeconds: 1, backoffRate: 2, jitter: true } */
  readonly retry?: RetryPolicy;
  /**
   * What the target receives. A cached operation's result is shared by every caller with the same
   * cache-key values, so by default (`"cache-key"`) its target gets those parameters alone, in a
   * Connect-shaped event without contact data: no caller's identity (CustomerEndpoint, attributes) can
   * shape an answer another caller is served. `"contact-event"` passes the first caller's Connect event
   * unchanged instead; choose it only for a backend whose answer is the same for every caller with
   * those key values. A per-contact operation always gets the contact event (drop-in).
   * @default "cache-key" with a cacheKey, else "contact-event"
   */
  readonly targetInput?: TargetInput;
}

/** An operation with every default applied. */
export interface ResolvedOperation {
  readonly name: string;
  readonly mode: "drop-in" | "parallel" | "sequence";
  readonly targets: ReadonlyArray<string>;
  readonly timeoutSeconds: number;
  readonly cacheTtlSeconds: number;
  readonly cacheKey?: ReadonlyArray<string>;
  readonly inputs?: ReadonlyArray<string>;
  readonly fastPathMs: number;
  readonly pollWaitMs: number;
  readonly responseType: ConnectResponseType;
  readonly targetInput?: TargetInput;
  readonly retry: Required<Omit<RetryPolicy, "maxDelaySeconds">> & Pick<RetryPolicy, "maxDelaySeconds">;
}

// The handlers' own limits: what infra accepts is exactly what the handlers will parse.
export { MAX_CACHE_TTL_SECONDS, MAX_FAST_PATH_MS, OPERATION_NAME_PATTERN, RESERVED_OPERATION_NAMES };
/** Express workflows stop after 5 minutes, a hard limit. */
export const EXPRESS_MAX_TIMEOUT_SECONDS = 300;
/** A year, the Standard workflow limit. */
export const STANDARD_MAX_TIMEOUT_SECONDS = 31_536_000;
/**
 * Seconds kept back from `timeoutSeconds` for recording the outcome: each target invocation times
 * out this much earlier than the execution, so a slow target still ends in a FAILED item rather than
 * in an execution timeout that writes nothing. 5 s: a first write retried three times on throttling
 * (up to 3 s of waits) and its fallback retried once (1 s), with a second left for the calls.
 */
export const COMPLETION_RESERVE_SECONDS = 5;
export const MIN_TIMEOUT_SECONDS = COMPLETION_RESERVE_SECONDS + 2;
export const MAX_TARGETS = 10;
export const DEFAULT_TIMEOUT_SECONDS = 60;
export const DEFAULT_RETRY_POLICY = { maxAttempts: 2, intervalSeconds: 1, backoffRate: 2, jitter: true } as const;

/** Parameter names the handlers reserve: `operation`, and everything starting with `async`. */
export const RESERVED_INPUT = /^(operation$|async)/;
export const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]{1,128})?$/;

/** Options of {@link validateOperations}. */
export interface ValidateOperationsOptions {
  /** The state machine type the operations run on. */
  readonly workflowType: WorkflowType;
  /** Recognises an unresolved Terraform reference, whose value cannot be checked at synth. @default none is */
  readonly isUnresolved?: (value: string) => boolean;
}

/** The targets of an operation, in order. */
export function targetsOf(target: OperationTarget): ReadonlyArray<string> {
  if (typeof target === "string") return [target];
  return "parallel" in target && target.parallel !== undefined ? target.parallel : (target.sequence ?? []);
}

/** Applies the defaults. Call {@link validateOperations} first: this function does not check. */
export function resolveOperation(props: OperationProps): ResolvedOperation {
  const mode = typeof props.target === "string" ? "drop-in" : "parallel" in props.target && props.target.parallel !== undefined ? "parallel" : "sequence";
  return {
    name: props.name,
    mode,
    targets: targetsOf(props.target),
    timeoutSeconds: props.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS,
    cacheTtlSeconds: props.cacheTtlSeconds ?? 0,
    cacheKey: props.cacheKey,
    inputs: props.inputs,
    fastPathMs: props.fastPathMs ?? DEFAULT_FAST_PATH_MS,
    pollWaitMs: props.pollWaitMs ?? 0,
    responseType: props.responseType ?? "STRING_MAP",
    ...(props.targetInput !== undefined ? { targetInput: props.targetInput } : {}),
    retry: { ...DEFAULT_RETRY_POLICY, ...props.retry },
  };
}

/** The work's budget: the timeout less the completion reserve. */
export function workBudgetSeconds(operation: Pick<ResolvedOperation, "timeoutSeconds">): number {
  return operation.timeoutSeconds - COMPLETION_RESERVE_SECONDS;
}

/**
 * The longest one invocation (one attempt) may run. Targets in sequence share the budget, less their
 * retry backoff, so the sequence ends inside the execution's timeout and a slow target is caught and
 * recorded as FAILED. A retry that follows a slow attempt can still outlast the execution, whose own
 * timeout cannot be caught: the item then stays PENDING until its lease passes (timeoutSeconds + 5 s)
 * and poll answers LEASE_EXPIRED. Splitting every attempt's share would cut legitimate slow calls
 * short for a rare case, so it is not done.
 */
export function invocationTimeoutSeconds(operation: Pick<ResolvedOperation, "timeoutSeconds" | "mode" | "targets" | "retry">): number {
  if (operation.mode !== "sequence") return workBudgetSeconds(operation);
  const backoff = retryBackoffSeconds(operation.retry) * operation.targets.length;
  return Math.max(1, Math.floor((workBudgetSeconds(operation) - backoff) / operation.targets.length));
}

/** The worst-case total wait of one invocation's retries, in seconds (jitter only shortens waits). */
export function retryBackoffSeconds(retry: ResolvedOperation["retry"]): number {
  let total = 0;
  for (let attempt = 0; attempt < retry.maxAttempts; attempt++) {
    const wait = retry.intervalSeconds * Math.pow(retry.backoffRate, attempt);
    total += retry.maxDelaySeconds === undefined ? wait : Math.min(wait, retry.maxDelaySeconds);
  }
  return total;
}

/** The worst-case backoff of the whole operation: a sequence waits once per target. */
export function operationBackoffSeconds(operation: ResolvedOperation): number {
  const perInvocation = retryBackoffSeconds(operation.retry);
  return operation.mode === "sequence" ? perInvocation * operation.targets.length : perInvocation;
}

/** What the handlers need to know about the operation (its `OPERATIONS` entry, as the simulator passes it) given its state machine. */
export function runtimeConfigOf(operation: ResolvedOperation, stateMachineArn: string): OperationRuntimeConfig {
  return {
    stateMachineArn,
    timeoutSeconds: operation.timeoutSeconds,
    cacheTtlSeconds: operation.cacheTtlSeconds,
    ...(operation.cacheKey ? { cacheKey: operation.cacheKey } : {}),
    // Always written: the handlers default a missing value to DEFAULT_FAST_PATH_MS, so 0 must be explicit.
    fastPathMs: operation.fastPathMs,
    pollWaitMs: operation.pollWaitMs,
    responseType: operation.responseType,
    ...(operation.targetInput !== undefined ? { targetInput: operation.targetInput } : {}),
  };
}

/**
 * An operation's entry in `operations.json`, the file the bridge ships in the start and poll zips: its
 * settings without the state machine's ARN. The ARN holds the account, Region and often a name prefix
 * that only Terraform knows, while the zip's bytes must be known at synth; the handlers build it from
 * the `STATE_MACHINE_ARN_PREFIX` environment variable and the operation's name.
 */
export type OperationFileEntry = Omit<OperationRuntimeConfig, "stateMachineArn">;

/** The operation's entry in `operations.json` (see {@link OperationFileEntry}). */
export function fileEntryOf(operation: ResolvedOperation): OperationFileEntry {
  const { stateMachineArn: _derivedByTheHandlers, ...entry } = runtimeConfigOf(operation, "");
  return entry;
}

/**
 * Checks every operation and returns all problems found, each naming the operation and the prop and
 * saying what to change. An empty list means valid.
 */
export function validateOperations(operations: ReadonlyArray<OperationProps>, options: ValidateOperationsOptions): string[] {
  const problems: string[] = [];
  if (operations.length === 0) problems.push("operations: declare at least one operation");
  const seen = new Set<string>();
  for (const operation of operations) {
    if (seen.has(operation.name)) problems.push(`operations: "${operation.name}" is declared more than once; operation names must be unique`);
    seen.add(operation.name);
    problems.push(...validateOperation(operation, options));
  }
  return problems;
}

function validateOperation(props: OperationProps, options: ValidateOperationsOptions): string[] {
  const problems: string[] = [];
  const at = `operation "${props.name}"`;
  const isUnresolved = options.isUnresolved ?? (() => false);
  const problem = (message: string) => problems.push(`${at}: ${message}`);

  if (!OPERATION_NAME_PATTERN.test(props.name)) {
    problem("name must match [A-Za-z0-9_-]{1,40} (letters, digits, '_' and '-', at most 40); rename it");
  } else if (RESERVED_OPERATION_NAMES.includes(props.name)) {
    problem("name is a property every JavaScript object has (Object.prototype), which the handlers refuse; rename it");
  }

  const targets = targetsOf(props.target);
  if (typeof props.target !== "string" && "parallel" in props.target && "sequence" in props.target && props.target.sequence !== undefined) {
    problem("target: give either parallel or sequence, not both");
  }
  if (targets.length === 0) problem("target: name at least one Lambda ARN");
  if (targets.length > MAX_TARGETS) problem(`target: at most ${MAX_TARGETS} Lambda ARNs can be orchestrated, got ${targets.length}`);
  for (const arn of targets) {
    if (!isUnresolved(arn) && !LAMBDA_ARN.test(arn)) {
      problem(`target: "${arn}" is not a Lambda function ARN (arn:aws:lambda:<region>:<account>:function:<name>)`);
    }
  }

  const resolved = resolveOperation(props);
  const maxTimeout = options.workflowType === WorkflowType.EXPRESS ? EXPRESS_MAX_TIMEOUT_SECONDS : STANDARD_MAX_TIMEOUT_SECONDS;
  if (!Number.isInteger(resolved.timeoutSeconds) || resolved.timeoutSeconds < MIN_TIMEOUT_SECONDS) {
    problem(`timeoutSeconds must be an integer of at least ${MIN_TIMEOUT_SECONDS}, got ${resolved.timeoutSeconds}`);
  } else if (resolved.timeoutSeconds > maxTimeout) {
    problem(
      options.workflowType === WorkflowType.EXPRESS
        ? `timeoutSeconds ${resolved.timeoutSeconds} exceeds the ${EXPRESS_MAX_TIMEOUT_SECONDS} s limit of EXPRESS state machines; lower it or set workflowType: "STANDARD"`
        : `timeoutSeconds ${resolved.timeoutSeconds} exceeds the ${STANDARD_MAX_TIMEOUT_SECONDS} s limit of STANDARD state machines`,
    );
  }
  if (!Number.isInteger(resolved.cacheTtlSeconds) || resolved.cacheTtlSeconds < 0 || resolved.cacheTtlSeconds > MAX_CACHE_TTL_SECONDS) {
    problem(`cacheTtlSeconds must be an integer from 0 (per contact only) to ${MAX_CACHE_TTL_SECONDS} (a year), got ${resolved.cacheTtlSeconds}`);
  }
  if (!Number.isInteger(resolved.fastPathMs) || resolved.fastPathMs < 0 || resolved.fastPathMs > MAX_FAST_PATH_MS) {
    problem(`fastPathMs must be an integer from 0 to ${MAX_FAST_PATH_MS} (start must answer Connect within 8 s), got ${resolved.fastPathMs}`);
  }
  if (!Number.isInteger(resolved.pollWaitMs) || resolved.pollWaitMs < 0 || resolved.pollWaitMs > MAX_POLL_WAIT_MS) {
    problem(`pollWaitMs must be an integer from 0 to ${MAX_POLL_WAIT_MS} (poll must answer within the flow's poll time limit), got ${resolved.pollWaitMs}`);
  }
  if (resolved.responseType !== "STRING_MAP" && resolved.responseType !== "JSON") {
    problem(`responseType must be "STRING_MAP" or "JSON", got "${String(resolved.responseType)}"`);
  }

  if (props.targetInput !== undefined && !Object.values<string>(TargetInput).includes(props.targetInput)) {
    problem(`targetInput must be "${TargetInput.cacheKey}" or "${TargetInput.contactEvent}", got "${String(props.targetInput)}"`);
  } else if (props.targetInput === TargetInput.cacheKey && props.cacheKey === undefined) {
    problem(`targetInput "${TargetInput.cacheKey}" needs a cacheKey (a per-contact operation's target gets the contact event); remove targetInput or add a cacheKey`);
  }

  for (const input of props.inputs ?? []) {
    if (RESERVED_INPUT.test(input)) problem(`inputs: "${input}" is reserved (the handlers use "operation" and names starting with "async"); rename it`);
  }
  if (props.cacheKey !== undefined) {
    if ((props.cacheTtlSeconds ?? 0) === 0) {
      problem("cacheKey shares one result across contacts, but cacheTtlSeconds is 0 (per contact only); give cacheTtlSeconds a number of seconds, or leave cacheKey out");
    }
    if (props.cacheKey.length === 0) problem("cacheKey: name at least one input attribute, or leave cacheKey out to key on the ContactId");
    const repeated = props.cacheKey.filter((key, index) => props.cacheKey?.indexOf(key) !== index);
    if (repeated.length > 0) problem(`cacheKey names ${[...new Set(repeated)].map((key) => `"${key}"`).join(", ")} more than once; name each input once`);
    for (const key of props.cacheKey) {
      if (key === "") {
        problem('cacheKey: "" is not an attribute name; name an input attribute of the operation');
        continue;
      }
      if (props.inputs !== undefined && !props.inputs.includes(key)) {
        const declared = props.inputs.length > 0 ? props.inputs.join(", ") : "none";
        problem(`cacheKey names "${key}", which is not one of its declared inputs (${declared}); add it to inputs or remove it from cacheKey`);
      } else if (RESERVED_INPUT.test(key)) {
        problem(`cacheKey: "${key}" is reserved; name an input attribute of the operation`);
      }
    }
  }

  problems.push(...validateRetry(at, resolved));
  return problems;
}

function validateRetry(at: string, operation: ResolvedOperation): string[] {
  const problems: string[] = [];
  const { maxAttempts, intervalSeconds, backoffRate, maxDelaySeconds } = operation.retry;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 0 || maxAttempts > 10) problems.push(`${at}: retry.maxAttempts must be an integer from 0 to 10, got ${maxAttempts}`);
  if (!Number.isInteger(intervalSeconds) || intervalSeconds < 1) problems.push(`${at}: retry.intervalSeconds must be a positive integer, got ${intervalSeconds}`);
  if (!(backoffRate >= 1)) problems.push(`${at}: retry.backoffRate must be at least 1, got ${backoffRate}`);
  if (maxDelaySeconds !== undefined && (!Number.isInteger(maxDelaySeconds) || maxDelaySeconds < 1)) {
    problems.push(`${at}: retry.maxDelaySeconds must be a positive integer, got ${maxDelaySeconds}`);
  }
  if (problems.length > 0 || !Number.isInteger(operation.timeoutSeconds) || operation.timeoutSeconds < MIN_TIMEOUT_SECONDS) return problems;

  const backoff = operationBackoffSeconds(operation);
  const budget = workBudgetSeconds(operation);
  if (backoff >= budget) {
    const scope = operation.mode === "sequence" ? ` over ${operation.targets.length} targets in sequence` : "";
    problems.push(
      `${at}: the retry policy can wait up to ${backoff} s${scope}, which does not fit in the ${budget} s the work may take ` +
        `(timeoutSeconds ${operation.timeoutSeconds} less ${COMPLETION_RESERVE_SECONDS} s to record the outcome); ` +
        "lower retry.maxAttempts, retry.intervalSeconds or retry.backoffRate, set retry.maxDelaySeconds, or raise timeoutSeconds",
    );
  }
  return problems;
}
