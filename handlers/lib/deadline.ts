/**
 * The instant by which an invocation must have answered, and the bound it puts on every AWS call.
 *
 * Two limits meet here. Connect stops waiting for a synchronous Lambda after the block's time limit
 * (at most 8 s; the macro gives `start` 4 s and `poll` 3 s) and takes the block's Error branch; an
 * asynchronous `poll` is awaited for the window the flow passes (`asyncLongPollMs`). The function itself
 * ends at its own timeout (`context.getRemainingTimeInMillis()`). The deadline is the earlier of the
 * two, less a margin for the answer's trip back, so a slow dependency costs the caller a specific
 * error code (STORE_TIMEOUT, EXECUTION_START_TIMEOUT) instead of the flow's generic Error branch.
 */
import { type Clock, systemClock } from "./clock";
import { DeadlineExceededError } from "./errors";

/** The part of the Lambda context the handlers read. */
export interface LambdaContextLike {
  /** Milliseconds until the function's timeout ends the invocation. */
  getRemainingTimeInMillis(): number;
}

/** Left between the answer and Connect's limit: Lambda's response path and Connect's own bookkeeping. */
export const CONNECT_SAFETY_MARGIN_MS = 500;

/** Left between the answer and the function's timeout, so the answer is sent before the runtime stops it. */
export const LAMBDA_SAFETY_MARGIN_MS = 300;

/**
 * Connect's limit for a synchronous `start`, when `CONNECT_TIME_LIMIT_MS` does not say otherwise: the
 * async macro's start block waits 4 s.
 */
export const DEFAULT_START_CONNECT_LIMIT_MS = 4000;

/** Connect's limit for a synchronous `poll`, when `CONNECT_TIME_LIMIT_MS` does not say otherwise (the macro's 3 s). */
export const DEFAULT_POLL_CONNECT_LIMIT_MS = 3000;

/** The longest synchronous wait Connect allows a Lambda block. */
export const MAX_CONNECT_LIMIT_MS = 8000;

/** An instant on the handlers' clock, and a bounded way to await calls before it. */
export class Deadline {
  /**
   * Whether calls are raced against a real timer: only on the system clock. Under a virtual clock (the
   * simulator, the handler tests) a real timer would measure something else than the clock, and make
   * a run depend on the machine's load; there calls are local, and the deadline is checked on the clock
   * before each one instead.
   */
  private readonly realTime: boolean;

  public constructor(
    private readonly clock: Clock,
    /** The instant, epoch ms on `clock`. */
    public readonly atEpochMs: number,
  ) {
    this.realTime = clock === systemClock;
  }

  /** How long until the deadline, ms (negative once passed). */
  public remainingMs(): number {
    return this.atEpochMs - this.clock();
  }

  /**
   * Runs `call` with a signal that aborts `reserveMs` before the deadline, and rejects with
   * {@link DeadlineExceededError} at that instant if the call has not settled: an SDK that sleeps
   * between retries without watching the signal cannot hold the invocation past it.
   *
   * Under a virtual clock only the check before the call applies (see `realTime`).
   */
  public async run<T>(call: (signal: AbortSignal) => Promise<T>, reserveMs = 0): Promise<T> {
    const budgetMs = this.remainingMs() - reserveMs;
    if (budgetMs <= 0) throw new DeadlineExceededError("no time was left before the invocation's deadline");
    const controller = new AbortController();
    if (!this.realTime) return call(controller.signal);
    let timer: NodeJS.Timeout | undefined;
    const expired = new Promise<never>((_resolve, reject) => {
      timer = setTimeout(() => {
        const error = new DeadlineExceededError(`the call did not answer within ${Math.round(budgetMs)} ms, the time left before the invocation's deadline`);
        controller.abort(error);
        reject(error);
      }, budgetMs);
      // A pending timer must not keep a finished test or simulator process alive.
      timer.unref();
    });
    try {
      return await Promise.race([call(controller.signal), expired]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** What limits one invocation. */
export interface DeadlineLimits {
  /** When the invocation began, epoch ms. */
  readonly startedAtEpochMs: number;
  /** How long the caller waits for the answer, ms. */
  readonly windowMs: number;
  /** Taken off `windowMs` for the answer's trip. @default CONNECT_SAFETY_MARGIN_MS */
  readonly windowMarginMs?: number;
  /** The Lambda context, when the runtime passed one; without it only the window applies. */
  readonly lambdaContext?: LambdaContextLike;
}

/** The deadline of an invocation: the caller's window or the function's own end, whichever comes first. */
export function deadlineFor(clock: Clock, limits: DeadlineLimits): Deadline {
  const byCaller = limits.windowMs - (limits.windowMarginMs ?? CONNECT_SAFETY_MARGIN_MS);
  const remaining = readRemainingTime(limits.lambdaContext);
  const byFunction = remaining === undefined ? Number.POSITIVE_INFINITY : remaining - LAMBDA_SAFETY_MARGIN_MS;
  return new Deadline(clock, limits.startedAtEpochMs + Math.max(0, Math.min(byCaller, byFunction)));
}

/** The remaining time, or undefined when the context cannot tell (tests, the simulator, a foreign caller). */
function readRemainingTime(context: LambdaContextLike | undefined): number | undefined {
  try {
    const remaining = context?.getRemainingTimeInMillis();
    return typeof remaining === "number" && Number.isFinite(remaining) ? remaining : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether a failed call ran out of time rather than being refused: our deadline, the SDK's abort, or
 * the HTTP handler's connection/request timeouts (smithy names them TimeoutError; sockets ETIMEDOUT).
 */
export function isTimeout(error: unknown): boolean {
  if (error instanceof DeadlineExceededError) return true;
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  return error.name === "AbortError" || error.name === "TimeoutError" || code === "ETIMEDOUT" || isTimeout(error.cause);
}
