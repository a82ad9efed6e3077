/**
 * Sizing the event strategy's wait (event-wait.ts): how long each asynchronous poll waits (a round), when
 * the caller's wait gives up, and how a failed round falls back to a loop turn without running past it.
 *
 * The wait is counted from the start invocation (`asyncWaitStartedAt` is the `asyncNowMs` of the answer
 * that began it, the handler's clock when that invocation began), in the handlers' clock, so the flow
 * needs no clock of its own. With M = `maxWaitSeconds` and e = min(1 s, M / 40), the end margin:
 *
 *     G = M − e      the give-up time: every poll is told it (`asyncGiveUpAfterMs`) and answers PENDING
 *                    by then, so the last round is shortened to fit instead of being left out
 *     D = M − 2e     a PENDING answer past D takes onTimeout; before it, another round starts (and ends
 *                    by G). So the timeout is taken between D ≥ 95 % of M and G + Connect's own steps < M
 *
 * A round is one asynchronous `poll` that long-polls for W seconds (it answers the moment the work
 * completes, or at G) under a Wait whose time limit T outlasts the invocation's limit L:
 *
 *     L = W + 3 s (poll answers PENDING by W s in, well before Connect gives up on it)
 *     T = L + 2 s (a Wait that ends first would throw away an answer on its way)
 *
 * A round that fails (the invocation Connect could not make or that failed, a Wait that ended without it,
 * a result that could not be loaded) falls back to a loop turn: F s of hold audio, then a synchronous poll,
 * which is told G too. The hold is played only while the last known wait (the last PENDING answer's
 * `asyncElapsedMs`) is at most H = D − F − 1 s, so a fallback near the end polls at once rather than
 * outlasting the wait. This bound assumes what Connect documents: a failing invocation is retried within
 * seconds and then reported; one that hangs to its limit delays the answer by up to that limit.
 *
 * Rounds are planned so that R rounds of W seconds reach G. The rounds Loop, which every round and every
 * fallback turn passes, is a backstop: it counts R + 2 + E, or G / (2F + 1 s) when that is more, so that
 * with every invocation failing (no answer, so no clock) its blind turns (F s of hold before the check and F
 * s after it failed, and failed retries) still end the wait within M. A setting that needs more than Connect's 100 turns is refused, naming the time the Loop
 * would give up at. Voice rounds
 * are at most `comfortEverySeconds` long (a comfort message opens every round after the first); text
 * rounds as long as they can be, at most 57 s (Connect's 60 s asynchronous limit less 3 s), so a chat
 * contact gets few messages.
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
/** F: the hold audio of a fallback turn, before its synchronous poll. */
export const FALLBACK_HOLD_SECONDS = 3;
/** What failed invocations add to a blind fallback turn, at most (Connect's quick retries). */
const BLIND_TURN_SLACK_SECONDS = 1;
/** The shortest wait the event strategy takes: one minimal round after the longest start. */
const MIN_MAX_WAIT_SECONDS = 20;
/** The end margin e is at most this, and at most M / 40 (so D = M − 2e ≥ 95 % of M). */
const MAX_END_MARGIN_MS = 1000;
/** Rounds besides the planned ones: the first may start late, the last may be cut short by G. */
const SPARE_ROUNDS = 2;

/** The timing inputs of an event wait, in seconds. */
export interface EventWaitTiming {
  /** The wait the caller gets (M): onTimeout is taken within it, and no earlier than 95 % of it. */
  readonly maxWaitSeconds: number;
  /** The longest the caller can already be on the clock when the first round starts (the start's time limit). */
  readonly leadInSeconds: number;
  /** Rounds are at most this long (voice: the comfort interval). @default 57 */
  readonly maxRoundSeconds?: number;
  /** Polls that answer ERROR tolerated before onFailure (each is followed by a fallback turn). */
  readonly maxPollErrors: number;
}

/** How an event wait is sized. */
export interface EventWaitPlan {
  /** R: the rounds of W seconds that reach the give-up time. */
  readonly rounds: number;
  /** W: how long one asynchronous poll waits for the work (sent as `asyncLongPollMs`). */
  readonly roundSeconds: number;
  /** L: the asynchronous invocation's time limit. */
  readonly invocationTimeLimitSeconds: number;
  /** T: the Wait's time limit. */
  readonly waitTimeLimitSeconds: number;
  /** G: every poll answers by this point of the wait (sent as `asyncGiveUpAfterMs`). */
  readonly giveUpSeconds: number;
  /** D: a PENDING answer with `asyncElapsedMs` past this takes onTimeout; the earliest the timeout is taken. */
  readonly deadlineSeconds: number;
  /** F: the hold audio of a fallback turn. */
  readonly fallbackHoldSeconds: number;
  /** H: a fallback turn plays its hold audio only while the last known wait is at most this. */
  readonly fallbackHoldUntilSeconds: number;
  /** The rounds Loop's count: the rounds that ran their course (a fallback turn's round does not pass it), never the limit when polls answer. */
  readonly roundLoopCount: number;
  /** B: the blind turns (a fallback turn whose check could not be invoked, so no clock) before onTimeout. */
  readonly blindTurnLoopCount: number;
  /** E: polls that answer ERROR tolerated. */
  readonly maxPollErrors: number;
  /** G: the latest a poll answers, so the latest the caller hears the outcome, Connect's own steps aside. Never above maxWaitSeconds. */
  readonly worstCaseSeconds: number;
  /** The limit the plan was sized for. */
  readonly maxWaitSeconds: number;
}

/** Sizes an event wait; throws, naming `label`, when the bounds cannot hold (too short a wait, too many rounds). */
export function planEventWait(timing: EventWaitTiming, label = "async wait"): EventWaitPlan {
  const maxWaitMs = Math.round(timing.maxWaitSeconds * 1000);
  if (!(timing.maxWaitSeconds >= MIN_MAX_WAIT_SECONDS) || timing.maxWaitSeconds - timing.leadInSeconds < MIN_ROUND_SECONDS) {
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} is too short for the event strategy: it needs at least ${MIN_MAX_WAIT_SECONDS} s, ` +
        `and one ${MIN_ROUND_SECONDS} s round after the start's ${timing.leadInSeconds} s; raise maxWaitSeconds, or use the loop strategy`,
    );
  }
  const endMarginMs = Math.min(MAX_END_MARGIN_MS, Math.floor(maxWaitMs / 40));
  const giveUpMs = maxWaitMs - endMarginMs;
  const deadlineMs = maxWaitMs - 2 * endMarginMs;
  const maxRound = Math.min(timing.maxRoundSeconds ?? MAX_ROUND_SECONDS, MAX_ROUND_SECONDS);
  const roundSeconds = Math.max(MIN_ROUND_SECONDS, Math.min(maxRound, Math.floor(giveUpMs / 1000 - timing.leadInSeconds)));
  const rounds = Math.ceil(giveUpMs / 1000 / roundSeconds);
  // With no answer at all (every invocation failing) the flow has no clock; each blind turn holds twice
  // (before the check, and after it failed) and spends up to a second on failed invocations, so this many
  // end a wait that never had an answer within it.
  const blindTurns = Math.floor(giveUpMs / 1000 / (2 * FALLBACK_HOLD_SECONDS + BLIND_TURN_SLACK_SECONDS));
  if (rounds + SPARE_ROUNDS > MAX_LOOP_COUNT) {
    const givesUpAfter = (MAX_LOOP_COUNT - SPARE_ROUNDS) * roundSeconds;
    throw new Error(
      `${label}: maxWaitSeconds ${timing.maxWaitSeconds} needs ${rounds} rounds of ${roundSeconds} s, and Connect's Loop counts at most ${MAX_LOOP_COUNT}: ` +
        `the wait would give up after about ${givesUpAfter} s; make rounds longer (comfortEverySeconds at least ${Math.ceil(giveUpMs / 1000 / (MAX_LOOP_COUNT - SPARE_ROUNDS))}) or lower maxWaitSeconds`,
    );
  }
  const invocationTimeLimitSeconds = roundSeconds + POLL_LIMIT_MARGIN_SECONDS;
  return {
    rounds,
    roundSeconds,
    invocationTimeLimitSeconds,
    waitTimeLimitSeconds: invocationTimeLimitSeconds + WAIT_LIMIT_MARGIN_SECONDS,
    giveUpSeconds: giveUpMs / 1000,
    deadlineSeconds: deadlineMs / 1000,
    fallbackHoldSeconds: FALLBACK_HOLD_SECONDS,
    fallbackHoldUntilSeconds: (deadlineMs - FALLBACK_HOLD_SECONDS * 1000 - 1000) / 1000,
    // Twice the rounds: a long poll whose reads fail answers PENDING early, and should not end the wait early.
    roundLoopCount: Math.min(MAX_LOOP_COUNT, 2 * rounds + SPARE_ROUNDS),
    blindTurnLoopCount: Math.min(MAX_LOOP_COUNT, Math.max(1, blindTurns)),
    maxPollErrors: timing.maxPollErrors,
    worstCaseSeconds: giveUpMs / 1000,
    maxWaitSeconds: timing.maxWaitSeconds,
  };
}
