import { Block, type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable, INextable } from "../chain";
import { ActionType } from "../private/action-type";
import { ErrorType } from "../private/error-type";

/**
 * Transfer to queue: queues the contact on its working queue (set before with UpdateContactTargetQueue)
 * and ends this flow. It only continues when the transfer fails, so it has no ends and chaining after
 * it throws. Branches: `onQueueAtCapacity()` (`QueueAtCapacity`), `onError()` (`NoMatchingError`);
 * NextAction is written as the error target, as the console does.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-transfercontacttoqueue.html
 */
export class TransferContactToQueue extends Block {
  private readonly atCapacitySlot = new BranchSlot(this, ErrorType.QueueAtCapacity);
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string) {
    super(name, ActionType.TransferContactToQueue);
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  /** Where the flow goes when the queue is full. @default the flow's default error target */
  public onQueueAtCapacity(target: IChainable): this {
    this.atCapacitySlot.wire(target);
    return this;
  }

  /** Where the flow goes when the transfer fails otherwise. @default the flow's default error target */
  public onError(target: IChainable): this {
    this.errorSlot.wire(target);
    return this;
  }

  public renderParameters(): BlockParameters {
    return {};
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      errors: [
        { errorType: ErrorType.QueueAtCapacity, target: this.atCapacitySlot.target, whenUnwired: "default", wireWith: ".onQueueAtCapacity()" },
        { errorType: ErrorType.NoMatchingError, target: this.errorSlot.target, whenUnwired: "default", wireWith: ".onError()" },
      ],
    };
  }
}
