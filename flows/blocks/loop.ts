import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { isSingleJsonPath, type JsonPath } from "../condition";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { MAX_LOOP_COUNT } from "../validation/range-rules";
import { resultBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

/** Props of {@link Loop}. */
export interface LoopProps {
  /** How many times the loop continues before it is done: 0–100, or one whole `$.` reference. */
  readonly loopCount: number | JsonPath;
}


/**
 * Loop: each time the flow reaches this block it continues (`eachTurn()`) `loopCount` times, then is
 * done (`whenDone()`) once and resets. Connect keeps the count per block Identifier for the whole
 * contact. Both branches must be wired; the body usually leads back to the loop.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-loop.html
 */
export class Loop extends BranchingBlock {
  /** The static loop count, or undefined when it is a reference. */
  public readonly loopCount: number | undefined;
  private readonly loopCountParameter: string;
  private readonly continueSlot = new BranchSlot(this, ActionResult.ContinueLooping);
  private readonly doneSlot = new BranchSlot(this, ActionResult.DoneLooping);

  constructor(name: string, props: LoopProps) {
    super(name, ActionType.Loop);
    const count = props?.loopCount;
    if (typeof count === "string") {
      if (!isSingleJsonPath(count)) this.fail(`loopCount must be an integer from 0 to ${MAX_LOOP_COUNT} or one $. reference (got ${JSON.stringify(count)})`);
      this.loopCount = undefined;
      this.loopCountParameter = count;
    } else {
      this.loopCountParameter = this.integerParameter("loopCount", count, 0, MAX_LOOP_COUNT);
      this.loopCount = count;
    }
  }

  /** The body of one turn (`ContinueLooping`). */
  public eachTurn(target: IChainable): this {
    return this.wireBranch(this.continueSlot, target);
  }

  /** Where the flow goes once the turns are used up (`DoneLooping`). */
  public whenDone(target: IChainable): this {
    return this.wireBranch(this.doneSlot, target);
  }

  public renderParameters(): BlockParameters {
    return { LoopCount: this.loopCountParameter };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "block", target: this.doneSlot.target, wireWith: ".whenDone()" },
      conditions: [
        resultBranch(ActionResult.ContinueLooping, this.continueSlot, ".eachTurn()"),
        resultBranch(ActionResult.DoneLooping, this.doneSlot, ".whenDone()"),
      ],
    };
  }
}
