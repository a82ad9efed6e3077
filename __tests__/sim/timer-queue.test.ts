/**
 * The virtual clock's timer queue gives timers back earliest first, ties in creation order, and never
 * gives back a cancelled one: the order the simulator's determinism rests on.
 */
import fc from "fast-check";
import { TimerQueue, type QueuedTimer } from "../../sim/world/timer-queue";

const noop = (): void => undefined;

describe("TimerQueue", () => {
  it("pops timers in (time, creation) order, skipping cancelled ones, whatever the pushes and cancels", () => {
    fc.assert(
      fc.property(fc.array(fc.record({ at: fc.integer({ min: 0, max: 50 }), cancel: fc.boolean() }), { maxLength: 200 }), (plans) => {
        // GIVEN timers pushed in creation order, some cancelled
        const queue = new TimerQueue();
        const timers: QueuedTimer[] = plans.map((plan, seq) => ({ at: plan.at, seq, resolve: noop }));
        for (const timer of timers) queue.push(timer);
        timers.forEach((timer, index) => plans[index].cancel && queue.cancel(timer));
        // WHEN every timer is popped
        const popped: QueuedTimer[] = [];
        for (let timer = queue.pop(); timer !== undefined; timer = queue.pop()) popped.push(timer);
        // THEN they come back as a stable sort by time of those not cancelled
        const expected = timers.filter((_, index) => !plans[index].cancel).sort((a, b) => a.at - b.at || a.seq - b.seq);
        expect(popped).toEqual(expected);
        expect(queue.size).toBe(0);
      }),
    );
  });

  it("counts only the timers still wanted, and peeks without taking", () => {
    const queue = new TimerQueue();
    const first: QueuedTimer = { at: 5, seq: 0, resolve: noop };
    const second: QueuedTimer = { at: 7, seq: 1, resolve: noop };
    queue.push(first);
    queue.push(second);
    queue.cancel(first);
    queue.cancel(first);
    expect(queue.size).toBe(1);
    expect(queue.peek()).toBe(second);
    expect(queue.size).toBe(1);
    expect(queue.pop()).toBe(second);
    expect(queue.pop()).toBeUndefined();
  });
});
