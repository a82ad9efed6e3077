/** Work that outlives the call that started it (executions, late Lambda answers), run to its end. */
import type { VirtualScheduler } from "./clock";

/** Runs the clock until every background task (including ones started meanwhile) has settled. */
export async function drain(clock: VirtualScheduler, background: ReadonlyArray<Promise<unknown>>, maxVirtualMs: number): Promise<void> {
  for (let done = 0; done < background.length; ) {
    const snapshot = background.length;
    try {
      await clock.run(Promise.allSettled(background.slice(done)), { maxVirtualMs });
    } catch {
      return; // stalled or out of virtual time: give up on the rest
    }
    done = snapshot;
  }
}
