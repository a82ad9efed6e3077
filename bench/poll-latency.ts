/**
 * Figure 3, warm poll latency: the `poll` handler (createPollHandler, in this process, over
 * DynamoDbRequestStore) answering for a pending request in dynalite, against a raw strongly consistent
 * `GetItem` of the same item with the same client. The ratio is the handler's own overhead: event
 * parsing, request-id checks, the record's status arithmetic and the answer's shape. Logging is a
 * no-op here (production's Powertools logger writes one line per call; that I/O is not measured).
 *
 * After a warm-up, the two alternate in blocks of 50 calls so that noise on the shared machine falls
 * on both alike. Latencies include dynalite on loopback, which is slower than DynamoDB's service time
 * would be but the same for both sides.
 */
import { GetItemCommand } from "@aws-sdk/client-dynamodb";
import { StatusAttribute } from "../handlers/lib/status-item";
import { createPollHandler } from "../handlers/poll";
import { BENCH_REQUEST_ID, BENCH_TABLE_NAME, startLocalStatusTable } from "./local-status-table";
import { BLOCK, COMPARISON_COLUMNS, compareLatency, comparisonRows, type LatencyComparison, latencySummary, type LatencySummary, pendingPollCall, timeUs, type WarmPollOptions, warmPollCounts, warmPollDependencies } from "./warm-poll";
import { type BenchTable, fmt } from "./table";

/** Options of {@link runPollLatencyBenchmark}. */
export type PollLatencyOptions = WarmPollOptions;

/** The figure's JSON: the poll handler against a raw GetItem (`overheadP50Us`: poll p50 − GetItem p50). */
export interface PollLatencyResult extends LatencyComparison {
  readonly calls: number;
  readonly poll: LatencySummary;
  readonly rawGetItem: LatencySummary;
}

/** Runs figure 3. */
export async function runPollLatencyBenchmark(options: PollLatencyOptions = {}): Promise<PollLatencyResult> {
  const { calls, warmup } = warmPollCounts(options);
  const table = await startLocalStatusTable();
  try {
    const poll = pendingPollCall(createPollHandler(warmPollDependencies(table)));
    const getItem = () =>
      table.client.send(new GetItemCommand({ TableName: BENCH_TABLE_NAME, Key: { [StatusAttribute.pk]: { S: BENCH_REQUEST_ID } }, ConsistentRead: true }));

    for (let index = 0; index < warmup; index++) {
      await poll();
      await getItem();
    }
    const pollUs: number[] = [];
    const getItemUs: number[] = [];
    while (pollUs.length < calls) {
      const size = Math.min(BLOCK, calls - pollUs.length);
      for (let index = 0; index < size; index++) pollUs.push(await timeUs(poll));
      for (let index = 0; index < size; index++) getItemUs.push(await timeUs(getItem));
    }
    const pollSummary = latencySummary(pollUs);
    const rawSummary = latencySummary(getItemUs);
    return { calls, poll: pollSummary, rawGetItem: rawSummary, ...compareLatency(pollSummary, rawSummary) };
  } finally {
    await table.close();
  }
}

/** The figure's table. */
export function pollLatencyTables(result: PollLatencyResult): BenchTable[] {
  return [
    {
      title: `3. Warm poll latency against dynalite, ${result.calls.toLocaleString("en-US")} calls each`,
      columns: COMPARISON_COLUMNS,
      rows: comparisonRows({ label: "poll handler", latency: result.poll }, { label: "baseline: raw GetItem, same client", latency: result.rawGetItem }, result),
      notes: [`handler overhead at p50: ${fmt.us(result.overheadP50Us)} per call`],
    },
  ];
}
