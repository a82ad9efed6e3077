/**
 * Starting an execution, as a port: `start` depends on this interface, production wires
 * {@link SfnExecutionStarter}, and the simulator plugs in a local Step Functions runner.
 */
import type { ExecutionInput } from "./status-item";

/** One StartExecution call. */
export interface StartExecutionRequest {
  /** The operation's state machine. */
  readonly stateMachineArn: string;
  /** The execution name (also written to the item as `executionName`). */
  readonly name: string;
  /** The execution input; implementations serialize it as JSON. */
  readonly input: ExecutionInput;
}

/** What StartExecution answered. */
export interface StartedExecution {
  /** The new execution's ARN. */
  readonly executionArn: string;
}

/** How one StartExecution is bounded. */
export interface StartExecutionOptions {
  /** Aborts the call at the invocation's deadline; the caller also stops waiting then. */
  readonly abortSignal?: AbortSignal;
}

/** Starts executions of a state machine. */
export interface ExecutionStarter {
  /** Starts one execution; rejects when the service refused or could not be reached. */
  startExecution(request: StartExecutionRequest, options?: StartExecutionOptions): Promise<StartedExecution>;
}
