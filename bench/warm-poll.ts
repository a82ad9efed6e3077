/**
 * A warm `poll` over the bench's local status table, as figures 3 and 3b time it: the handler's
 * dependencies (a quiet logger, the real store, the bench's operations and key), a microsecond timer,
 * and the p50/p99 summary both figures report.
 */
import { systemClock, timerSleep } from "../handlers/lib/clock";
import { DynamoDbRequestStore } from "../handlers/lib/dynamodb-request-store";
import type { PollDependencies } from "../handlers/lib/handler-dependencies";
import type { InvocationLogger } from "../handlers/lib/invocation-logger";
import { staticRequestIdKeys } from "../handlers/lib/request-id-key";
import { BENCH_OPERATIONS, BENCH_REQUEST_ID_KEY, BENCH_TABLE_NAME, type LocalStatusTable } from "./local-status-table";
import { percentile, round } from "./stats";

/** Calls of each kind measured before the other kind gets its turn (or, interleaved, per alternation block). */
export const BLOCK = 50;

export interface LatencySummary {
  readonly p50Us: number;
  readonly p99Us: number;
}

/** Logging is a no-op: production's one line per call is I/O neither figure measures. */
const SILENT: InvocationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A poll handler's dependencies over the local table, without metrics. */
export function warmPollDependencies(table: LocalStatusTable): PollDependencies {
  const store = new DynamoDbRequestStore({ client: table.client, tableName: BENCH_TABLE_NAME, clock: systemClock });
  return { store, clock: systemClock, sleep: timerSleep, operations: BENCH_OPERATIONS, logger: SILENT, requestIdKeys: staticRequestIdKeys(BENCH_REQUEST_ID_KEY) };
}

/** How long one call takes, in µs. */
export async function timeUs(call: () => Promise<unknown>): Promise<number> {
  const started = process.hrtime.bigint();
  await call();
  return Number(process.hrtime.bigint() - started) / 1000;
}

/** p50 and p99 of the samples, whole µs. */
export function latencySummary(samples: ReadonlyArray<number>): LatencySummary {
  return { p50Us: round(percentile(samples, 50), 0), p99Us: round(percentile(samples, 99), 0) };
}
