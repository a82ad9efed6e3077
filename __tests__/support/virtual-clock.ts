/** A clock that moves only when told to, and a sleep that moves it instead of waiting. */
import type { Clock, Sleep } from "../../handlers/lib/clock";

/** 2026-03-01T12:00:00.000Z: a fixed "now" for tests. */
export const TEST_EPOCH_MS = Date.UTC(2026, 2, 1, 12, 0, 0);

export class VirtualClock {
  private nowEpochMs: number;
  /** Every sleep requested, in ms. */
  public readonly sleeps: number[] = [];
  /** Called after each sleep has moved the clock (e.g. to complete work "during" the wait). */
  public afterSleep?: (sleepCount: number) => void | Promise<void>;

  public constructor(startEpochMs: number = TEST_EPOCH_MS) {
    this.nowEpochMs = startEpochMs;
  }

  public readonly now: Clock = () => this.nowEpochMs;

  public readonly sleep: Sleep = async (ms) => {
    this.nowEpochMs += ms;
    this.sleeps.push(ms);
    await this.afterSleep?.(this.sleeps.length);
  };

  public advance(ms: number): void {
    this.nowEpochMs += ms;
  }
}
