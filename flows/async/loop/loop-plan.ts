/**
 * Sizing the loop strategy's wait (see loop-wait.ts): how many turns, and when the wait gives up, so that
 * the caller hears the timeout between 95 % of `maxWaitSeconds` and all of it, counted from the start
 * invocation in the handlers' clock. With M = `maxWaitSeconds` and e = min(1 s, M / 40):
 *
 *     G = M − e        every poll is told it (`asyncGiveUpAfterMs`): its long poll ends by then
 *     D = M − 2e       a PENDING answer past D takes onTimeout (so never before 95 % of M)
 *     Z = D − p        p is the longest prompt a turn plays: past Z no prompt could end in time, so the
 *                      wait polls once without one: the final poll, whose time limit (up to Connect's 8 s)
 *                      lets it long-poll the rest of the way to G
 *
 * A turn that starts by Z ends by Z + p + its poll, which answers by G; the final poll ends by G too. So the
 * last answer comes by G, and the timeout within M. A prompt too long for the final poll to cover the rest
 * (more than about 6 s) would give up before 95 % of M, and is refused with that time.
 *
 * A poll Connect could not invoke is followed by a turn without a fresh clock; such blind turns are
 * counted by a Loop of B = M / (p + P) (worst turns), so that with no answer at all the wait still ends
 * within M (early, as no clock says how much is left).
 */
import { MAX_SYNC_LAMBDA_SECONDS } from "../../validation/lambda-rules";
import { MAX_LOOP_COUNT } from "../../validation/range-rules";
import { DEFAULT_MAX_POLL_ERRORS } from "../wait-options";

/** Connect's LoopCount limit bounds the number of turns. */
export const MAX_TURNS = MAX_LOOP_COUNT;
/** A prompt shorter than this still takes Connect some time; keeps the backstop count finite. */
const MIN_TURN_MS = 250;

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
  /** Polls that answer ERROR tolerated before giving up. @default 1 */
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
  /** E: polls that answer ERROR tolerated before onFailure. */
  readonly maxPollErrors: number;
  /** D: a PENDING answer with `asyncElapsedMs` past this takes onTimeout; the earliest the timeout is taken. */
  readonly deadlineSeconds: number;
  /** G: every poll answers by this point of the wait (sent as `asyncGiveUpAfterMs`). */
  readonly giveUpSeconds: number;
  /** Z: past this, the wait polls without a prompt (the final poll), since a prompt could outlast it. */
  readonly lastTurnSeconds: number;
  /** The final poll's invocation time limit; it long-polls for a second less (sent as `asyncLongPollMs`), never past G. */
  readonly finalPollSeconds: number;
  /** B: the turns after a poll Connect could not invoke (no clock) before onTimeout: as many worst turns as fit the wait. */
  readonly blindTurnLoopCount: number;
  /** Time before the first turn: the start's (or first poll's) time limit plus the initial message. */
  readonly leadInSeconds: number;
  /** G: the latest a poll answers, so the latest the caller hears the outcome, Connect's own steps aside. Never above maxWaitSeconds. */
  readonly worstCaseSeconds: number;
  /** The limit the plan was sized for. */
  readonly maxWaitSeconds: number;
}

/** The end margin e is at most this, and at most M / 40 (so D = M − 2e ≥ 95 % of M). */
const MAX_END_MARGIN_MS = 1000;

/**
 * Sizes a wait (see the file comment): the deadline, the give-up time and the point past which only the
 * final poll runs, and the wait Loop's backstop count. Throws, naming `label` and the time the wait would
 * give up at, when the lead-in leaves no turn before the deadline or the turns need more than Connect's
 * Loop allows.
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
  const longestPromptMs = Math.max(...promptsPlayed);
  const worstTurnMs = longestPromptMs + pollMs;
  const maxWaitMs = ms(timing.maxWaitSeconds);
  const endMarginMs = Math.min(MAX_END_MARGIN_MS, Math.floor(maxWaitMs / 40));
  const giveUpMs = maxWaitMs - endMarginMs;
  const deadlineMs = maxWaitMs - 2 * endMarginMs;
  const lastTurnMs = deadlineMs - longestPromptMs;
  const leadInMs = ms(timing.leadInSeconds);
  if (lastTurnMs < leadInMs) {
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} is too short: the lead-in (${leadInMs / 1000} s) and the longest prompt of a turn (${longestPromptMs / 1000} s) ` +
        `leave no turn before the timeout at ${deadlineMs / 1000} s; raise maxWaitSeconds, or shorten the prompts or the start's time limit`,
    );
  }
  // The final poll covers the stretch from Z to G (p + e) in one long poll when Connect's 8 s allow it.
  const finalPollSeconds = Math.min(MAX_SYNC_LAMBDA_SECONDS, Math.max(2, timing.pollInvocationTimeLimitSeconds, Math.ceil((longestPromptMs + endMarginMs) / 1000) + 1));
  const earliestTimeoutMs = Math.min(deadlineMs, lastTurnMs + (finalPollSeconds - 1) * 1000);
  if (earliestTimeoutMs < 0.95 * maxWaitMs) {
    throw new Error(
      `${label}: a turn's longest prompt (${longestPromptMs / 1000} s) is too long for the last stretch of the wait: the final poll covers at most ${finalPollSeconds - 1} s, ` +
        `so the wait would give up after ${earliestTimeoutMs / 1000} s of the ${timing.maxWaitSeconds} s set, before 95 % of it; shorten the hold and comfort prompts (or play the comfort message less often)`,
    );
  }
  const shortestTurnMs = Math.max(MIN_TURN_MS, Math.min(...promptsPlayed));
  const loopCount = Math.ceil(lastTurnMs / shortestTurnMs) + 1;
  if (loopCount > MAX_TURNS) {
    // With quick polls the Loop would run out long before the deadline and the caller would hear the
    // timeout far earlier than maxWaitSeconds: refuse rather than surprise.
    const shortestNeededSeconds = Math.ceil(lastTurnMs / (MAX_TURNS - 1) / 100) / 10;
    const givesUpAfterSeconds = Math.round(((MAX_TURNS - 1) * shortestTurnMs) / 100) / 10;
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} needs ${loopCount} turns of the ${shortestTurnMs / 1000} s prompt, more than Connect's ${MAX_TURNS} Loop turns, ` +
        `so the wait would give up after about ${givesUpAfterSeconds} s of turns; make every prompt the wait plays at least ${shortestNeededSeconds} s long (e.g. a longer SSML break), or lower maxWaitSeconds`,
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
    giveUpSeconds: giveUpMs / 1000,
    lastTurnSeconds: lastTurnMs / 1000,
    finalPollSeconds,
    blindTurnLoopCount: Math.min(MAX_TURNS, Math.max(1, Math.floor(maxWaitMs / worstTurnMs))),
    leadInSeconds: timing.leadInSeconds,
    worstCaseSeconds: giveUpMs / 1000,
    maxWaitSeconds: timing.maxWaitSeconds,
  };
}
