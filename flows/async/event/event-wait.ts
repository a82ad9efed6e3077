/**
 * The event strategy: Connect's asynchronous Lambda mode (reference §2.1.2 and §6). Each round invokes the
 * long-poll function (`longPollFunctionArn`, by default `poll` itself) asynchronously; it long-polls the
 * status item for the round's length and returns the moment the work completes; a Wait on that invocation
 * keeps the contact running, and its Continue branch plays the hold audio until poll returns and cuts it.
 *
 * ```
 * <id>: note wait start (wait start, round = first, last wait = 0) ─▶ <id>: check channel
 *   VOICE ─▶ <id>: voice rounds (Loop, backstop) ─continue─▶ <id>: voice poll (ASYNCHRONOUS, long poll W, give up at G)
 *              └─done─▶ onTimeout                             ─▶ <id>: save voice poll id
 *            ─▶ <id>: wait for voice poll (Wait T, keep running, PollReturned on the saved id)
 *                 Continue ─▶ <id>: which voice round: first ─▶ <id>: initial message ─┐
 *                                                      else  ─▶ <id>: comfort message ─┴▶ <id>: hold music ⟲
 *                 PollReturned ─▶ <id>: load voice poll result ─▶ <id>: check voice poll status
 *                      SUCCEEDED ─▶ onSuccess   FAILED ─▶ onFailure   ERROR ─▶ poll errors
 *                      PENDING ─▶ <id>: check voice deadline: past D ─▶ onTimeout,
 *                                 else ─▶ <id>: note next voice round (last wait = asyncElapsedMs) ─▶ voice rounds
 *                 WaitCompleted, errors, InProgress (and the invoke's or the save's error) ─▶ voice fallback
 *   other ─▶ <id>: text rounds ─continue─▶ <id>: which text round: first ─▶ initial text, else ─▶ comfort text
 *            ─▶ <id>: text poll (ASYNCHRONOUS) ─▶ save ─▶ <id>: wait for text poll (Wait T', event-based only)
 *            ─▶ load ─▶ check status ─▶ … as for voice, with the text deadline and the text fallback
 *   <id>: voice fallback: last wait past H ─▶ late check; else ─▶ <id>: voice fallback hold (Wait F, keep
 *            running, Continue ─▶ hold music ⟲) ─▶ <id>: check again
 *   <id>: text fallback:  last wait past H ─▶ late check; else ─▶ <id>: text fallback pause (Wait F) ─▶ check again
 *   <id>: late check (synchronous poll) ─▶ status: PENDING ─▶ <id>: check late deadline: past D ─▶ onTimeout,
 *            else ─▶ voice: hold music for 1 s, text: a 1 s pause ─▶ the channel's poll; ──error──▶ blind turns
 *   <id>: check again (synchronous poll, give up at G) ─▶ <id>: check again status
 *            SUCCEEDED ─▶ onSuccess   FAILED ─▶ onFailure   ERROR ─▶ poll errors
 *            PENDING ─▶ <id>: check channel again ─▶ <id>: check <channel> deadline after check: past D ─▶
 *                       onTimeout, else ─▶ <id>: note <channel> round after check ─▶ the channel's poll (a round,
 *                       past the rounds Loop: the event mode is tried again)
 *          ──error──▶ <id>: blind turns (Loop B) ─continue─▶ check channel ─▶ voice: hold music for F s (a Wait),
 *                     text: a pause of F s ─▶ the channel's poll; ─done─▶ onTimeout
 *   <id>: poll errors (Loop E) ─continue─▶ <id>: check channel for fallback ─▶ the channel's fallback
 *            ─done─▶ onFailure          (with E = 0, a poll that answers ERROR takes onFailure)
 * ```
 *
 * Why it looks like this:
 * - The hold audio plays inside the Continue branch, so the result cuts it: no prompt holds the answer
 *   back. The initial and comfort messages play there too, for the same reason. The hold music repeats
 *   itself (⟲) so the branch never runs out before the Wait ends: what Connect does when a Continue
 *   branch reaches its end is undocumented.
 * - Chat, task and email contacts get a Wait that does not keep running (a Continue branch has nothing
 *   to play for them); their texts are sent before each round, at most one per round, and text rounds are
 *   at least the comfort-text interval long.
 * - A round's invocation id is saved in a flow attribute at once: `$.LambdaInvocation.InvocationId`
 *   names only the most recent asynchronous invocation.
 * - The failure branch means the work failed, the timeout branch that the wait ran out (issue 16). A
 *   round whose invocation Connect could not make or that failed (throttled above all: the long poll's
 *   share of the account is bounded), a Wait that ended without the answer (WaitCompleted), and a result
 *   Load could not fetch (its error, InProgress) all say nothing about the work, only that this round
 *   learnt nothing. So each is a fallback turn, not an error: the caller hears hold audio (voice) or
 *   nothing more (text), a synchronous poll checks the status, and the next round tries the event mode
 *   again. They are bounded by the wait, not counted. Only a poll that answers ERROR (the handler could
 *   not tell, e.g. the table did not answer) counts against `maxPollErrors`; each such answer is followed
 *   by a fallback turn, and once they are used up the caller takes onFailure. A fallback turn whose check
 *   answered goes on to a round at once, past the rounds Loop (which counts only rounds that ran their
 *   course): the answer's clock bounds it. A check that cannot be invoked either is a blind turn: F s more
 *   of hold audio, then the next round; the flow has no clock then, and the blind-turns Loop bounds them.
 *   The holds also keep failing calls from running back to back, which Connect would end after about
 *   20 s of consecutive Lambda time.
 * - Rounds, their length, the give-up time G every poll is told and the deadline D come from
 *   event-plan.ts, so the caller hears the timeout between 95 % of `maxWaitSeconds` and all of it. A
 *   fallback turn near the end (the last known wait past H) checks first and holds only 1 s after a
 *   PENDING answer before D, so it cannot outlast the wait. Every cycle of failing calls passes a Wait.
 */
import { Compare } from "../../blocks/compare";
import type { InvokeLambdaFunction } from "../../blocks/invoke-lambda-function";
import { LoadLambdaFunctionResult } from "../../blocks/load-lambda-function-result";
import { Loop } from "../../blocks/loop";
import { type PromptSource, MessageParticipant } from "../../blocks/message-participant";
import { UpdateFlowAttributes } from "../../blocks/update-flow-attributes";
import { Wait } from "../../blocks/wait";
import type { IChainable } from "../../chain";
import { Condition } from "../../condition";
import { LAST_INVOCATION_ID_REFERENCE } from "../../flow-language";
import { AsyncParameter, AsyncResponseKey } from "../../private/async-response";
import { channelCheck, type TextMessages, textOptions } from "../channel";
import { checkCommonOptions, requireIntegerIn, requireNonEmpty, requireTimeLimit } from "../option-checks";
import { pollInvocation } from "../poll-invocation";
import { deadlineCheck, externalReference, pollStatusCheck } from "../status-check";
import type { BuiltWait, WaitContext } from "../wait-context";
import { type AsyncWaitOptions, DEFAULT_HOLD_PROMPT, DEFAULT_MAX_POLL_ERRORS, DEFAULT_POLL_TIME_LIMIT_SECONDS, MAX_POLL_ERRORS } from "../wait-options";
import { type EventWaitPlan, MAX_ROUND_SECONDS, MIN_ROUND_SECONDS, planEventWait } from "./event-plan";

/** The Wait's event branch: poll returned. */
export const POLL_RETURNED_BRANCH = "PollReturned";
/** Default longest stretch of hold audio between two comfort messages, in seconds. */
export const DEFAULT_VOICE_COMFORT_EVERY_SECONDS = 30;
/** The round marker's values. */
const Round = { first: "first", next: "next" } as const;
/** The hold after a late check: short, as the last known wait is within F + 1 s of the deadline D. */
const LATE_HOLD_SECONDS = 1;
/** What plays when the hold audio itself fails: a short pause, then the audio again. */
const HOLD_FALLBACK: PromptSource = { ssml: '<speak><break time="1s"/></speak>' };

/** How both channels' waits are sized. */
export interface EventWaitPlans {
  readonly voice: EventWaitPlan;
  readonly text: EventWaitPlan;
}

/** The event strategy's blocks and plans. */
export class EventWait implements BuiltWait {
  public readonly entry: UpdateFlowAttributes;
  public readonly plans: EventWaitPlans;

  constructor(context: WaitContext, options: AsyncWaitOptions) {
    const { label, call } = context;
    checkCommonOptions(label, options);
    if (options.comfortEveryTurns !== undefined) throw new Error(`${label}: comfortEveryTurns belongs to the loop strategy; the event strategy takes comfortEverySeconds`);
    if (options.longPollFunctionArn !== undefined) requireNonEmpty(label, "longPollFunctionArn", options.longPollFunctionArn);
    const recoveryPollSeconds = requireTimeLimit(label, "pollInvocationTimeLimitSeconds", options.pollInvocationTimeLimitSeconds ?? DEFAULT_POLL_TIME_LIMIT_SECONDS);
    const maxPollErrors = requireIntegerIn(label, "maxPollErrors", options.maxPollErrors ?? DEFAULT_MAX_POLL_ERRORS, 0, MAX_POLL_ERRORS);
    const comfortEverySeconds = requireIntegerIn(
      label,
      "comfortEverySeconds",
      options.comfortEverySeconds ?? DEFAULT_VOICE_COMFORT_EVERY_SECONDS,
      MIN_ROUND_SECONDS,
      MAX_ROUND_SECONDS,
      " (a round lasts at most that long, and an asynchronous invocation at most 60 s)",
    );
    const text = textOptions(label, options);
    const timing = { maxWaitSeconds: options.maxWaitSeconds, leadInSeconds: context.leadInSeconds, maxPollErrors };
    this.plans = {
      voice: planEventWait({ ...timing, maxRoundSeconds: comfortEverySeconds }, label),
      text: planEventWait(timing, `${label} (chat, task and email)`),
    };

    const id = call.id;
    const waitStartAttribute = `${id}_${AsyncParameter.waitStartedAt}`;
    const roundAttribute = `${id}_asyncRound`;
    const roundReference = `$.FlowAttributes.${roundAttribute}`;
    // The last PENDING answer's asyncElapsedMs: what the flow knows of the clock when a round fails.
    const lastWaitAttribute = `${id}_asyncLastElapsedMs`;
    const lastWaitReference = `$.FlowAttributes.${lastWaitAttribute}` as const;
    const waitStartReference = `$.FlowAttributes.${waitStartAttribute}`;
    // Both channels' plans share M, hence G; the voice plan's is sent by the synchronous check.
    const giveUpAfterMs = String(Math.round(this.plans.voice.giveUpSeconds * 1000));

    // A poll that answers ERROR goes to the errors Loop, which exists before the rounds that lead into it.
    const errors = maxPollErrors > 0 ? new Loop(`${id}: poll errors`, { loopCount: maxPollErrors }) : undefined;
    const onPollError: IChainable = errors ?? options.onFailure;
    const outcomes = { onSuccess: options.onSuccess, onFailure: options.onFailure, onError: onPollError };

    interface ChannelRound {
      readonly rounds: Loop;
      readonly poll: InvokeLambdaFunction;
      readonly wait: Wait;
      readonly deadline: Compare;
      readonly deadlineAfterCheck: Compare;
      readonly fallback: Compare;
    }
    const round = (channel: "voice" | "text", plan: EventWaitPlan, fallbackHold: (recheck: IChainable) => IChainable): ChannelRound => {
      const rounds = new Loop(`${id}: ${channel} rounds`, { loopCount: plan.roundLoopCount });
      const pollIdAttribute = `${id}_asyncPollInvocationId_${channel}`;
      const poll = pollInvocation(`${id}: ${channel} poll`, {
        functionArn: options.longPollFunctionArn ?? options.pollFunctionArn,
        call,
        asynchronous: true,
        timeLimitSeconds: plan.invocationTimeLimitSeconds,
        timing: {
          [AsyncParameter.waitStartedAt]: waitStartReference,
          [AsyncParameter.longPollMs]: String(plan.roundSeconds * 1000),
          [AsyncParameter.giveUpAfterMs]: String(Math.round(plan.giveUpSeconds * 1000)),
        },
        responseType: context.responseType,
      });
      const saveId = new UpdateFlowAttributes(`${id}: save ${channel} poll id`, { attributes: { [pollIdAttribute]: LAST_INVOCATION_ID_REFERENCE } });
      const wait = new Wait(`${id}: wait for ${channel} poll`, {
        timeLimitSeconds: plan.waitTimeLimitSeconds,
        continueWhileWaiting: channel === "voice",
        lambdaReturned: { [POLL_RETURNED_BRANCH]: `$.FlowAttributes.${pollIdAttribute}` },
      });
      const load = new LoadLambdaFunctionResult(`${id}: load ${channel} poll result`, { invocationId: `$.FlowAttributes.${pollIdAttribute}` });
      const markNext = new UpdateFlowAttributes(`${id}: note next ${channel} round`, {
        attributes: { [roundAttribute]: Round.next, [lastWaitAttribute]: externalReference(AsyncResponseKey.elapsedMs) },
      });
      markNext.next(rounds);
      markNext.onError(rounds);
      const deadline = deadlineCheck(`${id}: check ${channel} deadline`, plan.deadlineSeconds * 1000, options.onTimeout, markNext);
      // After a fallback turn's check the next round starts at once, past the rounds Loop: only rounds that
      // ran their course count there, and a fallback turn is bounded by the clock its answer carries.
      const markAfterCheck = new UpdateFlowAttributes(`${id}: note ${channel} round after check`, {
        attributes: { [roundAttribute]: Round.next, [lastWaitAttribute]: externalReference(AsyncResponseKey.elapsedMs) },
      });
      markAfterCheck.next(poll);
      markAfterCheck.onError(poll);
      const deadlineAfterCheck = deadlineCheck(`${id}: check ${channel} deadline after check`, plan.deadlineSeconds * 1000, options.onTimeout, markAfterCheck);
      // Near the end a fallback turn polls at once: its hold audio could outlast the wait.
      const fallback = new Compare(`${id}: ${channel} fallback`, { comparisonValue: lastWaitReference })
        .when(Condition.numberGreaterThan(Math.round(plan.fallbackHoldUntilSeconds * 1000)), lateCheck)
        .otherwise(fallbackHold(recheck));
      rounds.whenDone(options.onTimeout);
      poll.next(saveId);
      poll.onError(fallback);
      saveId.next(wait);
      saveId.onError(fallback);
      wait.whenLambdaReturned(POLL_RETURNED_BRANCH, load).whenCompleted(fallback).onError(fallback);
      load.next(pollStatusCheck(`${id}: check ${channel} poll status`, deadline, outcomes));
      load.onError(fallback).onInProgress(fallback);
      return { rounds, poll, wait, deadline, deadlineAfterCheck, fallback };
    };

    // The voice hold music: it repeats itself until a Wait cuts it (the rounds' and the fallback's).
    const hold = new MessageParticipant(`${id}: hold music`, { prompt: options.holdPrompt ?? DEFAULT_HOLD_PROMPT });
    const holdFallback = new MessageParticipant(`${id}: hold music failed`, { prompt: HOLD_FALLBACK });
    hold.next(hold);
    hold.onError(holdFallback);
    holdFallback.next(hold);
    holdFallback.onError(hold);

    // The synchronous check of a fallback turn; its PENDING answer goes on to the contact's channel's deadline.
    // It reads once (pollWaitMs 0): a fallback turn happens when the long poll's share is used up, so these
    // checks run in the unreserved pool beside start and the backends, and must not hold an execution there.
    const syncPoll = (name: string) =>
      pollInvocation(name, {
        functionArn: options.pollFunctionArn,
        call,
        timeLimitSeconds: recoveryPollSeconds,
        timing: {
          [AsyncParameter.waitStartedAt]: waitStartReference,
          [AsyncParameter.giveUpAfterMs]: giveUpAfterMs,
          [AsyncParameter.pollWaitMs]: "0",
        },
        responseType: context.responseType,
      });
    const recheck = syncPoll(`${id}: check again`);
    // Near the end (the last known wait past H) a fallback turn checks at once, and holds only 1 s after a
    // PENDING answer that is still before D: that answer is the clock, so the next round ends in time.
    const lateCheck = syncPoll(`${id}: late check`);

    // Voice: the Continue branch plays the round's message, then hold music until poll returns.
    const voice = round(
      "voice",
      this.plans.voice,
      (then) =>
        new Wait(`${id}: voice fallback hold`, { timeLimitSeconds: this.plans.voice.fallbackHoldSeconds, continueWhileWaiting: true })
          .whileWaiting(hold)
          .whenCompleted(then)
          .onError(then),
    );
    voice.rounds.eachTurn(voice.poll);
    const thenHold = (name: string, source: PromptSource | undefined): IChainable => {
      if (source === undefined) return hold;
      const message = new MessageParticipant(name, { prompt: source });
      message.next(hold);
      message.onError(hold);
      return message;
    };
    const voiceFirst = thenHold(`${id}: initial message`, options.initialMessage);
    const voiceLater = thenHold(`${id}: comfort message`, options.comfortMessage);
    voice.wait.whileWaiting(voiceFirst === voiceLater ? hold : whichRound(`${id}: which voice round`, roundReference, voiceFirst, voiceLater));

    // Chat, task and email: at most one text per round, sent before the round's poll; a fallback turn sends nothing.
    const textRound = round(
      "text",
      this.plans.text,
      (then) => new Wait(`${id}: text fallback pause`, { timeLimitSeconds: this.plans.text.fallbackHoldSeconds }).whenCompleted(then).onError(then),
    );
    const textFirst = sendThen(`${id}: initial text`, text.initial, textRound.poll);
    const textLater = textComfort(id, text, this.plans.text, textRound.poll);
    textRound.rounds.eachTurn(textFirst === textLater ? textRound.poll : whichRound(`${id}: which text round`, roundReference, textFirst, textLater));

    const split = channelCheck(`${id}: check channel`, voice.rounds, textRound.rounds);
    recheck.next(pollStatusCheck(`${id}: check again status`, channelCheck(`${id}: check channel again`, voice.deadlineAfterCheck, textRound.deadlineAfterCheck), outcomes));
    // No answer, no clock: after another F s of hold audio (so failing calls never run back to back) the
    // next round tries the event mode again, and its poll knows the time. Only a Loop bounds these turns.
    const voiceBlind = new Wait(`${id}: voice hold after failed check`, { timeLimitSeconds: this.plans.voice.fallbackHoldSeconds, continueWhileWaiting: true })
      .whileWaiting(hold)
      .whenCompleted(voice.poll)
      .onError(voice.poll);
    const textBlind = new Wait(`${id}: text pause after failed check`, { timeLimitSeconds: this.plans.text.fallbackHoldSeconds }).whenCompleted(textRound.poll).onError(textRound.poll);
    const blindTurns = new Loop(`${id}: blind turns`, { loopCount: this.plans.voice.blindTurnLoopCount })
      .eachTurn(channelCheck(`${id}: check channel after failed check`, voiceBlind, textBlind))
      .whenDone(options.onTimeout);
    recheck.onError(blindTurns);
    const voiceLate = new Wait(`${id}: voice late hold`, { timeLimitSeconds: LATE_HOLD_SECONDS, continueWhileWaiting: true }).whileWaiting(hold).whenCompleted(voice.poll).onError(voice.poll);
    const textLate = new Wait(`${id}: text late pause`, { timeLimitSeconds: LATE_HOLD_SECONDS }).whenCompleted(textRound.poll).onError(textRound.poll);
    const late = channelCheck(`${id}: check channel after late check`, voiceLate, textLate);
    lateCheck.next(pollStatusCheck(`${id}: late check status`, deadlineCheck(`${id}: check late deadline`, this.plans.voice.deadlineSeconds * 1000, options.onTimeout, late), outcomes));
    lateCheck.onError(blindTurns);
    errors?.eachTurn(channelCheck(`${id}: check channel for fallback`, voice.fallback, textRound.fallback)).whenDone(options.onFailure);

    // The answer that found the work pending carries the handler's clock: the start of this caller's wait.
    this.entry = new UpdateFlowAttributes(`${id}: note wait start`, {
      attributes: { [waitStartAttribute]: externalReference(AsyncResponseKey.nowMs), [roundAttribute]: Round.first, [lastWaitAttribute]: "0" },
    });
    this.entry.next(split);
    this.entry.onError(split);
  }
}

/** A Compare on the round marker: the first round → `first`, later rounds → `later`. */
function whichRound(name: string, roundReference: string, first: IChainable, later: IChainable): Compare {
  return new Compare(name, { comparisonValue: roundReference as `$.${string}` }).when(Condition.equals(Round.first), first).otherwise(later);
}

/** Sends `message` (when there is one) and continues with `then`. */
function sendThen(name: string, message: string | undefined, then: IChainable): IChainable {
  if (message === undefined) return then;
  const sent = new MessageParticipant(name, { prompt: { text: message } });
  sent.next(then);
  sent.onError(then);
  return sent;
}

/** The comfort text of later text rounds, every k-th round when rounds are shorter than the comfort-text interval. */
function textComfort(id: string, text: TextMessages, plan: EventWaitPlan, poll: IChainable): IChainable {
  const comfort = sendThen(`${id}: comfort text`, text.comfort, poll);
  if (comfort === poll) return poll;
  const every = Math.ceil(text.comfortEverySeconds / plan.roundSeconds);
  if (every <= 1) return comfort;
  return new Loop(`${id}: text comfort cadence`, { loopCount: every - 1 }).eachTurn(poll).whenDone(comfort);
}
