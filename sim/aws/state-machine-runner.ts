/**
 * Runs a state-machine definition locally with aws-local-stepfunctions, the way Step Functions would
 * run it, with the two integrations this project uses wired to local stand-ins:
 *
 * - `arn:aws:states:::dynamodb:*` tasks are sent, with their evaluated parameters, to the DynamoDB
 *   client you pass (dynalite in tests and the simulator), so condition expressions run for real and
 *   a failed condition surfaces as `DynamoDB.ConditionalCheckFailedException`;
 * - `arn:aws:states:::lambda:invoke` tasks call the {@link LambdaBehaviour} you pass with the function
 *   name and payload; what it returns becomes the integration's `Payload`, and what it throws becomes
 *   the task's error (see {@link LambdaServiceError} for the transient integration errors).
 *
 * Retry waits are overridden (0 ms by default) so retries cost no wall time. `$$.State.EnteredTime`
 * reads the injected clock at the moment a state evaluates it, so a virtual clock gives a virtual
 * completion time.
 */
import "./promise-with-resolvers";
import {
  DeleteItemCommand,
  GetItemCommand,
  PutItemCommand,
  UpdateItemCommand,
  type DynamoDBClient,
  type DeleteItemCommandInput,
  type GetItemCommandInput,
  type PutItemCommandInput,
  type UpdateItemCommandInput,
} from "@aws-sdk/client-dynamodb";
import { ExecutionError, ExecutionTimeoutError, StateMachine, type StateMachineDefinition } from "aws-local-stepfunctions";
import type { ExecutionInput } from "../../handlers/lib/status-item";

/** One call of a Lambda target. */
export interface LambdaInvocation {
  /** The `FunctionName` parameter (an ARN in this project's definitions). */
  readonly functionName: string;
  /** The `Payload` parameter: the Connect event for this project's targets. */
  readonly payload: unknown;
  /** The Task state making the call. */
  readonly stateName: string;
  /** 1 for the first call of this state in this execution, 2 for its first retry, … */
  readonly attempt: number;
}

/**
 * What a Lambda target does: return its output (any JSON) or throw. A plain thrown `Error` acts as a
 * function error (its `name` becomes the Step Functions error, as with Lambda's `errorType`); throw a
 * {@link LambdaServiceError} to simulate a transient integration error such as throttling.
 */
export type LambdaBehaviour = (invocation: LambdaInvocation) => unknown;

/** The error names the Lambda invoke integration raises itself (not the function). */
export const LambdaServiceErrorName = {
  serviceException: "Lambda.ServiceException",
  awsLambdaException: "Lambda.AWSLambdaException",
  sdkClientException: "Lambda.SdkClientException",
  clientExecutionTimeout: "Lambda.ClientExecutionTimeoutException",
  tooManyRequests: "Lambda.TooManyRequestsException",
  unknown: "Lambda.Unknown",
} as const;
export type LambdaServiceErrorName = (typeof LambdaServiceErrorName)[keyof typeof LambdaServiceErrorName];

/** A Lambda integration error, e.g. `new LambdaServiceError("Lambda.TooManyRequestsException")`. */
export class LambdaServiceError extends Error {
  constructor(name: LambdaServiceErrorName, message = `${name} (simulated)`) {
    super(message);
    this.name = name;
  }
}

/** A task failure as the engine sees it: the Step Functions error name and cause. */
class TaskFailure extends Error {
  constructor(name: string, cause: string) {
    super(cause);
    this.name = name;
  }
}

/** Options of {@link StateMachineRunner}. */
export interface StateMachineRunnerOptions {
  /** The ASL definition (JSONPath), e.g. from `buildStateMachineDefinition`. */
  readonly definition: object;
  /**
   * Where DynamoDB tasks go: a client of dynalite, or one wrapped to inject faults (throttling,
   * AccessDenied) that dynalite cannot produce.
   */
  readonly dynamoDb: Pick<DynamoDBClient, "send">;
  /** What Lambda tasks do. */
  readonly invokeLambda: LambdaBehaviour;
  /** The clock behind `$$.State.EnteredTime` and `$$.Execution.StartTime`. @default the system clock */
  readonly now?: () => Date;
  /** The pause before each retry, in milliseconds, whatever the Retry field says. @default 0 */
  readonly retryDelayMs?: number;
}

/** Options of one run. */
export interface RunExecutionOptions {
  /** `$$.Execution.Name`; the completion writes are conditional on it. */
  readonly executionName: string;
  /** The state machine ARN, for `$$.StateMachine.Id` and the execution ARN. @default a local placeholder */
  readonly stateMachineArn?: string;
}

/** One Task state evaluation, in the order they finished. */
export interface TaskCall {
  readonly stateName: string;
  readonly resource: string;
  /** The evaluated Parameters. */
  readonly input: unknown;
  /** What the task returned, when it succeeded. */
  readonly output?: unknown;
  /** The error name, when it failed. */
  readonly error?: string;
}

/** How an execution ended. */
export type ExecutionOutcome =
  | { readonly status: "SUCCEEDED"; readonly output: unknown; readonly taskCalls: ReadonlyArray<TaskCall> }
  | { readonly status: "FAILED"; readonly error: string; readonly cause: string; readonly taskCalls: ReadonlyArray<TaskCall> }
  | { readonly status: "TIMED_OUT"; readonly taskCalls: ReadonlyArray<TaskCall> };

const DYNAMODB_PREFIX = "arn:aws:states:::dynamodb:";
const LAMBDA_INVOKE = "arn:aws:states:::lambda:invoke";
const LOCAL_STATE_MACHINE_ARN = "arn:aws:states:us-east-1:000000000000:stateMachine:local";

/**
 * Definitions aws-local-stepfunctions has already validated. Its validation compiles a JSON schema each
 * time (about 100 ms); a crowd starts one runner per execution on the same few definitions, so each is
 * validated once and later runners skip it. Definitions are never changed once built.
 */
const validatedDefinitions = new WeakSet<object>();

type TaskHandler = (input: unknown, calls: TaskCall[], attempts: Map<string, number>) => Promise<unknown>;

/** Runs one definition any number of times; executions are independent. */
export class StateMachineRunner {
  private readonly machine: StateMachine;
  private readonly taskStates: ReadonlyArray<{ readonly name: string; readonly resource: string; readonly retries: boolean }>;
  private readonly now: () => Date;

  constructor(private readonly options: StateMachineRunnerOptions) {
    const validated = validatedDefinitions.has(options.definition);
    this.machine = new StateMachine(options.definition as StateMachineDefinition, validated ? { validationOptions: { noValidate: true } } : {});
    validatedDefinitions.add(options.definition);
    this.taskStates = findTaskStates(options.definition);
    this.now = options.now ?? (() => new Date());
    for (const task of this.taskStates) {
      if (!task.resource.startsWith(DYNAMODB_PREFIX) && task.resource !== LAMBDA_INVOKE) {
        throw new Error(`state "${task.name}": the runner cannot execute resource ${task.resource}; only ${LAMBDA_INVOKE} and ${DYNAMODB_PREFIX}* are supported`);
      }
    }
  }

  /** Runs one execution to its end. */
  async run(input: ExecutionInput, runOptions: RunExecutionOptions): Promise<ExecutionOutcome> {
    const calls: TaskCall[] = [];
    const attempts = new Map<string, number>();
    const handlers = Object.fromEntries(
      this.taskStates.map((task) => {
        const handler = this.handlerFor(task.name, task.resource);
        return [task.name, (taskInput: unknown) => handler(taskInput, calls, attempts)];
      }),
    );
    const retryDelayMs = this.options.retryDelayMs ?? 0;
    const retryIntervalOverrides = Object.fromEntries(this.taskStates.filter((task) => task.retries).map((task) => [task.name, retryDelayMs]));
    const stateMachineArn = runOptions.stateMachineArn ?? LOCAL_STATE_MACHINE_ARN;
    const now = this.now;
    const context = {
      Execution: {
        Id: `${stateMachineArn.replace(":stateMachine:", ":execution:")}:${runOptions.executionName}`,
        Name: runOptions.executionName,
        RoleArn: "arn:aws:iam::000000000000:role/local",
      },
      StateMachine: { Id: stateMachineArn, Name: stateMachineArn.split(":").pop() },
      // A getter, so each state reads the clock when it evaluates the path.
      State: {
        get EnteredTime() {
          return now().toISOString();
        },
      },
    };

    const execution = this.machine.run(input as unknown as Parameters<StateMachine["run"]>[0], {
      context,
      overrides: { taskResourceLocalHandlers: handlers as never, retryIntervalOverrides },
    });
    try {
      const output = await execution.result;
      return { status: "SUCCEEDED", output, taskCalls: calls };
    } catch (error) {
      if (error instanceof ExecutionTimeoutError) return { status: "TIMED_OUT", taskCalls: calls };
      const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
      return { status: "FAILED", error: failure.name, cause: failure.message, taskCalls: calls };
    }
  }

  private handlerFor(stateName: string, resource: string): TaskHandler {
    if (resource === LAMBDA_INVOKE) {
      return async (input, calls, attempts) => {
        const { FunctionName, Payload } = input as { FunctionName: string; Payload: unknown };
        const attempt = (attempts.get(stateName) ?? 0) + 1;
        attempts.set(stateName, attempt);
        try {
          const payload = await this.options.invokeLambda({ functionName: FunctionName, payload: Payload, stateName, attempt });
          const output = { ExecutedVersion: "$LATEST", StatusCode: 200, Payload: payload === undefined ? null : payload };
          calls.push({ stateName, resource, input, output });
          return output;
        } catch (error) {
          const failure = toLambdaFailure(error);
          calls.push({ stateName, resource, input, error: failure.name });
          throw failure;
        }
      };
    }
    const action = resource.slice(DYNAMODB_PREFIX.length);
    return async (input, calls) => {
      try {
        const output = await this.sendDynamoDb(action, input);
        calls.push({ stateName, resource, input, output });
        return output;
      } catch (error) {
        const name = `DynamoDB.${(error as Error).name}`;
        calls.push({ stateName, resource, input, error: name });
        throw new TaskFailure(name, (error as Error).message);
      }
    };
  }

  private async sendDynamoDb(action: string, input: unknown): Promise<unknown> {
    const client = this.options.dynamoDb;
    let response: { $metadata?: unknown };
    switch (action) {
      case "updateItem":
        response = await client.send(new UpdateItemCommand(input as UpdateItemCommandInput));
        break;
      case "putItem":
        response = await client.send(new PutItemCommand(input as PutItemCommandInput));
        break;
      case "getItem":
        response = await client.send(new GetItemCommand(input as GetItemCommandInput));
        break;
      case "deleteItem":
        response = await client.send(new DeleteItemCommand(input as DeleteItemCommandInput));
        break;
      default:
        throw new TaskFailure("States.Runtime", `the DynamoDB integration has no action "${action}"`);
    }
    const { $metadata: _metadata, ...rest } = response;
    return rest;
  }
}

/**
 * Maps a thrown value to what Step Functions reports: integration errors keep their name; a function
 * error is named after its type with Lambda's JSON error object as the cause.
 */
function toLambdaFailure(error: unknown): TaskFailure {
  if (error instanceof LambdaServiceError) return new TaskFailure(error.name, error.message);
  const thrown = error instanceof Error ? error : new Error(String(error));
  const errorType = thrown.name || "Error";
  return new TaskFailure(errorType, JSON.stringify({ errorType, errorMessage: thrown.message, trace: [] }));
}

/** Every Task state of the definition, Parallel branches included (state names are unique across them). */
function findTaskStates(definition: object): Array<{ name: string; resource: string; retries: boolean }> {
  const found: Array<{ name: string; resource: string; retries: boolean }> = [];
  const visit = (machine: { States?: Record<string, { Type?: string; Resource?: string; Retry?: unknown[]; Branches?: object[] }> }) => {
    for (const [name, state] of Object.entries(machine.States ?? {})) {
      if (state.Type === "Task" && typeof state.Resource === "string") {
        found.push({ name, resource: state.Resource, retries: Array.isArray(state.Retry) && state.Retry.length > 0 });
      }
      for (const branch of state.Branches ?? []) visit(branch as typeof machine);
    }
  };
  visit(definition as Parameters<typeof visit>[0]);
  return found;
}
