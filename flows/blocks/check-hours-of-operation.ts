import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { ErrorType } from "../private/error-type";
import { errorBranch, resultBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

/** Props of {@link CheckHoursOfOperation}. */
export interface CheckHoursOfOperationProps {
  /** The hours' ID or ARN, or one whole `$.` reference. @default left out: the working queue's hours */
  readonly hoursOfOperationId?: string;
}

/**
 * Check hours of operation: branches on whether the hours are open now.
 * Branches: `whenOpen()` (`True`), `whenClosed()` (`False`), both required; `onError()`
 * (`NoMatchingError`, e.g. an agent queue has no hours). NextAction is written as the error target.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-checkhoursofoperation.html
 */
export class CheckHoursOfOperation extends BranchingBlock {
  private readonly hoursOfOperationId: string | undefined;
  private readonly openSlot = new BranchSlot(this, "open");
  private readonly closedSlot = new BranchSlot(this, "closed");
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: CheckHoursOfOperationProps = {}) {
    super(name, ActionType.CheckHoursOfOperation);
    this.hoursOfOperationId =
      props.hoursOfOperationId === undefined ? undefined : this.staticOrSingleReferenceParameter("hoursOfOperationId", props.hoursOfOperationId);
  }

  /** Where the flow goes while the hours are open. */
  public whenOpen(target: IChainable): this {
    return this.wireBranch(this.openSlot, target);
  }

  /** Where the flow goes while the hours are closed. */
  public whenClosed(target: IChainable): this {
    return this.wireBranch(this.closedSlot, target);
  }

  /** Where the flow goes when the hours cannot be checked. @default the flow's default error target */
  public onError(target: IChainable): this {
    return this.wireBranch(this.errorSlot, target);
  }

  public renderParameters(): BlockParameters {
    return this.hoursOfOperationId === undefined ? {} : { HoursOfOperationId: this.hoursOfOperationId };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      conditions: [
        resultBranch(ActionResult.True, this.openSlot, ".whenOpen()"),
        resultBranch(ActionResult.False, this.closedSlot, ".whenClosed()"),
      ],
      errors: [errorBranch(ErrorType.NoMatchingError, this.errorSlot, "default", ".onError()")],
    };
  }
}
