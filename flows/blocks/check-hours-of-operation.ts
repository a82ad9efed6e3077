import { Block, type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable, INextable } from "../chain";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { ConditionOperator } from "../private/condition-operator";
import { ErrorType } from "../private/error-type";

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
export class CheckHoursOfOperation extends Block {
  private readonly hoursOfOperationId: string | undefined;
  private readonly openSlot = new BranchSlot(this, "open");
  private readonly closedSlot = new BranchSlot(this, "closed");
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: CheckHoursOfOperationProps = {}) {
    super(name, ActionType.CheckHoursOfOperation);
    this.hoursOfOperationId =
      props.hoursOfOperationId === undefined ? undefined : this.staticOrSingleReferenceParameter("hoursOfOperationId", props.hoursOfOperationId);
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  /** Where the flow goes while the hours are open. */
  public whenOpen(target: IChainable): this {
    this.openSlot.wire(target);
    return this;
  }

  /** Where the flow goes while the hours are closed. */
  public whenClosed(target: IChainable): this {
    this.closedSlot.wire(target);
    return this;
  }

  /** Where the flow goes when the hours cannot be checked. @default the flow's default error target */
  public onError(target: IChainable): this {
    this.errorSlot.wire(target);
    return this;
  }

  public renderParameters(): BlockParameters {
    return this.hoursOfOperationId === undefined ? {} : { HoursOfOperationId: this.hoursOfOperationId };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      conditions: [
        { condition: { Operator: ConditionOperator.Equals, Operands: [ActionResult.True] }, target: this.openSlot.target, wireWith: ".whenOpen()" },
        { condition: { Operator: ConditionOperator.Equals, Operands: [ActionResult.False] }, target: this.closedSlot.target, wireWith: ".whenClosed()" },
      ],
      errors: [{ errorType: ErrorType.NoMatchingError, target: this.errorSlot.target, whenUnwired: "default", wireWith: ".onError()" }],
    };
  }
}
