import { Block, type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable, INextable } from "../chain";
import { isSingleJsonPath, type JsonPath } from "../condition";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { ConditionOperator } from "../private/condition-operator";
import { ErrorType } from "../private/error-type";
import { WaitEvent } from "../private/parameter-value";

export { WaitEvent } from "../private/parameter-value";

/** Props of {@link Wait}. */
export interface WaitProps {
  /** How long to wait, in whole seconds (1–604,800), or one whole `$.` reference. */
  readonly timeLimitSeconds: number | JsonPath;
  /** Events that end the wait early; each needs a `whenEvent()` branch. @default no events */
  readonly events?: ReadonlyArray<WaitEvent>;
}

/** Connect's Wait limit: 7 days. */
const MAX_WAIT_SECONDS = 604800;

/**
 * Wait: pauses the contact (chat; voice only in inbound flows with event-based waits).
 * Branches: `whenCompleted()` (`WaitCompleted`, required), one `whenEvent()` per event, `onError()`
 * (`NoMatchingError`). Written with the console's key `TimeLimitSeconds`; NextAction is the error target.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-wait.html
 */
export class Wait extends Block {
  private readonly timeLimit: string;
  private readonly events: ReadonlyArray<WaitEvent>;
  private readonly completedSlot = new BranchSlot(this, ActionResult.WaitCompleted);
  private readonly eventSlots = new Map<WaitEvent, BranchSlot>();
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);

  constructor(name: string, props: WaitProps) {
    super(name, ActionType.Wait);
    const limit = props?.timeLimitSeconds;
    if (typeof limit === "string") {
      if (!isSingleJsonPath(limit)) this.fail(`timeLimitSeconds must be an integer from 1 to ${MAX_WAIT_SECONDS} or one $. reference (got ${JSON.stringify(limit)})`);
      this.timeLimit = limit;
    } else {
      this.timeLimit = this.integerParameter("timeLimitSeconds", limit, 1, MAX_WAIT_SECONDS);
    }
    this.events = [...(props.events ?? [])];
    for (const event of this.events) {
      if (!Object.values(WaitEvent).includes(event)) this.fail(`events must be among ${Object.values(WaitEvent).join(", ")} (got ${JSON.stringify(event)})`);
      if (this.eventSlots.has(event)) this.fail(`event ${event} is listed twice`);
      this.eventSlots.set(event, new BranchSlot(this, event));
    }
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }

  /** Where the flow goes when the time is up. */
  public whenCompleted(target: IChainable): this {
    this.completedSlot.wire(target);
    return this;
  }

  /** Where the flow goes when `event` (listed in `events`) ends the wait. */
  public whenEvent(event: WaitEvent, target: IChainable): this {
    const slot = this.eventSlots.get(event);
    if (slot === undefined) this.fail(`whenEvent(${JSON.stringify(event)}) needs the event in props.events`);
    slot.wire(target);
    return this;
  }

  /** Where the flow goes when the wait fails. @default the flow's default error target */
  public onError(target: IChainable): this {
    this.errorSlot.wire(target);
    return this;
  }

  public renderParameters(): BlockParameters {
    return { TimeLimitSeconds: this.timeLimit, ...(this.events.length > 0 ? { Events: [...this.events] } : {}) };
  }

  public branches(): BlockBranches {
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      conditions: [
        { condition: { Operator: ConditionOperator.Equals, Operands: [ActionResult.WaitCompleted] }, target: this.completedSlot.target, wireWith: ".whenCompleted()" },
        ...this.events.map((event) => ({
          condition: { Operator: ConditionOperator.Equals, Operands: [event] },
          target: this.eventSlots.get(event)!.target,
          wireWith: `.whenEvent("${event}")`,
        })),
      ],
      errors: [{ errorType: ErrorType.NoMatchingError, target: this.errorSlot.target, whenUnwired: "default", wireWith: ".onError()" }],
    };
  }
}
