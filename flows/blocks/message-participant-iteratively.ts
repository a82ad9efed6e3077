import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { ErrorType } from "../private/error-type";
import { type PromptSource, renderPromptSource } from "./message-participant";
import { errorBranch, resultBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

/** Props of {@link MessageParticipantIteratively}. */
export interface MessageParticipantIterativelyProps {
  /** The messages played in order, over and over. At least one. */
  readonly messages: ReadonlyArray<PromptSource>;
  /**
   * Interrupt the playlist every so many seconds (and take `whenInterrupted()`); more than 20 is advised.
   * @default never interrupted: the block plays until something outside the flow moves the contact
   */
  readonly interruptFrequencySeconds?: number;
}

/**
 * Loop prompts (customer queue and hold flows): plays a playlist until the contact is moved or, with
 * `interruptFrequencySeconds`, until the interval passes. Without an interval it never continues, so it
 * has no ends. Branches: `whenInterrupted()` (`MessagesInterrupted`, required with an interval),
 * `onError()` (`NoMatchingError`, optional: left out unless wired).
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/participant-actions-messageparticipantiteratively.html
 */
export class MessageParticipantIteratively extends BranchingBlock {
  private readonly parameters: BlockParameters;
  private readonly interruptible: boolean;
  private readonly interruptedSlot = new BranchSlot(this, ActionResult.MessagesInterrupted);
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: MessageParticipantIterativelyProps) {
    super(name, ActionType.MessageParticipantIteratively);
    const messages = props?.messages ?? [];
    if (messages.length === 0) this.fail("messages must hold at least one message");
    const rendered = messages.map((message, index) => renderPromptSource(`${this.label} message ${index + 1}`, message));
    this.interruptible = props.interruptFrequencySeconds !== undefined;
    this.parameters = {
      Messages: rendered.map((message) => ({ ...message })),
      ...(props.interruptFrequencySeconds !== undefined
        ? { InterruptFrequencySeconds: this.integerParameter("interruptFrequencySeconds", props.interruptFrequencySeconds, 1, 604800) }
        : {}),
    };
  }

  /** Where the flow goes each time the interval passes (needs `interruptFrequencySeconds`). */
  public whenInterrupted(target: IChainable): this {
    if (!this.interruptible) this.fail("whenInterrupted() needs interruptFrequencySeconds");
    return this.wireBranch(this.interruptedSlot, target);
  }

  /** Where the flow goes on error (e.g. on chat). @default left out */
  public onError(target: IChainable): this {
    return this.wireBranch(this.errorSlot, target);
  }

  public renderParameters(): BlockParameters {
    return this.parameters;
  }

  public branches(): BlockBranches {
    return {
      conditions: this.interruptible
        ? [resultBranch(ActionResult.MessagesInterrupted, this.interruptedSlot, ".whenInterrupted()")]
        : [],
      errors: [errorBranch(ErrorType.NoMatchingError, this.errorSlot, "omit", ".onError()")],
    };
  }
}
