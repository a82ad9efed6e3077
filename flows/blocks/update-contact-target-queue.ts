import { type BlockParameters } from "../block";
import { FallibleLinearBlock } from "../linear-block";
import { ActionType } from "../private/action-type";

/** Props of {@link UpdateContactTargetQueue}: a queue or an agent's queue, never both. */
export type UpdateContactTargetQueueProps =
  | {
      /** The queue's ID or ARN, or one whole `$.` reference to it. */
      readonly queueId: string;
      readonly agentId?: never;
    }
  | {
      /** The agent's ID or ARN (the agent's own queue), or one whole `$.` reference to it. */
      readonly agentId: string;
      readonly queueId?: never;
    };

/**
 * Set working queue: chooses the queue a later TransferContactToQueue uses.
 * Branches: next, error (`NoMatchingError`).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/contact-actions-updatecontacttargetqueue.html
 */
export class UpdateContactTargetQueue extends FallibleLinearBlock {
  private readonly parameters: BlockParameters;

  constructor(name: string, props: UpdateContactTargetQueueProps) {
    super(name, ActionType.UpdateContactTargetQueue);
    const hasQueue = props?.queueId !== undefined;
    const hasAgent = props?.agentId !== undefined;
    if (hasQueue === hasAgent) this.fail(`give exactly one of queueId or agentId (got ${hasQueue ? "both" : "neither"})`);
    this.parameters = hasQueue
      ? { QueueId: this.staticOrSingleReferenceParameter("queueId", props.queueId!) }
      : { AgentId: this.staticOrSingleReferenceParameter("agentId", props.agentId!) };
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }
}
