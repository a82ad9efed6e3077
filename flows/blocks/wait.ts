import { type BlockBranches, type BlockParameters, BranchSlot } from "../block";
import type { IChainable } from "../chain";
import { isSingleJsonPath, type JsonPath } from "../condition";
import { ActionType } from "../private/action-type";
import { ActionResult } from "../private/action-result";
import { ErrorType } from "../private/error-type";
import { WaitEvent } from "../private/parameter-value";
import { MAX_EVENT_BRANCH_NAME } from "../validation/condition-rules";
import { errorBranch, resultBranch } from "./branch-entries";
import { BranchingBlock } from "./branching-block";

export { WaitEvent } from "../private/parameter-value";

/** Props of {@link Wait}. */
export interface WaitProps {
  /** How long to wait, in whole seconds (1–604,800), or one whole `$.` reference. */
  readonly timeLimitSeconds: number | JsonPath;
  /** Events that end the wait early; each needs a `whenEvent()` branch. @default no events */
  readonly events?: ReadonlyArray<WaitEvent>;
  /**
   * "Keep running while waiting": while the Wait is pending the contact runs the `whileWaiting()` branch
   * (e.g. hold music), and whatever it is playing is cut when an event or the time limit ends the wait.
   * No Wait may run inside that branch. Voice contacts may wait only this way or event-based.
   * @default false
   */
  readonly continueWhileWaiting?: boolean;
  /**
   * "Set event-based wait" on asynchronous Lambda invocations: one branch per entry, keyed by its name
   * (1–100 characters, e.g. `"LambdaReturned"`), whose value is the invocation id to wait for (one whole
   * `$.` reference, such as the flow attribute the id was saved to). Each needs a `whenLambdaReturned()`
   * branch. A wrong id waits until the time limit.
   * @default no Lambda events
   */
  readonly lambdaReturned?: { readonly [branchName: string]: string };
  /**
   * The console writes `MinimumWaitTimeSeconds` (1) on event-based waits; its meaning is undocumented
   * (reference §2.1.2), so it is written only when given.
   * @default left out
   */
  readonly minimumWaitTimeSeconds?: number;
}

/** Connect's Wait limit: 7 days. */
const MAX_WAIT_SECONDS = 604800;
/** The console's limit for an event branch name. */
const MAX_BRANCH_NAME_LENGTH = MAX_EVENT_BRANCH_NAME;
/** Results a Lambda event branch may not be named, as the Wait already branches on them. */
const RESERVED_BRANCH_NAMES: ReadonlySet<string> = new Set([ActionResult.WaitCompleted, ActionResult.Continue]);

/**
 * Wait: pauses the contact (chat; voice only in Inbound and Customer queue flows, and only when it keeps
 * running while waiting or is event-based). Branches: `whenCompleted()` (`WaitCompleted`, required), one
 * `whenEvent()` per event, one `whenLambdaReturned()` per Lambda event, `whileWaiting()` (`Continue`,
 * required with `continueWhileWaiting`), `onError()` (`NoMatchingError`). Written with the console's keys
 * (`TimeLimitSeconds`, `ContinueExecution`, `InterruptibleEvents`; reference §2.8 and §2.1.2); NextAction is
 * the error target.
 * @see https://docs.aws.amazon.com/connect/latest/APIReference/flow-control-actions-wait.html
 */
export class Wait extends BranchingBlock {
  private readonly timeLimit: string;
  private readonly events: ReadonlyArray<WaitEvent>;
  private readonly completedSlot = new BranchSlot(this, ActionResult.WaitCompleted);
  private readonly eventSlots = new Map<WaitEvent, BranchSlot>();
  private readonly errorSlot = new BranchSlot(this, ErrorType.NoMatchingError);
  private readonly continueSlot: BranchSlot | undefined;
  private readonly lambdaEvents: ReadonlyArray<{ readonly branchName: string; readonly invocationId: string; readonly slot: BranchSlot }>;
  private readonly minimumWaitTime: string | undefined;

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
    if (props.continueWhileWaiting !== undefined && typeof props.continueWhileWaiting !== "boolean") {
      this.fail(`continueWhileWaiting must be true or false (got ${JSON.stringify(props.continueWhileWaiting)})`);
    }
    this.continueSlot = props.continueWhileWaiting === true ? new BranchSlot(this, ActionResult.Continue) : undefined;
    this.lambdaEvents = Object.entries(props.lambdaReturned ?? {}).map(([branchName, invocationId]) => {
      if (branchName.trim().length === 0 || branchName.length > MAX_BRANCH_NAME_LENGTH) {
        this.fail(`lambdaReturned branch names must have 1 to ${MAX_BRANCH_NAME_LENGTH} characters (got ${JSON.stringify(branchName)})`);
      }
      if (RESERVED_BRANCH_NAMES.has(branchName) || this.eventSlots.has(branchName as WaitEvent)) {
        this.fail(`lambdaReturned branch name ${JSON.stringify(branchName)} is already a branch of this Wait; choose another name`);
      }
      return { branchName, invocationId: this.staticOrSingleReferenceParameter(`lambdaReturned.${branchName}`, invocationId), slot: new BranchSlot(this, branchName) };
    });
    this.minimumWaitTime =
      props.minimumWaitTimeSeconds === undefined ? undefined : this.integerParameter("minimumWaitTimeSeconds", props.minimumWaitTimeSeconds, 0, MAX_WAIT_SECONDS);
  }

  /** Where the flow goes when the time is up. */
  public whenCompleted(target: IChainable): this {
    return this.wireBranch(this.completedSlot, target);
  }

  /** Where the flow goes when `event` (listed in `events`) ends the wait. */
  public whenEvent(event: WaitEvent, target: IChainable): this {
    const slot = this.eventSlots.get(event);
    if (slot === undefined) this.fail(`whenEvent(${JSON.stringify(event)}) needs the event in props.events`);
    return this.wireBranch(slot, target);
  }

  /** What the contact does while the wait is pending (`Continue`); cut when the wait ends. Needs `continueWhileWaiting`. */
  public whileWaiting(target: IChainable): this {
    if (this.continueSlot === undefined) this.fail("whileWaiting() needs continueWhileWaiting: true in the props");
    return this.wireBranch(this.continueSlot, target);
  }

  /** Where the flow goes when the invocation of the `branchName` Lambda event (in props.lambdaReturned) returns. */
  public whenLambdaReturned(branchName: string, target: IChainable): this {
    const event = this.lambdaEvents.find((candidate) => candidate.branchName === branchName);
    if (event === undefined) this.fail(`whenLambdaReturned(${JSON.stringify(branchName)}) needs that branch name in props.lambdaReturned`);
    return this.wireBranch(event.slot, target);
  }

  /** Where the flow goes when the wait fails. @default the flow's default error target */
  public onError(target: IChainable): this {
    return this.wireBranch(this.errorSlot, target);
  }

  public renderParameters(): BlockParameters {
    return {
      TimeLimitSeconds: this.timeLimit,
      ...(this.events.length > 0 ? { Events: [...this.events] } : {}),
      ...(this.continueSlot !== undefined ? { ContinueExecution: "TRUE" } : {}),
      ...(this.lambdaEvents.length > 0
        ? {
            InterruptibleEvents: Object.fromEntries(
              this.lambdaEvents.map((event) => [event.branchName, { AsyncLambdaCompletionEvent: { Identifier: event.invocationId } }]),
            ),
          }
        : {}),
      ...(this.minimumWaitTime !== undefined ? { MinimumWaitTimeSeconds: this.minimumWaitTime } : {}),
    };
  }

  public branches(): BlockBranches {
    const completed = resultBranch(ActionResult.WaitCompleted, this.completedSlot, ".whenCompleted()");
    const events = this.events.map((event) => resultBranch(event, this.eventSlots.get(event)!, `.whenEvent("${event}")`));
    const eventBased = this.continueSlot !== undefined || this.lambdaEvents.length > 0;
    return {
      next: { kind: "sameAsError", errorType: ErrorType.NoMatchingError },
      // Event-based waits list their conditions as the console does (Continue, events, WaitCompleted);
      // plain waits keep the order flows built earlier were rendered with.
      conditions: eventBased
        ? [
            ...(this.continueSlot !== undefined
              ? [resultBranch(ActionResult.Continue, this.continueSlot, ".whileWaiting()")]
              : []),
            ...events,
            ...this.lambdaEvents.map((event) => resultBranch(event.branchName, event.slot, `.whenLambdaReturned("${event.branchName}")`)),
            completed,
          ]
        : [completed, ...events],
      errors: [errorBranch(ErrorType.NoMatchingError, this.errorSlot, "default", ".onError()")],
    };
  }
}
