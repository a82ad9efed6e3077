/** What a wait strategy needs from the macro use it belongs to. */
import type { Block } from "../block";
import type { LambdaResponseType } from "../private/parameter-value";
import type { AsyncCall } from "./async-call";

export interface WaitContext {
  /** How messages name the macro use, e.g. `asyncInvoke "balance"`. */
  readonly label: string;
  /** The start half: its id names every block. */
  readonly call: AsyncCall;
  /**
   * The longest the caller can already be on the clock when the wait's first turn or round starts: the
   * start invocation's time limit (asyncInvoke) or the first poll's (asyncAwait).
   */
  readonly leadInSeconds: number;
  /** How Connect validates poll's answers. */
  readonly responseType: LambdaResponseType;
}

/** A built wait: where the PENDING answer continues. */
export interface BuiltWait {
  /** Saves the wait's start, then splits on the channel. */
  readonly entry: Block;
}
