/**
 * What happened during a simulated call, in virtual time: what the caller heard (speech, audio, the
 * silent pauses inside a prompt), the Lambda calls the flow made, how the call ended, and the backend
 * work behind it. Times are virtual milliseconds since the simulation started.
 */

/** Entry kinds. */
export const TimelineKind = {
  /** Text or SSML spoken by Polly. */
  speech: "speech",
  /** A recorded prompt (PromptId or S3 media). */
  audio: "audio",
  /** An SSML break inside a prompt: the prompt plays, but says nothing. */
  pause: "pause",
  /** A Lambda block (all of Connect's attempts): silent. */
  lambda: "lambda",
  /** Waiting for the caller's input, or a Wait block: silent. */
  wait: "wait",
  /** The contact left this flow for a queue, an agent or another flow. */
  transfer: "transfer",
  /** The contact was disconnected. */
  disconnect: "disconnect",
  /** The flow ended without disconnecting (EndFlowExecution and the like). */
  end: "end",
  /** A branch of an async operation was reached (success, failure, timeout). */
  outcome: "outcome",
  /** The backend (the operation's target) ran for one attempt. Not heard by anyone. */
  backend: "backend",
  /** A text message sent to a non-voice contact (chat, task, email): instant, no audio. */
  message: "message",
  /** An SSML or PromptId message that reached a non-voice contact, where Connect supports Text only. */
  voiceOnlyPrompt: "voiceOnlyPrompt",
  /**
   * An asynchronous Lambda invocation, from its start to its return; the contact goes on meanwhile, so
   * it is not silence the caller hears.
   */
  asyncLambda: "asyncLambda",
  /** An event-based Wait ended: the Lambda returned (and cut what was playing) or the time limit passed. */
  waitEvent: "waitEvent",
} as const;
export type TimelineKind = (typeof TimelineKind)[keyof typeof TimelineKind];

/** Fields every entry has. */
interface TimelineEntryBase {
  /** Which caller (e.g. `caller-1`), or `backend` for backend work. */
  readonly callerId: string;
  /** Virtual ms since the simulation started. */
  readonly atMs: number;
  /** 0 for instants (transfer, disconnect, end, outcome). */
  readonly durationMs: number;
  /** The flow block, or the execution name for backend work. */
  readonly blockId: string;
  /** Human-readable description: the words spoken, the function, the queue. */
  readonly text: string;
  /**
   * Set only on a prompt (or silent wait) an event cut short: how long it would have played; `durationMs`
   * is how long it did.
   */
  readonly plannedDurationMs?: number;
}

/** A Lambda block's invocation(s). */
export interface LambdaTimelineEntry extends TimelineEntryBase {
  readonly kind: typeof TimelineKind.lambda;
  /** The function's name (last ARN segment). */
  readonly functionName: string;
  /** How many invocations Connect made (1 + retries). */
  readonly attempts: number;
  /** `ok`, or why the block took its error branch. */
  readonly result: "ok" | "error" | "timeout" | "invalid-response";
}

/** An asynchronous invocation (all of Connect's attempts), updated in place when it returns. */
export interface AsyncLambdaTimelineEntry extends TimelineEntryBase {
  readonly kind: typeof TimelineKind.asyncLambda;
  readonly functionName: string;
  /** The id `$.LambdaInvocation.InvocationId` held after the invoke. */
  readonly invocationId: string;
  readonly attempts: number;
  /** `running` until it returns (or when the simulation ended first). */
  readonly result: LambdaTimelineEntry["result"] | "running";
}

/** Backend work for one attempt of one execution. */
export interface BackendTimelineEntry extends TimelineEntryBase {
  readonly kind: typeof TimelineKind.backend;
  readonly result: "ok" | "error" | "throttled" | "timeout";
}

/** Any other entry. */
export interface PlainTimelineEntry extends TimelineEntryBase {
  readonly kind: Exclude<TimelineKind, typeof TimelineKind.lambda | typeof TimelineKind.backend | typeof TimelineKind.asyncLambda>;
}

export type TimelineEntry = LambdaTimelineEntry | AsyncLambdaTimelineEntry | BackendTimelineEntry | PlainTimelineEntry;

/**
 * Kinds during which a prompt is playing. A pause inside a prompt (an SSML break, e.g. the macro's
 * default two-second hold prompt) is silence the flow designer chose; "silence" in the figures means
 * dead air: no prompt playing at all while the flow does something else (Lambda calls, waits).
 */
export const PROMPT_KINDS: ReadonlySet<TimelineKind> = new Set([TimelineKind.speech, TimelineKind.audio, TimelineKind.pause]);

/** One silent stretch of a call. */
export interface SilenceInterval {
  readonly startMs: number;
  readonly endMs: number;
  readonly durationMs: number;
  /** The part of the silence that no Lambda block of this caller covers. */
  readonly beyondLambdaMs: number;
}

function coveredMs(entries: ReadonlyArray<TimelineEntry>, startMs: number, endMs: number): number {
  const intervals = entries
    .map((entry) => [Math.max(startMs, entry.atMs), Math.min(endMs, entry.atMs + entry.durationMs)] as const)
    .filter(([start, end]) => end > start)
    .sort((a, b) => a[0] - b[0]);
  let total = 0;
  let reached = startMs;
  for (const [start, end] of intervals) {
    const from = Math.max(start, reached);
    if (end > from) total += end - from;
    reached = Math.max(reached, end);
  }
  return total;
}

/**
 * What a caller hears as sound, by channel, for {@link silences} in the strict sense of issue 9 ("music
 * counts as sound"): on voice, speech and recorded audio, but not an SSML pause; on other channels, a
 * message (instant, so it only splits the stretches).
 */
export function soundKinds(channel: string): ReadonlySet<TimelineKind> {
  return channel === "VOICE" ? new Set([TimelineKind.speech, TimelineKind.audio]) : new Set([TimelineKind.message]);
}

/**
 * The silent stretches (dead air) of one caller's call between `fromMs` and `toMs`: every interval in
 * which nothing of `audibleKinds` plays (by default any prompt, pauses included). A stretch's
 * `beyondLambdaMs` leaves out the time of synchronous Lambda blocks; asynchronous invocations run beside
 * the contact and do not excuse silence.
 */
export function silences(entries: ReadonlyArray<TimelineEntry>, fromMs: number, toMs: number, audibleKinds: ReadonlySet<TimelineKind> = PROMPT_KINDS): SilenceInterval[] {
  const instant = (entry: TimelineEntry): boolean => entry.durationMs === 0 && entry.kind === TimelineKind.message;
  const audible = entries
    .filter((entry) => audibleKinds.has(entry.kind) && (entry.durationMs > 0 || instant(entry)))
    .map((entry) => [entry.atMs, entry.atMs + entry.durationMs] as const)
    .sort((a, b) => a[0] - b[0]);
  const lambdas = entries.filter((entry) => entry.kind === TimelineKind.lambda);
  const result: SilenceInterval[] = [];
  let cursor = fromMs;
  const close = (endMs: number): void => {
    const end = Math.min(endMs, toMs);
    if (end > cursor) {
      result.push({ startMs: cursor, endMs: end, durationMs: end - cursor, beyondLambdaMs: end - cursor - coveredMs(lambdas, cursor, end) });
    }
  };
  for (const [start, end] of audible) {
    if (start >= toMs) break;
    close(start);
    cursor = Math.max(cursor, end);
  }
  close(toMs);
  return result;
}
