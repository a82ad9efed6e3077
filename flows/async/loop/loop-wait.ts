/**
 * The loop strategy (DESIGN.md, "The flow builder and the async macro"): a Loop of prompts and
 * synchronous polls.
 *
 * ```
 * <id>: note wait start ─▶ <id>: check channel
 *   VOICE ─▶ <id>: initial message ─▶ <id>: poll        (without an initial message ─▶ <id>: wait turns)
 *   other ─▶ <id>: text initial message ─▶ <id>: text poll   (without one ─▶ <id>: text turns)
 *
 * <id>: wait turns (Loop N) ─continue─▶ <id>: comfort cadence (Loop k−1)
 *      │                                  ├─continue─▶ <id>: hold prompt ─────┐
 *      │                                  └─done─────▶ <id>: comfort message ─┴▶ <id>: poll
 *      └─done─▶ onTimeout
 * <id>: poll ──error──▶ <id>: blind turns (Loop B) ─continue─▶ wait turns; ─done─▶ onTimeout (a turn, not an
 *        error: the invocation says nothing about the work; B turns of the longest prompt and poll fit the wait)
 *   └▶ <id>: check poll status: SUCCEEDED ─▶ onSuccess, FAILED / anything else ─▶ onFailure,
 *        ERROR ─▶ <id>: poll errors (Loop E) ─continue─▶ wait turns; ─done─▶ onFailure,
 *        PENDING ─▶ <id>: check deadline: asyncElapsedMs > D ─▶ onTimeout, > Z ─▶ <id>: final poll
 *                   (no prompt, a long poll ending by G; its PENDING ─▶ past D ─▶ onTimeout), otherwise ─▶ wait turns
 *
 * <id>: text turns (Loop N') ─continue─▶ <id>: text comfort cadence (Loop k'−1)
 *        ├─continue─▶ <id>: text pause (Wait) ──────────────┐
 *        └─done─────▶ <id>: text comfort message ─▶ text pause ─┴▶ <id>: text poll ─▶ … as above
 * ```
 *
 * Comfort cadence. A Connect Loop block continues `LoopCount` times, is done once, and then resets, so a
 * second Loop with count k−1 that every turn passes through is a counter modulo k: it continues (hold
 * prompt) on k−1 turns and is done (comfort message) on every k-th turn. Without a comfort message (or
 * with `comfortEveryTurns: 1`) there is no cadence Loop and every turn plays the one prompt. Connect keeps
 * Loop counts per Identifier for the whole contact, so a flow that leaves the macro through onSuccess and
 * later re-enters the same macro gets only the turns that are left; use another `id` for a second wait.
 *
 * Channels. Chat, task and email contacts never get SSML or recordings: they get the texts of
 * `nonVoice`, a comfort text at most every `nonVoice.comfortEverySeconds`, and instead of a pause prompt a
 * Wait of the hold prompt's length (rounded up to whole seconds), which sends nothing.
 *
 * Timing. Flows have no clock, so the handlers lend theirs: a PENDING answer carries `asyncNowMs`, the
 * macro saves it as the start of the caller's wait ("note wait start"), and each poll passes it back as
 * `asyncWaitStartedAt`, so `asyncElapsedMs` is how long this caller has waited. A turn costs at most its
 * prompt plus the poll, which answers by G. Another turn starts only while `asyncElapsedMs` is at
 * most Z, and every poll is told the give-up time G (loop-plan.ts), so the caller hears the timeout
 * between 95 % of `maxWaitSeconds` and all of it. The wait Loop's count is only a backstop.
 */
import { Compare } from "../../blocks/compare";
import type { InvokeLambdaFunction } from "../../blocks/invoke-lambda-function";
import { Loop } from "../../blocks/loop";
import { type PromptSource, MessageParticipant } from "../../blocks/message-participant";
import { UpdateFlowAttributes } from "../../blocks/update-flow-attributes";
import { Wait } from "../../blocks/wait";
import type { IChainable } from "../../chain";
import { Condition } from "../../condition";
import { AsyncParameter, AsyncResponseKey } from "../../private/async-response";
import { channelCheck, textOptions } from "../channel";
import { checkCommonOptions, requireIntegerIn, requirePromptSeconds, requireTimeLimit } from "../option-checks";
import { pollInvocation } from "../poll-invocation";
import { externalReference, pollStatusCheck } from "../status-check";
import { type AsyncWaitOptions, DEFAULT_HOLD_PROMPT, DEFAULT_MAX_POLL_ERRORS, DEFAULT_POLL_TIME_LIMIT_SECONDS, MAX_POLL_ERRORS } from "../wait-options";
import type { BuiltWait, WaitContext } from "../wait-context";
import { type AsyncWaitPlan, MAX_TURNS, planAsyncWait } from "./loop-plan";

const DEFAULT_COMFORT_EVERY_TURNS = 5;

/** A Compare on the caller's wait: past `deadlineSeconds` → `onTimeout`; add conditions with `when()`; otherwise → `otherwise`. */
function elapsedCheck(name: string, deadlineSeconds: number, onTimeout: IChainable, otherwise: IChainable): Compare {
  return new Compare(name, { comparisonValue: externalReference(AsyncResponseKey.elapsedMs) })
    .when(Condition.numberGreaterThan(Math.round(deadlineSeconds * 1000)), onTimeout)
    .otherwise(otherwise);
}

/** The loop strategy's blocks and plans. */
export class LoopWait implements BuiltWait {
  public readonly entry: UpdateFlowAttributes;
  /** How the voice wait is sized. */
  public readonly plan: AsyncWaitPlan;
  /** How the wait of chat, task and email contacts is sized. */
  public readonly textPlan: AsyncWaitPlan;

  constructor(context: WaitContext, options: AsyncWaitOptions) {
    const { label, call } = context;
    checkCommonOptions(label, options);
    const pollTimeLimit = requireTimeLimit(label, "pollInvocationTimeLimitSeconds", options.pollInvocationTimeLimitSeconds ?? DEFAULT_POLL_TIME_LIMIT_SECONDS);
    const holdSource = options.holdPrompt ?? DEFAULT_HOLD_PROMPT;
    const holdSeconds = requirePromptSeconds(label, "holdPrompt", holdSource);
    const comfortSource = options.comfortMessage;
    const comfortSeconds = comfortSource === undefined ? undefined : requirePromptSeconds(label, "comfortMessage", comfortSource);
    const comfortEvery = comfortSource === undefined ? undefined : (options.comfortEveryTurns ?? DEFAULT_COMFORT_EVERY_TURNS);
    if (comfortSource === undefined && options.comfortEveryTurns !== undefined) throw new Error(`${label}: comfortEveryTurns needs a comfortMessage`);
    if (comfortEvery !== undefined) requireIntegerIn(label, "comfortEveryTurns", comfortEvery, 1, MAX_TURNS + 1);
    if (options.comfortEverySeconds !== undefined) throw new Error(`${label}: comfortEverySeconds belongs to the event strategy; the loop strategy counts turns (comfortEveryTurns)`);
    const initialSeconds = options.initialMessage === undefined ? 0 : requirePromptSeconds(label, "initialMessage", options.initialMessage);
    const maxPollErrors = requireIntegerIn(label, "maxPollErrors", options.maxPollErrors ?? DEFAULT_MAX_POLL_ERRORS, 0, MAX_POLL_ERRORS);
    const text = textOptions(label, options);

    this.plan = planAsyncWait(
      {
        maxWaitSeconds: options.maxWaitSeconds,
        // With an initial message, a poll follows it before the first turn.
        leadInSeconds: context.leadInSeconds + (options.initialMessage === undefined ? 0 : initialSeconds + pollTimeLimit),
        holdPromptSeconds: holdSeconds,
        ...(comfortSeconds !== undefined ? { comfortPromptSeconds: comfortSeconds, comfortEveryTurns: comfortEvery } : {}),
        pollInvocationTimeLimitSeconds: pollTimeLimit,
        maxPollErrors,
      },
      label,
    );
    // A text message takes no time to send, so a text turn is its pause plus the poll.
    const textPauseSeconds = Math.max(1, Math.ceil(holdSeconds));
    this.textPlan = planAsyncWait(
      {
        maxWaitSeconds: options.maxWaitSeconds,
        leadInSeconds: context.leadInSeconds + (text.initial === undefined ? 0 : pollTimeLimit),
        holdPromptSeconds: textPauseSeconds,
        pollInvocationTimeLimitSeconds: pollTimeLimit,
        maxPollErrors,
      },
      `${label} (chat, task and email)`,
    );

    const id = call.id;
    const waitStartAttribute = `${id}_${AsyncParameter.waitStartedAt}`;
    const newPoll = (name: string, plan: AsyncWaitPlan, final = false): InvokeLambdaFunction =>
      pollInvocation(name, {
        functionArn: options.pollFunctionArn,
        call,
        timeLimitSeconds: final ? plan.finalPollSeconds : pollTimeLimit,
        timing: {
          [AsyncParameter.waitStartedAt]: `$.FlowAttributes.${waitStartAttribute}`,
          [AsyncParameter.giveUpAfterMs]: String(Math.round(plan.giveUpSeconds * 1000)),
          // The final poll watches the item for its time limit less a second, never past G.
          ...(final ? { [AsyncParameter.longPollMs]: String((plan.finalPollSeconds - 1) * 1000) } : {}),
        },
        responseType: context.responseType,
      });
    const wirePoll = (poll: InvokeLambdaFunction, prefix: string, plan: AsyncWaitPlan, turns: Loop): void => {
      // A poll that answered ERROR goes round again, up to maxPollErrors times. A poll Connect could not
      // invoke (throttled, failed) says nothing about the work: it is just another turn, bounded by the wait.
      const errors: IChainable = maxPollErrors === 0 ? options.onFailure : new Loop(`${id}: ${prefix}poll errors`, { loopCount: maxPollErrors }).eachTurn(turns).whenDone(options.onFailure);
      const outcomes = { onSuccess: options.onSuccess, onFailure: options.onFailure, onError: errors };
      const finalPoll = newPoll(`${id}: ${prefix}final poll`, plan, true);
      // Its PENDING answer comes at G: the wait is over (a turn follows only an answer that came early).
      finalPoll.next(pollStatusCheck(`${id}: check ${prefix}final poll status`, elapsedCheck(`${id}: check ${prefix}final deadline`, plan.deadlineSeconds, options.onTimeout, turns), outcomes));
      // A poll Connect could not invoke gives no clock: such blind turns are counted, and only as many run
      // as fit the wait even if each took the poll's whole time limit.
      const blind = new Loop(`${id}: ${prefix}blind turns`, { loopCount: plan.blindTurnLoopCount }).eachTurn(turns).whenDone(options.onTimeout);
      finalPoll.onError(blind);
      const deadline = elapsedCheck(`${id}: check ${prefix}deadline`, plan.deadlineSeconds, options.onTimeout, turns).when(Condition.numberGreaterThan(Math.round(plan.lastTurnSeconds * 1000)), finalPoll);
      poll.next(pollStatusCheck(`${id}: check ${prefix}poll status`, deadline, outcomes));
      poll.onError(blind);
      turns.whenDone(options.onTimeout);
    };

    // Voice: prompts between polls.
    const turns = new Loop(`${id}: wait turns`, { loopCount: this.plan.loopCount });
    const poll = newPoll(`${id}: poll`, this.plan);
    wirePoll(poll, "", this.plan, turns);
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
    // The initial message already kept the caller company for a while: poll straight after it, so work
    // that finished meanwhile is not held back by a hold prompt.
    const voiceFirst: IChainable = options.initialMessage === undefined ? turns : playThenPoll(`${id}: initial message`, options.initialMessage);

    // Chat, task and email: a silent Wait between polls, texts only now and then.
    const textTurns = new Loop(`${id}: text turns`, { loopCount: this.textPlan.loopCount });
    const textPoll = newPoll(`${id}: text poll`, this.textPlan);
    wirePoll(textPoll, "text ", this.textPlan, textTurns);
    const pause = new Wait(`${id}: text pause`, { timeLimitSeconds: textPauseSeconds }).whenCompleted(textPoll).onError(textPoll);
    const sendThen = (name: string, message: string, then: IChainable): MessageParticipant => {
      const sent = new MessageParticipant(name, { prompt: { text: message } });
      sent.next(then);
      sent.onError(then);
      return sent;
    };
    if (text.comfort === undefined) {
      textTurns.eachTurn(pause);
    } else {
      // Every turn lasts at least the pause, so k' turns last at least comfortEverySeconds.
      const textComfortEvery = Math.max(1, Math.ceil(text.comfortEverySeconds / textPauseSeconds));
      const comfortText = sendThen(`${id}: text comfort message`, text.comfort, pause);
      if (textComfortEvery === 1) {
        textTurns.eachTurn(comfortText);
      } else {
        textTurns.eachTurn(new Loop(`${id}: text comfort cadence`, { loopCount: textComfortEvery - 1 }).eachTurn(pause).whenDone(comfortText));
      }
    }
    const textFirst: IChainable = text.initial === undefined ? textTurns : sendThen(`${id}: text initial message`, text.initial, textPoll);

    // The answer that found the work pending carries the handler's clock: the start of this caller's wait.
    const split = channelCheck(`${id}: check channel`, voiceFirst, textFirst);
    this.entry = new UpdateFlowAttributes(`${id}: note wait start`, {
      attributes: { [waitStartAttribute]: externalReference(AsyncResponseKey.nowMs) },
    });
    this.entry.next(split);
    this.entry.onError(split); // without it, poll measures from the request's start instead
  }
}
