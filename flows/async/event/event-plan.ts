/**
 * Sizing the event strategy's wait (event-wait.ts): how long each asynchronous poll waits (a round), how
 * many rounds fit, and the deadline after which no round starts.
 *
 * A round is one asynchronous `poll` that long-polls the status item for W seconds (it answers the moment
 * the work completes) under a Wait whose time limit T outlasts the invocation's limit L:
 *
 *     L = W + 3 s (poll answers PENDING about W s in, well before Connect gives up on it)
 *     T = L + 2 s (a Wait that ends first would throw away an answer on its way)
 *
 * Rounds follow each other, so the PENDING rounds end at about W, 2W, … after the caller's wait began
 * (the start's invocation time, the lead-in, comes first). After each PENDING round the flow compares
 * `asyncElapsedMs` with the deadline D and takes onTimeout past it. The latest a round can start is D; it
 * can then last T (a poll that never returns), and each tolerated failure adds a synchronous recovery poll
 * of P s, so
 *
 *     D = maxWait − T − E × P − 1 s            worst case = D + T + E × P + 1 s = maxWait
 *
 * and R rounds of W seconds are planned so that the R-th ends past D while the one before ends before it:
 * R × W ≤ B = maxWait − lead-in − E × P − 7 s. Voice rounds are at most `comfortEverySeconds` long (a
 * comfort message opens every round after the first); text rounds as long as they can be, at most 57 s
 * (Connect's 60 s asynchronous limit less 3 s), so a chat contact gets few messages.
 */

import { MAX_ASYNC_TIME_LIMIT_SECONDS } from "../../blocks/invoke-lambda-function";
import { MAX_LOOP_COUNT } from "../../validation/range-rules";

/** poll answers PENDING this long before the invocation's limit. */
export const POLL_LIMIT_MARGIN_SECONDS = 3;
/** The Wait outlasts the invocation by this much, so a late answer still ends the Wait. */
export const WAIT_LIMIT_MARGIN_SECONDS = 2;
/** The longest round. */
export const MAX_ROUND_SECONDS = MAX_ASYNC_TIME_LIMIT_SECONDS - POLL_LIMIT_MARGIN_SECONDS;
/** A shorter round would spend more on invocations than it saves in waiting. */
export const MIN_ROUND_SECONDS = 5;
/** Time for Connect's own steps between rounds (invoke, save, load, compare), over the whole wait. */
const OVERHEAD_SECONDS = 2;
/** Slack between the worst case and maxWaitSeconds. */
const WORST_CASE_SLACK_SECONDS = 1;

/** The timing inputs of an event wait, in seconds. */
export interface EventWaitTiming {
  /** The longest the caller may wait in the worst case. */
  readonly maxWaitSeconds: number;
  /** The longest the caller can already be on the clock when the first round starts. */
  readonly leadInSeconds: number;
  /** Rounds are at most this long (voice: the comfort interval). @default 57 */
  readonly maxRoundSeconds?: number;
  /** The recovery poll's time limit (synchronous). */
  readonly recoveryPollSeconds: number;
  /** Failed rounds or recovery polls tolerated before onFailure. */
  readonly maxPollErrors: number;
}

/** How an event wait is sized. */
export interface EventWaitPlan {
  /** R: the PENDING rounds that fit before the timeout. */
  readonly rounds: number;
  /** W: how long one asynchronous poll waits for the work (sent as `asyncLongPollMs`). */
  readonly roundSeconds: number;
  /** L: the asynchronous invocation's time limit. */
  readonly invocationTimeLimitSeconds: number;
  /** T: the Wait's time limit. */
  readonly waitTimeLimitSeconds: number;
  /** D: another round starts only while `asyncElapsedMs` is at most this. */
  readonly deadlineSeconds: number;
  /** The rounds Loop's count: a backstop against a poll that answers PENDING at once, never the limit in practice. */
  readonly roundLoopCount: number;
  /** E. */
  readonly maxPollErrors: number;
  /** D + T + E × P + slack: the longest the caller can wait for an outcome. Never above maxWaitSeconds. */
  readonly worstCaseSeconds: number;
  /** The limit the plan was sized for. */
  readonly maxWaitSeconds: number;
}

/** Sizes an event wait; throws, naming `label`, when not even one round fits. */
export function planEventWait(timing: EventWaitTiming, label = "async wait"): EventWaitPlan {
  const maxRound = Math.min(timing.maxRoundSeconds ?? MAX_ROUND_SECONDS, MAX_ROUND_SECONDS);
  const recoverySeconds = timing.maxPollErrors * timing.recoveryPollSeconds;
  const budget = Math.floor(timing.maxWaitSeconds - timing.leadInSeconds - recoverySeconds - POLL_LIMIT_MARGIN_SECONDS - WAIT_LIMIT_MARGIN_SECONDS - OVERHEAD_SECONDS);
  if (budget < MIN_ROUND_SECONDS) {
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} is too short for the event strategy: the lead-in (${timing.leadInSeconds} s), ` +
        `${timing.maxPollErrors} recovery poll(s) of ${timing.recoveryPollSeconds} s and ${POLL_LIMIT_MARGIN_SECONDS + WAIT_LIMIT_MARGIN_SECONDS + OVERHEAD_SECONDS} s of margins ` +
        `leave less than one ${MIN_ROUND_SECONDS} s round; raise maxWaitSeconds, or lower maxPollErrors or the time limits`,
    );
  }
  // As few rounds as the longest round allows: fewer invocations, and fewer messages on chat.
  const finalRounds = Math.ceil(budget / maxRound);
  const roundSeconds = Math.floor(budget / finalRounds);
  const invocationTimeLimitSeconds = roundSeconds + POLL_LIMIT_MARGIN_SECONDS;
  const waitTimeLimitSeconds = invocationTimeLimitSeconds + WAIT_LIMIT_MARGIN_SECONDS;
  const deadlineSeconds = timing.maxWaitSeconds - waitTimeLimitSeconds - recoverySeconds - WORST_CASE_SLACK_SECONDS;
  return {
    rounds: finalRounds,
    roundSeconds,
    invocationTimeLimitSeconds,
    waitTimeLimitSeconds,
    deadlineSeconds,
    roundLoopCount: Math.min(MAX_LOOP_COUNT, 2 * finalRounds + timing.maxPollErrors + 2),
    maxPollErrors: timing.maxPollErrors,
    worstCaseSeconds: deadlineSeconds + waitTimeLimitSeconds + recoverySeconds + WORST_CASE_SLACK_SECONDS,
    maxWaitSeconds: timing.maxWaitSeconds,
  };
}
