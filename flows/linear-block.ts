/**
 * Blocks with one way on: `next()` wires the NextAction and returns a Chain, so a flow reads top to
 * bottom (`Chain.start(a).next(b)`). Their own file because they need both the block (block.ts) and the
 * chain (chain.ts), which need only block.ts.
 */
import { BranchSlot, Block, type BlockBranches, type IChainable, type INextable } from "./block";
import { Chain } from "./chain";
import { ErrorType } from "./private/error-type";

/** A block with one way on (NextAction): `next()` wires it and returns a Chain. */
export abstract class LinearBlock extends Block implements INextable {
  private readonly nextSlot = new BranchSlot(this, "next");

  public get endBlocks(): ReadonlyArray<INextable> {
    return [this];
  }

  /** Continue with `target` after this block. */
  public next(target: IChainable): Chain {
    this.nextSlot.wire(target);
    return Chain.sequence(this, target);
  }

  public branches(): BlockBranches {
    return { next: { kind: "block", target: this.nextSlot.target, wireWith: ".next()" } };
  }
}

/** A linear block that can also fail (`NoMatchingError`): `onError()` wires the error branch. */
export abstract class FallibleLinearBlock extends LinearBlock {
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  /** Where the block goes when it fails. The error branch never joins the main path. @default the flow's default error target */
  public onError(target: IChainable): this {
    this.errorSlot.wire(target);
    return this;
  }

  public branches(): BlockBranches {
    return {
      ...super.branches(),
      errors: [{ errorType: ErrorType.NoMatchingError, target: this.errorSlot.target, whenUnwired: "default", wireWith: ".onError()" }],
    };
  }
}
