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
import { pollEvent, startLocalStatusTable } from "./local-status-table";
import { percentile, ratio, round } from "./stats";
import { type BenchTable, fmt } from "./table";
import { BLOCK, latencySummary, type LatencySummary, timeUs, warmPollDependencies } from "./warm-poll";

/** Options of {@link runMetricsOverheadBenchmark}. */
export interface MetricsOverheadOptions {
  /** Measured calls of each kind. @default 2000 */
  readonly calls?: number;
  /** Unmeasured calls of each kind first. @default 200 */
  readonly warmup?: number;
}

/** The figure's JSON. */
export interface MetricsOverheadResult {
  readonly calls: number;
  readonly withMetrics: LatencySummary;
  readonly withoutMetrics: LatencySummary;
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  /** with − without, at p50. */
  readonly overheadP50Us: number;
  /** Bytes of one warm PENDING poll's EMF line (newline included). */
  readonly emfLineBytes: number;
  /** The publishing alone, without the store: median µs of one invocation's metrics (build, serialize, write), over 5,000 calls. */
  readonly publishP50Us: number;
}

/** Runs the figure. */
export async function runMetricsOverheadBenchmark(options: MetricsOverheadOptions = {}): Promise<MetricsOverheadResult> {
  const calls = options.calls ?? 2000;
  const warmup = options.warmup ?? 200;
  const table = await startLocalStatusTable();
  const devNull = openSync("/dev/null", "w");
  try {
    let lastLineBytes = 0;
    const sink = new EmfMetricsSink({ serviceName: "bench-poll", write: (line) => (lastLineBytes = writeSync(devNull, `${line}\n`)) });
    const deps = warmPollDependencies(table);
    const plain = createPollHandler(deps);
    const measured = createPollHandler({ ...deps, metrics: sink });
    const event = pollEvent();
    const call = (handler: typeof plain) => async () => {
      const answer = await handler(event);
      if (answer.asyncStatus !== "PENDING") throw new Error(`poll answered ${JSON.stringify(answer)}, expected PENDING`);
    };
    const [without, withMetrics] = [call(plain), call(measured)];
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
      p50Ratio: round(ratio(a.p50Us, b.p50Us), 3),
      p99Ratio: round(ratio(a.p99Us, b.p99Us), 3),
      overheadP50Us: a.p50Us - b.p50Us,
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
      columns: ["call", "p50", "ratio", "p99", "ratio"],
      rows: [
        ["poll handler, publishing metrics", fmt.us(result.withMetrics.p50Us), fmt.ratio(result.p50Ratio), fmt.us(result.withMetrics.p99Us), fmt.ratio(result.p99Ratio)],
        ["baseline: the same handler, no metrics", fmt.us(result.withoutMetrics.p50Us), "1.00×", fmt.us(result.withoutMetrics.p99Us), "1.00×"],
      ],
      notes: [
        `metrics add ${fmt.us(result.overheadP50Us)} per call at p50 (noise included); publishing alone takes ${result.publishP50Us} µs at p50`,
        `one EMF line is ${result.emfLineBytes} bytes`,
      ],
    },
  ];
}
