import { Block, type BranchSlot } from "../block";
import type { IChainable, INextable } from "../chain";

/**
 * A block that goes on only through the branches its own methods wire (`whenOpen()`, `eachTurn()`,
 * `onError()` …), never through `next()`: it has no ends, so chaining after it throws and names it.
 * Each branch method wires its slot and returns the block, so the calls read as a decision table.
 */
export abstract class BranchingBlock extends Block {
  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  /** Wires `slot`, one of this block's branches, to `target`, and returns the block for the next branch. */
  protected wireBranch(slot: BranchSlot, target: IChainable): this {
    slot.wire(target);
    return this;
  }
}
