/**
 * A warm `poll` over the bench's local status table, as figures 3 and 3b time it: their options, the
 * handler's dependencies (a quiet logger, the real store, the bench's operations and key), a microsecond
 * timer, the p50/p99 summary, and how both figures set a measured call against its baseline.
 */
import { systemClock, timerSleep } from "../handlers/lib/clock";
import { DynamoDbRequestStore } from "../handlers/lib/dynamodb-request-store";
import type { PollDependencies } from "../handlers/lib/handler-dependencies";
import type { ConnectHandler } from "../handlers/lib/invocation";
import type { InvocationLogger } from "../handlers/lib/invocation-logger";
import { staticRequestIdKeys } from "../handlers/lib/request-id-key";
import { BENCH_OPERATIONS, BENCH_REQUEST_ID_KEY, BENCH_TABLE_NAME, type LocalStatusTable, pollEvent } from "./local-status-table";
import { percentile, ratio, round } from "./stats";
import { fmt } from "./table";

/** Calls of each kind measured before the other kind gets its turn (or, interleaved, per alternation block). */
export const BLOCK = 50;

/** Options of figures 3 and 3b. */
export interface WarmPollOptions {
  /** Measured calls of each kind. @default 2000 */
  readonly calls?: number;
  /** Unmeasured calls of each kind first. @default 200 */
  readonly warmup?: number;
}

export interface LatencySummary {
  readonly p50Us: number;
  readonly p99Us: number;
}

/** The calls of each kind that `options` asks for, defaults filled in. */
export function warmPollCounts(options: WarmPollOptions): { readonly calls: number; readonly warmup: number } {
  return { calls: options.calls ?? 2000, warmup: options.warmup ?? 200 };
}

/** Logging is a no-op: production's one line per call is I/O neither figure measures. */
const SILENT: InvocationLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** A poll handler's dependencies over the local table, without metrics. */
export function warmPollDependencies(table: LocalStatusTable): PollDependencies {
  const store = new DynamoDbRequestStore({ client: table.client, tableName: BENCH_TABLE_NAME, clock: systemClock });
  return { store, clock: systemClock, sleep: timerSleep, operations: BENCH_OPERATIONS, logger: SILENT, requestIdKeys: staticRequestIdKeys(BENCH_REQUEST_ID_KEY) };
}

/**
 * One warm poll of the bench's pending request by `handler`, as the figures time it; throws unless it
 * answers PENDING, so that a broken setup is never timed as a fast answer.
 */
export function pendingPollCall(handler: ConnectHandler): () => Promise<void> {
  const event = pollEvent();
  return async () => {
    const answer = await handler(event);
    if (answer.asyncStatus !== "PENDING") throw new Error(`poll answered ${JSON.stringify(answer)}, expected PENDING`);
  };
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

/** A measured call against its baseline: the ratios at p50 and p99, and what the measured call adds at p50. */
export interface LatencyComparison {
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  /** measured − baseline, at p50. */
  readonly overheadP50Us: number;
}

/** Compares the `measured` call's latencies with the `baseline`'s. */
export function compareLatency(measured: LatencySummary, baseline: LatencySummary): LatencyComparison {
  return {
    p50Ratio: round(ratio(measured.p50Us, baseline.p50Us), 3),
    p99Ratio: round(ratio(measured.p99Us, baseline.p99Us), 3),
    overheadP50Us: measured.p50Us - baseline.p50Us,
  };
}

/** The columns of a comparison table. */
export const COMPARISON_COLUMNS: ReadonlyArray<string> = ["call", "p50", "ratio", "p99", "ratio"];

/** A comparison's two table rows: the measured call with its ratios, then the baseline at 1.00×. */
export function comparisonRows(
  measured: { readonly label: string; readonly latency: LatencySummary },
  baseline: { readonly label: string; readonly latency: LatencySummary },
  comparison: LatencyComparison,
): string[][] {
  return [
    [measured.label, fmt.us(measured.latency.p50Us), fmt.ratio(comparison.p50Ratio), fmt.us(measured.latency.p99Us), fmt.ratio(comparison.p99Ratio)],
    [baseline.label, fmt.us(baseline.latency.p50Us), "1.00×", fmt.us(baseline.latency.p99Us), "1.00×"],
  ];
}
