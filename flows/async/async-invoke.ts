/**
 * The async macro as one chainable (`asyncInvoke`) and its waiting half (`asyncAwait`): start a slow
 * operation through the `start` Lambda, keep the caller company while it runs, and branch on success,
 * failure or timeout. How the caller is kept company is the strategy's (loop/loop-wait.ts,
 * event/event-wait.ts); both split on the contact's channel, so chat, task and email contacts get text only.
 *
 * ```
 * <id>: start ──error──▶ onFailure
 *   └▶ <id>: save request id ─▶ <id>: check start status
 *        SUCCEEDED ─▶ onSuccess     FAILED / ERROR / anything else ─▶ onFailure
 *        PENDING ─▶ the strategy's wait (starting with <id>: note wait start)
 * ```
 *
 * Every block name, flow attribute and therefore every Identifier and Loop counter derive from the
 * macro's `id`, so the macro can be used several times in one flow with different ids.
 */
import type { Block } from "../block";
import type { InvokeLambdaFunction } from "../blocks/invoke-lambda-function";
import type { IChainable, INextable } from "../chain";
import { AsyncCall, type AsyncStartOptions } from "./async-call";
import { EventWait, type EventWaitPlans } from "./event/event-wait";
import { type AsyncWaitPlan } from "./loop/loop-plan";
import { LoopWait } from "./loop/loop-wait";
import { requireTimeLimit } from "./option-checks";
import { pollInvocation } from "./poll-invocation";
import { statusCheck } from "./status-check";
import { type AsyncWaitOptions, AsyncWaitStrategy, DEFAULT_POLL_TIME_LIMIT_SECONDS } from "./wait-options";
import type { WaitContext } from "./wait-context";

/** Options of {@link asyncInvoke}. */
export interface AsyncInvokeOptions extends AsyncStartOptions, AsyncWaitOptions {}

/** Options of {@link asyncAwait}. */
export type AsyncAwaitOptions = AsyncWaitOptions;

/** How a wait is sized, by strategy and channel. */
export type AsyncWaitPlans =
  | { readonly strategy: typeof AsyncWaitStrategy.LOOP; readonly voice: AsyncWaitPlan; readonly text: AsyncWaitPlan }
  | ({ readonly strategy: typeof AsyncWaitStrategy.EVENT } & EventWaitPlans);

/** Builds the chosen strategy's wait. */
function buildWait(context: WaitContext, options: AsyncWaitOptions): { readonly entry: Block; readonly plan: AsyncWaitPlans } {
  const strategy = options?.strategy ?? AsyncWaitStrategy.LOOP;
  if (strategy === AsyncWaitStrategy.EVENT) {
    const wait = new EventWait(context, options);
    return { entry: wait.entry, plan: { strategy, ...wait.plans } };
  }
  if (strategy !== AsyncWaitStrategy.LOOP) throw new Error(`${context.label}: strategy must be "loop" or "event" (got ${JSON.stringify(strategy)})`);
  const wait = new LoopWait(context, options);
  return { entry: wait.entry, plan: { strategy, voice: wait.plan, text: wait.textPlan } };
}

/**
 * The whole macro as one chainable: start, then wait with prompts and polls, then one of three outcomes.
 * It continues only through its outcomes, so it has no ends and chaining after it throws.
 */
export class AsyncInvoke implements IChainable {
  /** The macro id every name derives from. */
  public readonly id: string;
  /** How the wait is sized. */
  public readonly plan: AsyncWaitPlans;
  /** The flow attribute holding the request id. */
  public readonly requestIdAttribute: string;
  private readonly call: AsyncCall;

  /** @internal use {@link asyncInvoke} */
  constructor(operation: string, options: AsyncInvokeOptions) {
    this.call = new AsyncCall("asyncInvoke", operation, options);
    this.id = this.call.id;
    this.requestIdAttribute = this.call.requestIdAttribute;
    const label = `asyncInvoke "${this.id}"`;
    const wait = buildWait({ label, call: this.call, leadInSeconds: this.call.startInvocationTimeLimitSeconds, responseType: this.call.responseType }, options);
    this.plan = wait.plan;
    this.call.wireForInvoke(statusCheck(`${this.id}: check start status`, wait.entry, options), options.onFailure);
  }

  public get chainName(): string {
    return `asyncInvoke "${this.id}" (it continues only through onSuccess, onFailure and onTimeout)`;
  }

  public get startBlock(): Block {
    return this.call.startBlock;
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }
}

/**
 * The waiting half: polls once at once (so finished work needs no prompt at all), then waits like
 * asyncInvoke. It continues only through its outcomes, so it has no ends.
 */
export class AsyncAwait implements IChainable {
  /** The macro id (the call's). */
  public readonly id: string;
  /** How the wait is sized (its lead-in is the first poll). */
  public readonly plan: AsyncWaitPlans;
  private readonly firstPoll: InvokeLambdaFunction;

  /** @internal use {@link asyncAwait} */
  constructor(call: AsyncCall, options: AsyncAwaitOptions) {
    if (!(call instanceof AsyncCall)) throw new Error(`asyncAwait: the first argument must be what asyncStart returned (got ${String(call)})`);
    this.id = call.id;
    const label = `asyncAwait "${this.id}"`;
    const responseType = options?.responseType ?? call.responseType;
    const pollTimeLimit = requireTimeLimit(label, "pollInvocationTimeLimitSeconds", options?.pollInvocationTimeLimitSeconds ?? DEFAULT_POLL_TIME_LIMIT_SECONDS);
    const wait = buildWait({ label, call, leadInSeconds: pollTimeLimit, responseType }, options);
    this.plan = wait.plan;
    this.firstPoll = pollInvocation(`${this.id}: first poll`, { functionArn: options.pollFunctionArn, call, timeLimitSeconds: pollTimeLimit, responseType });
    this.firstPoll.next(statusCheck(`${this.id}: check first poll status`, wait.entry, options));
    this.firstPoll.onError(wait.entry);
  }

  public get chainName(): string {
    return `asyncAwait "${this.id}" (it continues only through onSuccess, onFailure and onTimeout)`;
  }

  public get startBlock(): Block {
    return this.firstPoll;
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [];
  }
}

/** Start `operation` and wait for its outcome with prompts and polls (see the file comment). */
export function asyncInvoke(operation: string, options: AsyncInvokeOptions): AsyncInvoke {
  return new AsyncInvoke(operation, options);
}

/** Wait for a call made earlier with {@link asyncStart}: poll once, then wait with the chosen strategy. */
export function asyncAwait(call: AsyncCall, options: AsyncAwaitOptions): AsyncAwait {
  return new AsyncAwait(call, options);
}
