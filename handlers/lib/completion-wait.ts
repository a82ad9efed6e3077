/**
 * Waiting briefly, inside one Lambda call, for a request's item to complete: `start`'s fast path and
 * `poll`'s optional long poll. The caller hears the call's silence either way; answering the moment the
 * item completes is what saves time.
 */
import type { Clock, Sleep } from "./clock";
import { RecordStatus, type RequestRecord } from "./request-record";
import type { RequestStore } from "./request-store";

/** The pause between reads. */
export const COMPLETION_READ_INTERVAL_MS = 75;

/** What the wait needs. */
export interface CompletionWaitDependencies {
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Must advance `clock` by the time waited. */
  readonly sleep: Sleep;
}

/**
 * Reads the item every {@link COMPLETION_READ_INTERVAL_MS} until `waitMs` has passed; returns the record
 * as soon as it is SUCCEEDED or FAILED (and `belongs(record)`), otherwise undefined. A failed read, or an
 * item that vanished or changed hands, ends the wait: the flow's poll loop will find the outcome. The read
 * count is bounded too, so a clock that does not advance with `sleep` cannot hold the call.
 */
export async function waitForCompletion(
  deps: CompletionWaitDependencies,
  requestId: string,
  waitMs: number,
  belongs: (record: RequestRecord) => boolean = () => true,
): Promise<RequestRecord | undefined> {
  const deadlineEpochMs = deps.clock() + waitMs;
  const maxReads = Math.ceil(waitMs / COMPLETION_READ_INTERVAL_MS);
  for (let reads = 0; reads < maxReads && deps.clock() < deadlineEpochMs; reads += 1) {
    await deps.sleep(Math.min(COMPLETION_READ_INTERVAL_MS, deadlineEpochMs - deps.clock()));
    const record = await deps.store.get(requestId).catch(() => undefined);
    if (record === undefined || !belongs(record)) return undefined;
    const status = record.getStatus(deps.clock());
    if (status === RecordStatus.SUCCEEDED || status === RecordStatus.FAILED) return record;
  }
  return undefined;
}
