/**
 * Waiting, inside one Lambda call, for a request's item to complete: `start`'s fast path, `poll`'s
 * short synchronous long poll (`pollWaitMs`) and its asynchronous long poll (`asyncLongPollMs`, up to a
 * minute). Answering the moment the item completes is what cuts the caller's wait; the read interval
 * sets how late that moment is seen, and what a waiting minute costs.
 */
import type { Clock, Sleep } from "./clock";
import type { Deadline } from "./deadline";
import { RecordStatus, type RequestRecord } from "./request-record";
import type { RequestStore } from "./request-store";

/** The pause between reads of a short synchronous wait (fast path, `pollWaitMs`). */
export const COMPLETION_READ_INTERVAL_MS = 75;

/**
 * The pause between reads of the asynchronous long poll. A completion is seen on average half an
 * interval (100 ms) plus one read after it happens, at most one interval plus one read later: well
 * inside the 0.3 s median / 1 s worst result-delivery target, at 300 reads per waiting minute.
 */
export const LONG_POLL_READ_INTERVAL_MS = 200;

/**
 * DynamoDB reads per minute of asynchronous long poll, at worst: eventually consistent GetItems of one
 * item under 4 KB, half a read request unit each. Each poll invocation adds one strongly consistent read
 * (its first). For the bench's cost table.
 */
export const LONG_POLL_MAX_READS_PER_MINUTE = 60_000 / LONG_POLL_READ_INTERVAL_MS;

/** The last read starts at least this long before the deadline, so it can answer (one GetItem takes ~10 ms). */
export const LAST_READ_RESERVE_MS = 100;

/** What the wait needs. */
export interface CompletionWaitDependencies {
  readonly store: RequestStore;
  readonly clock: Clock;
  /** Must advance `clock` by the time waited. */
  readonly sleep: Sleep;
}

/** How to wait. */
export interface CompletionWaitOptions {
  /** How long to wait at most, ms. */
  readonly waitMs: number;
  /** The pause between reads, ms. @default COMPLETION_READ_INTERVAL_MS */
  readonly intervalMs?: number;
  /** Whether reads are strongly consistent. @default true */
  readonly consistentRead?: boolean;
  /** Bounds each read; the wait also ends before a pause that would outlast it. @default unbounded */
  readonly deadline?: Deadline;
  /** Whether a read record is still the request waited for (e.g. the same execution). @default always */
  readonly belongs?: (record: RequestRecord) => boolean;
}

/**
 * Reads the item every `intervalMs` until `waitMs` has passed; returns the record as soon as it is no
 * longer a live PENDING item (SUCCEEDED, FAILED, or past its lease), otherwise undefined. A failed read,
 * or an item that vanished or changed hands (`belongs`), ends the wait with undefined: the caller reads
 * again, consistently, or leaves it to the flow's next poll. The read count is bounded too, so a clock
 * that does not advance with `sleep` cannot hold the call.
 */
export async function waitForCompletion(deps: CompletionWaitDependencies, requestId: string, options: CompletionWaitOptions): Promise<RequestRecord | undefined> {
  const intervalMs = options.intervalMs ?? COMPLETION_READ_INTERVAL_MS;
  const endEpochMs = Math.min(deps.clock() + options.waitMs, (options.deadline?.atEpochMs ?? Number.POSITIVE_INFINITY) - LAST_READ_RESERVE_MS);
  const maxReads = Math.ceil(options.waitMs / intervalMs);
  for (let reads = 0; reads < maxReads && deps.clock() < endEpochMs; reads += 1) {
    await deps.sleep(Math.min(intervalMs, endEpochMs - deps.clock()));
    const record = await deps.store.get(requestId, { consistentRead: options.consistentRead ?? true, deadline: options.deadline }).catch(() => undefined);
    if (record === undefined || !(options.belongs?.(record) ?? true)) return undefined;
    if (record.getStatus(deps.clock()) !== RecordStatus.PENDING) return record;
  }
  return undefined;
}
