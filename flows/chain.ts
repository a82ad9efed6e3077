import type { Block, IChainable, INextable } from "./block";

// Re-exported: the chaining interfaces are declared with the block (block.ts), where chains begin, and
// have always been imported from here.
export type { IChainable, INextable } from "./block";

/**
 * A sequence of blocks with one start and any number of open ends. `Chain.start(a).next(b).next(c)`
 * wires a → b → c and reads like the flow.
 */
export class Chain implements IChainable {
  /** Begin a chain with `first`. */
  public static start(first: IChainable): Chain {
    return new Chain(first.startBlock, first.endBlocks, first);
  }

  /** `first` then `second`; `first`'s ends must already lead to `second` (blocks' `next()` uses this). */
  public static sequence(first: IChainable, second: IChainable): Chain {
    return new Chain(first.startBlock, second.endBlocks, second);
  }

  /** A chain with explicit ends, for composites such as the async macro. */
  public static custom(startBlock: Block, endBlocks: ReadonlyArray<INextable>, lastAdded: IChainable): Chain {
    return new Chain(startBlock, endBlocks, lastAdded);
  }

  private constructor(
    public readonly startBlock: Block,
    public readonly endBlocks: ReadonlyArray<INextable>,
    private readonly lastAdded: IChainable,
  ) {}

  public get chainName(): string {
    return `chain from ${this.startBlock.label}`;
  }

  /** Continue every open end of this chain with `target`. Throws when the chain ends the flow. */
  public next(target: IChainable): Chain {
    if (this.endBlocks.length === 0) {
      throw new Error(`Cannot chain ${target.chainName} after ${this.lastAdded.chainName}: it does not allow continuation`);
    }
    for (const end of this.endBlocks) end.next(target);
    return new Chain(this.startBlock, target.endBlocks, target);
  }
}
