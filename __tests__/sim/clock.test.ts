import { SimulationStalledError, VirtualScheduler } from "../../sim/world/clock";

describe("VirtualScheduler", () => {
  it("lets a minute of virtual time pass without waiting in real time", async () => {
    // GIVEN a scheduler at a fixed epoch
    const clock = new VirtualScheduler(1_000_000);
    const started = Date.now();
    // WHEN work sleeps for 60 s of virtual time
    const result = await clock.run(
      (async () => {
        await clock.sleep(60_000);
        return clock.now();
      })(),
    );
    // THEN the virtual time moved and the real time barely did
    expect(result).toBe(1_060_000);
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it("ends a sleep at once when its signal aborts, and leaves no timer to move time later", async () => {
    // GIVEN a 60 s sleep cut by a signal at 5 s
    const clock = new VirtualScheduler(0);
    const cut = new AbortController();
    const work = (async () => {
      await Promise.all([clock.sleep(60_000, cut.signal), clock.sleep(5000).then(() => cut.abort())]);
      return clock.now();
    })();
    // WHEN it runs THEN it ends at 5 s and nothing is left scheduled
    expect(await clock.run(work)).toBe(5000);
    expect(clock.pendingTimers).toBe(0);
    // AND a sleep on an already aborted signal does not wait at all
    expect(await clock.run(clock.sleep(1000, cut.signal).then(() => clock.now()))).toBe(5000);
  });

  it("fires timers due at the same instant in the order they were created", async () => {
    // GIVEN three sleepers, two due at the same instant
    const clock = new VirtualScheduler(0);
    const order: string[] = [];
    const work = Promise.all([
      clock.sleep(20).then(() => order.push("b@20")),
      clock.sleep(10).then(() => order.push("a@10")),
      clock.sleep(20).then(() => order.push("c@20")),
    ]);
    // WHEN the scheduler runs them
    await clock.run(work);
    // THEN they fire by time, then by creation
    expect(order).toEqual(["a@10", "b@20", "c@20"]);
  });

  it("holds virtual time still while tracked real work is in flight", async () => {
    // GIVEN a sleeper and real work (a 30 ms real timer) that starts before it falls due
    const clock = new VirtualScheduler(0);
    const seen: number[] = [];
    const work = Promise.all([
      clock.track(() => new Promise<void>((resolve) => setTimeout(resolve, 30))).then(() => seen.push(clock.now())),
      clock.sleep(5).then(() => seen.push(clock.now())),
    ]);
    // WHEN both run
    await clock.run(work);
    // THEN the real work finished at virtual 0, before the 5 ms sleeper fired
    expect(seen).toEqual([0, 5]);
  });

  it("reports a stall when awaited work can never finish", async () => {
    // GIVEN work that waits on a promise nothing resolves
    const clock = new VirtualScheduler(0);
    // WHEN it runs THEN the scheduler says it stalled instead of hanging
    await expect(clock.run(new Promise<void>(() => undefined))).rejects.toBeInstanceOf(SimulationStalledError);
  });
});
