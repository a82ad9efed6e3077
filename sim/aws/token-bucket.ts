/**
 * A token bucket on the virtual clock, the way AWS states its API quotas (reference
 * aws-terraform-facts.md §A1: "bucket size / refill rate per second"): a call takes one token when there
 * is one, else it is throttled; tokens come back at the refill rate, up to the bucket's size.
 */
import type { SimClock } from "../world/clock";

/** A bucket's size and refill rate. */
export interface TokenBucketQuota {
  /** Tokens the bucket holds when full: the burst a quiet account can make at once. */
  readonly bucketSize: number;
  /** Tokens added per second. */
  readonly refillPerSecond: number;
}

/** One quota, counting the calls it let through and the calls it throttled. */
export class TokenBucket {
  private tokens: number;
  private updatedAt: number;
  /** Calls that took a token. */
  granted = 0;
  /** Calls refused for want of a token. */
  throttled = 0;

  constructor(
    private readonly quota: TokenBucketQuota,
    private readonly clock: SimClock,
  ) {
    if (!(quota.bucketSize > 0) || !(quota.refillPerSecond > 0)) {
      throw new RangeError(`a token bucket needs a positive size and refill rate, got ${quota.bucketSize} / ${quota.refillPerSecond} per s`);
    }
    this.tokens = quota.bucketSize;
    this.updatedAt = clock.now();
  }

  /** Takes a token if there is one (true), or counts a throttle (false). */
  tryTake(): boolean {
    const now = this.clock.now();
    this.tokens = Math.min(this.quota.bucketSize, this.tokens + ((now - this.updatedAt) / 1000) * this.quota.refillPerSecond);
    this.updatedAt = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      this.granted += 1;
      return true;
    }
    this.throttled += 1;
    return false;
  }
}
