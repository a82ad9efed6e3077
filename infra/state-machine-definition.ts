/**
 * The state-machine definition of one operation (Amazon States Language, JSONPath). Pure: an operation
 * and a table name in, an ASL object out. The bridge construct passes the table name as a Terraform
 * reference; tests and the simulator pass a plain name and run the result in aws-local-stepfunctions.
 *
 * Shape (drop-in):
 *
 *   Invoke target ──ok──▶ Record success ─┐
 *        └─States.ALL─▶ Check error cause ─▶ Record failure ─┤
 *                                                             ├─ConditionalCheckFailed─▶ Superseded (Succeed)
 *                                                             ├─ValidationException─▶ Check write error
 *                                                             │     ├─item too large, success─▶ Record result too large
 *                                                             │     ├─item too large, failure─▶ Record failure without cause
 *                                                             │     └─other─▶ Record store failure
 *                                                             └─any other error─▶ Record store failure
 *   Record output not an object (orchestrated) ──any error─▶ Record store failure
 *   each fallback write ──ConditionalCheckFailed─▶ Superseded; ──any error─▶ Outcome not recorded (Fail)
 *
 * No outcome is lost: whatever stops the completion write (an item over DynamoDB's 400 KB, throttling
 * beyond the retry, AccessDenied, a KMS error), a second, small write records FAILED with a specific
 * `errorCode` ({@link CompletionErrorCode}) unless that write fails too, in which case the execution
 * itself fails, so the failure shows in its logs and in the `ExecutionsFailed` metric. The writes'
 * retries fit in the completion reserve ({@link COMPLETION_WRITE_RETRY}, {@link FALLBACK_WRITE_RETRY}).
 * Every path has the same second chance: an orchestrated output that cannot be merged is recorded by a
 * first write like any outcome, and falls back to STORE_WRITE_FAILED when that write fails.
 *
 * The work's output is always an object `{ "result": "<JSON text>" }`: the target's payload is turned
 * into text inside the task that received it, so a target answering `null`, `false`, `0` or `""` still
 * gives a path that exists (a bare falsy state output made aws-local-stepfunctions fail with "Path
 * expression '$' does not point to a value" and left the item PENDING).
 *
 * Orchestrated targets replace "Invoke target" with a Parallel state (one branch per target) or a
 * chain of tasks, followed by a merge of their outputs with `States.JsonMerge` (shallow, later wins);
 * their outputs must be JSON objects.
 *
 * Step Functions itself caps a state's data at 256 KB and ends an execution whose target answers more
 * with the uncatchable `States.DataLimitExceeded`; such an item stays PENDING until its lease passes
 * and `poll` answers LEASE_EXPIRED. Keep results well under Connect's 32 KB anyway.
 *
 * Both writes are conditional on `executionName = $$.Execution.Name`: when `start` has restarted a
 * stale request, the item names the newer execution and the older one ends quietly without writing.
 * Reads of the execution input go through `$$.Execution.Input`, so each state's own input can be the
 * target's output or the caught error.
 */
import { AsyncErrorCode } from "../handlers/lib/async-error-code";
import { StatusAttribute, RequestStatus } from "../handlers/lib/status-item";
import { COMPLETION_RESERVE_SECONDS, invocationTimeoutSeconds, type ResolvedOperation } from "./operation";

/** Task resources of the optimized service integrations used here. */
export const TaskResource = {
  lambdaInvoke: "arn:aws:states:::lambda:invoke",
  dynamoDbUpdateItem: "arn:aws:states:::dynamodb:updateItem",
} as const;

/** Error names the definition refers to. */
export const StatesError = {
  all: "States.ALL",
  conditionalCheckFailed: "DynamoDB.ConditionalCheckFailedException",
  /** DynamoDB's answer to an item over 400 KB, among other malformed requests. */
  validation: "DynamoDB.ValidationException",
} as const;

/**
 * The `errorCode` values the state machine writes itself when the outcome cannot be stored as it is;
 * the handlers pass `errorCode` on as the flow's `asyncErrorCode`.
 */
export const CompletionErrorCode = {
  /** The target's result does not fit in the status item (DynamoDB's 400 KB item limit). */
  RESULT_TOO_LARGE: AsyncErrorCode.RESULT_TOO_LARGE,
  /** An orchestrated target answered something other than a JSON object, so the outputs cannot be merged. */
  OUTPUT_NOT_OBJECT: AsyncErrorCode.OUTPUT_NOT_OBJECT,
  /** The outcome could not be written for another reason (throttling beyond the retry, AccessDenied, KMS, …). */
  STORE_WRITE_FAILED: AsyncErrorCode.STORE_WRITE_FAILED,
} as const;

/**
 * The error of the Fail state an execution ends in when not even the small fallback write succeeded
 * (the item then stays PENDING until its lease passes).
 */
export const OUTCOME_NOT_RECORDED_ERROR = "ConnectAsync.OutcomeNotRecorded";

/**
 * How DynamoDB words the item-size refusal ("Item size has exceeded the maximum allowed size", "Item size
 * to update has exceeded the maximum allowed size"), as a `StringMatches` pattern.
 */
export const ITEM_TOO_LARGE_CAUSE_PATTERN = "*size*exceeded*";

/** Transient errors of the Lambda invoke integration; throttling surfaces as TooManyRequests. */
export const TRANSIENT_LAMBDA_ERRORS = [
  "Lambda.ServiceException",
  "Lambda.AWSLambdaException",
  "Lambda.SdkClientException",
  "Lambda.ClientExecutionTimeoutException",
  "Lambda.TooManyRequestsException",
] as const;

/** Transient errors of the DynamoDB integration (the completion writes retry these briefly). */
export const TRANSIENT_DYNAMODB_ERRORS = [
  "DynamoDB.ProvisionedThroughputExceededException",
  "DynamoDB.ThrottlingException",
  "DynamoDB.RequestLimitExceeded",
  "DynamoDB.InternalServerErrorException",
] as const;

/** Fixed state names (stable: they appear in logs and in the simulator's overrides). */
export const StateName = {
  invokeTarget: "Invoke target",
  runTargetsInParallel: "Run targets in parallel",
  checkOutputs: "Check outputs are objects",
  mergeOutputs: "Merge outputs",
  recordSuccess: "Record success",
  checkCause: "Check error cause",
  addDefaultCause: "Add default cause",
  recordFailure: "Record failure",
  checkWriteError: "Check write error",
  recordResultTooLarge: "Record result too large",
  recordOutputNotObject: "Record output not an object",
  recordFailureWithoutCause: "Record failure without cause",
  recordStoreFailure: "Record store failure",
  outcomeNotRecorded: "Outcome not recorded",
  superseded: "Superseded by a newer execution",
} as const;

/** The states that write the outcome on the status item, the fallback writes included. */
export const COMPLETION_WRITE_STATES: ReadonlyArray<string> = [
  StateName.recordSuccess,
  StateName.recordFailure,
  StateName.recordResultTooLarge,
  StateName.recordOutputNotObject,
  StateName.recordFailureWithoutCause,
  StateName.recordStoreFailure,
];

/**
 * The retry of a first completion write (the outcome itself: success, failure, output not an object) on
 * throttling and DynamoDB's transient errors: three retries, each wait drawn between 0 and 1 s (FULL
 * jitter spreads a burst of writers, the 1 s cap keeps the worst case inside the reserve). A write
 * throttled three times still lands; only a fourth refusal falls back to STORE_WRITE_FAILED.
 */
export const COMPLETION_WRITE_RETRY = { IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 2, MaxDelaySeconds: 1, JitterStrategy: "FULL" } as const;

/**
 * The retry of a fallback write (the small FAILED item written when the outcome could not be): one
 * retry. A first write and its fallback wait at most 3 + 1 s together, which leaves a second of the
 * {@link COMPLETION_RESERVE_SECONDS} (5 s) for the (up to six) calls themselves.
 */
export const FALLBACK_WRITE_RETRY = { IntervalSeconds: 1, MaxAttempts: 1, BackoffRate: 1, JitterStrategy: "FULL" } as const;

/** The name of the Task invoking target `index` (0-based) of an orchestrated operation. */
export function invokeTargetStateName(index: number): string {
  return `${StateName.invokeTarget} ${index + 1}`;
}

// ---- a small typed subset of ASL (JSONPath) --------------------------------------------------------

export type AslValue = string | number | boolean | null | AslValue[] | { [key: string]: AslValue };
export type AslPayload = { [key: string]: AslValue };

export interface AslRetrier {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly IntervalSeconds?: number;
  readonly MaxAttempts?: number;
  readonly BackoffRate?: number;
  readonly MaxDelaySeconds?: number;
  readonly JitterStrategy?: "FULL" | "NONE";
}
export interface AslCatcher {
  readonly ErrorEquals: ReadonlyArray<string>;
  readonly Next: string;
  readonly ResultPath?: string | null;
}
interface AslTransition {
  readonly Next?: string;
  readonly End?: true;
}
export interface AslTaskState extends AslTransition {
  readonly Type: "Task";
  readonly Comment?: string;
  readonly Resource: string;
  readonly Parameters?: AslPayload;
  readonly ResultSelector?: AslPayload;
  readonly ResultPath?: string | null;
  readonly OutputPath?: string;
  readonly TimeoutSeconds?: number;
  readonly Retry?: ReadonlyArray<AslRetrier>;
  readonly Catch?: ReadonlyArray<AslCatcher>;
}
export interface AslParallelState extends AslTransition {
  readonly Type: "Parallel";
  readonly Comment?: string;
  readonly Branches: ReadonlyArray<AslStateMachine>;
  readonly ResultSelector?: AslPayload;
  readonly OutputPath?: string;
  readonly Catch?: ReadonlyArray<AslCatcher>;
}
export interface AslPassState extends AslTransition {
  readonly Type: "Pass";
  readonly Comment?: string;
  readonly Parameters?: AslPayload;
  readonly OutputPath?: string;
}
/** A Choice rule (the comparisons used here); nested rules carry no `Next`. */
export type AslChoiceRule =
  | { readonly Variable: string; readonly IsPresent: boolean; readonly Next?: string }
  | { readonly Variable: string; readonly IsNull: boolean; readonly Next?: string }
  | { readonly Variable: string; readonly IsString: boolean; readonly Next?: string }
  | { readonly Variable: string; readonly IsNumeric: boolean; readonly Next?: string }
  | { readonly Variable: string; readonly IsBoolean: boolean; readonly Next?: string }
  | { readonly Variable: string; readonly StringMatches: string; readonly Next?: string }
  | { readonly Variable: string; readonly StringEquals: string; readonly Next?: string }
  | { readonly Not: AslChoiceRule; readonly Next?: string }
  | { readonly And: ReadonlyArray<AslChoiceRule>; readonly Next?: string };
export interface AslChoiceState {
  readonly Type: "Choice";
  readonly Comment?: string;
  readonly Choices: ReadonlyArray<AslChoiceRule & { readonly Next: string }>;
  readonly Default: string;
}
export interface AslSucceedState {
  readonly Type: "Succeed";
  readonly Comment?: string;
}
export interface AslFailState {
  readonly Type: "Fail";
  readonly Comment?: string;
  readonly Error: string;
  readonly Cause: string;
}
export type AslState = AslTaskState | AslParallelState | AslPassState | AslChoiceState | AslSucceedState | AslFailState;

export interface AslStateMachine {
  readonly Comment?: string;
  readonly StartAt: string;
  readonly TimeoutSeconds?: number;
  readonly States: { readonly [name: string]: AslState };
}

/** Props of {@link buildStateMachineDefinition}. */
export interface StateMachineDefinitionProps {
  /** The operation, defaults applied. */
  readonly operation: ResolvedOperation;
  /** The status table's name (a Terraform reference in the construct). */
  readonly tableName: string;
}

/** Builds the definition of the operation's state machine. */
export function buildStateMachineDefinition(props: StateMachineDefinitionProps): AslStateMachine {
  const { operation, tableName } = props;
  const work = renderWork(operation, tableName);
  return {
    Comment: `connect-async operation "${operation.name}" (${operation.mode}): runs the target and records the outcome in the status table`,
    StartAt: work.startAt,
    TimeoutSeconds: operation.timeoutSeconds,
    States: {
      ...work.states,
      [StateName.recordSuccess]: renderRecordSuccess(tableName),
      [StateName.checkCause]: renderCheckCause(),
      [StateName.addDefaultCause]: renderAddDefaultCause(),
      [StateName.recordFailure]: renderRecordFailure(tableName),
      [StateName.checkWriteError]: renderCheckWriteError(),
      [StateName.recordResultTooLarge]: renderRecordResultTooLarge(tableName),
      [StateName.recordFailureWithoutCause]: renderRecordFailureWithoutCause(tableName),
      [StateName.recordStoreFailure]: renderRecordStoreFailure(tableName),
      [StateName.outcomeNotRecorded]: {
        Type: "Fail",
        Comment: "Not even the small fallback write succeeded: fail the execution so its logs and metrics show it.",
        Error: OUTCOME_NOT_RECORDED_ERROR,
        Cause: "the outcome could not be written to the status item; the item stays PENDING until its lease passes",
      },
      [StateName.superseded]: {
        Type: "Succeed",
        Comment: "The item names a newer execution (this one was restarted as stale): leave it alone.",
      },
    },
  };
}

// ---- the work ------------------------------------------------------------------------------------

interface RenderedWork {
  readonly startAt: string;
  readonly states: { readonly [name: string]: AslState };
}

const catchAllToFailure: AslCatcher = { ErrorEquals: [StatesError.all], Next: StateName.checkCause };

function renderWork(operation: ResolvedOperation, tableName: string): RenderedWork {
  switch (operation.mode) {
    case "drop-in":
      return {
        startAt: StateName.invokeTarget,
        states: {
          [StateName.invokeTarget]: {
            ...renderInvoke(operation, operation.targets[0]),
            ResultSelector: resultOf("$.Payload"),
            Next: StateName.recordSuccess,
            Catch: [catchAllToFailure],
          },
        },
      };
    case "parallel":
      return renderParallel(operation, tableName);
    case "sequence":
      return renderSequence(operation, tableName);
  }
}

/**
 * One invocation: the wrapped Lambda receives the Connect event unchanged. The output is
 * `{ "Payload": <its answer> }`, an object whatever the answer is (see the file header on falsy answers).
 */
function renderInvoke(operation: ResolvedOperation, functionArn: string): AslTaskState {
  const retry = renderLambdaRetry(operation);
  return {
    Type: "Task",
    Resource: TaskResource.lambdaInvoke,
    Parameters: { FunctionName: functionArn, "Payload.$": "$.event" },
    ResultSelector: { "Payload.$": "$.Payload" },
    TimeoutSeconds: invocationTimeoutSeconds(operation),
    ...(retry ? { Retry: [retry] } : {}),
  };
}

/** The work's output: the result as JSON text under `result`, from a JSONPath expression of it. */
function resultOf(expression: string): AslPayload {
  return { [`${RESULT_FIELD}.$`]: `States.JsonToString(${expression})` };
}

function renderLambdaRetry(operation: ResolvedOperation): AslRetrier | undefined {
  const { maxAttempts, intervalSeconds, backoffRate, maxDelaySeconds, jitter } = operation.retry;
  if (maxAttempts === 0) return undefined;
  return {
    ErrorEquals: TRANSIENT_LAMBDA_ERRORS,
    IntervalSeconds: intervalSeconds,
    MaxAttempts: maxAttempts,
    BackoffRate: backoffRate,
    ...(maxDelaySeconds !== undefined ? { MaxDelaySeconds: maxDelaySeconds } : {}),
    JitterStrategy: jitter ? "FULL" : "NONE",
  };
}

function renderParallel(operation: ResolvedOperation, tableName: string): RenderedWork {
  const branches: AslStateMachine[] = operation.targets.map((arn, index) => ({
    StartAt: invokeTargetStateName(index),
    States: { [invokeTargetStateName(index)]: { ...renderInvoke(operation, arn), End: true } },
  }));
  return {
    startAt: StateName.runTargetsInParallel,
    states: {
      [StateName.runTargetsInParallel]: {
        Type: "Parallel",
        Comment: "Every target receives the Connect event; their outputs (JSON objects) are merged, a later target winning a shared key.",
        Branches: branches,
        // An object, not the bare array: a failed write's error is placed beside the outputs (`ResultPath`), which an array cannot take.
        ResultSelector: { "outputs.$": "$" },
        Next: StateName.checkOutputs,
        Catch: [catchAllToFailure],
      },
      ...renderMergeOutputs(operation.targets.map((_, index) => `$.outputs[${index}].Payload`), tableName),
    },
  };
}

function renderSequence(operation: ResolvedOperation, tableName: string): RenderedWork {
  const states: { [name: string]: AslState } = {};
  operation.targets.forEach((arn, index) => {
    const isLast = index === operation.targets.length - 1;
    states[invokeTargetStateName(index)] = {
      ...renderInvoke(operation, arn),
      // Keep the execution input (the event) for the next target; collect outputs beside it.
      ResultPath: `$.outputs.t${index}`,
      Next: isLast ? StateName.checkOutputs : invokeTargetStateName(index + 1),
      Catch: [catchAllToFailure],
    };
  });
  return { startAt: invokeTargetStateName(0), states: { ...states, ...renderMergeOutputs(operation.targets.map((_, index) => `$.outputs.t${index}.Payload`), tableName) } };
}

/**
 * Merging needs JSON objects: `States.JsonMerge` of anything else is a `States.Runtime` error, which no
 * Catch sees, and the item would stay PENDING. So scalar and null outputs are recorded as a failure
 * first. (Choice has no test for arrays; an array output still ends the execution that way.)
 */
function renderMergeOutputs(outputPaths: ReadonlyArray<string>, tableName: string): { [name: string]: AslState } {
  const notAnObject = outputPaths.flatMap((path) =>
    (["IsNull", "IsString", "IsNumeric", "IsBoolean"] as const).map((test) => ({ Variable: path, [test]: true, Next: StateName.recordOutputNotObject }) as AslChoiceRule & { Next: string }),
  );
  return {
    [StateName.checkOutputs]: {
      Type: "Choice",
      Comment: "Every target must answer a JSON object for the merge.",
      Choices: notAnObject,
      Default: StateName.mergeOutputs,
    },
    [StateName.mergeOutputs]: {
      Type: "Pass",
      Comment: "Merge the targets' outputs (JSON objects) in order, a later target winning a shared key.",
      Parameters: resultOf(mergeExpression(outputPaths)),
      Next: StateName.recordSuccess,
    },
    [StateName.recordOutputNotObject]: renderRecordOutputNotObject(tableName),
  };
}

/** `States.JsonMerge` takes two objects: nest it for more (shallow merge, later wins). */
function mergeExpression(paths: ReadonlyArray<string>): string {
  if (paths.length === 1) return paths[0];
  return paths.slice(1).reduce((merged, path) => `States.JsonMerge(${merged}, ${path}, false)`, paths[0]);
}

// ---- recording the outcome -----------------------------------------------------------------------

const A = StatusAttribute;

/** Where the work puts the result's JSON text. */
const RESULT_FIELD = "result";
/** Where a failed completion write's error goes, beside the outcome it was writing. */
const WRITE_ERROR_FIELD = "writeError";

/** Attribute-name placeholders: `status` and `result` are DynamoDB reserved words. */
function names(...attributes: ReadonlyArray<string>): AslPayload {
  return Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));
}

/**
 * A completion write: conditional on this execution owning the item, retried briefly on throttling,
 * and never the end of the story when it fails (`onFailure` lists where each error goes).
 */
function renderUpdateItem(
  tableName: string,
  status: RequestStatus,
  outcome: AslPayload,
  onFailure: ReadonlyArray<AslCatcher>,
  retry: Omit<AslRetrier, "ErrorEquals"> = COMPLETION_WRITE_RETRY,
): AslTaskState {
  const values: AslPayload = {
    ...outcome,
    [`:${A.completedAt}`]: { "S.$": "$$.State.EnteredTime" },
    // `start` computed the epoch-seconds TTL; a Number attribute is written as its decimal text.
    [`:${A.expiresAt}`]: { "N.$": "States.JsonToString($$.Execution.Input.expiresAt)" },
  };
  const attributes = Object.keys(values).map((placeholder) => placeholder.slice(1));
  return {
    Type: "Task",
    Resource: TaskResource.dynamoDbUpdateItem,
    Parameters: {
      TableName: tableName,
      Key: { [A.pk]: { "S.$": "$$.Execution.Input.requestId" } },
      ConditionExpression: `#${A.executionName} = :executionName`,
      UpdateExpression: `SET ${[A.status, ...attributes].map((attribute) => `#${attribute} = :${attribute}`).join(", ")}`,
      ExpressionAttributeNames: names(A.executionName, A.status, ...attributes),
      ExpressionAttributeValues: {
        ":executionName": { "S.$": "$$.Execution.Name" },
        [`:${A.status}`]: { S: status },
        ...values,
      },
    },
    ResultPath: null,
    Retry: [{ ErrorEquals: TRANSIENT_DYNAMODB_ERRORS, ...retry }],
    Catch: [{ ErrorEquals: [StatesError.conditionalCheckFailed], Next: StateName.superseded }, ...onFailure],
    End: true,
  };
}

/** Where a failed first write goes: an item-size refusal is told apart from the rest. */
const toFallbackWrite: ReadonlyArray<AslCatcher> = [
  { ErrorEquals: [StatesError.validation], ResultPath: `$.${WRITE_ERROR_FIELD}`, Next: StateName.checkWriteError },
  { ErrorEquals: [StatesError.all], ResultPath: `$.${WRITE_ERROR_FIELD}`, Next: StateName.recordStoreFailure },
];
/**
 * Where a failed "output not an object" write goes: its own text is small and static, so any error is
 * recorded as a store failure (there is no cause or result to drop).
 */
const toStoreFailure: ReadonlyArray<AslCatcher> = [{ ErrorEquals: [StatesError.all], ResultPath: `$.${WRITE_ERROR_FIELD}`, Next: StateName.recordStoreFailure }];
/** A fallback write that fails too leaves nothing more to try. */
const toOutcomeNotRecorded: ReadonlyArray<AslCatcher> = [{ ErrorEquals: [StatesError.all], Next: StateName.outcomeNotRecorded }];

function renderRecordSuccess(tableName: string): AslTaskState {
  return {
    ...renderUpdateItem(tableName, RequestStatus.SUCCEEDED, { [`:${A.result}`]: { "S.$": `$.${RESULT_FIELD}` } }, toFallbackWrite),
    Comment: "Store the target's output as JSON text, unless a newer execution owns the item.",
  };
}

/**
 * A caught error carries `Error` and, usually, `Cause`; the States Language makes `Cause` optional,
 * and reading a missing path would fail the execution before anything is written.
 */
function renderCheckCause(): AslChoiceState {
  return {
    Type: "Choice",
    Comment: "Caught errors usually carry a Cause; supply one when they do not.",
    Choices: [{ Variable: "$.Cause", IsPresent: true, Next: StateName.recordFailure }],
    Default: StateName.addDefaultCause,
  };
}

function renderAddDefaultCause(): AslPassState {
  return {
    Type: "Pass",
    Parameters: { "Error.$": "$.Error", Cause: "(no cause given)" },
    Next: StateName.recordFailure,
  };
}

function renderRecordFailure(tableName: string): AslTaskState {
  return {
    ...renderUpdateItem(
      tableName,
      RequestStatus.FAILED,
      {
        [`:${A.errorCode}`]: { "S.$": "$.Error" },
        // JSONPath ASL has no substring function, so the whole Cause is stored (Step Functions caps it at
        // 32 KB); the handlers cut it to MAX_ERROR_MESSAGE_BYTES (1 KB) when they read it.
        [`:${A.errorMessage}`]: { "S.$": "$.Cause" },
      },
      toFallbackWrite,
    ),
    Comment: "Store the error name and cause, unless a newer execution owns the item.",
  };
}

/**
 * Tells an item-size refusal (a result or cause too large for the item) from other validation errors.
 * The rules run in order, so the pattern is only matched against a cause that exists; `Not IsPresent`
 * rather than `IsPresent: false`, which aws-local-stepfunctions 3.0.0 never matches.
 */
function renderCheckWriteError(): AslChoiceState {
  const cause = `$.${WRITE_ERROR_FIELD}.Cause`;
  return {
    Type: "Choice",
    Comment: "Was the write refused because the item would be too large?",
    Choices: [
      { Not: { Variable: cause, IsPresent: true }, Next: StateName.recordStoreFailure },
      { And: [{ Variable: cause, StringMatches: ITEM_TOO_LARGE_CAUSE_PATTERN }, { Variable: `$.${RESULT_FIELD}`, IsPresent: true }], Next: StateName.recordResultTooLarge },
      { Variable: cause, StringMatches: ITEM_TOO_LARGE_CAUSE_PATTERN, Next: StateName.recordFailureWithoutCause },
    ],
    Default: StateName.recordStoreFailure,
  };
}

/**
 * A small fallback write: the item FAILED with `errorCode` and `errorMessage` (each a static `S` or a
 * path `S.$`), for when the outcome itself cannot be written; if even this fails, the execution fails.
 */
function renderFallbackFailure(tableName: string, errorCode: { readonly [type: string]: string }, errorMessage: { readonly [type: string]: string }, comment: string): AslTaskState {
  return {
    ...renderUpdateItem(tableName, RequestStatus.FAILED, { [`:${A.errorCode}`]: errorCode, [`:${A.errorMessage}`]: errorMessage }, toOutcomeNotRecorded, FALLBACK_WRITE_RETRY),
    Comment: comment,
  };
}

function renderRecordResultTooLarge(tableName: string): AslTaskState {
  return renderFallbackFailure(
    tableName,
    { S: CompletionErrorCode.RESULT_TOO_LARGE },
    { S: "the target's result is larger than the status item can hold (DynamoDB's 400 KB item limit); make the target return less" },
    "The result does not fit in the item: record that instead, so the caller is told at once.",
  );
}

function renderRecordOutputNotObject(tableName: string): AslTaskState {
  return {
    ...renderUpdateItem(
      tableName,
      RequestStatus.FAILED,
      {
        [`:${A.errorCode}`]: { S: CompletionErrorCode.OUTPUT_NOT_OBJECT },
        [`:${A.errorMessage}`]: { S: "an orchestrated target answered something other than a JSON object, so the outputs cannot be merged; make every target return an object" },
      },
      toStoreFailure,
    ),
    Comment: "A target answered null, a string, a number or a boolean: the merge cannot run, record that (a first write, with the same fallback as the others).",
  };
}

function renderRecordFailureWithoutCause(tableName: string): AslTaskState {
  return renderFallbackFailure(
    tableName,
    // The target's own error name stays the code: flows branch on it.
    { "S.$": "$.Error" },
    { S: "the error cause is larger than the status item can hold; see the execution's log" },
    "The error cause does not fit in the item: record the error without it.",
  );
}

function renderRecordStoreFailure(tableName: string): AslTaskState {
  return renderFallbackFailure(
    tableName,
    { S: CompletionErrorCode.STORE_WRITE_FAILED },
    // Only the write error's name: its cause (and the outcome) stay in the execution's log.
    { "S.$": `States.Format('the outcome could not be recorded ({}); see the execution log', $.${WRITE_ERROR_FIELD}.Error)` },
    "The outcome could not be written (throttling beyond the retry, access, KMS, …): record that instead.",
  );
}
