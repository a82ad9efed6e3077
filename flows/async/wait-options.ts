/** The options of the waiting half, shared by `asyncInvoke` and `asyncAwait` and by both strategies. */
import type { PromptSource } from "../blocks/message-participant";
import type { IChainable } from "../chain";
import type { LambdaResponseType } from "../private/parameter-value";

/** What chat, task and email contacts get while the work runs. */
export interface NonVoiceOptions {
  /**
   * Sent once when the work is still pending. `false` sends nothing.
   * @default the text of `initialMessage` (a text prompt, or the words of an SSML one); nothing for a recording
   */
  readonly initialMessage?: string | false;
  /**
   * Sent at most every `comfortEverySeconds` while the work is still pending. `false` sends nothing.
   * @default the text of `comfortMessage`, as for the initial message
   */
  readonly comfortMessage?: string | false;
  /** The shortest time between two comfort texts, in seconds (each message is billed and stays in the transcript). @default 30 */
  readonly comfortEverySeconds?: number;
}

/**
 * How the caller is kept company while the work runs.
 *
 * - `event`: Connect's asynchronous Lambda mode. `poll` is invoked asynchronously and long-polls the
 *   status item; a Wait that keeps running plays hold audio until poll returns, and the return cuts the
 *   audio at once. Few Lambda calls, no dead air, the result is heard the moment it is ready. Wait is
 *   allowed only in Inbound and Customer queue flows.
 * - `loop`: a Loop of prompts and synchronous polls. Works in every flow type; a prompt cannot be cut
 *   short, so the result waits for the prompt that is playing.
 */
export const AsyncWaitStrategy = { LOOP: "loop", EVENT: "event" } as const;
export type AsyncWaitStrategy = (typeof AsyncWaitStrategy)[keyof typeof AsyncWaitStrategy];

/** Options of the waiting half: `asyncAwait`, and the wait part of `asyncInvoke`. */
export interface AsyncWaitOptions {
  /** The `poll` Lambda's ARN (may be a deploy-time token); only checked to be non-empty. */
  readonly pollFunctionArn: string;
  /**
   * `event`: the function invoked asynchronously for each round's long poll, e.g. the bridge's
   * `longPollFunction`, whose reserved concurrency bounds what waiting callers can take from the account.
   * Synchronous polls (fallback turns, the loop strategy) still go to `pollFunctionArn`.
   * @default pollFunctionArn
   */
  readonly longPollFunctionArn?: string;
  /**
   * The wait the caller gets, in seconds, counted from the start invocation (asyncAwait: the first poll):
   * the timeout branch is taken no earlier than 95 % of it and never after it (see the strategies' plans).
   */
  readonly maxWaitSeconds: number;
  /** How the caller is kept company (see {@link AsyncWaitStrategy}). @default "loop" */
  readonly strategy?: AsyncWaitStrategy;
  /** Played once when the work is still pending (voice). @default none */
  readonly initialMessage?: PromptSource;
  /**
   * Voice hold audio. `loop`: played on each turn that is not a comfort turn. `event`: played over and over
   * until the answer cuts it; give hold music here (e.g. one of the instance's default music prompts).
   * `{ promptId }` and `{ s3Uri }` need `lengthSeconds` in the loop strategy.
   * @default two seconds of silence, `<speak><break time="2s"/></speak>`
   */
  readonly holdPrompt?: PromptSource;
  /** Played now and then instead of the hold audio (voice), e.g. "Still working on it". @default none */
  readonly comfortMessage?: PromptSource;
  /** `loop`: every how many turns the comfort message plays (1–101; 1 = every turn). @default 5 */
  readonly comfortEveryTurns?: number;
  /**
   * `event`: the longest stretch of hold audio between two comfort messages (voice), in seconds (5–57);
   * it is also the longest a single asynchronous poll waits.
   * @default 30
   */
  readonly comfortEverySeconds?: number;
  /** What chat, task and email contacts get instead of audio (text only, sparingly). @default texts derived from the voice messages */
  readonly nonVoice?: NonVoiceOptions;
  /**
   * How many polls that answer ERROR (the handler could not tell the status, e.g. the table did not
   * answer) the wait goes round again before it takes onFailure (0–10). An invocation Connect could
   * not make or that failed (throttled, for instance) is not such an error: it costs a turn (\`event\`: a
   * fallback turn of hold audio and a synchronous poll), bounded by the wait.
   * @default 1
   */
  readonly maxPollErrors?: number;
  /** The time limit of synchronous poll invocations in seconds (1–8): every poll of `loop`, the recovery poll of `event`. @default 3 */
  readonly pollInvocationTimeLimitSeconds?: number;
  /** How Connect validates poll's answer (asyncAwait only; asyncInvoke takes it from the start options). @default "STRING_MAP" */
  readonly responseType?: LambdaResponseType;
  /** Where the flow goes when the operation succeeded; `$.External.<key>` then holds its result keys. */
  readonly onSuccess: IChainable;
  /** Where the flow goes when the operation failed (`FAILED`/`ERROR`) or the start could not be invoked. */
  readonly onFailure: IChainable;
  /** Where the flow goes when the wait's time is used up and the work is still pending. */
  readonly onTimeout: IChainable;
}

/** Defaults shared by the strategies. */
export const DEFAULT_HOLD_PROMPT: PromptSource = { ssml: '<speak><break time="2s"/></speak>' };
export const DEFAULT_MAX_POLL_ERRORS = 1;
export const MAX_POLL_ERRORS = 10;
export const DEFAULT_POLL_TIME_LIMIT_SECONDS = 3;
