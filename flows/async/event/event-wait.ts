/**
 * The event strategy: Connect's asynchronous Lambda mode (reference §2.1.2 and §6). Each round invokes
 * `poll` asynchronously, which long-polls the status item for the round's length and returns the moment
 * the work completes; a Wait on that invocation keeps the contact running, and its Continue branch plays
 * the hold audio until poll returns and cuts it.
 *
 * ```
 * <id>: note wait start (wait start, round = first) ─▶ <id>: check channel
 *   VOICE ─▶ <id>: voice rounds (Loop, backstop) ─continue─▶ <id>: voice poll (ASYNCHRONOUS, long poll W)
 *              └─done─▶ onTimeout                             ─▶ <id>: save voice poll id
 *            ─▶ <id>: wait for voice poll (Wait T, keep running, PollReturned on the saved id)
 *                 Continue ─▶ <id>: which voice round: first ─▶ <id>: initial message ─┐
 *                                                      else  ─▶ <id>: comfort message ─┴▶ <id>: hold music ⟲
 *                 PollReturned ─▶ <id>: load voice poll result ─▶ <id>: check voice poll status
 *                      SUCCEEDED ─▶ onSuccess   FAILED / ERROR ─▶ onFailure
 *                      PENDING ─▶ <id>: check voice deadline: past D ─▶ onTimeout,
 *                                 else ─▶ <id>: note next voice round ─▶ voice rounds
 *                 WaitCompleted, errors, InProgress ─▶ recovery
 *   other ─▶ <id>: text rounds ─continue─▶ <id>: which text round: first ─▶ initial text, else ─▶ comfort text
 *            ─▶ <id>: text poll (ASYNCHRONOUS) ─▶ save ─▶ <id>: wait for text poll (Wait T', event-based only)
 *            ─▶ load ─▶ check status ─▶ … as for voice, with the text deadline
 *   recovery: <id>: poll errors (Loop E) ─continue─▶ <id>: check again (synchronous poll)
 *               ─▶ <id>: check again status: PENDING ─▶ <id>: check channel again ─▶ the channel's deadline check
 *             ─done─▶ onFailure           (with E = 0 a failed round takes onFailure)
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
 * - The Wait, the load and the asynchronous invoke can each fail; every failure counts like a failed poll
 *   (issue 9): a synchronous poll checks the status again, up to `maxPollErrors` times.
 * - Rounds, their length and the deadline come from event-plan.ts, so the caller hears the outcome within
 *   `maxWaitSeconds`. The rounds Loop is only a backstop against a poll that answers PENDING at once.
 */
import { Compare } from "../../blocks/compare";
import { InvokeLambdaFunction } from "../../blocks/invoke-lambda-function";
import { LoadLambdaFunctionResult } from "../../blocks/load-lambda-function-result";
import { Loop } from "../../blocks/loop";
import { type PromptSource, MessageParticipant } from "../../blocks/message-participant";
import { UpdateFlowAttributes } from "../../blocks/update-flow-attributes";
import { Wait } from "../../blocks/wait";
import type { IChainable } from "../../chain";
import { Condition } from "../../condition";
import { LAST_INVOCATION_ID_REFERENCE, LambdaInvocationType } from "../../flow-language";
import { AsyncParameter, AsyncResponseKey } from "../../private/async-response";
import { channelCheck, type TextMessages, textOptions } from "../channel";
import { checkCommonOptions, requireIntegerIn, requireTimeLimit } from "../option-checks";
import { deadlineCheck, externalReference, statusCheck } from "../status-check";
import type { BuiltWait, WaitContext } from "../wait-context";
import { type AsyncWaitOptions, DEFAULT_HOLD_PROMPT, DEFAULT_MAX_POLL_ERRORS, DEFAULT_POLL_TIME_LIMIT_SECONDS, MAX_POLL_ERRORS } from "../wait-options";
import { type EventWaitPlan, MAX_ROUND_SECONDS, MIN_ROUND_SECONDS, planEventWait } from "./event-plan";

/** The Wait's event branch: poll returned. */
export const POLL_RETURNED_BRANCH = "PollReturned";
/** Default longest stretch of hold audio between two comfort messages, in seconds. */
export const DEFAULT_VOICE_COMFORT_EVERY_SECONDS = 30;
/** The round marker's values. */
const Round = { first: "first", next: "next" } as const;
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
    const timing = { maxWaitSeconds: options.maxWaitSeconds, leadInSeconds: context.leadInSeconds, recoveryPollSeconds, maxPollErrors };
    this.plans = {
      voice: planEventWait({ ...timing, maxRoundSeconds: comfortEverySeconds }, label),
      text: planEventWait(timing, `${label} (chat, task and email)`),
    };

    const id = call.id;
    const waitStartAttribute = `${id}_${AsyncParameter.waitStartedAt}`;
    const roundAttribute = `${id}_asyncRound`;
    const roundReference = `$.FlowAttributes.${roundAttribute}`;
    const outcomes = { onSuccess: options.onSuccess, onFailure: options.onFailure };

    // Every failed round ends in recovery; its Loop exists before the rounds that lead into it.
    const errors = maxPollErrors > 0 ? new Loop(`${id}: poll errors`, { loopCount: maxPollErrors }) : undefined;
    const recovery: IChainable = errors ?? options.onFailure;

    const round = (channel: "voice" | "text", plan: EventWaitPlan): { rounds: Loop; poll: InvokeLambdaFunction; wait: Wait; deadline: Compare } => {
      const rounds = new Loop(`${id}: ${channel} rounds`, { loopCount: plan.roundLoopCount });
      const pollIdAttribute = `${id}_asyncPollInvocationId_${channel}`;
      const poll = new InvokeLambdaFunction(`${id}: ${channel} poll`, {
        functionArn: options.pollFunctionArn,
        invocationType: LambdaInvocationType.ASYNCHRONOUS,
        invocationTimeLimitSeconds: plan.invocationTimeLimitSeconds,
        invocationAttributes: {
          [AsyncParameter.requestId]: call.requestIdReference,
          [AsyncParameter.waitStartedAt]: `$.FlowAttributes.${waitStartAttribute}`,
          [AsyncParameter.longPollMs]: String(plan.roundSeconds * 1000),
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
      const markNext = new UpdateFlowAttributes(`${id}: note next ${channel} round`, { attributes: { [roundAttribute]: Round.next } });
      markNext.next(rounds);
      markNext.onError(rounds);
      const deadline = deadlineCheck(`${id}: check ${channel} deadline`, plan.deadlineSeconds * 1000, options.onTimeout, markNext);
      rounds.whenDone(options.onTimeout);
      poll.next(saveId);
      poll.onError(recovery);
      saveId.next(wait);
      saveId.onError(recovery);
      wait.whenLambdaReturned(POLL_RETURNED_BRANCH, load).whenCompleted(recovery).onError(recovery);
      load.next(statusCheck(`${id}: check ${channel} poll status`, deadline, outcomes));
      load.onError(recovery).onInProgress(recovery);
      return { rounds, poll, wait, deadline };
    };

    // Voice: the Continue branch plays the round's message, then hold music until poll returns.
    const voice = round("voice", this.plans.voice);
    voice.rounds.eachTurn(voice.poll);
    const hold = new MessageParticipant(`${id}: hold music`, { prompt: options.holdPrompt ?? DEFAULT_HOLD_PROMPT });
    const holdFallback = new MessageParticipant(`${id}: hold music failed`, { prompt: HOLD_FALLBACK });
    hold.next(hold);
    hold.onError(holdFallback);
    holdFallback.next(hold);
    holdFallback.onError(hold);
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

    // Chat, task and email: at most one text per round, sent before the round's poll.
    const textRound = round("text", this.plans.text);
    const textFirst = sendThen(`${id}: initial text`, text.initial, textRound.poll);
    const textLater = textComfort(id, text, this.plans.text, textRound.poll);
    textRound.rounds.eachTurn(textFirst === textLater ? textRound.poll : whichRound(`${id}: which text round`, roundReference, textFirst, textLater));

    if (errors !== undefined) {
      // A synchronous poll checks again; still PENDING goes on to the contact's channel's deadline check.
      const recheck = new InvokeLambdaFunction(`${id}: check again`, {
        functionArn: options.pollFunctionArn,
        invocationTimeLimitSeconds: recoveryPollSeconds,
        invocationAttributes: { [AsyncParameter.requestId]: call.requestIdReference, [AsyncParameter.waitStartedAt]: `$.FlowAttributes.${waitStartAttribute}` },
        responseType: context.responseType,
      });
      recheck.next(statusCheck(`${id}: check again status`, channelCheck(`${id}: check channel again`, voice.deadline, textRound.deadline), outcomes));
      recheck.onError(errors);
      errors.eachTurn(recheck).whenDone(options.onFailure);
    }

    const split = channelCheck(`${id}: check channel`, voice.rounds, textRound.rounds);
    // The answer that found the work pending carries the handler's clock: the start of this caller's wait.
    this.entry = new UpdateFlowAttributes(`${id}: note wait start`, {
      attributes: { [waitStartAttribute]: externalReference(AsyncResponseKey.nowMs), [roundAttribute]: Round.first },
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
