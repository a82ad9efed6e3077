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
import { BENCH_REQUEST_ID, BENCH_TABLE_NAME, pollEvent, startLocalStatusTable } from "./local-status-table";
import { ratio, round } from "./stats";
import { BLOCK, latencySummary, type LatencySummary, timeUs, warmPollDependencies } from "./warm-poll";
import { type BenchTable, fmt } from "./table";

/** Options of {@link runPollLatencyBenchmark}. */
export interface PollLatencyOptions {
  /** Measured calls of each kind. @default 2000 */
  readonly calls?: number;
  /** Unmeasured calls of each kind first. @default 200 */
  readonly warmup?: number;
}

/** The figure's JSON. */
export interface PollLatencyResult {
  readonly calls: number;
  readonly poll: LatencySummary;
  readonly rawGetItem: LatencySummary;
  readonly p50Ratio: number;
  readonly p99Ratio: number;
  /** poll p50 − GetItem p50. */
  readonly overheadP50Us: number;
}

/** Runs figure 3. */
export async function runPollLatencyBenchmark(options: PollLatencyOptions = {}): Promise<PollLatencyResult> {
  const calls = options.calls ?? 2000;
  const warmup = options.warmup ?? 200;
  const table = await startLocalStatusTable();
  try {
    const handler = createPollHandler(warmPollDependencies(table));
    const event = pollEvent();
    const poll = async () => {
      const answer = await handler(event);
      if (answer.asyncStatus !== "PENDING") throw new Error(`poll answered ${JSON.stringify(answer)}, expected PENDING`);
    };
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
    return {
      calls,
      poll: pollSummary,
      rawGetItem: rawSummary,
      p50Ratio: round(ratio(pollSummary.p50Us, rawSummary.p50Us), 3),
      p99Ratio: round(ratio(pollSummary.p99Us, rawSummary.p99Us), 3),
      overheadP50Us: pollSummary.p50Us - rawSummary.p50Us,
    };
  } finally {
    await table.close();
  }
}

/** The figure's table. */
export function pollLatencyTables(result: PollLatencyResult): BenchTable[] {
  return [
    {
      title: `3. Warm poll latency against dynalite, ${result.calls.toLocaleString("en-US")} calls each`,
      columns: ["call", "p50", "ratio", "p99", "ratio"],
      rows: [
        ["poll handler", fmt.us(result.poll.p50Us), fmt.ratio(result.p50Ratio), fmt.us(result.poll.p99Us), fmt.ratio(result.p99Ratio)],
        ["baseline: raw GetItem, same client", fmt.us(result.rawGetItem.p50Us), "1.00×", fmt.us(result.rawGetItem.p99Us), "1.00×"],
      ],
      notes: [`handler overhead at p50: ${fmt.us(result.overheadP50Us)} per call`],
    },
  ];
}
