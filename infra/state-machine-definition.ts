/**
 * The state-machine definition of one operation (Amazon States Language, JSONPath). Pure: an operation
 * and a table name in, an ASL object out. The bridge construct passes the table name as a Terraform
 * reference; tests and the simulator pass a plain name and run the result in aws-local-stepfunctions.
 *
 * Shape (drop-in):
 *
 *   Invoke target ──ok──▶ Record success ──ConditionalCheckFailed──▶ Superseded (Succeed)
 *        └─States.ALL─▶ Check error cause ─▶ Record failure ──ConditionalCheckFailed──▶ Superseded
 *
 * Orchestrated targets replace "Invoke target" with a Parallel state (one branch per target) or a
 * chain of tasks, followed by a merge of their outputs with `States.JsonMerge` (shallow, later wins).
 *
 * Both writes are conditional on `executionName = $$.Execution.Name`: when `start` has restarted a
 * stale request, the item names the newer execution and the older one ends quietly without writing.
 * Reads of the execution input go through `$$.Execution.Input`, so each state's own input can be the
 * target's output or the caught error.
 */
import { StatusAttribute, RequestStatus } from "../handlers/lib/status-item";
import { invocationTimeoutSeconds, type ResolvedOperation } from "./operation";

/** Task resources of the optimized service integrations used here. */
export const TaskResource = {
  lambdaInvoke: "arn:aws:states:::lambda:invoke",
  dynamoDbUpdateItem: "arn:aws:states:::dynamodb:updateItem",
} as const;

/** Error names the definition refers to. */
export const StatesError = {
  all: "States.ALL",
  conditionalCheckFailed: "DynamoDB.ConditionalCheckFailedException",
} as const;

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
  mergeOutputs: "Merge outputs",
  recordSuccess: "Record success",
  checkCause: "Check error cause",
  addDefaultCause: "Add default cause",
  recordFailure: "Record failure",
  superseded: "Superseded by a newer execution",
} as const;

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
export interface AslChoiceState {
  readonly Type: "Choice";
  readonly Comment?: string;
  readonly Choices: ReadonlyArray<{ readonly Variable: string; readonly IsPresent: boolean; readonly Next: string }>;
  readonly Default: string;
}
export interface AslSucceedState {
  readonly Type: "Succeed";
  readonly Comment?: string;
}
export type AslState = AslTaskState | AslParallelState | AslPassState | AslChoiceState | AslSucceedState;

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
  const work = renderWork(operation);
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

function renderWork(operation: ResolvedOperation): RenderedWork {
  switch (operation.mode) {
    case "drop-in":
      return {
        startAt: StateName.invokeTarget,
        states: {
          [StateName.invokeTarget]: { ...renderInvoke(operation, operation.targets[0]), Next: StateName.recordSuccess, Catch: [catchAllToFailure] },
        },
      };
    case "parallel":
      return renderParallel(operation);
    case "sequence":
      return renderSequence(operation);
  }
}

/** One invocation: the wrapped Lambda receives the Connect event unchanged; the output is its Payload. */
function renderInvoke(operation: ResolvedOperation, functionArn: string): AslTaskState {
  const retry = renderLambdaRetry(operation);
  return {
    Type: "Task",
    Resource: TaskResource.lambdaInvoke,
    Parameters: { FunctionName: functionArn, "Payload.$": "$.event" },
    ResultSelector: { "Payload.$": "$.Payload" },
    OutputPath: "$.Payload",
    TimeoutSeconds: invocationTimeoutSeconds(operation),
    ...(retry ? { Retry: [retry] } : {}),
  };
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

function renderParallel(operation: ResolvedOperation): RenderedWork {
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
        ResultSelector: { "merged.$": mergeExpression(operation.targets.map((_, index) => `$[${index}]`)) },
        OutputPath: "$.merged",
        Next: StateName.recordSuccess,
        Catch: [catchAllToFailure],
      },
    },
  };
}

function renderSequence(operation: ResolvedOperation): RenderedWork {
  const states: { [name: string]: AslState } = {};
  operation.targets.forEach((arn, index) => {
    const isLast = index === operation.targets.length - 1;
    const { OutputPath: _payloadOnly, ...invoke } = renderInvoke(operation, arn);
    states[invokeTargetStateName(index)] = {
      ...invoke,
      // Keep the execution input (the event) for the next target; collect outputs beside it.
      ResultPath: `$.outputs.t${index}`,
      Next: isLast ? StateName.mergeOutputs : invokeTargetStateName(index + 1),
      Catch: [catchAllToFailure],
    };
  });
  states[StateName.mergeOutputs] = {
    Type: "Pass",
    Comment: "Merge the targets' outputs (JSON objects) in order, a later target winning a shared key.",
    Parameters: { "merged.$": mergeExpression(operation.targets.map((_, index) => `$.outputs.t${index}.Payload`)) },
    OutputPath: "$.merged",
    Next: StateName.recordSuccess,
  };
  return { startAt: invokeTargetStateName(0), states };
}

/** `States.JsonMerge` takes two objects: nest it for more (shallow merge, later wins). */
function mergeExpression(paths: ReadonlyArray<string>): string {
  if (paths.length === 1) return paths[0];
  return paths.slice(1).reduce((merged, path) => `States.JsonMerge(${merged}, ${path}, false)`, paths[0]);
}

// ---- recording the outcome -----------------------------------------------------------------------

const A = StatusAttribute;

/** Attribute-name placeholders: `status` and `result` are DynamoDB reserved words. */
function names(...attributes: ReadonlyArray<string>): AslPayload {
  return Object.fromEntries(attributes.map((attribute) => [`#${attribute}`, attribute]));
}

function renderUpdateItem(tableName: string, status: RequestStatus, values: AslPayload): AslTaskState {
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
    Retry: [{ ErrorEquals: TRANSIENT_DYNAMODB_ERRORS, IntervalSeconds: 1, MaxAttempts: 2, BackoffRate: 1, JitterStrategy: "NONE" }],
    Catch: [{ ErrorEquals: [StatesError.conditionalCheckFailed], Next: StateName.superseded }],
    End: true,
  };
}

function renderRecordSuccess(tableName: string): AslTaskState {
  return {
    ...renderUpdateItem(tableName, RequestStatus.SUCCEEDED, {
      [`:${A.result}`]: { "S.$": "States.JsonToString($)" },
      [`:${A.completedAt}`]: { "S.$": "$$.State.EnteredTime" },
      // `start` computed the epoch-seconds TTL; a Number attribute is written as its decimal text.
      [`:${A.expiresAt}`]: { "N.$": "States.JsonToString($$.Execution.Input.expiresAt)" },
    }),
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
    ...renderUpdateItem(tableName, RequestStatus.FAILED, {
      [`:${A.errorCode}`]: { "S.$": "$.Error" },
      // JSONPath ASL has no substring function, so the whole Cause is stored (Step Functions caps it at
      // 32 KB); the handlers cut it to MAX_ERROR_MESSAGE_BYTES (1 KB) when they read it.
      [`:${A.errorMessage}`]: { "S.$": "$.Cause" },
      [`:${A.completedAt}`]: { "S.$": "$$.State.EnteredTime" },
      [`:${A.expiresAt}`]: { "N.$": "States.JsonToString($$.Execution.Input.expiresAt)" },
    }),
    Comment: "Store the error name and cause, unless a newer execution owns the item.",
  };
}
