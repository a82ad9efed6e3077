/**
 * Beside figure 3: what publishing metrics adds to a warm `poll`. The same handler over the same store,
 * once without a metrics sink and once with the production sink (Powertools Metrics, one EMF line per
 * invocation, written synchronously before the answer is returned, as in Lambda; here to /dev/null
 * instead of the runtime's stdout pipe). The difference is what the caller waits for the metrics.
 * Interleaved call by call after a warm-up. Also the publishing alone (no store), and the EMF line's
 * size, for the log-ingestion cost.
 */
import { closeSync, openSync, writeSync } from "node:fs";
import { metricsOfInvocation } from "../handlers/lib/metrics/invocation-metrics";
import { EmfMetricsSink } from "../handlers/lib/metrics/metrics-sink";
import { createPollHandler } from "../handlers/poll";
import { startLocalStatusTable } from "./local-status-table";
import { percentile, round } from "./stats";
import { type BenchTable, fmt } from "./table";
import { BLOCK, COMPARISON_COLUMNS, compareLatency, comparisonRows, type LatencyComparison, latencySummary, type LatencySummary, pendingPollCall, timeUs, type WarmPollOptions, warmPollCounts, warmPollDependencies } from "./warm-poll";

/** Options of {@link runMetricsOverheadBenchmark}. */
export type MetricsOverheadOptions = WarmPollOptions;

/** The figure's JSON: the handler with metrics against the same handler without (`overheadP50Us`: with − without, at p50). */
export interface MetricsOverheadResult extends LatencyComparison {
  readonly calls: number;
  readonly withMetrics: LatencySummary;
  readonly withoutMetrics: LatencySummary;
  /** Bytes of one warm PENDING poll's EMF line (newline included). */
  readonly emfLineBytes: number;
  /** The publishing alone, without the store: median µs of one invocation's metrics (build, serialize, write), over 5,000 calls. */
  readonly publishP50Us: number;
}

/** Runs the figure. */
export async function runMetricsOverheadBenchmark(options: MetricsOverheadOptions = {}): Promise<MetricsOverheadResult> {
  const { calls, warmup } = warmPollCounts(options);
  const table = await startLocalStatusTable();
  const devNull = openSync("/dev/null", "w");
  try {
    let lastLineBytes = 0;
    const sink = new EmfMetricsSink({ serviceName: "bench-poll", write: (line) => (lastLineBytes = writeSync(devNull, `${line}\n`)) });
    const deps = warmPollDependencies(table);
    const without = pendingPollCall(createPollHandler(deps));
    const withMetrics = pendingPollCall(createPollHandler({ ...deps, metrics: sink }));
    for (let index = 0; index < warmup; index++) {
      await without();
      await withMetrics();
    }
    const withoutUs: number[] = [];
    const withUs: number[] = [];
    while (withUs.length < calls) {
      const size = Math.min(BLOCK, calls - withUs.length);
      // Interleaved call by call, so drift on the shared machine falls on both alike.
      for (let index = 0; index < size; index++) {
        // Which goes first alternates too, so neither side always follows the other.
        if (index % 2 === 0) {
          withoutUs.push(await timeUs(without));
          withUs.push(await timeUs(withMetrics));
        } else {
          withUs.push(await timeUs(withMetrics));
          withoutUs.push(await timeUs(without));
        }
      }
    }
    const [a, b] = [latencySummary(withUs), latencySummary(withoutUs)];
    // The publishing alone, free of the store's noise: what the caller waits for the metrics.
    const values = metricsOfInvocation({ handler: "poll", status: "PENDING", timeToOutcomeMs: 0 });
    const publishUs: number[] = [];
    for (let index = 0; index < 5000; index++) {
      const started = process.hrtime.bigint();
      sink.publish({ operation: "bench", values });
      publishUs.push(Number(process.hrtime.bigint() - started) / 1000);
    }
    return {
      calls,
      withMetrics: a,
      withoutMetrics: b,
      ...compareLatency(a, b),
      emfLineBytes: lastLineBytes,
      publishP50Us: round(percentile(publishUs, 50), 1),
    };
  } finally {
    closeSync(devNull);
    await table.close();
  }
}

/** The figure's table. */
export function metricsOverheadTables(result: MetricsOverheadResult): BenchTable[] {
  return [
    {
      title: `3b. Warm poll with and without metrics (EMF), against dynalite, ${result.calls.toLocaleString("en-US")} calls each`,
      columns: COMPARISON_COLUMNS,
      rows: comparisonRows(
        { label: "poll handler, publishing metrics", latency: result.withMetrics },
        { label: "baseline: the same handler, no metrics", latency: result.withoutMetrics },
        result,
      ),
      notes: [
        `metrics add ${fmt.us(result.overheadP50Us)} per call at p50 (noise included); publishing alone takes ${result.publishP50Us} µs at p50`,
        `one EMF line is ${result.emfLineBytes} bytes`,
      ],
    },
  ];
}
