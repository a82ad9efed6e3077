/**
 * Why a block cannot be wrapped, as data: a stable code for tools and tests, and a sentence that says
 * what to change. {@link WrapRefusedError} carries every reason found, not just the first.
 */

export const WrapRefusalCode = {
  /** No block matches `--block` / `--lambda`, or the flow has no synchronous Lambda call. */
  NO_SUCH_BLOCK: "NO_SUCH_BLOCK",
  /** Several blocks match; the user must pick one. */
  AMBIGUOUS_BLOCK: "AMBIGUOUS_BLOCK",
  /** The block is not an InvokeLambdaFunction. */
  NOT_A_LAMBDA_CALL: "NOT_A_LAMBDA_CALL",
  /** The call is already asynchronous, or is the macro's own start or poll. */
  ALREADY_ASYNC: "ALREADY_ASYNC",
  /** An invocation attribute uses a name the start Lambda reserves (`operation`, `async…`). */
  RESERVED_INPUT: "RESERVED_INPUT",
  /** An invocation attribute is not text (JSON input), which the start Lambda does not take. */
  NON_TEXT_INPUT: "NON_TEXT_INPUT",
  /** The flow reads a reserved `$.External.async…` key after the call; the macro's answers would shadow it. */
  RESERVED_RESULT_KEY: "RESERVED_RESULT_KEY",
  /** The call's result is read after another Lambda call has replaced `$.External`. */
  RESULT_READ_AFTER_OTHER_LAMBDA: "RESULT_READ_AFTER_OTHER_LAMBDA",
  /** The flow's type allows neither the loop's prompts nor the event strategy's Wait. */
  FLOW_TYPE: "FLOW_TYPE",
  /** The macro id is already used in the flow (its flow attributes would collide). */
  ID_IN_USE: "ID_IN_USE",
  /** The call has no error branch to take the macro's failure and timeout outcomes. */
  NO_ERROR_BRANCH: "NO_ERROR_BRANCH",
  /** An option is invalid (operation name, strategy, wait). */
  BAD_OPTION: "BAD_OPTION",
} as const;
export type WrapRefusalCode = (typeof WrapRefusalCode)[keyof typeof WrapRefusalCode];

export interface WrapRefusal {
  readonly code: WrapRefusalCode;
  /** The block concerned, when there is one. */
  readonly blockId?: string;
  /** What is wrong and what to change. */
  readonly message: string;
}

/** The block cannot be wrapped safely; `reasons` lists every reason found. */
export class WrapRefusedError extends Error {
  readonly reasons: ReadonlyArray<WrapRefusal>;

  constructor(reasons: ReadonlyArray<WrapRefusal>) {
    super(`cannot wrap: ${reasons.map((reason) => `${reason.blockId === undefined ? "" : `[${reason.blockId}] `}${reason.message} (${reason.code})`).join("; ")}`);
    this.name = "WrapRefusedError";
    this.reasons = reasons;
  }
}
