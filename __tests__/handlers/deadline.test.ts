import { systemClock } from "../../handlers/lib/clock";
import { CONNECT_SAFETY_MARGIN_MS, Deadline, deadlineFor, isTimeout, LAMBDA_SAFETY_MARGIN_MS } from "../../handlers/lib/deadline";
import { DeadlineExceededError } from "../../handlers/lib/errors";
import { TEST_EPOCH_MS, VirtualClock } from "../support/virtual-clock";

describe("an invocation's deadline", () => {
  const clock = new VirtualClock();

  it.each([
    { case: "no Lambda context: Connect's window less its margin", context: undefined, expected: 3000 - CONNECT_SAFETY_MARGIN_MS },
    { case: "plenty of function time: still Connect's window", context: { getRemainingTimeInMillis: () => 60_000 }, expected: 3000 - CONNECT_SAFETY_MARGIN_MS },
    { case: "little function time: the function's end less its margin", context: { getRemainingTimeInMillis: () => 1000 }, expected: 1000 - LAMBDA_SAFETY_MARGIN_MS },
    { case: "a context that throws: Connect's window", context: { getRemainingTimeInMillis: (): number => { throw new Error("no"); } }, expected: 3000 - CONNECT_SAFETY_MARGIN_MS },
    { case: "no time at all: now, never before", context: { getRemainingTimeInMillis: () => 0 }, expected: 0 },
  ])("is the earlier limit with $case", ({ context, expected }) => {
    // GIVEN a 3 s synchronous window
    // WHEN the deadline is computed
    const deadline = deadlineFor(clock.now, { startedAtEpochMs: TEST_EPOCH_MS, windowMs: 3000, lambdaContext: context });
    // THEN it is the earlier of the two limits, each less its margin
    expect(deadline.atEpochMs - TEST_EPOCH_MS).toBe(expected);
  });

  it("on the system clock, abandons a call that never settles at the deadline and aborts its signal", async () => {
    // GIVEN a deadline 150 ms away and a call that never answers
    const deadline = new Deadline(systemClock, Date.now() + 150);
    let signal: AbortSignal | undefined;
    const startedAt = Date.now();

    // WHEN it is run
    const outcome = await deadline.run((given) => {
      signal = given;
      return new Promise<never>(() => undefined);
    }).catch((error: unknown) => error);

    // THEN it rejects with DeadlineExceededError near the deadline, and the call was told to stop
    expect(outcome).toBeInstanceOf(DeadlineExceededError);
    expect(Date.now() - startedAt).toBeGreaterThanOrEqual(100);
    expect(Date.now() - startedAt).toBeLessThan(1000);
    expect(signal?.aborted).toBe(true);
  });

  it("keeps back a reserve: a call gets the time until the deadline less the reserve", async () => {
    // GIVEN a deadline 100 ms away, of which 100 ms are reserved
    const deadline = new Deadline(systemClock, Date.now() + 100);
    // WHEN a call is run with that reserve
    // THEN it is refused at once
    await expect(deadline.run(async () => "ran", 100)).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it("under a virtual clock, checks the clock before the call and sets no real timer", async () => {
    // GIVEN a virtual deadline 10 ms ahead and a call that takes 50 real ms
    const virtual = new VirtualClock();
    const deadline = new Deadline(virtual.now, virtual.now() + 10);
    const slowCall = () => new Promise<string>((resolve) => setTimeout(() => resolve("answered"), 50));

    // WHEN it is run, then run again once the virtual clock passed the deadline
    const first = await deadline.run(slowCall);
    virtual.advance(10);

    // THEN the first answers (virtual time did not pass), the second is refused before it starts
    expect(first).toBe("answered");
    await expect(deadline.run(slowCall)).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it.each([
    { case: "our deadline", error: new DeadlineExceededError(), expected: true },
    { case: "an SDK abort", error: Object.assign(new Error("Request aborted"), { name: "AbortError" }), expected: true },
    { case: "smithy's request timeout", error: Object.assign(new Error("timed out"), { name: "TimeoutError" }), expected: true },
    { case: "a socket timeout", error: Object.assign(new Error("x"), { code: "ETIMEDOUT" }), expected: true },
    { case: "a wrapped timeout", error: new Error("outer", { cause: new DeadlineExceededError() }), expected: true },
    { case: "a refusal", error: Object.assign(new Error("no"), { name: "AccessDeniedException" }), expected: false },
    { case: "a non-error", error: "timeout", expected: false },
  ])("tells $case apart as a timeout: $expected", ({ error, expected }) => {
    expect(isTimeout(error)).toBe(expected);
  });
});
