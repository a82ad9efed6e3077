/**
 * The async macro (DESIGN.md, "The flow builder and the async macro"): start a slow operation through
 * the `start` Lambda, keep the caller company while it runs, poll with the `poll` Lambda, and branch on
 * success, failure or timeout.
 *
 * ```
 * asyncInvoke:
 *   <id>: start ──error──▶ onFailure
 *     └▶ <id>: save request id ─▶ <id>: check start status
 *          SUCCEEDED ─▶ onSuccess     FAILED / ERROR / anything else ─▶ onFailure
 *          PENDING ─▶ <id>: note wait start ─▶ <id>: initial message ─▶ <id>: poll (below)
 *                                               (without an initial message) ─▶ <id>: wait turns (Loop N)
 *
 *   <id>: wait turns (Loop N) ─continue─▶ <id>: comfort cadence (Loop k−1)
 *        │                                  ├─continue─▶ <id>: hold prompt ─────┐
 *        │                                  └─done─────▶ <id>: comfort message ─┴▶ <id>: poll
 *        └─done─▶ onTimeout                                                         │
 *   <id>: poll ──error──▶ <id>: poll errors (Loop E) ─continue─▶ wait turns; ─done─▶ onFailure
 *     └▶ <id>: check poll status: SUCCEEDED ─▶ onSuccess, FAILED / ERROR / anything else ─▶ onFailure,
 *          PENDING ─▶ <id>: check deadline: asyncElapsedMs > deadline ─▶ onTimeout, otherwise ─▶ wait turns
 * ```
 *
 * Comfort cadence. A Connect Loop block continues `LoopCount` times, is done once, and then resets, so a
 * second Loop with count k−1 that every turn passes through is a counter modulo k: it continues (hold
 * prompt) on k−1 turns and is done (comfort message) on every k-th turn. Without a comfort message (or
 * with `comfortEveryTurns: 1`) there is no cadence Loop and every turn plays the one prompt. Connect keeps
 * Loop counts per Identifier for the whole contact, so a flow that leaves the macro through onSuccess and
 * later re-enters the same macro gets only the turns that are left; use another `id` for a second wait.
 *
 * Timing. Flows have no clock, so the handlers lend theirs: a PENDING answer carries `asyncNowMs`, the
 * macro saves it as the start of the caller's wait ("note wait start"), and each poll passes it back as
 * `asyncWaitStartedAt`, so `asyncElapsedMs` is how long this caller has waited (from the start
 * invocation, or for `asyncAwait` from its first poll). A turn costs at most its prompt plus the poll's
 * invocation time limit. The wait ends on time, not on a turn count tuned for the worst case: another
 * turn starts only while `asyncElapsedMs` is at most the deadline
 *
 *     deadline = maxWaitSeconds − (1 + E) × worst turn
 *
 * where E (`maxPollErrors`) is how many failed polls the wait tolerates before it gives up (a failed
 * poll has no elapsed time, so up to E of them may follow the last check). Hence the caller hears the
 * outcome within `maxWaitSeconds` however slow each poll is, and with quick polls the timeout comes
 * close to `maxWaitSeconds` rather than at the fraction a pure turn count would allow. The wait Loop's
 * count N is only a backstop: enough turns of the shortest prompt to pass the deadline (at most 100,
 * Connect's limit). Prompt lengths come from `prompt-duration.ts` (exact for timed SSML breaks and
 * recordings with a stated length, estimated for text). The plan is exposed as `.plan`.
 *
 * Every block name, the flow attribute and therefore every Identifier and Loop counter derive from the
 * macro's `id`, so the macro can be used several times in one flow with different ids.
 */
import type { Block } from "../block";
import { type PromptSource, MessageParticipant, renderPromptSource } from "../blocks/message-participant";
import { InvokeLambdaFunction } from "../blocks/invoke-lambda-function";
import { Compare } from "../blocks/compare";
import { Loop } from "../blocks/loop";
import { UpdateFlowAttributes } from "../blocks/update-flow-attributes";
import { Chain, type IChainable, type INextable } from "../chain";
import { Condition } from "../condition";
import { ASYNC_RESERVED_PREFIX, AsyncParameter, AsyncResponseKey, AsyncStatus } from "../private/async-response";
import { LambdaResponseType } from "../private/parameter-value";
import { promptDurationMs } from "../prompt-duration";

/** Options of the start half: `asyncStart`, and the start part of `asyncInvoke`. */
export interface AsyncStartOptions {
  /**
   * Names every block, the flow attribute and the Loop counters of this use of the macro
   * (`[A-Za-z0-9_-]`, 1–40 characters). Give each use in one flow its own id.
   * @default the operation name
   */
  readonly id?: string;
  /** The `start` Lambda's ARN (may be a deploy-time token such as `${TfToken[TOKEN.12]}`); only checked to be non-empty. */
  readonly startFunctionArn: string;
  /**
   * The operation's input, sent to `start` as invocation attributes beside `operation`. Values are static
   * or interpolate `$.` references, e.g. `{ accountId: "$.Attributes.accountId" }`. Keys must not start
   * with `async` (reserved) or be `operation`.
   * @default no input
   */
  readonly input?: { readonly [key: string]: string };
  /** The start invocation's time limit in seconds (1–8); covers the handler's fast path. @default 4 */
  readonly startInvocationTimeLimitSeconds?: number;
  /** How Connect validates start's and poll's answers; match the operation's `responseType`. @default "STRING_MAP" */
  readonly responseType?: LambdaResponseType;
}

/** Options of the waiting half: `asyncAwait`, and the wait part of `asyncInvoke`. */
export interface AsyncWaitOptions {
  /** The `poll` Lambda's ARN (may be a deploy-time token); only checked to be non-empty. */
  readonly pollFunctionArn: string;
  /** The longest the caller may wait in the worst case, in seconds; sizes the loop (see the file comment). */
  readonly maxWaitSeconds: number;
  /** Played once when the work is still pending, before the first turn. @default none */
  readonly initialMessage?: PromptSource;
  /**
   * Played on each turn that is not a comfort turn. `{ promptId }` and `{ s3Uri }` need `lengthSeconds`.
   * @default two seconds of silence, `<speak><break time="2s"/></speak>`
   */
  readonly holdPrompt?: PromptSource;
  /** Played every `comfortEveryTurns` turns instead of the hold prompt, e.g. "Still working on it". @default none */
  readonly comfortMessage?: PromptSource;
  /** Every how many turns the comfort message plays (1–101; 1 = every turn). @default 5 */
  readonly comfortEveryTurns?: number;
  /**
   * How many failed poll invocations the wait goes round again before it takes onFailure (0–10). Each
   * tolerated failure is reserved from the deadline (see the file comment). Connect already retries a
   * failing invocation within its time limit, so a failed poll is rare.
   * @default 1
   */
  readonly maxPollErrors?: number;
  /** The poll invocation's time limit in seconds (1–8). @default 3 */
  readonly pollInvocationTimeLimitSeconds?: number;
  /** How Connect validates poll's answer (asyncAwait only; asyncInvoke takes it from the start options). @default "STRING_MAP" */
  readonly responseType?: LambdaResponseType;
  /** Where the flow goes when the operation succeeded; `$.External.<key>` then holds its result keys. */
  readonly onSuccess: IChainable;
  /** Where the flow goes when the operation failed (`FAILED`/`ERROR`) or the start could not be invoked. */
  readonly onFailure: IChainable;
  /** Where the flow goes when the wait's turns are used up and the work is still pending. */
  readonly onTimeout: IChainable;
}

/** Options of {@link asyncInvoke}. */
export interface AsyncInvokeOptions extends AsyncStartOptions, AsyncWaitOptions {}

/** Options of {@link asyncAwait}. */
export type AsyncAwaitOptions = AsyncWaitOptions;

/** The timing inputs of a wait, in seconds. */
export interface AsyncWaitTiming {
  /** The longest the caller may wait in the worst case. */
  readonly maxWaitSeconds: number;
  /** Time before the first turn: the start's (or first poll's) time limit plus the initial message. */
  readonly leadInSeconds: number;
  /** The hold prompt's length. */
  readonly holdPromptSeconds: number;
  /** The comfort message's length. @default no comfort message */
  readonly comfortPromptSeconds?: number;
  /** Every how many turns the comfort message plays. @default 1 when there is a comfort message */
  readonly comfortEveryTurns?: number;
  /** The poll's invocation time limit. */
  readonly pollInvocationTimeLimitSeconds: number;
  /** Failed polls tolerated before giving up. @default 1 */
  readonly maxPollErrors?: number;
}

/** How a wait is sized: what the macro generates and why it fits `maxWaitSeconds`. */
export interface AsyncWaitPlan {
  /** N: the wait Loop's count, a backstop: enough turns of the shortest prompt to pass the deadline (≤ 100, else the macro throws). */
  readonly loopCount: number;
  /** k: every how many turns the comfort message plays, or undefined without one. */
  readonly comfortEveryTurns: number | undefined;
  /** A hold turn at worst: hold prompt + poll time limit. */
  readonly holdTurnSeconds: number;
  /** A comfort turn at worst: comfort message + poll time limit, or undefined without one. */
  readonly comfortTurnSeconds: number | undefined;
  /** The longer of the two turns. */
  readonly worstTurnSeconds: number;
  /** E: failed polls tolerated before onFailure. */
  readonly maxPollErrors: number;
  /** Another turn starts only while the caller's wait (`asyncElapsedMs`) is at most this. */
  readonly deadlineSeconds: number;
  /** Time before the first turn: the start's (or first poll's) time limit plus the initial message. */
  readonly leadInSeconds: number;
  /** deadline + (1 + E) worst turns: the longest the caller can wait for an outcome. Never above maxWaitSeconds. */
  readonly worstCaseSeconds: number;
  /** The limit the plan was sized for. */
  readonly maxWaitSeconds: number;
}

/** Connect's LoopCount limit bounds the number of turns. */
const MAX_TURNS = 100;
const MAX_POLL_ERRORS = 10;
const DEFAULT_HOLD_PROMPT: PromptSource = { ssml: '<speak><break time="2s"/></speak>' };
const DEFAULT_COMFORT_EVERY_TURNS = 5;
const DEFAULT_MAX_POLL_ERRORS = 1;
const DEFAULT_START_TIME_LIMIT_SECONDS = 4;
const DEFAULT_POLL_TIME_LIMIT_SECONDS = 3;
/** A prompt shorter than this still takes Connect some time; keeps the backstop count finite. */
const MIN_TURN_MS = 250;
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;

/**
 * Sizes a wait (see the file comment): the deadline after which no further turn starts, and the wait
 * Loop's backstop count. Throws, naming `label`, when the lead-in plus one worst turn per tolerated poll
 * error and one more do not fit `maxWaitSeconds`.
 */
export function planAsyncWait(timing: AsyncWaitTiming, label = "async wait"): AsyncWaitPlan {
  const ms = (seconds: number): number => Math.round(seconds * 1000);
  const maxPollErrors = timing.maxPollErrors ?? DEFAULT_MAX_POLL_ERRORS;
  const pollMs = ms(timing.pollInvocationTimeLimitSeconds);
  const holdPromptMs = ms(timing.holdPromptSeconds);
  const comfortPromptMs = timing.comfortPromptSeconds === undefined ? undefined : ms(timing.comfortPromptSeconds);
  const comfortEvery = comfortPromptMs === undefined ? undefined : (timing.comfortEveryTurns ?? 1);
  const holdTurnMs = holdPromptMs + pollMs;
  const comfortTurnMs = comfortPromptMs === undefined ? undefined : comfortPromptMs + pollMs;
  // With comfortEvery = 1 the hold prompt never plays.
  const promptsPlayed = comfortEvery === 1 ? [comfortPromptMs!] : comfortPromptMs === undefined ? [holdPromptMs] : [holdPromptMs, comfortPromptMs];
  const worstTurnMs = Math.max(...promptsPlayed) + pollMs;
  const reservedMs = (1 + maxPollErrors) * worstTurnMs;
  const deadlineMs = ms(timing.maxWaitSeconds) - reservedMs;
  const leadInMs = ms(timing.leadInSeconds);
  if (deadlineMs < leadInMs) {
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} is too short: the lead-in (${leadInMs / 1000} s) plus ${1 + maxPollErrors} worst-case turns ` +
        `(one, and one per tolerated poll error, ${worstTurnMs / 1000} s each) take ${(leadInMs + reservedMs) / 1000} s; ` +
        `raise maxWaitSeconds, or shorten the prompts, the poll time limit or maxPollErrors`,
    );
  }
  const shortestTurnMs = Math.max(MIN_TURN_MS, Math.min(...promptsPlayed));
  const loopCount = Math.ceil(deadlineMs / shortestTurnMs) + 1;
  if (loopCount > MAX_TURNS) {
    // With quick polls the Loop would run out long before the deadline and the caller would hear the
    // timeout far earlier than maxWaitSeconds: refuse rather than surprise.
    const shortestNeededSeconds = Math.ceil(deadlineMs / (MAX_TURNS - 1) / 100) / 10;
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} needs ${loopCount} turns of the ${shortestTurnMs / 1000} s prompt, more than Connect's ${MAX_TURNS} Loop turns; ` +
        `make every prompt the wait plays at least ${shortestNeededSeconds} s long (e.g. a longer SSML break), or lower maxWaitSeconds`,
    );
  }
  return {
    loopCount,
    comfortEveryTurns: comfortEvery,
    holdTurnSeconds: holdTurnMs / 1000,
    comfortTurnSeconds: comfortTurnMs === undefined ? undefined : comfortTurnMs / 1000,
    worstTurnSeconds: worstTurnMs / 1000,
    maxPollErrors,
    deadlineSeconds: deadlineMs / 1000,
    leadInSeconds: timing.leadInSeconds,
    worstCaseSeconds: (deadlineMs + reservedMs) / 1000,
    maxWaitSeconds: timing.maxWaitSeconds,
  };
}

/**
 * The start half: invokes `start` with the operation and its input and saves `asyncRequestId` in a
 * flow attribute, then continues at once, even when the work is still pending. Put other blocks after
 * it, then `asyncAwait(call, …)`. `onError()` takes the start's invocation error.
 */
export class AsyncCall implements IChainable, INextable {
  /** The macro id every name derives from. */
  public readonly id: string;
  /** The operation started. */
  public readonly operation: string;
  /** The flow attribute holding the request id. */
  public readonly requestIdAttribute: string;
  /** How Connect validates start's answer (asyncAwait reuses it for poll). */
  public readonly responseType: LambdaResponseType;
  /** The start invocation's time limit in seconds. */
  public readonly startInvocationTimeLimitSeconds: number;
  private readonly start: InvokeLambdaFunction;
  private readonly save: UpdateFlowAttributes;

  /** @internal use {@link asyncStart} */
  constructor(kind: string, operation: string, options: AsyncStartOptions) {
    const id = options?.id ?? operation;
    const label = `${kind} "${id}"`;
    if (typeof operation !== "string" || !NAME_PATTERN.test(operation)) throw new Error(`${label}: the operation name must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(operation)})`);
    if (!NAME_PATTERN.test(id)) throw new Error(`${kind} "${operation}": id must match [A-Za-z0-9_-]{1,40} (got ${JSON.stringify(id)})`);
    requireNonEmpty(label, "startFunctionArn", options.startFunctionArn);
    const input = options.input ?? {};
    for (const [key, value] of Object.entries(input)) {
      if (key.length === 0 || key === AsyncParameter.operation || key.startsWith(ASYNC_RESERVED_PREFIX)) {
        throw new Error(`${label}: input key ${JSON.stringify(key)} is reserved or empty; keys must not be "operation" or start with "async"`);
      }
      if (typeof value !== "string") throw new Error(`${label}: input.${key} must be a string (got ${JSON.stringify(value)})`);
    }
    this.id = id;
    this.operation = operation;
    this.requestIdAttribute = `${id}_${AsyncResponseKey.requestId}`;
    this.responseType = options.responseType ?? LambdaResponseType.STRING_MAP;
    this.startInvocationTimeLimitSeconds = requireTimeLimit(label, "startInvocationTimeLimitSeconds", options.startInvocationTimeLimitSeconds ?? DEFAULT_START_TIME_LIMIT_SECONDS);
    this.start = new InvokeLambdaFunction(`${id}: start`, {
      functionArn: options.startFunctionArn,
      invocationTimeLimitSeconds: this.startInvocationTimeLimitSeconds,
      invocationAttributes: { [AsyncParameter.operation]: operation, ...input },
      responseType: this.responseType,
    });
    this.save = new UpdateFlowAttributes(`${id}: save request id`, {
      attributes: { [this.requestIdAttribute]: externalReference(AsyncResponseKey.requestId) },
    });
    this.start.next(this.save);
  }

  /** `$.FlowAttributes.<id>_asyncRequestId`: the saved request id. */
  public get requestIdReference(): string {
    return `$.FlowAttributes.${this.requestIdAttribute}`;
  }

  public get chainName(): string {
    return `asyncStart "${this.id}"`;
  }

  public get startBlock(): Block {
    return this.start;
  }

  public get endBlocks(): ReadonlyArray<INextable> {
    return [this];
  }

  /** Continue with `target` once the request id is saved. */
  public next(target: IChainable): Chain {
    this.save.next(target);
    return Chain.custom(this.start, target.endBlocks, target);
  }

  /** Where the flow goes when start cannot be invoked (or the id cannot be saved). @default the flow's default error target */
  public onError(target: IChainable): this {
    this.start.onError(target);
    this.save.onError(target);
    return this;
  }

  /** @internal the blocks asyncInvoke continues from. */
  public wireForInvoke(afterSave: IChainable, onFailure: IChainable): void {
    this.save.next(afterSave);
    this.onError(onFailure);
  }
}

/** The waiting loop shared by asyncInvoke and asyncAwait. */
class WaitLoop {
  public readonly entry: Block;
  public readonly plan: AsyncWaitPlan;

  constructor(label: string, call: AsyncCall, leadInExtraSeconds: number, options: AsyncWaitOptions, responseType: LambdaResponseType) {
    requireNonEmpty(label, "pollFunctionArn", options?.pollFunctionArn);
    if (typeof options.maxWaitSeconds !== "number" || !(options.maxWaitSeconds > 0) || !Number.isFinite(options.maxWaitSeconds)) {
      throw new Error(`${label}: maxWaitSeconds must be a positive number of seconds (got ${JSON.stringify(options.maxWaitSeconds)})`);
    }
    for (const outcome of ["onSuccess", "onFailure", "onTimeout"] as const) {
      if (options[outcome] === undefined) throw new Error(`${label}: ${outcome} is required: every outcome of the wait must lead somewhere`);
    }
    const pollTimeLimit = requireTimeLimit(label, "pollInvocationTimeLimitSeconds", options.pollInvocationTimeLimitSeconds ?? DEFAULT_POLL_TIME_LIMIT_SECONDS);
    const holdSource = options.holdPrompt ?? DEFAULT_HOLD_PROMPT;
    const holdSeconds = requirePromptSeconds(label, "holdPrompt", holdSource);
    const comfortSource = options.comfortMessage;
    const comfortSeconds = comfortSource === undefined ? undefined : requirePromptSeconds(label, "comfortMessage", comfortSource);
    const comfortEvery = comfortSource === undefined ? undefined : (options.comfortEveryTurns ?? DEFAULT_COMFORT_EVERY_TURNS);
    if (comfortSource === undefined && options.comfortEveryTurns !== undefined) throw new Error(`${label}: comfortEveryTurns needs a comfortMessage`);
    if (comfortEvery !== undefined && (!Number.isInteger(comfortEvery) || comfortEvery < 1 || comfortEvery > MAX_TURNS + 1)) {
      throw new Error(`${label}: comfortEveryTurns must be an integer from 1 to ${MAX_TURNS + 1} (got ${JSON.stringify(comfortEvery)})`);
    }
    const initialSeconds = options.initialMessage === undefined ? 0 : requirePromptSeconds(label, "initialMessage", options.initialMessage);
    const maxPollErrors = options.maxPollErrors ?? DEFAULT_MAX_POLL_ERRORS;
    if (!Number.isInteger(maxPollErrors) || maxPollErrors < 0 || maxPollErrors > MAX_POLL_ERRORS) {
      throw new Error(`${label}: maxPollErrors must be an integer from 0 to ${MAX_POLL_ERRORS} (got ${JSON.stringify(options.maxPollErrors)})`);
    }

    this.plan = planAsyncWait(
      {
        maxWaitSeconds: options.maxWaitSeconds,
        // With an initial message, a poll follows it before the first turn.
        leadInSeconds: leadInExtraSeconds + (options.initialMessage === undefined ? 0 : initialSeconds + pollTimeLimit),
        holdPromptSeconds: holdSeconds,
        ...(comfortSeconds !== undefined ? { comfortPromptSeconds: comfortSeconds, comfortEveryTurns: comfortEvery } : {}),
        pollInvocationTimeLimitSeconds: pollTimeLimit,
        maxPollErrors,
      },
      label,
    );

    const id = call.id;
    const waitStartAttribute = `${id}_${AsyncParameter.waitStartedAt}`;
    const turns = new Loop(`${id}: wait turns`, { loopCount: this.plan.loopCount });
    const poll = new InvokeLambdaFunction(`${id}: poll`, {
      functionArn: options.pollFunctionArn,
      invocationTimeLimitSeconds: pollTimeLimit,
      invocationAttributes: {
        [AsyncParameter.requestId]: call.requestIdReference,
        [AsyncParameter.waitStartedAt]: `$.FlowAttributes.${waitStartAttribute}`,
      },
      responseType,
    });
    const deadline = new Compare(`${id}: check deadline`, { comparisonValue: externalReference(AsyncResponseKey.elapsedMs) })
      .when(Condition.numberGreaterThan(Math.round(this.plan.deadlineSeconds * 1000)), options.onTimeout)
      .otherwise(turns);
    poll.next(statusCheck(`${id}: check poll status`, deadline, options));
    if (maxPollErrors === 0) {
      poll.onError(options.onFailure);
    } else {
      const pollErrors = new Loop(`${id}: poll errors`, { loopCount: maxPollErrors });
      pollErrors.eachTurn(turns).whenDone(options.onFailure);
      poll.onError(pollErrors);
    }

    const playThenPoll = (name: string, source: PromptSource): MessageParticipant => {
      const prompt = new MessageParticipant(name, { prompt: source });
      prompt.next(poll);
      prompt.onError(poll);
      return prompt;
    };
    if (comfortSource === undefined) {
      turns.eachTurn(playThenPoll(`${id}: hold prompt`, holdSource));
    } else if (comfortEvery === 1) {
      turns.eachTurn(playThenPoll(`${id}: comfort message`, comfortSource));
    } else {
      const cadence = new Loop(`${id}: comfort cadence`, { loopCount: comfortEvery! - 1 });
      cadence.eachTurn(playThenPoll(`${id}: hold prompt`, holdSource));
      cadence.whenDone(playThenPoll(`${id}: comfort message`, comfortSource));
      turns.eachTurn(cadence);
    }
    turns.whenDone(options.onTimeout);

    // The initial message already kept the caller company for a while: poll straight after it, so work
    // that finished meanwhile is not held back by a hold prompt.
    let firstTurn: IChainable = turns;
    if (options.initialMessage !== undefined) {
      const initial = new MessageParticipant(`${id}: initial message`, { prompt: options.initialMessage });
      initial.next(poll);
      initial.onError(poll);
      firstTurn = initial;
    }
    // The answer that found the work pending carries the handler's clock: the start of this caller's wait.
    const noteWaitStart = new UpdateFlowAttributes(`${id}: note wait start`, {
      attributes: { [waitStartAttribute]: externalReference(AsyncResponseKey.nowMs) },
    });
    noteWaitStart.next(firstTurn);
    noteWaitStart.onError(firstTurn); // without it, poll measures from the request's start instead
    this.entry = noteWaitStart;
  }
}

/**
 * The whole macro as one chainable: start, then wait with prompts and polls, then one of three outcomes.
 * It continues only through its outcomes, so it has no ends and chaining after it throws.
 */
export class AsyncInvoke implements IChainable {
  /** The macro id every name derives from. */
  public readonly id: string;
  /** How the wait is sized. */
  public readonly plan: AsyncWaitPlan;
  /** The flow attribute holding the request id. */
  public readonly requestIdAttribute: string;
  private readonly call: AsyncCall;

  /** @internal use {@link asyncInvoke} */
  constructor(operation: string, options: AsyncInvokeOptions) {
    this.call = new AsyncCall("asyncInvoke", operation, options);
    this.id = this.call.id;
    this.requestIdAttribute = this.call.requestIdAttribute;
    const label = `asyncInvoke "${this.id}"`;
    const wait = new WaitLoop(label, this.call, this.call.startInvocationTimeLimitSeconds, options, this.call.responseType);
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
  /** How the wait is sized (its lead-in is the first poll plus the initial message). */
  public readonly plan: AsyncWaitPlan;
  private readonly firstPoll: InvokeLambdaFunction;

  /** @internal use {@link asyncAwait} */
  constructor(call: AsyncCall, options: AsyncAwaitOptions) {
    if (!(call instanceof AsyncCall)) throw new Error(`asyncAwait: the first argument must be what asyncStart returned (got ${String(call)})`);
    this.id = call.id;
    const label = `asyncAwait "${this.id}"`;
    const responseType = options?.responseType ?? call.responseType;
    const pollTimeLimit = requireTimeLimit(label, "pollInvocationTimeLimitSeconds", options?.pollInvocationTimeLimitSeconds ?? DEFAULT_POLL_TIME_LIMIT_SECONDS);
    const wait = new WaitLoop(label, call, pollTimeLimit, options, responseType);
    this.plan = wait.plan;
    this.firstPoll = new InvokeLambdaFunction(`${this.id}: first poll`, {
      functionArn: options.pollFunctionArn,
      invocationTimeLimitSeconds: pollTimeLimit,
      invocationAttributes: { [AsyncParameter.requestId]: call.requestIdReference },
      responseType,
    });
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

/** Start `operation` and continue at once; wait later with {@link asyncAwait}. */
export function asyncStart(operation: string, options: AsyncStartOptions): AsyncCall {
  return new AsyncCall("asyncStart", operation, options);
}

/** Wait for a call made earlier with {@link asyncStart}: poll once, then loop with prompts. */
export function asyncAwait(call: AsyncCall, options: AsyncAwaitOptions): AsyncAwait {
  return new AsyncAwait(call, options);
}

/** `$.External.<key>`: a key of the last start/poll answer; after onSuccess, a key of the operation's result. */
export function externalReference(key: string): `$.External.${string}` {
  return `$.External.${key}`;
}

/** A Compare on `asyncStatus`: SUCCEEDED → success, PENDING → `pending`, FAILED/ERROR/anything else → failure. */
function statusCheck(name: string, pending: IChainable, outcomes: Pick<AsyncWaitOptions, "onSuccess" | "onFailure">): Compare {
  return new Compare(name, { comparisonValue: externalReference(AsyncResponseKey.status) })
    .when(Condition.equals(AsyncStatus.SUCCEEDED), outcomes.onSuccess)
    .when(Condition.equals(AsyncStatus.PENDING), pending)
    .when(Condition.equals(AsyncStatus.FAILED), outcomes.onFailure)
    .when(Condition.equals(AsyncStatus.ERROR), outcomes.onFailure)
    .otherwise(outcomes.onFailure);
}

function requireNonEmpty(label: string, prop: string, value: unknown): void {
  if (typeof value !== "string" || value.trim().length === 0) throw new Error(`${label}: ${prop} must be a non-empty string (got ${JSON.stringify(value)})`);
}

function requireTimeLimit(label: string, prop: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 8) throw new Error(`${label}: ${prop} must be an integer from 1 to 8 (got ${JSON.stringify(value)})`);
  return value;
}

function requirePromptSeconds(label: string, prop: string, source: PromptSource): number {
  renderPromptSource(`${label} ${prop}`, source);
  const durationMs = promptDurationMs(source);
  if (durationMs === undefined) {
    throw new Error(`${label}: ${prop} is a recording of unknown length; give lengthSeconds so the wait can be sized`);
  }
  return durationMs / 1000;
}
