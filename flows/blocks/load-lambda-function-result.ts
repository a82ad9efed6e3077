import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import type { IChainable } from "../chain";
import { LAST_INVOCATION_ID_REFERENCE } from "../flow-language";
import { ActionType } from "../private/action-type";
import { ErrorType } from "../private/error-type";
import { errorBranch } from "./branch-entries";

/** Props of {@link LoadLambdaFunctionResult}. */
export interface LoadLambdaFunctionResultProps {
  /**
   * The asynchronous invocation whose answer to load: one whole `$.` reference (usually a flow attribute
   * the invocation id was saved to) or a literal id.
   * @default `$.LambdaInvocation.InvocationId`, the most recent asynchronous invocation
   */
  readonly invocationId?: string;
}

/**
 * AWS Lambda function, "Load Lambda result" action: loads the answer of an asynchronous invocation into
 * `$.External`, as if the call had been synchronous. Branches: next (loaded), `onError()`
 * (`NoMatchingError`: the invocation failed or the id is unknown), `onInProgress()` (`InProgress`: it has
 * not returned yet; the console requires this branch). The JSON is what the console writes; the API
 * reference does not document it (reference §2.1.2).
 */
export class LoadLambdaFunctionResult extends FallibleLinearBlock {
  private readonly invocationId: string;
  private readonly inProgressSlot = new BranchSlot(this, ErrorType.InProgress);

  constructor(name: string, props: LoadLambdaFunctionResultProps = {}) {
    super(name, ActionType.LoadLambdaFunctionResult);
    this.invocationId = this.staticOrSingleReferenceParameter("invocationId", props?.invocationId ?? LAST_INVOCATION_ID_REFERENCE);
  }

  /** Where the flow goes when the invocation has not returned yet. Required. */
  public onInProgress(target: IChainable): this {
    this.inProgressSlot.wire(target);
    return this;
  }

  public renderParameters(): BlockParameters {
    return { LambdaInvocationId: this.invocationId };
  }

  public branches(): BlockBranches {
    const linear = super.branches();
    return {
      ...linear,
      errors: [...(linear.errors ?? []), errorBranch(ErrorType.InProgress, this.inProgressSlot, "required", ".onInProgress()")],
    };
  }
}
