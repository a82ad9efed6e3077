/**
 * Virtual time for the simulator.
 *
 * Everything that takes time in a simulated call (a prompt, a Lambda's fixed latency, the handler's
 * fast-path wait, the backend's work, a DynamoDB round trip) sleeps on this clock instead of on a real
 * timer. The scheduler advances virtual time only when all real asynchronous work is idle: real work is
 * what cannot be virtual (HTTP calls to dynalite, aws-local-stepfunctions' promise chains), and it is
 * either registered with {@link VirtualScheduler.track} or drained by flushing the macrotask queue.
 *
 * Timers that fall due at the same virtual instant fire one at a time, in the order they were created,
 * each followed by a full drain. That makes the interleaving of concurrent callers, executions and
 * DynamoDB writes a function of the scenario alone, so the same scenario gives the same timeline.
 */

import { TimerQueue, type QueuedTimer } from "./timer-queue";

/** What simulated components see: the current epoch time and a way to let virtual time pass. */
export interface SimClock {
  /** Current virtual epoch milliseconds. */
  now(): number;
  /**
   * Resolves once `ms` virtual milliseconds have passed, or at once when `signal` aborts (a cut prompt,
   * a time limit no longer needed), so no stale timer is left to move virtual time later.
   */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

/** The simulation cannot make progress: nothing is scheduled and the awaited work is not done. */
export class SimulationStalledError extends Error {
  constructor(readonly atMs: number) {
    super(`simulation stalled at +${atMs} ms: nothing is scheduled and the awaited work has not finished`);
    this.name = "SimulationStalledError";
  }
}

/** Virtual time passed the run's limit. */
export class VirtualTimeLimitError extends Error {
  constructor(readonly limitMs: number) {
    super(`simulation exceeded its virtual time limit of ${limitMs} ms`);
    this.name = "VirtualTimeLimitError";
  }
}


/** Options of {@link VirtualScheduler.run}. */
export interface RunOptions {
  /** Virtual milliseconds after the scheduler's start at which the run gives up. @default 3_600_000 */
  readonly maxVirtualMs?: number;
}

/** How many consecutive empty macrotask turns count as "idle". */
const IDLE_TURNS = 3;

/** A deterministic virtual clock and the loop that drives it. */
export class VirtualScheduler implements SimClock {
  private current: number;
  private readonly timers = new TimerQueue();
  private sequence = 0;
  private inflight = 0;
  private idleWaiters: Array<() => void> = [];

  constructor(readonly startEpochMs: number) {
    this.current = startEpochMs;
  }

  now(): number {
    return this.current;
  }

  /** Virtual milliseconds since the scheduler started. */
  elapsedMs(): number {
    return this.current - this.startEpochMs;
  }

  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    const at = this.current + Math.max(0, Number.isFinite(ms) ? ms : 0);
    if (signal?.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // The listener goes when the timer fires, so many sleeps on one long-lived signal do not pile up listeners.
      const onAbort = (): void => {
        this.timers.cancel(timer);
        resolve();
      };
      const timer: QueuedTimer = {
        at,
        seq: this.sequence++,
        resolve: () => {
          signal?.removeEventListener("abort", onAbort);
          resolve();
        },
      };
      this.timers.push(timer);
      signal?.addEventListener("abort", onAbort, { once: true });
    });
  }

  /** Resolves at the given virtual epoch time (at once if it has passed). */
  sleepUntil(epochMs: number): Promise<void> {
    return this.sleep(epochMs - this.current);
  }

  /** The number of timers waiting to fire. */
  get pendingTimers(): number {
    return this.timers.size;
  }

  /**
   * Runs real asynchronous work (e.g. an HTTP call to dynalite) while virtual time stands still: the
   * scheduler will not fire another timer until it settles.
   */
  async track<T>(work: () => Promise<T>): Promise<T> {
    this.inflight += 1;
    try {
      return await work();
    } finally {
      this.inflight -= 1;
      if (this.inflight === 0) {
        const waiters = this.idleWaiters;
        this.idleWaiters = [];
        for (const wake of waiters) wake();
      }
    }
  }

  /**
   * Drives virtual time until `work` settles, and returns (or throws) what it does. Throws
   * {@link SimulationStalledError} when `work` is still pending but nothing is scheduled.
   */
  async run<T>(work: Promise<T>, options: RunOptions = {}): Promise<T> {
    const maxVirtualMs = options.maxVirtualMs ?? 3_600_000;
    let settled = false;
    work.then(
      () => (settled = true),
      () => (settled = true),
    );
    for (;;) {
      await this.drain();
      if (settled) return work;
      const next = this.timers.peek();
      if (!next) throw new SimulationStalledError(this.elapsedMs());
      if (next.at - this.startEpochMs > maxVirtualMs) throw new VirtualTimeLimitError(maxVirtualMs);
      const timer = this.timers.pop() as QueuedTimer;
      this.current = Math.max(this.current, timer.at);
      timer.resolve();
    }
  }

  /** Waits until no tracked work is in flight and the macrotask queue has been empty for a few turns. */
  private async drain(): Promise<void> {
    for (let idle = 0; idle < IDLE_TURNS; ) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (this.inflight > 0) {
        await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
        idle = 0;
        continue;
      }
      idle += 1;
    }
  }
}
