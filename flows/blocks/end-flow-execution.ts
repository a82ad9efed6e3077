import { TerminalBlock } from "../block";
import { ActionType } from "../private/action-type";

/**
 * End flow / Resume: ends this flow without disconnecting (whisper and customer queue flows only).
 * Terminal: it has no branches, and chaining after it throws.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-endflowexecution.html
 */
export class EndFlowExecution extends TerminalBlock {
  constructor(name: string) {
    super(name, ActionType.EndFlowExecution);
  }
}
