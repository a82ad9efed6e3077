/**
 * Step Functions' StartExecution for the `start` handler: each execution runs the operation's real
 * state-machine definition in aws-local-stepfunctions (state-machine-runner.ts), asynchronously in
 * virtual time, its Lambda task calling the scenario's backend; each is reported with what it wrote.
 * StartExecution draws on the account's quota for the workflow type (account-quotas.ts); a call beyond
 * it fails with ThrottlingException, as the API does, and `start` reports that like any failed start.
 */
import type { DynamoDBClient } from "@aws-sdk/client-dynamodb";
import type { ExecutionStarter, StartExecutionRequest, StartedExecution } from "../../handlers/lib/execution-starter";
import { StatusAttribute } from "../../handlers/lib/status-item";
import type { WorkflowType } from "../../infra/operation";
import { COMPLETION_WRITE_STATES, StateName, StatesError, type AslStateMachine } from "../../infra/state-machine-definition";
import type { ExecutionReport } from "../report/simulation-result";
import type { VirtualScheduler } from "../world/clock";
import type { SimulatedBackend } from "./simulated-backend";
import { StateMachineRunner, type ExecutionOutcome } from "./state-machine-runner";
import type { TokenBucket } from "./token-bucket";

/** Options of {@link SimulatedStepFunctions}. */
export interface SimulatedStepFunctionsOptions {
  readonly clock: VirtualScheduler;
  /** Virtual epoch ms the report's times are relative to. */
  readonly startEpochMs: number;
  /** Virtual time of one StartExecution call. */
  readonly startExecutionMs: number;
  /** The state machines by ARN. */
  readonly machines: ReadonlyMap<string, { readonly definition: AslStateMachine }>;
  /** The account's StartExecution quota for the bridge's workflow type. */
  readonly startQuota: TokenBucket;
  /** The bridge's workflow type, for the throttle's message. */
  readonly workflowType: WorkflowType;
  /** Each state machine's backend, by the state machine's ARN. */
  readonly backends: ReadonlyMap<string, SimulatedBackend>;
  /** The client the state machine's DynamoDB tasks use. */
  readonly dynamoDb: DynamoDBClient;
  /** Receives each execution's run, so the simulation lets it finish. */
  readonly background: Array<Promise<unknown>>;
}

/** StartExecution, asynchronously in virtual time; `executions` reports every execution started. */
export class SimulatedStepFunctions implements ExecutionStarter {
  readonly executions: Array<{ -readonly [K in keyof ExecutionReport]: ExecutionReport[K] }> = [];

  constructor(private readonly options: SimulatedStepFunctionsOptions) {}

  async startExecution(request: StartExecutionRequest): Promise<StartedExecution> {
    const { clock, startEpochMs, machines, backends } = this.options;
    await clock.sleep(this.options.startExecutionMs);
    const machine = machines.get(request.stateMachineArn);
    const backend = backends.get(request.stateMachineArn);
    if (machine === undefined || backend === undefined) throw new Error(`StateMachineDoesNotExist: ${request.stateMachineArn}`);
    if (!this.options.startQuota.tryTake()) {
      throw Object.assign(new Error(`Rate exceeded: StartExecution is over the account's ${this.options.workflowType} quota (simulated)`), { name: "ThrottlingException" });
    }
    const report: (typeof this.executions)[number] = { name: request.name, requestId: request.input.requestId, startedAtMs: clock.now() - startEpochMs };
    this.executions.push(report);
    const runner = new StateMachineRunner({
      definition: machine.definition,
      dynamoDb: this.options.dynamoDb,
      invokeLambda: backend.behaviourFor(request.name),
      now: () => new Date(clock.now()),
      sleep: (ms, signal) => clock.sleep(ms, signal),
    });
    const run = runner.run(request.input, { executionName: request.name, stateMachineArn: request.stateMachineArn }).then((outcome) => {
      report.status = outcome.status;
      report.endedAtMs = clock.now() - startEpochMs;
      if (outcome.status === "FAILED") report.error = outcome.error;
      Object.assign(report, recordedOutcome(outcome));
      const doneAt = backend.lastAttemptEndedAt.get(request.name);
      if (doneAt !== undefined) report.backendDoneAtMs = doneAt - startEpochMs;
    });
    this.options.background.push(run);
    return { executionArn: `${request.stateMachineArn.replace(":stateMachine:", ":express:")}:${request.name}` };
  }
}

/**
 * What an execution wrote on the status item, read from its last completion write: Record success, Record
 * failure, or one of the small fallback writes that record FAILED when the first write cannot be made.
 */
function recordedOutcome(outcome: ExecutionOutcome): Pick<ExecutionReport, "recorded" | "error"> {
  const write = outcome.taskCalls.filter((call) => COMPLETION_WRITE_STATES.includes(call.stateName)).pop();
  if (write === undefined) return {};
  if (write.error !== undefined) return write.error === StatesError.conditionalCheckFailed ? { recorded: "SUPERSEDED" } : {};
  if (write.stateName === StateName.recordSuccess) return { recorded: "SUCCEEDED" };
  const values = (write.input as { ExpressionAttributeValues?: { [placeholder: string]: { S?: string } } }).ExpressionAttributeValues ?? {};
  return { recorded: "FAILED", error: values[`:${StatusAttribute.errorCode}`]?.S };
}
