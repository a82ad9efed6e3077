import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { ActionType } from "../private/action-type";
import { ErrorType } from "../private/error-type";
import { errorBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

/** Props of {@link TransferToFlow}. */
export interface TransferToFlowProps {
  /** The target flow's ID or ARN (may be a deploy-time token), or one whole `$.` reference to it. */
  readonly contactFlowId: string;
}

/**
 * Transfer to flow: continues the contact at another flow's start and ends this one. It only continues
 * here when the transfer fails, so it has no ends and chaining after it throws.
 * Branches: `onError()` (`NoMatchingError`); NextAction is written as the error target.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-transfertoflow.html
 */
export class TransferToFlow extends BranchingBlock {
  private readonly contactFlowId: string;
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: TransferToFlowProps) {
    super(name, ActionType.TransferToFlow);
    this.contactFlowId = this.staticOrSingleReferenceParameter("contactFlowId", props?.contactFlowId);
  }

  /** Where the flow goes when the transfer fails. @default the flow's default error target */
  public onError(target: IChainable): this {
    return this.wireBranch(this.errorSlot, target);
  }

  public renderParameters(): BlockParameters {
    return { ContactFlowId: this.contactFlowId };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      errors: [errorBranch(ErrorType.NoMatchingError, this.errorSlot, "default", ".onError()")],
    };
  }
}
