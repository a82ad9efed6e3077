/**
 * Sizing the loop strategy's wait: how many turns, and the deadline after which no turn starts, so that
 * the caller hears an outcome within maxWaitSeconds however slow each poll is (see loop-wait.ts).
 */
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
