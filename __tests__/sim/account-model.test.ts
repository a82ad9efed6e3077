/**
 * The account's quotas as the simulator models them: Lambda concurrency pools (reserved and unreserved,
 * the targets' share) and token buckets (StartExecution, the table's throughput).
 */
import { LambdaAccount } from "../../sim/aws/lambda-account";
import { TokenBucket } from "../../sim/aws/token-bucket";
import { SimulationInputError } from "../../sim/simulation-input-error";
import { VirtualScheduler } from "../../sim/world/clock";

describe("LambdaAccount", () => {
  it("throttles the bridge's functions once they hold the account's executions together", () => {
    // GIVEN an account with 3 executions and no reservations
    const account = new LambdaAccount({ lambdaConcurrency: 3 });
    // WHEN start holds one and poll asks for three
    const held = [account.acquire("app-start"), account.acquire("app-poll"), account.acquire("app-poll")];
    const refused = account.acquire("app-poll");
    // THEN the fourth is refused, and the figures say who held and who was turned away
    expect(held.every((lease) => lease !== undefined)).toBe(true);
    expect(refused).toBeUndefined();
    expect(account.peakConcurrency()).toEqual({ total: 3, "app-poll": 2, "app-start": 1, targets: 0 });
    expect(account.throttles()).toEqual({ "app-poll": 1 });
  });

  it("gives an execution back when its lease is released, once", () => {
    // GIVEN a full account of one execution
    const account = new LambdaAccount({ lambdaConcurrency: 1 });
    const lease = account.acquire("app-poll")!;
    // WHEN the lease is released twice THEN one execution comes back, not two
    lease();
    lease();
    expect(account.acquire("app-poll")).toBeDefined();
    expect(account.acquire("app-poll")).toBeUndefined();
  });

  it("keeps a reserved function inside its own pool and the others out of it", () => {
    // GIVEN 10 executions, 8 of them reserved for the long poll
    const account = new LambdaAccount({ lambdaConcurrency: 10, reserved: { "app-long-poll": 8 } });
    // WHEN the long poll asks for 9 and start for 3
    const longPolls = Array.from({ length: 9 }, () => account.acquire("app-long-poll"));
    const starts = Array.from({ length: 3 }, () => account.acquire("app-start"));
    // THEN the long poll stops at its reservation, start at the 2 left unreserved
    expect(longPolls.filter((lease) => lease !== undefined)).toHaveLength(8);
    expect(starts.filter((lease) => lease !== undefined)).toHaveLength(2);
    expect(account.throttles()).toEqual({ "app-long-poll": 1, "app-start": 1 });
    expect(account.peakConcurrency().total).toBe(10);
  });

  it("draws the targets on their own share, apart from the bridge's total", () => {
    // GIVEN targets limited to 2 while the bridge has plenty
    const account = new LambdaAccount({ lambdaConcurrency: 100, targetsConcurrency: 2 });
    // WHEN three target invocations arrive
    const leases = [account.acquireTarget(), account.acquireTarget(), account.acquireTarget()];
    // THEN the third is throttled and the bridge's total is untouched
    expect(leases.map((lease) => lease !== undefined)).toEqual([true, true, false]);
    expect(account.peakConcurrency()).toEqual({ total: 0, targets: 2 });
    expect(account.throttles()).toEqual({ targets: 1 });
  });

  it("refuses reservations larger than the account, saying what to change", () => {
    // WHEN 120 executions are reserved on an account of 100 THEN the error names both and the fix
    expect(() => new LambdaAccount({ lambdaConcurrency: 100, reserved: { "app-long-poll": 90, "app-start": 30 } })).toThrow(SimulationInputError);
    expect(() => new LambdaAccount({ lambdaConcurrency: 100, reserved: { "app-long-poll": 90, "app-start": 30 } })).toThrow(
      /reserve 120 concurrent executions \(app-long-poll 90, app-start 30\), more than the account's 100 \(account\.lambdaConcurrency\); raise it or reserve less/,
    );
  });

  it("refuses reservations that leave nothing for start and the synchronous poll", () => {
    // WHEN the long poll reserves the whole of an account of 100 THEN the error says start is left without executions
    expect(() => new LambdaAccount({ lambdaConcurrency: 100, reserved: { "app-long-poll": 100 } })).toThrow(/reserve all 100 concurrent executions .*leaving none for start/);
    // AND one execution left unreserved is a valid (if tight) account
    expect(() => new LambdaAccount({ lambdaConcurrency: 100, reserved: { "app-long-poll": 99 } })).not.toThrow();
  });
});

describe("TokenBucket", () => {
  it("lets a full bucket's burst through at once, then throttles", () => {
    // GIVEN DescribeExecution's quota: a bucket of 300 refilled at 15 a second
    const clock = new VirtualScheduler(0);
    const bucket = new TokenBucket({ bucketSize: 300, refillPerSecond: 15 }, clock);
    // WHEN 301 calls arrive in the same instant
    const granted = Array.from({ length: 301 }, () => bucket.tryTake()).filter(Boolean).length;
    // THEN 300 pass and one is throttled
    expect(granted).toBe(300);
    expect([bucket.granted, bucket.throttled]).toEqual([300, 1]);
  });

  it("refills at its rate on the virtual clock, never above its size", async () => {
    // GIVEN an empty bucket of 300 refilled at 15 a second
    const clock = new VirtualScheduler(0);
    const bucket = new TokenBucket({ bucketSize: 300, refillPerSecond: 15 }, clock);
    while (bucket.tryTake());
    // WHEN two virtual seconds pass
    await clock.run(clock.sleep(2000));
    // THEN 30 calls pass and the 31st is throttled
    const afterTwoSeconds = Array.from({ length: 31 }, () => bucket.tryTake());
    expect(afterTwoSeconds.filter(Boolean)).toHaveLength(30);
    // AND after an hour the bucket holds its size, not 54,000
    await clock.run(clock.sleep(3_600_000), { maxVirtualMs: 4_000_000 });
    expect(Array.from({ length: 301 }, () => bucket.tryTake()).filter(Boolean)).toHaveLength(300);
  });

  it("refuses a quota that could never let a call through", () => {
    expect(() => new TokenBucket({ bucketSize: 0, refillPerSecond: 15 }, new VirtualScheduler(0))).toThrow(/positive size and refill rate, got 0 \/ 15 per s/);
  });
});
