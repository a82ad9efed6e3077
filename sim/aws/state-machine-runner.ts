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
 *
 * Timeouts follow the injected `sleep` when one is given. aws-local-stepfunctions times every Task
 * (60 s when the state names no `TimeoutSeconds`) and the execution's `TimeoutSeconds` with real timers,
 * so under a virtual clock a slow machine used to fail tasks the simulated world had finished in time: a
 * crowd of thousands, whose 25 s of virtual work take minutes of real time, recorded States.Timeout
 * failures that a quieter machine, or a smaller crowd, did not. With `sleep`, the engine's timers are
 * pushed out of reach and the definition's own timeouts run on the injected clock instead.
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
  /**
   * The timer behind the definition's `TimeoutSeconds` (each Task's, and the execution's): a virtual
   * clock's sleep, which resolves early when `signal` aborts. @default the engine's real timers
   */
  readonly sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
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
  private readonly timeouts: DefinitionTimeouts;

  constructor(private readonly options: StateMachineRunnerOptions) {
    this.timeouts = definitionTimeouts(options.definition);
    const engineDefinition = options.sleep === undefined ? options.definition : withoutEngineTimers(options.definition);
    const validated = validatedDefinitions.has(engineDefinition);
    this.machine = new StateMachine(engineDefinition as StateMachineDefinition, validated ? { validationOptions: { noValidate: true } } : {});
    validatedDefinitions.add(engineDefinition);
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
    // Tasks still running when the execution ends (it timed out) are let go, so the engine clears their timers.
    const ended = new AbortController();
    const handlers = Object.fromEntries(
      this.taskStates.map((task) => {
        const handler = this.handlerFor(task.name, task.resource);
        const timeoutMs = this.timeouts.taskMs.get(task.name);
        return [task.name, (taskInput: unknown) => this.withinTimeout(handler(taskInput, calls, attempts), timeoutMs, () => new TaskFailure(StatesTimeout, `the task ran longer than its ${timeoutMs} ms`), ended.signal)];
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
    const executionTimedOut = new ExecutionTimeoutError();
    try {
      const output = await this.withinTimeout(execution.result, this.timeouts.executionMs, () => {
        execution.abort();
        return executionTimedOut;
      });
      return { status: "SUCCEEDED", output, taskCalls: calls };
    } catch (error) {
      if (error instanceof ExecutionTimeoutError) return { status: "TIMED_OUT", taskCalls: calls };
      const failure = error instanceof ExecutionError && error.cause instanceof Error ? error.cause : (error as Error);
      return { status: "FAILED", error: failure.name, cause: failure.message, taskCalls: calls };
    } finally {
      ended.abort();
    }
  }

  /**
   * `work`, or `timedOut()`'s error once `timeoutMs` have passed on the injected clock, or an error as
   * soon as `abandoned` aborts. Without that clock the engine's own timers apply and `work` is returned
   * as it is.
   */
  private withinTimeout<T>(work: Promise<T>, timeoutMs: number | undefined, timedOut: () => Error, abandoned?: AbortSignal): Promise<T> {
    const sleep = this.options.sleep;
    if (sleep === undefined || timeoutMs === undefined) return work;
    const settled = new AbortController();
    const expiry = new Promise<never>((_resolve, reject) => {
      void sleep(timeoutMs, settled.signal).then(() => {
        if (!settled.signal.aborted) reject(timedOut());
      });
      abandoned?.addEventListener("abort", () => reject(new Error("the execution ended while this task ran")), { once: true, signal: settled.signal });
    });
    return Promise.race([work, expiry]).finally(() => settled.abort());
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

/** The error a Task that runs past its `TimeoutSeconds` fails with. */
const StatesTimeout = "States.Timeout";

/**
 * Longer than any simulated run, and under the 2^31 − 1 ms a Node timer can hold (a longer one fires at
 * once): what the engine's real timers are set to when the injected clock keeps the time.
 */
const ENGINE_TIMER_OUT_OF_REACH_SECONDS = 2_000_000;

/** The definition's timeouts, in milliseconds: each Task's by state name, and the execution's. */
interface DefinitionTimeouts {
  readonly taskMs: ReadonlyMap<string, number>;
  readonly executionMs?: number;
}

/** The fields of a state this runner reads or rewrites. */
interface AslStateLike {
  Type?: string;
  Resource?: string;
  Retry?: unknown[];
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Branches?: object[];
}

type StatesOf = { States?: Record<string, AslStateLike>; TimeoutSeconds?: number };

/** Calls `visit` with every state of `definition`, Parallel branches included (state names are unique across them). */
function forEachState(definition: object, visit: (name: string, state: AslStateLike) => void): void {
  for (const [name, state] of Object.entries((definition as StatesOf).States ?? {})) {
    visit(name, state);
    for (const branch of state.Branches ?? []) forEachState(branch, visit);
  }
}

/**
 * A Task without `TimeoutSeconds` has none: Step Functions sets no default
 * (https://docs.aws.amazon.com/step-functions/latest/dg/sfn-stuck-execution.html), whatever the
 * engine's 60 s.
 */
function definitionTimeouts(definition: object): DefinitionTimeouts {
  const taskMs = new Map<string, number>();
  forEachState(definition, (name, state) => {
    if (state.Type === "Task" && typeof state.TimeoutSeconds === "number") taskMs.set(name, state.TimeoutSeconds * 1000);
  });
  const executionSeconds = (definition as StatesOf).TimeoutSeconds;
  return { taskMs, ...(typeof executionSeconds === "number" ? { executionMs: executionSeconds * 1000 } : {}) };
}

/** One engine copy per definition, so it is validated once like the definition itself. */
const engineCopies = new WeakMap<object, object>();

/** `definition` with the engine's real timers out of reach: every Task's timeout, and no execution timeout. */
function withoutEngineTimers(definition: object): object {
  const cached = engineCopies.get(definition);
  if (cached !== undefined) return cached;
  // Definitions are JSON (they are what Terraform deploys); a JSON copy keeps the engine from sharing them.
  const copy = JSON.parse(JSON.stringify(definition)) as StatesOf;
  forEachState(copy, (_name, state) => {
    // A timeout read from the input (TimeoutSecondsPath) stays with the engine: the definitions here use none.
    if (state.Type === "Task" && state.TimeoutSecondsPath === undefined) state.TimeoutSeconds = ENGINE_TIMER_OUT_OF_REACH_SECONDS;
  });
  delete copy.TimeoutSeconds;
  engineCopies.set(definition, copy);
  return copy;
}

/** Every Task state of the definition. */
function findTaskStates(definition: object): Array<{ name: string; resource: string; retries: boolean }> {
  const found: Array<{ name: string; resource: string; retries: boolean }> = [];
  forEachState(definition, (name, state) => {
    if (state.Type === "Task" && typeof state.Resource === "string") found.push({ name, resource: state.Resource, retries: Array.isArray(state.Retry) && state.Retry.length > 0 });
  });
  return found;
}
