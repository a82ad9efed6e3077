/**
 * The simulator's lookup of the async macro's outcome transitions (found by
 * flows/recognise/outcome-transitions.ts): as the call moves from block to block, `outcomeOf(from, to)`
 * says whether that move hands the caller to the macro's success, failure or timeout.
 */
import type { AsyncBranch, AsyncOutcome } from "../../flows/recognise/outcome-transitions";

/** Looks up transitions quickly: `outcomeOf(from, to)`. */
export class AsyncBranchIndex {
  private readonly byTransition = new Map<string, AsyncOutcome>();

  constructor(branches: ReadonlyArray<AsyncBranch>) {
    for (const branch of branches) this.byTransition.set(`${branch.from}\u0000${branch.to}`, branch.outcome);
  }

  /** Whether the flow has an async macro at all. */
  get isEmpty(): boolean {
    return this.byTransition.size === 0;
  }

  outcomeOf(from: string, to: string): AsyncOutcome | undefined {
    return this.byTransition.get(`${from}\u0000${to}`);
  }
}
