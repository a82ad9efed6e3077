/** The errors that stop a flow run: a flow the simulator cannot model, or one Connect could not run. */

/** The flow uses an action the simulator does not model. */
export class UnsupportedActionError extends Error {
  constructor(
    readonly actionType: string,
    readonly blockId: string,
  ) {
    super(`unsupported action ${actionType} at ${blockId}`);
    this.name = "UnsupportedActionError";
  }
}

/** The flow cannot continue as written (dangling target, missing branch, step limit). */
export class FlowRuntimeError extends Error {
  constructor(
    readonly blockId: string | undefined,
    message: string,
  ) {
    super(blockId === undefined ? message : `[${blockId}] ${message}`);
    this.name = "FlowRuntimeError";
  }
}

