import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { ActionType } from "../private/action-type";
import { ErrorType } from "../private/error-type";
import { errorBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

/**
 * Transfer to queue: queues the contact on its working queue (set before with UpdateContactTargetQueue)
 * and ends this flow. It only continues when the transfer fails, so it has no ends and chaining after
 * it throws. Branches: `onQueueAtCapacity()` (`QueueAtCapacity`), `onError()` (`NoMatchingError`);
 * NextAction is written as the error target, as the console does.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-transfercontacttoqueue.html
 */
export class TransferContactToQueue extends BranchingBlock {
  private readonly atCapacitySlot = new BranchSlot(this, ErrorType.QueueAtCapacity);
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string) {
    super(name, ActionType.TransferContactToQueue);
  }

  /** Where the flow goes when the queue is full. @default the flow's default error target */
  public onQueueAtCapacity(target: IChainable): this {
    return this.wireBranch(this.atCapacitySlot, target);
  }

  /** Where the flow goes when the transfer fails otherwise. @default the flow's default error target */
  public onError(target: IChainable): this {
    return this.wireBranch(this.errorSlot, target);
  }

  public renderParameters(): BlockParameters {
    return {};
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      errors: [
        errorBranch(ErrorType.QueueAtCapacity, this.atCapacitySlot, "default", ".onQueueAtCapacity()"),
        errorBranch(ErrorType.NoMatchingError, this.errorSlot, "default", ".onError()"),
      ],
    };
  }
}
