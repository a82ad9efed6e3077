import { type BlockParameters } from "../block";
import { LinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";
import { FlowLoggingBehavior } from "../private/parameter-value";

/** Props of {@link UpdateFlowLoggingBehavior}. */
export interface UpdateFlowLoggingBehaviorProps {
  /** Whether flow logs go to CloudWatch from here on (inherited by later segments). @default true */
  readonly enabled?: boolean;
}

/**
 * Set logging behavior: turns flow logging on or off. It cannot fail, so it has no error branch.
 * Branches: next.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-updateflowloggingbehavior.html
 */
export class UpdateFlowLoggingBehavior extends LinearBlock {
  private readonly enabled: boolean;

  constructor(name: string, props: UpdateFlowLoggingBehaviorProps = {}) {
    super(name, ActionType.UpdateFlowLoggingBehavior);
    if (props.enabled !== undefined && typeof props.enabled !== "boolean") this.fail(`enabled must be a boolean (got ${JSON.stringify(props.enabled)})`);
    this.enabled = props.enabled ?? true;
  }

  public renderParameters(): BlockParameters {
    return { FlowLoggingBehavior: this.enabled ? FlowLoggingBehavior.Enabled : FlowLoggingBehavior.Disabled };
  }
}
